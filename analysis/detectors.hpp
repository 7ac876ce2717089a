// Internal interface of the finding detectors: the shared inputs and one function per family.
#pragma once

#include <string>
#include <vector>

#include "analysis/condensation.hpp"
#include "analysis/coupling_metrics.hpp"
#include "analysis/entry_reach.hpp"
#include "analysis/finding.hpp"
#include "analysis/service_digraph.hpp"
#include "analysis/thresholds.hpp"
#include "model/call_graph.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::analysis::detail {

/// At most this many edges are listed in one finding (the busiest), except knots, which list
/// every edge among their services; `Finding::edge_count` gives the total.
inline constexpr std::size_t kMaxListedEdges = 100;

/// What every detector reads.
struct DetectorInput {
  const model::CallGraph& graph;
  const model::ServiceGraph& services;
  const ServiceDigraph& digraph;
  const Condensation& components;
  const std::vector<ServiceMetrics>& metrics;
  const EntryReach& reach;
  const Thresholds& thresholds;

  [[nodiscard]] const std::string& name(std::uint32_t node) const { return services.nodes[node].name; }
  [[nodiscard]] bool is_application(std::uint32_t node) const {
    return model::runs_handlers(services.nodes[node].kind);
  }
  /// traffic / all inter-service calls (0 without traffic).
  [[nodiscard]] double share(std::uint64_t traffic) const;
  /// The finding edge of arc `index`.
  [[nodiscard]] FindingEdge edge(std::uint32_t index) const;
  /// Sets f.edges to the given arcs (the kMaxListedEdges busiest unless `all`), sorted by
  /// (from, to), and f.edge_count to their number.
  void set_edges(Finding& f, std::vector<std::uint32_t> arcs, bool all = false) const;
  /// Names of nodes, sorted.
  [[nodiscard]] std::vector<std::string> names(const std::vector<std::uint32_t>& nodes) const;
};

/// Percentage for explanations: "12%", "4.5%".
[[nodiscard]] std::string percent(double share);
/// Number with at most one decimal ("12", "12.5").
[[nodiscard]] std::string decimal(double value);

void detect_knots(const DetectorInput& in, std::vector<Finding>& out);
void detect_hubs(const DetectorInput& in, std::vector<Finding>& out);
void detect_chatty(const DetectorInput& in, std::vector<Finding>& out);
void detect_distributed_monolith(const DetectorInput& in, std::vector<Finding>& out);
void detect_shared_persistence(const DetectorInput& in, std::vector<Finding>& out);
void detect_nanoservice_candidates(const DetectorInput& in, std::vector<Finding>& out);

}  // namespace nanoscope::analysis::detail
