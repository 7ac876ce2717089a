// Builders for the economics tests: hand-made partition measures, parameter points with every
// value set explicitly, and the bundled example graph.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "economics/era.hpp"
#include "economics/parameters.hpp"
#include "economics/partition_measures.hpp"
#include "model/call_graph.hpp"
#include "sim/scenario.hpp"

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

/// A measure context for `graph` at a production range like the bundled eras' (requests/s,
/// nominal at the midpoint).
inline economics::MeasureContext measure_context(const model::CallGraph& graph, const sim::Scenario& scenario,
                                                 double low = 100.0, double high = 1000.0) {
  return economics::make_measure_context(graph, scenario, low, high, 0.5 * (low + high));
}

/// The bundled social-network example (scenarios/examples/social-network), imported.
model::CallGraph social_network_graph();
/// The bundled eras from scenarios/eras.
std::vector<economics::Era> bundled_eras();
/// The bundled eras with `samples` Monte-Carlo samples each (quick tests).
std::vector<economics::Era> quick_eras(std::uint32_t samples = 40);

/// `copies` disjoint copies of `graph` in one graph: written as graph JSON with every service
/// of copy k > 1 renamed "NAME~k", and read back through the importer (the public path).
model::CallGraph disjoint_copies(const model::CallGraph& graph, int copies);

/// The measure context of `graph` in `era`, its production rates multiplied by `load_scale`
/// (k disjoint copies of a system carry k times its load).
economics::MeasureContext measure_context(const model::CallGraph& graph, const economics::Era& era,
                                          double load_scale = 1.0);

}  // namespace nanoscope::test
