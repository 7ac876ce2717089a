// Longest synchronous chains: dynamic programming over the condensation in reverse
// topological order, breadth-first trees inside each operation-level cycle, and walks that
// list the hops they count.
#include "analysis/sync_chain.hpp"

#include "analysis/digraph.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <numeric>

#include <boost/range/iterator_range.hpp>

namespace nanoscope::analysis {
namespace {

constexpr auto kNone = std::numeric_limits<std::uint32_t>::max();

/// Shortest-path trees inside each component of two or more operations, rooted at its
/// smallest operation: `in_next` leads to the root, `out_parent` leads back from it.
struct CycleRoutes {
  std::vector<std::uint32_t> in_next, out_parent;  // per operation (kNone outside cycles)
  std::vector<std::uint32_t> to_root, from_root;   // service hops along those paths
};

CycleRoutes route_cycles(const Digraph& g, const Condensation& cond, const std::vector<std::uint32_t>& node_of) {
  const auto n = static_cast<std::uint32_t>(boost::num_vertices(g));
  CycleRoutes r;
  r.in_next.assign(n, kNone);
  r.out_parent.assign(n, kNone);
  r.to_root.assign(n, 0);
  r.from_root.assign(n, 0);
  // Reverse arcs inside components, for the paths towards the root.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> inner;
  for (std::uint32_t u = 0; u < n; ++u)
    for (auto w : boost::make_iterator_range(boost::adjacent_vertices(u, g)))
      if (cond.component_of[w] == cond.component_of[u] && w != u) inner.emplace_back(w, u);
  if (inner.empty()) return r;
  std::sort(inner.begin(), inner.end());
  const Digraph reverse = make_digraph(inner, n);
  std::vector<std::uint32_t> frontier, next;
  auto bfs = [&](const Digraph& graph, std::uint32_t root, std::vector<std::uint32_t>& link,
                 std::vector<std::uint32_t>& hops) {
    frontier.assign(1, root);
    link[root] = root;
    while (!frontier.empty()) {
      next.clear();
      for (auto u : frontier)
        for (auto w : boost::make_iterator_range(boost::adjacent_vertices(u, graph))) {
          if (cond.component_of[w] != cond.component_of[root] || link[w] != kNone) continue;
          link[w] = u;
          hops[w] = hops[u] + (node_of[u] != node_of[w] ? 1 : 0);
          next.push_back(w);
        }
      frontier.swap(next);
    }
  };
  for (std::uint32_t c = 0; c < cond.count(); ++c) {
    if (cond.size_of(c) < 2) continue;
    const auto root = cond.members[cond.member_begin[c]];
    bfs(g, root, r.out_parent, r.from_root);
    bfs(reverse, root, r.in_next, r.to_root);
  }
  return r;
}

/// Collects the hops of one walk: all of them up to kChainListed, else head and tail.
class HopList {
 public:
  void add(const ChainHop& hop) {
    ++hops_;
    if (first_.size() < kChainListed) first_.push_back(hop);
    last_.push_back(hop);
    if (last_.size() > kChainTail) last_.pop_front();
  }
  SyncChain finish() && {
    SyncChain chain;
    chain.hops = hops_;
    if (hops_ <= kChainListed) {
      chain.listed = std::move(first_);
    } else {
      chain.listed.assign(first_.begin(), first_.begin() + kChainHead);
      chain.listed.insert(chain.listed.end(), last_.begin(), last_.end());
    }
    chain.gap_at = hops_ <= kChainListed ? hops_ : kChainHead;
    return chain;
  }

