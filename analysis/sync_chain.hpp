// Longest synchronous chains of service hops as real operation-level walks: every listed hop
// is an edge of the graph, the hop count is the number of hops on the walk (revisits of a
// service included), and a chain that is the tail of a longer reported one is marked so it
// is not reported twice.
//
// The chain from an operation is the longest path over the condensation of the synchronous
// operation graph, where each operation-level cycle (a strongly connected component) is
// passed through its smallest operation: in along the shortest path to it, out along the
// shortest path to where the chain leaves. The walk from an operation is therefore a fixed
// function of the operation, which is what makes the tail test exact and cheap.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/condensation.hpp"
#include "model/call_graph.hpp"

namespace nanoscope::analysis {

/// One service hop: operation `from` calls operation `to` of another service.
struct ChainHop {
  model::OperationId from = 0;
  model::OperationId to = 0;
  std::uint32_t from_node = 0;  ///< service nodes of the two operations (never equal)
  std::uint32_t to_node = 0;
  std::uint64_t calls = 0;      ///< synchronous calls on that operation edge
};

/// A chain with its hops listed in order; very long chains list their head and tail only.
struct SyncChain {
  std::uint32_t hops = 0;             ///< service hops on the whole walk
  std::vector<ChainHop> listed;       ///< every hop, or the first kChainHead and last kChainTail
  std::uint32_t gap_at = 0;           ///< listed[0, gap_at) come before the omitted hops
  std::int64_t tail_of = -1;          ///< index of an earlier chain (in the walk order) that ends with this one

  [[nodiscard]] std::uint32_t omitted() const { return hops - static_cast<std::uint32_t>(listed.size()); }
};

/// Chains up to this many hops are listed whole; longer ones list head and tail.
inline constexpr std::uint32_t kChainListed = 64;
inline constexpr std::uint32_t kChainHead = 56;
inline constexpr std::uint32_t kChainTail = kChainListed - kChainHead;

/// Depths of every operation and the chains of `entries`.
struct SyncChains {
  std::vector<std::uint32_t> depth;   ///< per operation: hops of the chain starting there
  std::vector<SyncChain> chains;      ///< per entry, in the order given
};

// find_sync_chains() is declared with the graph it walks in analysis/digraph.hpp.

/// True for edges that carry synchronous requests (sync or database calls, observed or not
/// declared-only): the edges chains and synchronous reach follow.
[[nodiscard]] bool is_sync_request_edge(const model::Edge& edge);

}  // namespace nanoscope::analysis
