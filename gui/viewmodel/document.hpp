// The document the GUI shows: an imported call graph, the current partition of its
// operations into services, the analysis of that partition, and per-node facts the views
// need every frame (latency, traffic, knot membership), computed once per change.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"
#include "model/call_graph.hpp"
#include "model/diagnostics.hpp"
#include "model/partition.hpp"

namespace nanoscope::gui {

/// Facts about one service node of the current analysis (indexed like report.services.nodes).
struct NodeFacts {
  double latency_us = 0.0;        ///< mean span duration of its operations, invocation-weighted
  bool has_latency = false;       ///< some operation has span durations (manifest-only services have none)
  std::uint64_t traffic = 0;      ///< invocations, else calls in + out
  std::uint64_t calls_in = 0;
  std::uint64_t calls_out = 0;
  int knot = -1;                  ///< index of the knot finding it belongs to, or -1
  bool infrastructure = false;    ///< database, cache, broker or an infrastructure kind
};

/// Immutable snapshot of graph + partition + analysis; edits make a new one.
class Document {
 public:
  Document() = default;
  /// Analyses `graph` under `partition`. Safe to call off the UI thread.
  [[nodiscard]] static Document build(std::shared_ptr<const model::CallGraph> graph, model::Partition partition,
                                      const analysis::Thresholds& thresholds = {});

  [[nodiscard]] bool empty() const { return !graph_; }
  [[nodiscard]] const model::CallGraph& graph() const { return *graph_; }
  [[nodiscard]] const std::shared_ptr<const model::CallGraph>& graph_ptr() const { return graph_; }
  [[nodiscard]] const model::Partition& partition() const { return partition_; }
  [[nodiscard]] const analysis::AnalysisReport& report() const { return report_; }
  [[nodiscard]] const std::vector<NodeFacts>& facts() const { return facts_; }
  /// Service edges ordered by calls, heaviest first (ties: index), for level-of-detail.
  [[nodiscard]] const std::vector<std::uint32_t>& edges_by_weight() const { return edges_by_weight_; }
  /// Node indices ordered by traffic, heaviest first (ties: index).
  [[nodiscard]] const std::vector<std::uint32_t>& nodes_by_traffic() const { return nodes_by_traffic_; }
  /// Per service edge: whether an edge in the opposite direction exists (drawn side by side).
  [[nodiscard]] const std::vector<char>& edge_has_reverse() const { return edge_has_reverse_; }
  /// Number of knot findings.
  [[nodiscard]] std::size_t knot_count() const { return knot_count_; }
  /// Index of the node called `name`, or -1.
  [[nodiscard]] int find_node(const std::string& name) const;
  /// Largest traffic and edge calls (for size scales; at least 1).
  [[nodiscard]] std::uint64_t max_traffic() const { return max_traffic_; }
  [[nodiscard]] std::uint64_t max_edge_calls() const { return max_edge_calls_; }

 private:
  std::shared_ptr<const model::CallGraph> graph_;
  model::Partition partition_;
  analysis::AnalysisReport report_;
  std::vector<NodeFacts> facts_;
  std::vector<std::uint32_t> edges_by_weight_;
  std::vector<std::uint32_t> nodes_by_traffic_;
  std::vector<char> edge_has_reverse_;
  std::size_t knot_count_ = 0;
  std::uint64_t max_traffic_ = 1;
  std::uint64_t max_edge_calls_ = 1;
};

}  // namespace nanoscope::gui
