// Bitset reachability over operation-level condensations, and longest synchronous chains by
// dynamic programming in reverse topological order.
#include "analysis/entry_reach.hpp"

#include <algorithm>
#include <bit>
#include <limits>

#include <boost/range/iterator_range.hpp>

#include "analysis/condensation.hpp"

namespace nanoscope::analysis {
namespace {

constexpr auto kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kMaxChain = 64;  // services listed per chain; the depth counts them all

bool carries_requests(const model::Edge& e) { return e.calls > 0 || !e.declared; }

Digraph operation_digraph(const model::CallGraph& graph, bool sync_only) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  arcs.reserve(graph.edge_count());
  for (const auto& e : graph.edges()) {
    if (!carries_requests(e)) continue;
    if (sync_only && e.kind == model::InteractionKind::Async) continue;
    arcs.emplace_back(e.from, e.to);
  }
  std::sort(arcs.begin(), arcs.end());
  arcs.erase(std::unique(arcs.begin(), arcs.end()), arcs.end());
  return make_digraph(arcs, static_cast<std::uint32_t>(graph.operation_count()));
}

/// bits[c * words + w]: which followed entries reach component c.
std::vector<std::uint64_t> propagate(const Digraph& g, const Condensation& cond, const std::vector<EntryOperation>& entries,
                                     std::size_t words) {
  std::vector<std::uint64_t> bits(static_cast<std::size_t>(cond.count()) * words, 0);
  for (std::size_t k = 0; k < entries.size(); ++k)
    bits[cond.component_of[entries[k].operation] * words + k / 64] |= 1ull << (k % 64);
  for (auto c : cond.order) {
    const std::uint64_t* from = &bits[c * words];
    bool any = false;
    for (std::size_t w = 0; w < words; ++w) any = any || from[w] != 0;
    if (!any) continue;
    for (auto i = cond.member_begin[c]; i < cond.member_begin[c + 1]; ++i)
      for (auto t : boost::make_iterator_range(boost::adjacent_vertices(cond.members[i], g))) {
        auto d = cond.component_of[t];
        if (d == c) continue;
        std::uint64_t* to = &bits[d * words];
        for (std::size_t w = 0; w < words; ++w) to[w] |= from[w];
      }
  }
  return bits;
}

/// Per node, the OR of its operations' component bits.
std::vector<std::uint64_t> node_bits(const model::ServiceGraph& services, const Condensation& cond,
                                     const std::vector<std::uint64_t>& bits, std::size_t words) {
  std::vector<std::uint64_t> result(services.nodes.size() * words, 0);
  for (std::size_t n = 0; n < services.nodes.size(); ++n)
    for (auto op : services.nodes[n].operations) {
      const std::uint64_t* from = &bits[cond.component_of[op] * words];
      for (std::size_t w = 0; w < words; ++w) result[n * words + w] |= from[w];
    }
  return result;
}

}  // namespace

