// What each entry operation sets in motion, at operation level: the longest synchronous chain
// of service hops it starts, how many services it needs synchronously, and which services
// each entry request touches at all. Reachability is propagated as bitsets over the
// condensation, so the cost is O((operations + edges) * entries / 64).
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/sync_chain.hpp"
#include "model/call_graph.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::analysis {

/// One followed entry operation (a trace root).
struct EntryOperation {
  model::OperationId operation = 0;
  std::uint32_t node = 0;                  ///< its service node
  std::uint64_t requests = 0;              ///< entry requests it received
  std::uint32_t sync_depth = 0;            ///< service hops on its longest synchronous chain
  SyncChain chain;                         ///< that chain, hop by hop (see sync_chain.hpp)
  /// Its first synchronous calls to other services: edges leaving its service, reached from
  /// it over synchronous calls inside the service; with the callee's service node.
  std::vector<std::pair<model::EdgeId, std::uint32_t>> first_hops;
  std::uint32_t sync_services = 0;         ///< services it needs synchronously, itself included
};

/// Entry-level facts for the whole graph.
struct EntryReach {
  std::vector<EntryOperation> entries;          ///< the followed ones, busiest first
  std::uint64_t total_requests = 0;             ///< over every entry operation
  std::uint64_t followed_requests = 0;          ///< over the followed ones
  std::vector<std::uint64_t> requests_touching; ///< per node: followed entry requests that reach it
  std::vector<std::uint32_t> max_sync_depth;    ///< per node: deepest chain from any of its entry operations
};

/// Follows the `max_entries` busiest entry operations (ties by operation id). Synchronous means
/// sync or database interactions; declared-only edges carry no requests and are not followed.
/// Chains are real operation-level walks (sync_chain.hpp).
[[nodiscard]] EntryReach compute_entry_reach(const model::CallGraph& graph, const model::ServiceGraph& services,
                                             std::size_t max_entries);

}  // namespace nanoscope::analysis
