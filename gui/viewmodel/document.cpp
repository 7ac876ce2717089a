// Document construction: analysis plus the per-node facts and orderings the views read.
#include "gui/viewmodel/document.hpp"

#include <algorithm>
#include <numeric>
#include <set>
#include <stdexcept>

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

void retire_emptied_groups(const model::CallGraph& graph, model::Partition& partition) {
  std::vector<char> used(partition.group_count(), 0);
  for (model::OperationId op = 0; op < partition.operation_count(); ++op) used[partition.group_of(op)] = 1;
  for (model::GroupId g = 0; g < partition.group_count() && g < graph.service_count(); ++g)
    if (!used[g] && !graph.operations_of(g).empty() && partition.name(g) == graph.service(g).name)
      partition.rename(g, partition.name(g) + " (emptied)");
}

model::Partition make_partition(const model::CallGraph& graph, const std::vector<model::GroupId>& group_of,
                                const std::vector<std::string>& names) {
  if (group_of.size() != graph.operation_count()) throw std::invalid_argument("partition size does not match the graph");
  if (names.empty()) return model::Partition::monolith(graph);
  std::vector<std::vector<model::OperationId>> members(names.size());
  for (model::OperationId op = 0; op < group_of.size(); ++op) {
    if (group_of[op] >= names.size()) throw std::invalid_argument("group id out of range");
    members[group_of[op]].push_back(op);
  }
  // Start from one group (id 0) and split every other group out of it: linear overall.
  auto p = model::Partition::monolith(graph, names[0]);
  for (std::size_t g = 1; g < names.size(); ++g) p.split(members[g], names[g]);
  return p;
}

}  // namespace nanoscope::gui
