// Agglomerative merge sequences and the partitions of the granularity slider.
#include "gui/viewmodel/granularity_sweep.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <queue>
#include <string>
#include <tuple>
#include <unordered_map>

#include "gui/viewmodel/document.hpp"

namespace nanoscope::gui {
namespace {

struct Candidate {
  double weight;
  std::uint32_t a, b;  // a < b
  bool operator<(const Candidate& o) const {  // max-heap: heaviest, then lowest ids
    if (weight != o.weight) return weight < o.weight;
    if (a != o.a) return a > o.a;
    return b > o.b;
  }
};

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

std::vector<MergeStep> agglomerate(const std::vector<bool>& active, const std::vector<double>& traffic,
                                   const std::vector<std::uint32_t>& block,
                                   const std::vector<std::tuple<std::uint32_t, std::uint32_t, double>>& weights) {
  const auto n = static_cast<std::uint32_t>(active.size());
  std::vector<std::unordered_map<std::uint32_t, double>> adj(n);
  for (const auto& [x, y, w] : weights) {
    if (x == y || !active[x] || !active[y] || block[x] != block[y]) continue;
    adj[x][y] += w;
    adj[y][x] += w;
  }
  std::priority_queue<Candidate> heap;
  for (std::uint32_t x = 0; x < n; ++x)
    for (const auto& [y, w] : adj[x])
      if (x < y) heap.push({w, x, y});
  std::vector<bool> alive = active;
  std::vector<double> mass = traffic;
  std::vector<MergeStep> steps;
  auto merge = [&](std::uint32_t x, std::uint32_t y) {
    // Keep the heavier (ties: lower index) so the group keeps its busiest member's name.
    auto keep = x, gone = y;
    if (mass[y] > mass[x] || (mass[y] == mass[x] && y < x)) std::swap(keep, gone);
    steps.push_back({keep, gone});
    alive[gone] = false;
    mass[keep] += mass[gone];
    adj[keep].erase(gone);
    std::vector<std::pair<std::uint32_t, double>> moved(adj[gone].begin(), adj[gone].end());
    std::sort(moved.begin(), moved.end());
    for (const auto& [c, w] : moved) {
      if (c == keep) continue;
      adj[c].erase(gone);
      const double total = (adj[keep][c] += w);
      adj[c][keep] = total;
      heap.push({total, std::min(keep, c), std::max(keep, c)});
    }
    adj[gone].clear();
  };
  while (!heap.empty()) {
    const auto top = heap.top();
    heap.pop();
    if (!alive[top.a] || !alive[top.b]) continue;
    const auto it = adj[top.a].find(top.b);
    if (it == adj[top.a].end() || it->second != top.weight) continue;  // stale entry
    merge(top.a, top.b);
  }
  // Unconnected leftovers: within each block, lightest into heaviest.
  std::map<std::uint32_t, std::vector<std::uint32_t>> by_block;
  for (std::uint32_t x = 0; x < n; ++x)
    if (alive[x]) by_block[block[x]].push_back(x);
  for (auto& [b, members] : by_block) {
    std::stable_sort(members.begin(), members.end(), [&](auto p, auto q) { return mass[p] > mass[q]; });
    for (std::size_t i = members.size(); i-- > 1;) merge(members[0], members[i]);
  }
  return steps;
}

GranularitySweep GranularitySweep::build(const model::CallGraph& graph) {
  GranularitySweep sweep;
  const auto ops = static_cast<std::uint32_t>(graph.operation_count());
  const auto services = static_cast<std::uint32_t>(graph.service_count());
  sweep.max_level_ = ops;
  std::vector<bool> service_active(services, false);
  std::vector<double> service_traffic(services, 0.0), op_traffic(ops, 0.0);
  std::vector<std::uint32_t> op_block(ops);
  for (model::OperationId op = 0; op < ops; ++op) {
    const auto& o = graph.operation(op);
    service_active[o.service] = true;
    op_traffic[op] = static_cast<double>(o.invocations);
    service_traffic[o.service] += op_traffic[op];
    op_block[op] = o.service;
  }
  sweep.observed_level_ = static_cast<std::size_t>(std::count(service_active.begin(), service_active.end(), true));
  std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> service_weights, op_weights;
  for (const auto& e : graph.edges()) {
    // Declared-only dependencies still tie services together, just more weakly than any traffic.
    const double w = e.calls ? static_cast<double>(e.calls) : 1e-3;
    op_weights.emplace_back(e.from, e.to, w);
    service_weights.emplace_back(graph.operation(e.from).service, graph.operation(e.to).service, w);
  }
  sweep.service_merges_ = agglomerate(service_active, service_traffic, std::vector<std::uint32_t>(services, 0),
                                      service_weights);
  sweep.operation_merges_ = agglomerate(std::vector<bool>(ops, true), op_traffic, op_block, op_weights);
  return sweep;
}

model::Partition GranularitySweep::at(const model::CallGraph& graph, std::size_t level) const {
  const auto ops = static_cast<std::uint32_t>(graph.operation_count());
  if (ops == 0) return model::Partition::observed(graph);
  level = std::clamp<std::size_t>(level, min_level(), max_level_);
  const bool coarse = level <= observed_level_;
  const auto items = coarse ? static_cast<std::uint32_t>(graph.service_count()) : ops;
  const auto& steps = coarse ? service_merges_ : operation_merges_;
  const std::size_t applied = coarse ? observed_level_ - level : max_level_ - level;
  std::vector<std::uint32_t> parent(items);
  std::iota(parent.begin(), parent.end(), 0u);
  std::vector<std::uint32_t> absorbed(items, 0);
  for (std::size_t i = 0; i < applied && i < steps.size(); ++i) {
    parent[steps[i].absorbed] = steps[i].kept;  // `kept` is always a live root at its step
    absorbed[steps[i].kept] += absorbed[steps[i].absorbed] + 1;
  }
  std::vector<std::uint32_t> ops_in_service(graph.service_count(), 0);
  for (const auto& o : graph.operations()) ++ops_in_service[o.service];
  std::vector<model::GroupId> group_of(ops);
  std::vector<std::string> names;
  std::unordered_map<std::uint32_t, model::GroupId> group_of_root;
  for (model::OperationId op = 0; op < ops; ++op) {
    const auto& o = graph.operation(op);
    const auto root = find_root(parent, coarse ? o.service : op);
    auto [it, fresh] = group_of_root.try_emplace(root, static_cast<model::GroupId>(names.size()));
    if (fresh) {
      std::string name;
      if (coarse) {
        name = graph.service(root).name;
        if (absorbed[root]) name += " +" + std::to_string(absorbed[root]);
      } else {
        const auto& r = graph.operation(root);
        if (absorbed[root] + 1 == ops_in_service[r.service]) {
          name = graph.service(r.service).name;
        } else {
          name = graph.service(r.service).name + "/" + r.name;
          if (absorbed[root]) name += " +" + std::to_string(absorbed[root]);
        }
      }
      names.push_back(std::move(name));
    }
    group_of[op] = it->second;
  }
  return make_partition(graph, group_of, names);
}

}  // namespace nanoscope::gui
