// Strongly connected components of a directed graph and a deterministic topological order of
// the condensation, shared by every detector. The result only: it is computed on the private
// Boost.Graph structure in analysis/digraph.hpp, which users of this header never compile.
#pragma once

#include <cstdint>
#include <vector>

namespace nanoscope::analysis {

/// Components renumbered so that component ids follow their smallest vertex, plus a
/// topological order of the condensation (callers before callees; ties by smallest vertex).
struct Condensation {
  std::vector<std::uint32_t> component_of;  ///< per vertex
  std::vector<std::uint32_t> order;         ///< component ids, topological
  std::vector<std::uint32_t> member_begin;  ///< members of component c: members[member_begin[c] .. member_begin[c+1])
  std::vector<std::uint32_t> members;       ///< vertices grouped by component, ascending inside each
  [[nodiscard]] std::uint32_t count() const { return static_cast<std::uint32_t>(order.size()); }
  [[nodiscard]] std::uint32_t size_of(std::uint32_t c) const { return member_begin[c + 1] - member_begin[c]; }
};

}  // namespace nanoscope::analysis
