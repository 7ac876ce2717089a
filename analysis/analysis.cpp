// The analysis pipeline: service graph -> digraph -> components, entry reach, metrics,
// matrix -> detectors -> findings sorted worst first.
#include "analysis/analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/detectors.hpp"
#include "analysis/digraph.hpp"

namespace nanoscope::analysis {
namespace detail {

double DetectorInput::share(std::uint64_t traffic) const {
  const auto total = digraph.total_calls();
  return total ? static_cast<double>(traffic) / static_cast<double>(total) : 0.0;
}

FindingEdge DetectorInput::edge(std::uint32_t index) const {
  const auto& arc = digraph.arcs()[index];
  return {name(arc.from), name(arc.to), arc.calls, {}, {}};
}

void DetectorInput::set_edges(Finding& f, std::vector<std::uint32_t> arcs, bool all) const {
  const auto& every = digraph.arcs();
  f.edge_count = arcs.size();
  if (!all && arcs.size() > kMaxListedEdges) {
    std::stable_sort(arcs.begin(), arcs.end(), [&](auto a, auto b) { return every[a].calls > every[b].calls; });
    arcs.resize(kMaxListedEdges);
  }
  std::sort(arcs.begin(), arcs.end());  // arc order is (from, to) order, names follow indices
  f.edges.clear();
  f.edges.reserve(arcs.size());
  for (auto a : arcs) f.edges.push_back(edge(a));
}

std::vector<std::string> DetectorInput::names(const std::vector<std::uint32_t>& nodes) const {
  std::vector<std::uint32_t> sorted = nodes;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> result;
  result.reserve(sorted.size());
  for (auto n : sorted) result.push_back(name(n));
  return result;
}

std::string percent(double share) {
  const double p = share * 100.0;
  return p >= 10.0 || p == 0.0 ? fmt::format("{:.0f}%", p) : fmt::format("{:.1f}%", p);
}

std::string decimal(double value) {
  const double rounded = std::round(value * 10.0) / 10.0;
  return rounded == std::floor(rounded) ? fmt::format("{:.0f}", rounded) : fmt::format("{:.1f}", rounded);
}

}  // namespace detail

AnalysisReport analyze(const model::CallGraph& graph, const model::Partition& partition, const Thresholds& thresholds) {
  AnalysisReport report;
  report.thresholds = thresholds;
  report.services = model::derive_service_graph(graph, partition);
  const auto digraph = ServiceDigraph::build(graph, report.services);
  const auto components = condense(service_structure(digraph));
  const auto max_entries = static_cast<std::size_t>(std::max(0.0, thresholds.max_entry_operations));
  const auto reach = compute_entry_reach(graph, report.services, max_entries);
  report.metrics = compute_coupling_metrics(report.services, digraph, reach);
  report.matrix = build_dependency_matrix(digraph, components);
  report.total_calls = digraph.total_calls();
  report.entry_requests = reach.total_requests;
  report.followed_entry_operations = reach.entries.size();
  for (const auto& op : graph.operations())
    if (op.entry_count > 0) ++report.entry_operations;
  for (std::uint32_t c = 0; c < components.count(); ++c)
    if (components.size_of(c) >= 2) ++report.knots;

  const detail::DetectorInput input{graph, report.services, digraph, components, report.metrics, reach, thresholds};
  detail::detect_knots(input, report.findings);
  detail::detect_hubs(input, report.findings);
  detail::detect_chatty(input, report.findings);
  detail::detect_distributed_monolith(input, report.findings);
  detail::detect_shared_persistence(input, report.findings);
  detail::detect_nanoservice_candidates(input, report.findings);
  sort_findings(report.findings);
  return report;
}

AnalysisReport analyze(const model::CallGraph& graph, const Thresholds& thresholds) {
  return analyze(graph, model::Partition::observed(graph), thresholds);
}

}  // namespace nanoscope::analysis
