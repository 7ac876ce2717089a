// Bitset reachability over operation-level condensations; the chains come from sync_chain.
#include "analysis/entry_reach.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <unordered_set>

#include <boost/range/iterator_range.hpp>

#include "analysis/condensation.hpp"
#include "analysis/digraph.hpp"

namespace nanoscope::analysis {
namespace {

constexpr auto kNone = std::numeric_limits<std::uint32_t>::max();

bool carries_requests(const model::Edge& e) { return e.calls > 0 || !e.declared; }

/// Operations outside every service node (none in a complete partition) are left out.
Digraph operation_digraph(const model::CallGraph& graph, const std::vector<std::uint32_t>& node_of, bool sync_only) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  arcs.reserve(graph.edge_count());
  for (const auto& e : graph.edges()) {
    if (sync_only ? !is_sync_request_edge(e) : !carries_requests(e)) continue;
    if (node_of[e.from] == kNone || node_of[e.to] == kNone) continue;
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

/// Synchronous edges leaving the service of `entry`, reached from it inside the service.
std::vector<std::pair<model::EdgeId, std::uint32_t>> first_hops(const model::CallGraph& graph,
                                                                const std::vector<std::uint32_t>& node_of,
                                                                model::OperationId entry) {
  std::vector<std::pair<model::EdgeId, std::uint32_t>> hops;
  std::vector<model::OperationId> inside{entry};
  std::unordered_set<model::OperationId> seen{entry};
  for (std::size_t i = 0; i < inside.size(); ++i)
    for (auto id : graph.out_edges(inside[i])) {
      const auto& edge = graph.edge(id);
      if (!is_sync_request_edge(edge) || node_of[edge.to] == kNone) continue;
      if (node_of[edge.to] != node_of[entry])
        hops.emplace_back(id, node_of[edge.to]);
      else if (seen.insert(edge.to).second)
        inside.push_back(edge.to);
    }
  return hops;
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

  // Longest synchronous chains (needed for every entry operation's service depth).
  const Digraph sync_graph = operation_digraph(graph, node_of, true);
  const Condensation sync_cond = condense(sync_graph);
  const auto followed = std::min(candidates.size(), max_entries);
  const std::vector<model::OperationId> followed_ops(candidates.begin(), candidates.begin() + static_cast<long>(followed));
  auto chains = find_sync_chains(graph, sync_graph, sync_cond, node_of, followed_ops);
  for (auto op : candidates) {
    auto& deepest = reach.max_sync_depth[node_of[op]];
    deepest = std::max(deepest, chains.depth[op]);
  }
  for (std::size_t k = 0; k < followed; ++k) {
    EntryOperation e;
    e.operation = followed_ops[k];
    e.node = node_of[e.operation];
    e.requests = graph.operation(e.operation).entry_count;
    e.sync_depth = chains.depth[e.operation];
    e.chain = std::move(chains.chains[k]);
    e.first_hops = first_hops(graph, node_of, e.operation);
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
    const Digraph all_graph = operation_digraph(graph, node_of, false);
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
