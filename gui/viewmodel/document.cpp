// Document construction: analysis plus the per-node facts and orderings the views read.
#include "gui/viewmodel/document.hpp"

#include <algorithm>
#include <numeric>
#include <set>

namespace nanoscope::gui {

Document Document::build(std::shared_ptr<const model::CallGraph> graph, model::Partition partition,
                         const analysis::Thresholds& thresholds) {
  Document doc;
  doc.graph_ = std::move(graph);
  doc.partition_ = std::move(partition);
  doc.report_ = analysis::analyze(*doc.graph_, doc.partition_, thresholds);
  const auto& nodes = doc.report_.services.nodes;
  const auto& edges = doc.report_.services.edges;
  doc.facts_.resize(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto& f = doc.facts_[i];
    double weighted = 0.0, weight = 0.0;
    for (auto op : nodes[i].operations) {
      const auto& o = doc.graph_->operation(op);
      if (o.duration.empty()) continue;
      weighted += o.duration.mean_us() * static_cast<double>(o.duration.count());
      weight += static_cast<double>(o.duration.count());
    }
    f.latency_us = weight > 0 ? weighted / weight : 0.0;
    f.has_latency = weight > 0;
    const auto kind = nodes[i].kind;
    f.infrastructure = kind == model::ServiceKind::Database || kind == model::ServiceKind::Cache ||
                       kind == model::ServiceKind::Broker || model::is_infrastructure(kind);
  }
  for (const auto& e : edges) {
    doc.facts_[e.from].calls_out += e.calls;
    doc.facts_[e.to].calls_in += e.calls;
    doc.max_edge_calls_ = std::max(doc.max_edge_calls_, e.calls);
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto& f = doc.facts_[i];
    f.traffic = nodes[i].invocations ? nodes[i].invocations : f.calls_in + f.calls_out;
    doc.max_traffic_ = std::max(doc.max_traffic_, f.traffic);
  }
  for (const auto& finding : doc.report_.findings) {
    if (finding.kind != analysis::FindingKind::Knot) continue;
    const int knot = static_cast<int>(doc.knot_count_++);
    for (const auto& name : finding.services) {
      const int n = doc.report_.services.find(name);
      if (n >= 0 && doc.facts_[n].knot < 0) doc.facts_[n].knot = knot;
    }
  }
  std::set<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (const auto& e : edges) pairs.emplace(e.from, e.to);
  doc.edge_has_reverse_.resize(edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) doc.edge_has_reverse_[i] = pairs.count({edges[i].to, edges[i].from}) > 0;
  doc.edges_by_weight_.resize(edges.size());
  std::iota(doc.edges_by_weight_.begin(), doc.edges_by_weight_.end(), 0u);
  std::stable_sort(doc.edges_by_weight_.begin(), doc.edges_by_weight_.end(),
                   [&](auto a, auto b) { return edges[a].calls > edges[b].calls; });
  doc.nodes_by_traffic_.resize(nodes.size());
  std::iota(doc.nodes_by_traffic_.begin(), doc.nodes_by_traffic_.end(), 0u);
  std::stable_sort(doc.nodes_by_traffic_.begin(), doc.nodes_by_traffic_.end(),
                   [&](auto a, auto b) { return doc.facts_[a].traffic > doc.facts_[b].traffic; });
  return doc;
}

int Document::find_node(const std::string& name) const { return report_.services.find(name); }

}  // namespace nanoscope::gui
