// The service-level graph derived from the operation graph under a partition: one node per
// non-empty group, one edge per (caller group, callee group, interaction kind).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::model {

/// A group of operations seen as one service.
struct ServiceNode {
  GroupId group = 0;
  std::string name;
  ServiceKind kind = ServiceKind::Service;
  std::vector<OperationId> operations;
  std::uint64_t invocations = 0;
  std::uint64_t entry_count = 0;
  std::uint64_t internal_calls = 0;  ///< calls between operations inside the group
};

/// Aggregated traffic from one group to another.
struct ServiceEdge {
  std::uint32_t from = 0;  ///< index into ServiceGraph::nodes
  std::uint32_t to = 0;
  InteractionKind kind = InteractionKind::Sync;
  std::uint64_t calls = 0;
  std::uint64_t errors = 0;
  LatencySummary latency;
  ByteStats request_bytes;
  ByteStats response_bytes;
  bool declared = false;
  std::vector<EdgeId> operation_edges;  ///< the operation-level edges it aggregates
};

/// Derived view; recompute it after changing the partition.
struct ServiceGraph {
  std::vector<ServiceNode> nodes;  ///< sorted by name
  std::vector<ServiceEdge> edges;  ///< sorted by (from name, to name, kind)

  /// Index of the node called `name`, or -1.
  [[nodiscard]] int find(const std::string& name) const;
};

/// Builds the service graph. Empty groups are left out. A group's kind is the kind of the
/// service owning most of its operations (ties: lowest service id).
[[nodiscard]] ServiceGraph derive_service_graph(const CallGraph& graph, const Partition& partition);

}  // namespace nanoscope::model
