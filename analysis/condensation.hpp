// Strongly connected components of a directed graph (Boost.Graph's Tarjan) and a
// deterministic topological order of the condensation, shared by every detector.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace nanoscope::analysis {

/// Compact directed graph used by the algorithms (vertex and edge ids are 32-bit).
using Digraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                   boost::no_property, std::uint32_t, std::uint32_t>;

/// Builds a Digraph from (source, target) pairs sorted by source.
[[nodiscard]] Digraph make_digraph(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& sorted_arcs,
                                   std::uint32_t vertex_count);

/// Labels each vertex with its strongly connected component (Boost strong_components);
/// returns the number of components. Labels are Boost's, not renumbered.
std::uint32_t strong_component_labels(const Digraph& graph, std::vector<std::uint32_t>& labels);

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

/// Strongly connected components and their topological order.
[[nodiscard]] Condensation condense(const Digraph& graph);

}  // namespace nanoscope::analysis
