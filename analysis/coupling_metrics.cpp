// Per-service coupling metrics from the arc lists and the entry reach.
#include "analysis/coupling_metrics.hpp"

namespace nanoscope::analysis {

std::vector<ServiceMetrics> compute_coupling_metrics(const model::ServiceGraph& services,
                                                     const ServiceDigraph& digraph, const EntryReach& reach) {
  const auto n = digraph.node_count();
  std::vector<ServiceMetrics> metrics(n);
  const auto& arcs = digraph.arcs();
  for (std::uint32_t v = 0; v < n; ++v) {
    auto& m = metrics[v];
    const auto& node = services.nodes[v];
    m.operations = static_cast<std::uint32_t>(node.operations.size());
    m.invocations = node.invocations;
    m.entry_requests = node.entry_count;
    for (auto a : digraph.out_arcs(v)) {
      ++m.fan_out;
      m.calls_out += arcs[a].calls;
      if (digraph.find_arc(arcs[a].to, v) >= 0) ++m.siy;
    }
    for (auto a : digraph.in_arcs(v)) {
      ++m.fan_in;
      m.calls_in += arcs[a].calls;
    }
    m.acs = static_cast<std::uint64_t>(m.fan_in) * m.fan_out;
    if (m.fan_in + m.fan_out > 0) m.instability = static_cast<double>(m.fan_out) / (m.fan_in + m.fan_out);
    m.acs_weighted = static_cast<double>(m.calls_in) * static_cast<double>(m.calls_out);
    if (m.calls_in + m.calls_out > 0)
      m.instability_weighted = static_cast<double>(m.calls_out) / static_cast<double>(m.calls_in + m.calls_out);
    if (reach.total_requests > 0)
      m.chattiness = static_cast<double>(m.calls_out) / static_cast<double>(reach.total_requests);
    if (v < reach.max_sync_depth.size()) m.sync_depth = reach.max_sync_depth[v];
    if (reach.followed_requests > 0 && v < reach.requests_touching.size())
      m.entry_share = static_cast<double>(reach.requests_touching[v]) / static_cast<double>(reach.followed_requests);
  }
  return metrics;
}

}  // namespace nanoscope::analysis
