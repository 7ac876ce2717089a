// Builders for the economics tests: hand-made partition measures, parameter points with every
// value set explicitly, and the bundled example graph.
#pragma once

#include <string>

#include "economics/era.hpp"
#include "economics/parameters.hpp"
#include "economics/partition_measures.hpp"
#include "model/call_graph.hpp"

namespace nanoscope::test {

/// Every parameter at `value` except the ones a test sets (start from a neutral point).
inline economics::ParamValues all_params(double value) {
  economics::ParamValues v;
  for (const auto& i : economics::parameter_table()) v[i.param] = value;
  return v;
}

/// A business group with the given counts.
inline economics::GroupMeasures group(const std::string& name, std::uint32_t ops) {
  economics::GroupMeasures g;
  g.name = name;
  g.operations = ops;
  return g;
}

/// The bundled social-network example (scenarios/examples/social-network), imported.
model::CallGraph social_network_graph();
/// The bundled eras from scenarios/eras.
std::vector<economics::Era> bundled_eras();

}  // namespace nanoscope::test
