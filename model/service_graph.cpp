// Aggregation of operation edges into service edges under a partition.
#include "model/service_graph.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace nanoscope::model {

int ServiceGraph::find(const std::string& name) const {
  auto it = std::lower_bound(nodes.begin(), nodes.end(), name,
                             [](const ServiceNode& n, const std::string& v) { return n.name < v; });
  if (it == nodes.end() || it->name != name) return -1;
  return static_cast<int>(it - nodes.begin());
}

ServiceGraph derive_service_graph(const CallGraph& graph, const Partition& partition) {
  ServiceGraph result;
  const std::size_t groups = partition.group_count();
  std::vector<std::vector<OperationId>> members(groups);
  for (OperationId op = 0; op < graph.operation_count(); ++op) members[partition.group_of(op)].push_back(op);

  // Groups without operations still show when they are a manifest-only service of the observed
  // partition (no operations at all, yet a node); a service whose operations an edit or a
  // partition file moved elsewhere is gone.
  std::vector<int> node_of(groups, -1);
  std::vector<GroupId> order;
  for (GroupId g = 0; g < groups; ++g) {
    bool keep = !members[g].empty();
    if (!keep && g < graph.service_count() && partition.name(g) == graph.service(g).name &&
        graph.operations_of(g).empty())
      keep = true;
    if (keep) order.push_back(g);
  }
  std::sort(order.begin(), order.end(),
            [&](GroupId a, GroupId b) { return std::tie(partition.name(a), a) < std::tie(partition.name(b), b); });
  for (GroupId g : order) {
    ServiceNode node;
    node.group = g;
    node.name = partition.name(g);
    node.operations = members[g];
    std::map<ServiceId, std::size_t> owners;
    for (auto op : members[g]) {
      const auto& o = graph.operation(op);
      node.invocations += o.invocations;
      node.entry_count += o.entry_count;
      ++owners[o.service];
    }
    if (!owners.empty()) {
      auto best = std::max_element(owners.begin(), owners.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; });
      node.kind = graph.service(best->first).kind;
    } else if (g < graph.service_count()) {
      node.kind = graph.service(g).kind;
    }
    node_of[g] = static_cast<int>(result.nodes.size());
    result.nodes.push_back(std::move(node));
  }

  std::map<std::tuple<std::uint32_t, std::uint32_t, int>, ServiceEdge> merged;
  for (EdgeId id = 0; id < graph.edge_count(); ++id) {
    const auto& e = graph.edge(id);
    GroupId gf = partition.group_of(e.from);
    GroupId gt = partition.group_of(e.to);
    if (gf == gt) {
      result.nodes[node_of[gf]].internal_calls += e.calls;
      continue;
    }
    auto from = static_cast<std::uint32_t>(node_of[gf]);
    auto to = static_cast<std::uint32_t>(node_of[gt]);
    auto& se = merged[{from, to, static_cast<int>(e.kind)}];
    se.from = from;
    se.to = to;
    se.kind = e.kind;
    se.calls += e.calls;
    se.errors += e.errors;
    se.latency.merge(e.latency);
    se.request_bytes.merge(e.request_bytes);
    se.response_bytes.merge(e.response_bytes);
    se.declared = se.declared || e.declared;
    se.operation_edges.push_back(id);
  }
  // Node indices follow name order, so the map's key order is (from name, to name, kind).
  for (auto& [key, edge] : merged) result.edges.push_back(std::move(edge));
  return result;
}

}  // namespace nanoscope::model