 private:
  std::uint32_t hops_ = 0;
  std::vector<ChainHop> first_;
  std::deque<ChainHop> last_;
};

std::uint64_t sync_calls(const model::CallGraph& graph, model::OperationId from, model::OperationId to) {
  std::uint64_t calls = 0;
  for (auto e : graph.out_edges(from)) {
    const auto& edge = graph.edge(e);
    if (edge.to == to && is_sync_request_edge(edge)) calls += edge.calls;
  }
  return calls;
}

}  // namespace

bool is_sync_request_edge(const model::Edge& edge) {
  return (edge.calls > 0 || !edge.declared) && edge.kind != model::InteractionKind::Async;
}

SyncChains find_sync_chains(const model::CallGraph& graph, const Digraph& g, const Condensation& cond,
                            const std::vector<std::uint32_t>& node_of, const std::vector<model::OperationId>& entries) {
  const auto n = static_cast<std::uint32_t>(boost::num_vertices(g));
  const auto routes = route_cycles(g, cond, node_of);
  auto hop = [&](std::uint32_t u, std::uint32_t w) -> std::uint32_t { return node_of[u] != node_of[w] ? 1 : 0; };

  // best[c]: hops from the root of c (or its one operation) to the end of the chain;
  // the chain leaves c by exit_from -> exit_to, or ends at exit_from (exit_to == kNone).
  std::vector<std::uint32_t> best(cond.count(), 0), exit_from(cond.count(), kNone), exit_to(cond.count(), kNone);
  SyncChains result;
  result.depth.assign(n, 0);
  for (auto it = cond.order.rbegin(); it != cond.order.rend(); ++it) {
    const auto c = *it;
    bool have = false;
    for (auto i = cond.member_begin[c]; i < cond.member_begin[c + 1]; ++i) {
      const auto u = cond.members[i];
      if (!have || routes.from_root[u] > best[c]) {
        best[c] = routes.from_root[u];
        exit_from[c] = u;
        exit_to[c] = kNone;
        have = true;
      }
      for (auto w : boost::make_iterator_range(boost::adjacent_vertices(u, g))) {
        const auto d = cond.component_of[w];
        if (d == c) continue;
        const auto value = routes.from_root[u] + hop(u, w) + result.depth[w];
        if (value > best[c]) {
          best[c] = value;
          exit_from[c] = u;
          exit_to[c] = w;
        }
      }
    }
    for (auto i = cond.member_begin[c]; i < cond.member_begin[c + 1]; ++i)
      result.depth[cond.members[i]] = routes.to_root[cond.members[i]] + best[c];
  }

  // Walk the entries' chains, longest first; mark the operations from which the walk is
  // exactly the rest of a walked chain (component entry points and paths towards a root).
  std::vector<std::size_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    const auto da = result.depth[entries[a]], db = result.depth[entries[b]];
    if (da != db) return da > db;
    const auto ra = graph.operation(entries[a]).entry_count, rb = graph.operation(entries[b]).entry_count;
    if (ra != rb) return ra > rb;
    return entries[a] < entries[b];
  });
  std::vector<std::uint32_t> owner(n, kNone);
  result.chains.resize(entries.size());
  std::vector<std::uint32_t> path;
  for (auto k : order) {
    const auto start = entries[k];
    if (owner[start] != kNone) {
      result.chains[k].hops = result.depth[start];
      result.chains[k].tail_of = owner[start];
      continue;
    }
    HopList hops;
    auto step = [&](std::uint32_t u, std::uint32_t w) {
      if (hop(u, w)) hops.add({u, w, node_of[u], node_of[w], 0});
    };
    for (auto cur = start;;) {
      const auto c = cond.component_of[cur];
      if (owner[cur] == kNone) owner[cur] = static_cast<std::uint32_t>(k);
      if (cond.size_of(c) >= 2) {
        const auto root = cond.members[cond.member_begin[c]];
        for (auto x = cur; x != root; x = routes.in_next[x]) {
          step(x, routes.in_next[x]);
          if (owner[routes.in_next[x]] == kNone) owner[routes.in_next[x]] = static_cast<std::uint32_t>(k);
        }
        path.clear();
        for (auto y = exit_from[c]; y != root; y = routes.out_parent[y]) path.push_back(y);
        for (auto prev = root; !path.empty(); path.pop_back()) {
          step(prev, path.back());
          prev = path.back();
        }
      }
      if (exit_to[c] == kNone) break;
      step(exit_from[c], exit_to[c]);
      cur = exit_to[c];
    }
    result.chains[k] = std::move(hops).finish();
    for (auto& listed : result.chains[k].listed) listed.calls = sync_calls(graph, listed.from, listed.to);  // listed ones only
  }
  return result;
}

}  // namespace nanoscope::analysis
