// The exporters' view of a graph at service or operation level.
#include "importers/graph_level.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

#include "model/partition.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::importers {
namespace {

using EdgeKey = std::tuple<std::uint32_t, std::uint32_t, int>;

void add(LevelEdge& le, const model::Edge& e) {
  le.kind = e.kind;
  le.calls += e.calls;
  le.errors += e.errors;
  le.latency.merge(e.latency);
  le.declared = le.declared || e.declared;
  if (le.protocol == model::Protocol::Unknown) le.protocol = e.protocol;
}

LevelGraph service_level(const model::CallGraph& graph, bool self_loops) {
  const auto partition = model::Partition::observed(graph);
  const auto sg = model::derive_service_graph(graph, partition);
  LevelGraph out;
  std::vector<std::uint32_t> node_of_group(partition.group_count(), 0);
  for (std::uint32_t i = 0; i < sg.nodes.size(); ++i) {
    const auto& n = sg.nodes[i];
    node_of_group[n.group] = i;
    out.nodes.push_back({n.name, n.name, {}, n.kind, n.operations.size(), n.invocations, n.entry_count});
  }
  std::map<EdgeKey, LevelEdge> edges;
  for (const auto& se : sg.edges) {
    LevelEdge le{se.from, se.to, se.kind, model::Protocol::Unknown, se.calls, se.errors, se.latency, se.declared};
    for (auto id : se.operation_edges)
      if (graph.edge(id).protocol != model::Protocol::Unknown) {
        le.protocol = graph.edge(id).protocol;
        break;
      }
    edges.emplace(EdgeKey{se.from, se.to, static_cast<int>(se.kind)}, std::move(le));
  }
  if (self_loops)
    for (const auto& e : graph.edges()) {
      const auto group = partition.group_of(e.from);
      if (group != partition.group_of(e.to)) continue;
      const std::uint32_t node = node_of_group[group];
      auto& le = edges[EdgeKey{node, node, static_cast<int>(e.kind)}];
      le.from = le.to = node;
      add(le, e);
    }
  for (auto& [key, edge] : edges) out.edges.push_back(std::move(edge));
  return out;
}

LevelGraph operation_level(const model::CallGraph& graph) {
  LevelGraph out;
  std::vector<std::uint32_t> node_of_op(graph.operation_count(), 0);
  std::vector<model::OperationId> ops(graph.operation_count());
  std::iota(ops.begin(), ops.end(), model::OperationId{0});
  const auto service_name = [&](model::OperationId op) -> const std::string& {
    return graph.service(graph.operation(op).service).name;
  };
  std::sort(ops.begin(), ops.end(), [&](auto a, auto b) {
    return std::tie(service_name(a), graph.operation(a).name) < std::tie(service_name(b), graph.operation(b).name);
  });
  // Services without operations (declared by a manifest only) are nodes of their own.
  std::vector<model::ServiceId> bare;
  for (model::ServiceId s = 0; s < graph.service_count(); ++s)
    if (graph.operations_of(s).empty()) bare.push_back(s);
  std::sort(bare.begin(), bare.end(), [&](auto a, auto b) { return graph.service(a).name < graph.service(b).name; });
  auto next_bare = bare.begin();
  const auto flush_bare = [&](const std::string* until) {
    for (; next_bare != bare.end() && (!until || graph.service(*next_bare).name <= *until); ++next_bare) {
      const auto& s = graph.service(*next_bare);
      out.nodes.push_back({s.name, s.name, {}, s.kind, 0, 0, 0});
    }
  };
  for (auto op : ops) {
    const auto& o = graph.operation(op);
    const auto& s = graph.service(o.service);
    flush_bare(&s.name);
    node_of_op[op] = static_cast<std::uint32_t>(out.nodes.size());
    out.nodes.push_back({s.name + "/" + o.name, s.name, o.name, s.kind, 1, o.invocations, o.entry_count});
  }
  flush_bare(nullptr);
  std::map<EdgeKey, LevelEdge> edges;
  for (const auto& e : graph.edges()) {
    const std::uint32_t from = node_of_op[e.from], to = node_of_op[e.to];
    auto& le = edges[EdgeKey{from, to, static_cast<int>(e.kind)}];
    le.from = from;
    le.to = to;
    add(le, e);
  }
  for (auto& [key, edge] : edges) out.edges.push_back(std::move(edge));
  return out;
}

}  // namespace

std::optional<GraphLevel> parse_graph_level(std::string_view text) {
  if (text == "service") return GraphLevel::Service;
  if (text == "operation") return GraphLevel::Operation;
  return std::nullopt;
}

std::string_view to_string(GraphLevel level) { return level == GraphLevel::Service ? "service" : "operation"; }

LevelGraph level_graph(const model::CallGraph& graph, GraphLevel level, bool self_loops) {
  return level == GraphLevel::Service ? service_level(graph, self_loops) : operation_level(graph);
}

}  // namespace nanoscope::importers
