// The compact directed graph the analysis algorithms run on (Boost.Graph's compressed sparse
// row graph) and the functions over it. Private to analysis' .cpp files (and the bench
// drivers): the public headers carry only Boost-free results (condensation.hpp, sync_chain.hpp),
// so a file that uses the analysis API does not compile Boost.Graph.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <utility>
#include <vector>

#include "analysis/condensation.hpp"
#include "analysis/service_digraph.hpp"
#include "analysis/sync_chain.hpp"
#include "model/call_graph.hpp"

namespace nanoscope::analysis {

/// Compact directed graph used by the algorithms (vertex and edge ids are 32-bit).
using Digraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                   boost::no_property, std::uint32_t, std::uint32_t>;

/// Builds a Digraph from (source, target) pairs sorted by source.
[[nodiscard]] Digraph make_digraph(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& sorted_arcs,
                                   std::uint32_t vertex_count);

/// The structure of a ServiceDigraph (vertex = node, every arc once).
[[nodiscard]] Digraph service_structure(const ServiceDigraph& digraph);

/// Labels each vertex with its strongly connected component (Boost strong_components);
/// returns the number of components. Labels are Boost's, not renumbered.
std::uint32_t strong_component_labels(const Digraph& graph, std::vector<std::uint32_t>& labels);

/// Strongly connected components and their topological order.
[[nodiscard]] Condensation condense(const Digraph& graph);

/// The chains of sync_chain.hpp from each of `entries`. `sync_graph` is the synchronous
/// operation graph (vertex = operation) and `cond` its condensation; `node_of` maps an operation
/// to its service node. Chains are walked longest first (ties: busiest entry, then operation
/// id), so a chain is only ever the tail of one at least as long. Cost: O(operations + edges)
/// plus the length of each walked chain.
[[nodiscard]] SyncChains find_sync_chains(const model::CallGraph& graph, const Digraph& sync_graph,
                                          const Condensation& cond, const std::vector<std::uint32_t>& node_of,
                                          const std::vector<model::OperationId>& entries);

}  // namespace nanoscope::analysis
