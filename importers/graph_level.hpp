// The graph the exporters draw, at a level: one node per service (the observed partition's
// service graph) or one node per operation (the call graph itself). DOT, GraphML, GEXF and
// Kiali writers read this one view, so the level means the same in each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/call_graph.hpp"

namespace nanoscope::importers {

/// `--level service|operation`.
enum class GraphLevel { Service, Operation };

/// Parses "service", "operation".
[[nodiscard]] std::optional<GraphLevel> parse_graph_level(std::string_view text);
[[nodiscard]] std::string_view to_string(GraphLevel level);

/// A service, or an operation of a service.
struct LevelNode {
  std::string label;      ///< the service, or "service/operation"
  std::string service;
  std::string operation;  ///< empty at service level
  model::ServiceKind kind = model::ServiceKind::Service;
  std::size_t operations = 1;  ///< operations the node holds (1 for an operation)
  std::uint64_t invocations = 0;
  std::uint64_t entries = 0;  ///< requests from outside the system (trace roots)
};

/// Traffic from one node to another of one interaction kind.
struct LevelEdge {
  std::uint32_t from = 0, to = 0;  ///< indices into LevelGraph::nodes
  model::InteractionKind kind = model::InteractionKind::Sync;
  model::Protocol protocol = model::Protocol::Unknown;  ///< of the first operation edge that tells it
  std::uint64_t calls = 0, errors = 0;
  model::LatencySummary latency;
  bool declared = false;
};

struct LevelGraph {
  std::vector<LevelNode> nodes;  ///< sorted by (service, operation)
  std::vector<LevelEdge> edges;  ///< sorted by (from label, to label, kind)
};

/// The graph at `level`. At service level, calls between operations of one service are no
/// edge of the service graph; `self_loops` adds them as an edge from the service to itself.
[[nodiscard]] LevelGraph level_graph(const model::CallGraph& graph, GraphLevel level, bool self_loops = false);

}  // namespace nanoscope::importers