EntryReach compute_entry_reach(const model::CallGraph& graph, const model::ServiceGraph& services,
                               std::size_t max_entries) {
  EntryReach reach;
  const std::size_t node_count = services.nodes.size();
  reach.requests_touching.assign(node_count, 0);
  reach.max_sync_depth.assign(node_count, 0);
  std::vector<std::uint32_t> node_of(graph.operation_count(), kNone);
  for (std::size_t n = 0; n < node_count; ++n)
    for (auto op : services.nodes[n].operations) node_of[op] = static_cast<std::uint32_t>(n);

  std::vector<model::OperationId> candidates;
  for (model::OperationId op = 0; op < graph.operation_count(); ++op)
    if (graph.operation(op).entry_count > 0 && node_of[op] != kNone) {
      candidates.push_back(op);
      reach.total_requests += graph.operation(op).entry_count;
    }
  std::stable_sort(candidates.begin(), candidates.end(), [&](auto a, auto b) {
    return graph.operation(a).entry_count > graph.operation(b).entry_count;
  });

  // Longest synchronous chains over the sync condensation (needed for every entry operation).
  const Digraph sync_graph = operation_digraph(graph, true);
  const Condensation sync_cond = condense(sync_graph);
  // Services inside one operation-level cycle are all on the chain: each adds a hop.
  std::vector<std::vector<std::uint32_t>> cycle_nodes(sync_cond.count());
  for (std::uint32_t c = 0; c < sync_cond.count(); ++c) {
    if (sync_cond.size_of(c) < 2) continue;
    auto& nodes = cycle_nodes[c];
    for (auto i = sync_cond.member_begin[c]; i < sync_cond.member_begin[c + 1]; ++i)
      nodes.push_back(node_of[sync_cond.members[i]]);
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  }
  std::vector<std::uint32_t> depth(sync_cond.count(), 0);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> next(sync_cond.count(), {kNone, kNone});
  for (auto it = sync_cond.order.rbegin(); it != sync_cond.order.rend(); ++it) {
    const auto c = *it;
    const auto inner = static_cast<std::uint32_t>(cycle_nodes[c].empty() ? 0 : cycle_nodes[c].size() - 1);
    for (auto i = sync_cond.member_begin[c]; i < sync_cond.member_begin[c + 1]; ++i) {
      const auto u = sync_cond.members[i];
      for (auto w : boost::make_iterator_range(boost::adjacent_vertices(u, sync_graph))) {
        const auto d = sync_cond.component_of[w];
        if (d == c) continue;
        const std::uint32_t hop = node_of[u] != node_of[w] ? 1 : 0;
        if (depth[d] + hop > depth[c]) {
          depth[c] = depth[d] + hop;
          next[c] = {u, w};
        }
      }
    }
    depth[c] += inner;
  }
  for (auto op : candidates) {
    auto& deepest = reach.max_sync_depth[node_of[op]];
    deepest = std::max(deepest, depth[sync_cond.component_of[op]]);
  }

  if (candidates.size() > max_entries) candidates.resize(max_entries);
  for (auto op : candidates) {
    EntryOperation e;
    e.operation = op;
    e.node = node_of[op];
    e.requests = graph.operation(op).entry_count;
    e.sync_depth = depth[sync_cond.component_of[op]];
    e.deepest_chain.push_back(e.node);
    auto append = [&](std::uint32_t n) {
      auto& chain = e.deepest_chain;
      if (n != kNone && chain.size() < kMaxChain && std::find(chain.begin(), chain.end(), n) == chain.end()) chain.push_back(n);
    };
    for (auto c = sync_cond.component_of[op];; c = sync_cond.component_of[next[c].second]) {
      for (auto n : cycle_nodes[c]) append(n);
      if (next[c].first == kNone) break;
      append(node_of[next[c].second]);
    }
    reach.followed_requests += e.requests;
    reach.entries.push_back(std::move(e));
  }
  if (reach.entries.empty()) return reach;

  const std::size_t words = (reach.entries.size() + 63) / 64;
  // Services each entry needs synchronously.
  {
    const auto bits = propagate(sync_graph, sync_cond, reach.entries, words);
    const auto per_node = node_bits(services, sync_cond, bits, words);
    for (std::size_t n = 0; n < node_count; ++n)
      for (std::size_t w = 0; w < words; ++w)
        for (std::uint64_t word = per_node[n * words + w]; word != 0; word &= word - 1)
          ++reach.entries[w * 64 + static_cast<std::size_t>(std::countr_zero(word))].sync_services;
  }
  // Entry requests touching each service over any interaction.
  {
    const Digraph all_graph = operation_digraph(graph, false);
    const Condensation all_cond = condense(all_graph);
    const auto bits = propagate(all_graph, all_cond, reach.entries, words);
    const auto per_node = node_bits(services, all_cond, bits, words);
    for (std::size_t n = 0; n < node_count; ++n)
      for (std::size_t w = 0; w < words; ++w)
        for (std::uint64_t word = per_node[n * words + w]; word != 0; word &= word - 1)
          reach.requests_touching[n] += reach.entries[w * 64 + static_cast<std::size_t>(std::countr_zero(word))].requests;
  }
  return reach;
}

}  // namespace nanoscope::analysis
