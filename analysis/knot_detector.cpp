// Knots and cycles. A knot is a strongly connected set of two or more services, or a dense
// near-clique found by peeling each service's neighbourhood; cycles are the shortest cycles
// inside each knot, found by breadth-first search from its busiest services (never by
// enumerating all cycles, which is exponential).
#include <algorithm>
#include <numeric>
#include <set>

#include "analysis/detectors.hpp"

namespace nanoscope::analysis::detail {
namespace {

std::uint64_t node_traffic(const DetectorInput& in, std::uint32_t v) {
  return in.metrics[v].calls_in + in.metrics[v].calls_out;
}

/// Arcs with both ends in `inside` (a membership mark per node).
std::vector<std::uint32_t> internal_arcs(const DetectorInput& in, const std::vector<std::uint32_t>& nodes,
                                         const std::vector<char>& inside) {
  std::vector<std::uint32_t> arcs;
  for (auto v : nodes)
    for (auto a : in.digraph.out_arcs(v))
      if (inside[in.digraph.arcs()[a].to]) arcs.push_back(a);
  return arcs;
}

std::uint64_t traffic_of(const DetectorInput& in, const std::vector<std::uint32_t>& arcs) {
  std::uint64_t sum = 0;
  for (auto a : arcs) sum += in.digraph.arcs()[a].calls;
  return sum;
}

/// A knot finding over a set of services: its internal edges and their traffic; `arc_count`
/// receives the number of internal dependencies (the edge list may be capped).
Finding knot_finding(const DetectorInput& in, const std::vector<std::uint32_t>& nodes, const char* rule,
                     std::size_t& arc_count) {
  std::vector<char> inside(in.digraph.node_count(), 0);
  for (auto v : nodes) inside[v] = 1;
  const auto arcs = internal_arcs(in, nodes, inside);
  Finding f;
  f.kind = FindingKind::Knot;
  f.rule = rule;
  f.services = in.names(nodes);
  in.set_edges(f, arcs, true);
  f.traffic = traffic_of(in, arcs);
  f.traffic_share = in.share(f.traffic);
  arc_count = arcs.size();
  return f;
}

Severity add_knot(const DetectorInput& in, const std::vector<std::uint32_t>& nodes, std::vector<Finding>& out) {
  std::size_t arc_count = 0;
  Finding f = knot_finding(in, nodes, "strongly-connected", arc_count);
  f.severity = nodes.size() >= 3 || f.traffic_share >= 0.2 ? Severity::High : Severity::Medium;
  f.explanation = std::to_string(nodes.size()) + " services depend on each other in a cycle (" +
                  std::to_string(arc_count) + " dependencies): none can change or deploy apart from the others";
  if (f.traffic > 0)
    f.explanation += "; " + std::to_string(f.traffic) + " calls (" + percent(f.traffic_share) + " of all) stay inside";
  else
    f.explanation += "; only manifests declare these dependencies";
  const auto severity = f.severity;
  out.push_back(std::move(f));
  return severity;
}

/// Shortest cycle through `source` inside the component (empty if none), by BFS.
std::vector<std::uint32_t> shortest_cycle(const DetectorInput& in, std::uint32_t source, std::uint32_t component,
                                          std::vector<std::uint32_t>& stamp, std::uint32_t round,
                                          std::vector<std::uint32_t>& parent) {
  const auto& arcs = in.digraph.arcs();
  std::vector<std::uint32_t> frontier{source}, next;
  stamp[source] = round;
  while (!frontier.empty()) {
    next.clear();
    for (auto u : frontier)
      for (auto a : in.digraph.out_arcs(u)) {
        const auto w = arcs[a].to;
        if (in.components.component_of[w] != component) continue;
        if (w == source) {
          std::vector<std::uint32_t> path{u};
          while (path.back() != source) path.push_back(parent[path.back()]);
          std::reverse(path.begin(), path.end());
          return path;
        }
        if (stamp[w] == round) continue;
        stamp[w] = round;
        parent[w] = u;
        next.push_back(w);
      }
    frontier.swap(next);
  }
  return {};
}

/// Cycles are never rated worse than their knot.
void add_cycles(const DetectorInput& in, std::uint32_t component, Severity knot_severity, std::vector<std::uint32_t>& stamp,
                std::uint32_t& round, std::vector<std::uint32_t>& parent, std::vector<Finding>& out) {
  const auto& c = in.components;
  std::vector<std::uint32_t> sources(c.members.begin() + c.member_begin[component],
                                     c.members.begin() + c.member_begin[component + 1]);
  std::stable_sort(sources.begin(), sources.end(),
                   [&](auto a, auto b) { return node_traffic(in, a) > node_traffic(in, b); });
  const auto limit = static_cast<std::size_t>(std::max(1.0, in.thresholds.cycle_search_sources));
  if (sources.size() > limit) sources.resize(limit);
  std::set<std::vector<std::uint32_t>> cycles;
  for (auto s : sources) {
    auto cycle = shortest_cycle(in, s, component, stamp, ++round, parent);
    if (cycle.empty()) continue;
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    cycles.insert(std::move(cycle));
  }
  struct Ranked {
    std::vector<std::uint32_t> nodes;
    std::vector<std::uint32_t> arcs;
    std::uint64_t traffic = 0;
  };
  std::vector<Ranked> ranked;
  for (const auto& cycle : cycles) {
    Ranked r{cycle, {}, 0};
    for (std::size_t i = 0; i < cycle.size(); ++i) {
      const auto a = static_cast<std::uint32_t>(in.digraph.find_arc(cycle[i], cycle[(i + 1) % cycle.size()]));
      r.arcs.push_back(a);
      r.traffic += in.digraph.arcs()[a].calls;
    }
    ranked.push_back(std::move(r));
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    return a.nodes.size() != b.nodes.size() ? a.nodes.size() < b.nodes.size() : a.traffic > b.traffic;
  });
  const auto keep = static_cast<std::size_t>(std::max(0.0, in.thresholds.cycles_per_knot));
  if (ranked.size() > keep) ranked.resize(keep);
  for (const auto& r : ranked) {
    Finding f;
    f.kind = FindingKind::Cycle;
    f.rule = "shortest-cycle";
    bool all_sync = true, any_declared_only = false;
    std::string path;
    for (auto v : r.nodes) {
      f.services.push_back(in.name(v));
      path += in.name(v) + " -> ";
    }
    path += in.name(r.nodes.front());
    for (auto a : r.arcs) {
      const auto& arc = in.digraph.arcs()[a];
      f.edges.push_back(in.edge(a));
      ++f.edge_count;
      all_sync = all_sync && arc.sync && !arc.async;
      any_declared_only = any_declared_only || arc.declared_only;
    }
    f.traffic = r.traffic;
    f.traffic_share = in.share(r.traffic);
    f.severity = std::min(knot_severity, any_declared_only ? Severity::Low : all_sync ? Severity::High : Severity::Medium);
    f.explanation = path + " (" + std::to_string(r.nodes.size()) + " hops)";
    if (any_declared_only)
      f.explanation += ": part of it is only declared by manifests";
    else if (all_sync)
      f.explanation += ": every hop is synchronous, so a request can end up waiting on itself";
    else
      f.explanation += ": some hops are asynchronous, so the services are tied in deployment more than at runtime";
    out.push_back(std::move(f));
  }
}

/// Dense groups found by peeling each service's closed neighbourhood down to the density target.
std::vector<std::vector<std::uint32_t>> near_cliques(const DetectorInput& in) {
  const auto n = in.digraph.node_count();
  const auto& t = in.thresholds;
  std::vector<std::vector<std::uint32_t>> neighbours(n);
  for (const auto& arc : in.digraph.arcs())
    if (arc.from != arc.to) {
      neighbours[arc.from].push_back(arc.to);
      neighbours[arc.to].push_back(arc.from);
    }
  for (auto& list : neighbours) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  const auto min_size = static_cast<std::size_t>(std::max(3.0, t.near_clique_min_services));
  std::set<std::vector<std::uint32_t>> found;
  std::vector<std::uint32_t> mark(n, 0), inner(n, 0);
  std::uint32_t round = 0;
  for (std::uint32_t s = 0; s < n; ++s) {
    if (neighbours[s].size() + 1 < min_size || static_cast<double>(neighbours[s].size()) > t.near_clique_max_degree) continue;
    std::vector<std::uint32_t> group = neighbours[s];
    group.push_back(s);
    ++round;
    for (auto v : group) mark[v] = round;
    std::size_t links = 0;
    for (auto v : group) {
      inner[v] = 0;
      for (auto w : neighbours[v]) inner[v] += mark[w] == round;
      links += inner[v];
    }
    links /= 2;
    auto density = [&] { return 2.0 * static_cast<double>(links) / (static_cast<double>(group.size()) * (group.size() - 1)); };
    while (group.size() >= min_size && density() < t.near_clique_min_density) {
      auto weakest = group.end();
      for (auto it = group.begin(); it != group.end(); ++it)
        if (*it != s && (weakest == group.end() || inner[*it] < inner[*weakest] ||
                         (inner[*it] == inner[*weakest] && *it > *weakest)))
          weakest = it;
      const auto gone = *weakest;
      group.erase(weakest);
      mark[gone] = 0;
      for (auto w : neighbours[gone])
        if (mark[w] == round) --inner[w];
      links -= inner[gone];
    }
    if (group.size() < min_size || density() < t.near_clique_min_density) continue;
    // A group inside one strongly connected knot is already reported as that knot.
    const auto first_component = in.components.component_of[group.front()];
    if (std::all_of(group.begin(), group.end(), [&](auto v) { return in.components.component_of[v] == first_component; }))
      continue;
    if (in.digraph.total_calls() > 0) {
      std::uint64_t traffic = 0;
      for (auto v : group)
        for (auto a : in.digraph.out_arcs(v))
          if (mark[in.digraph.arcs()[a].to] == round) traffic += in.digraph.arcs()[a].calls;
      if (in.share(traffic) < t.near_clique_min_traffic_share) continue;
    }
    std::sort(group.begin(), group.end());
    found.insert(group);
  }
  // Drop groups contained in a larger one (looked up through the groups holding their first member).
  std::vector<std::vector<std::uint32_t>> all(found.begin(), found.end());
  std::vector<std::vector<std::uint32_t>> holding(n);
  for (std::uint32_t i = 0; i < all.size(); ++i)
    for (auto v : all[i]) holding[v].push_back(i);
  std::vector<std::vector<std::uint32_t>> result;
  for (const auto& g : all) {
    bool covered = false;
    for (auto i : holding[g.front()])
      if (all[i].size() > g.size() && std::includes(all[i].begin(), all[i].end(), g.begin(), g.end())) covered = true;
    if (!covered) result.push_back(g);
  }
  return result;
}

void add_near_clique(const DetectorInput& in, const std::vector<std::uint32_t>& nodes, std::vector<Finding>& out) {
  std::size_t arc_count = 0;
  Finding f = knot_finding(in, nodes, "near-clique", arc_count);
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    for (std::size_t j = i + 1; j < nodes.size(); ++j)
      pairs += in.digraph.find_arc(nodes[i], nodes[j]) >= 0 || in.digraph.find_arc(nodes[j], nodes[i]) >= 0;
  const auto possible = nodes.size() * (nodes.size() - 1) / 2;
  f.severity = f.traffic_share >= 0.3 ? Severity::High : Severity::Medium;
  f.explanation = std::to_string(nodes.size()) + " services are almost fully interconnected (" + std::to_string(pairs) +
                  " of " + std::to_string(possible) + " pairs linked) though without a cycle: they change together";
  if (f.traffic > 0)
    f.explanation += "; " + std::to_string(f.traffic) + " calls (" + percent(f.traffic_share) + " of all) stay inside";
  out.push_back(std::move(f));
}

}  // namespace

void detect_knots(const DetectorInput& in, std::vector<Finding>& out) {
  const auto& c = in.components;
  std::vector<std::uint32_t> stamp(in.digraph.node_count(), 0), parent(in.digraph.node_count(), 0);
  std::uint32_t round = 0;
  for (auto component : c.order) {
    if (c.size_of(component) < 2) continue;
    std::vector<std::uint32_t> nodes(c.members.begin() + c.member_begin[component],
                                     c.members.begin() + c.member_begin[component + 1]);
    const auto severity = add_knot(in, nodes, out);
    add_cycles(in, component, severity, stamp, round, parent, out);
  }
  for (const auto& group : near_cliques(in)) add_near_clique(in, group, out);
}

}  // namespace nanoscope::analysis::detail
