// Average-linkage agglomeration of business operations into a merge sequence, ties by names.
//
// A cluster is named by its leader, the rank of its first member in name order; comparing
// leaders compares the clusters' sorted member names (disjoint clusters differ at their
// first member). Link weights are exact (calls, links without calls) and scores are compared
// as exact fractions, so no floating-point rounding or summation order can break a tie.
//
// Finding the best pair: each cluster x keeps a local heap of its neighbours c ordered by
// weight(x, c) / size(c), which x's own growth does not reorder; a global heap holds, per
// cluster, its local best divided by its own size. Entries are corrected lazily: an entry may
// only overstate its pair (a pair's score can only fall unless its weight grows, and a merge
// pushes fresh entries for every pair whose weight grew), so the first global entry that is
// exact is the best pair, as a full rescan would find it (tested against one). A merge moves
// the smaller local heap into the larger; a heap grown past twice its links is rebuilt.
#include "economics/merge_sequence.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "economics/partition_measures.hpp"

namespace nanoscope::economics {
namespace {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

// Calls between two clusters, then links without calls (each weighs infinitesimally little:
// they order pairs only among equal calls, and link clusters ahead of unlinked ones).
struct Weight {
  u64 calls = 0;
  u64 bare = 0;
  Weight& operator+=(const Weight& o) {
    calls += o.calls;
    bare += o.bare;
    return *this;
  }
  bool operator==(const Weight&) const = default;
};

// Compares w1 / d1 with w2 / d2 exactly: negative, zero or positive.
int compare_ratio(const Weight& w1, u64 d1, const Weight& w2, u64 d2) {
  const u128 a = static_cast<u128>(w1.calls) * d2, b = static_cast<u128>(w2.calls) * d1;
  if (a != b) return a < b ? -1 : 1;
  const u128 c = static_cast<u128>(w1.bare) * d2, d = static_cast<u128>(w2.bare) * d1;
  return c == d ? 0 : (c < d ? -1 : 1);
}

// In x's local heap: neighbour c (a leader when pushed) with its weight and size then.
struct Local {
  Weight w;
  u64 size = 1;
  std::uint32_t c = 0;
};
// Heap order (front = best): higher w / size, then the neighbour first by name.
struct LocalWorse {
  bool operator()(const Local& x, const Local& y) const {
    const int r = compare_ratio(x.w, x.size, y.w, y.size);
    return r != 0 ? r < 0 : x.c > y.c;
  }
};

// In the global heap: cluster x's best pair (x, c) with d = size(x) x size(c) when pushed.
struct Global {
  Weight w;
  u64 d = 1;
  std::uint32_t x = 0, c = 0;
  [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> pair() const { return std::minmax(x, c); }
};
struct GlobalWorse {
  bool operator()(const Global& x, const Global& y) const {
    const int r = compare_ratio(x.w, x.d, y.w, y.d);
    return r != 0 ? r < 0 : x.pair() > y.pair();
  }
};

class Agglomeration {
 public:
  Agglomeration(const model::CallGraph& g, MergeSequence& out) : out_(out) {
    const auto business = business_operations(g);
    for (model::OperationId op = 0; op < g.operation_count(); ++op)
      if (business[op]) out.leaves.push_back(op);
    std::sort(out.leaves.begin(), out.leaves.end(), [&](model::OperationId x, model::OperationId y) {
      const auto& ox = g.operation(x);
      const auto& oy = g.operation(y);
      const auto& sx = g.service(ox.service).name;
      const auto& sy = g.service(oy.service).name;
      return sx != sy ? sx < sy : ox.name < oy.name;
    });
    const auto n = static_cast<std::uint32_t>(out.leaves.size());
    std::vector<std::uint32_t> rank(g.operation_count(), UINT32_MAX);
    for (std::uint32_t r = 0; r < n; ++r) rank[out.leaves[r]] = r;
    // Each leaf's service as that service's rank by name (leaves are sorted by service name).
    service_.resize(n);
    for (std::uint32_t r = 1; r < n; ++r)
      service_[r] = service_[r - 1] + (g.operation(out.leaves[r]).service != g.operation(out.leaves[r - 1]).service);
    out.observed = n ? service_.back() + 1 : 0;
    size_.assign(n, 1);
    sets_ = DisjointSets(n);
    leader_.resize(n);
    slot_of_.resize(n);
    leader_of_slot_.resize(n);
    heap_of_.resize(n);
    for (std::uint32_t r = 0; r < n; ++r) leader_[r] = slot_of_[r] = leader_of_slot_[r] = heap_of_[r] = r;
    alive_ = n;
    adj_.resize(n);
    local_.resize(n);
    for (const auto& e : g.edges()) {
      const auto a = rank[e.from], b = rank[e.to];
      if (a == UINT32_MAX || b == UINT32_MAX || a == b) continue;
      const Weight w = e.calls > 0 ? Weight{e.calls, 0} : Weight{0, 1};
      adj_[a][b] += w;
      adj_[b][a] += w;
    }
  }

  void run() {
    for (const bool within : {true, false}) {
      within_ = within;
      const std::size_t target = within ? out_.observed : std::min<std::size_t>(alive_, 1);
      build_heaps();
      std::uint32_t a = 0, b = 0;
      while (alive_ > target && next_linked(a, b)) merge(a, b);
      if (alive_ > target) merge_smallest(target);
    }
  }

 private:
  /// The leader of x's cluster.
  std::uint32_t find(std::uint32_t x) { return leader_[sets_.find_set(x)]; }
  bool is_leader(std::uint32_t x) { return find(x) == x; }
  [[nodiscard]] bool allowed(std::uint32_t a, std::uint32_t b) const { return !within_ || service_[a] == service_[b]; }
  [[nodiscard]] const Weight& weight(std::uint32_t a, std::uint32_t b) const { return adj_[slot_of_[a]].at(slot_of_[b]); }

  void push_local(std::uint32_t x, const Local& entry) {
    auto& h = local_[heap_of_[x]];
    h.push_back(entry);
    std::push_heap(h.begin(), h.end(), LocalWorse{});
  }

  // x's best neighbour, with its local heap's top corrected until exact; nullopt when none.
  std::optional<Local> best_local(std::uint32_t x) {
    auto& h = local_[heap_of_[x]];
    while (!h.empty()) {
      const Local top = h.front();
      std::pop_heap(h.begin(), h.end(), LocalWorse{});
      h.pop_back();
      const auto c = find(top.c);
      if (c == x) continue;  // merged into x since
      const Local exact{weight(x, c), size_[c], c};
      h.push_back(exact);
      std::push_heap(h.begin(), h.end(), LocalWorse{});
      if (exact.c == top.c && exact.size == top.size && exact.w == top.w) return exact;
    }
    return std::nullopt;
  }

  void push_global(std::uint32_t x) {
    if (const auto best = best_local(x)) global_.push({best->w, size_[x] * best->size, x, best->c});
  }

  // x's local heap, exact: one entry per allowed neighbour.
  void fill_local(std::uint32_t x) {
    auto& h = local_[heap_of_[x]];
    h.clear();
    for (const auto& [slot, w] : adj_[slot_of_[x]]) {
      const auto c = leader_of_slot_[slot];
      if (allowed(x, c)) h.push_back({w, size_[c], c});
    }
    std::make_heap(h.begin(), h.end(), LocalWorse{});
  }

  void build_heaps() {
    global_ = {};
    for (std::uint32_t x = 0; x < leader_.size(); ++x) {
      if (!is_leader(x)) continue;
      fill_local(x);
      push_global(x);
    }
  }

  // The best linked pair (leaders a < b), or false when none is left.
  bool next_linked(std::uint32_t& a, std::uint32_t& b) {
    while (!global_.empty()) {
      const auto top = global_.top();
      global_.pop();
      if (!is_leader(top.x)) continue;  // x was merged: its leader has its own entry
      const auto best = best_local(top.x);
      if (!best) continue;
      const Global exact{best->w, size_[top.x] * best->size, top.x, best->c};
      if (exact.w == top.w && exact.d == top.d && exact.c == top.c) {
        std::tie(a, b) = exact.pair();
        return true;
      }
      global_.push(exact);  // overstated: its true key is lower
    }
    return false;
  }

  void merge(std::uint32_t a, std::uint32_t b) {
    out_.merges.push_back({a, b});
    sets_.union_set(a, b);
    leader_[sets_.find_set(a)] = a;
    size_[a] += size_[b];
    --alive_;
    // Links: the larger adjacency stays, the smaller one moves into it.
    auto big = slot_of_[a], small = slot_of_[b];
    if (adj_[big].size() < adj_[small].size()) std::swap(big, small);
    slot_of_[a] = big;
    leader_of_slot_[big] = a;
    adj_[big].erase(small);
    // Local heaps: the larger one stays, the other's entries move in (corrected when they surface).
    auto keep = heap_of_[a], gone = heap_of_[b];
    if (local_[keep].size() < local_[gone].size()) std::swap(keep, gone);
    heap_of_[a] = keep;
    for (const auto& entry : local_[gone])
      if (find(entry.c) != a) push_local(a, entry);  // a pair inside the merged cluster is gone
    local_[gone] = {};
    // Every pair whose weight may have grown (a neighbour of the moved links) gets fresh entries.
    for (const auto& [t, w] : adj_[small]) {
      if (t == big) continue;
      auto& theirs = adj_[t];
      theirs.erase(small);
      theirs[big] += w;
      const Weight total = (adj_[big][t] += w);
      const auto c = leader_of_slot_[t];
      if (!allowed(a, c)) continue;
      push_local(a, {total, size_[c], c});
      push_local(c, {total, size_[a], a});
      global_.push({total, size_[a] * size_[c], c, a});
    }
    adj_[small] = {};
    // Stale entries pile up in a local heap; past twice its links it is rebuilt exact.
    if (local_[keep].size() > 2 * adj_[big].size() + 16) fill_local(a);
    push_global(a);
  }

  // No linked pair is left (and merging unlinked clusters links nothing): merge the two
  // smallest clusters of a pool (one per service within services, else one), smallest
  // combined size first, ties by leaders, until `target` clusters are left.
  void merge_smallest(std::size_t target) {
    std::map<std::uint32_t, std::set<std::pair<u64, std::uint32_t>>> pools;
    for (std::uint32_t a = 0; a < leader_.size(); ++a)
      if (is_leader(a)) pools[within_ ? service_[a] : 0].insert({size_[a], a});
    using Pair = std::tuple<u64, std::uint32_t, std::uint32_t, std::uint32_t>;  // size, a, b, pool
    std::set<Pair> best;
    auto best_of = [&](std::uint32_t pool) -> std::optional<Pair> {
      const auto& members = pools[pool];
      if (members.size() < 2) return std::nullopt;
      const auto x = *members.begin(), y = *std::next(members.begin());
      return Pair{x.first + y.first, std::min(x.second, y.second), std::max(x.second, y.second), pool};
    };
    for (const auto& [pool, members] : pools)
      if (const auto p = best_of(pool)) best.insert(*p);
    while (alive_ > target && !best.empty()) {
      const auto [size, a, b, pool] = *best.begin();
      best.erase(best.begin());
      auto& members = pools[pool];
      members.erase({size_[a], a});
      members.erase({size_[b], b});
      merge(a, b);
      members.insert({size_[a], a});
      if (const auto p = best_of(pool)) best.insert(*p);
    }
  }

  MergeSequence& out_;
  bool within_ = true;                  // merges must stay inside one observed service
  std::vector<std::uint32_t> service_;  // per leaf: its service's rank by name
  std::vector<u64> size_;               // per leader: members
  DisjointSets sets_;                   // clusters of leaves (boost::disjoint_sets)
  std::vector<std::uint32_t> leader_;   // per root of sets_: its cluster's leader
  std::vector<std::uint32_t> slot_of_;  // per leader: its adjacency slot
  std::vector<std::uint32_t> leader_of_slot_;
  std::vector<std::uint32_t> heap_of_;  // per leader: its local heap
  std::vector<std::unordered_map<std::uint32_t, Weight>> adj_;  // per slot: slot -> weight
  std::vector<std::vector<Local>> local_;
  std::priority_queue<Global, std::vector<Global>, GlobalWorse> global_;
  std::size_t alive_ = 0;
};

}  // namespace

MergeSequence build_merge_sequence(const model::CallGraph& graph) {
  MergeSequence out;
  Agglomeration(graph, out).run();
  return out;
}

MergeReplay::MergeReplay(const MergeSequence& sequence)
    : sequence_(&sequence),
      sets_(sequence.leaves.size()),
      leader_(sequence.leaves.size()),
      clusters_(sequence.leaves.size()) {
  for (std::uint32_t i = 0; i < leader_.size(); ++i) leader_[i] = i;
}

void MergeReplay::advance_to(std::size_t clusters) {
  while (clusters_ > std::max<std::size_t>(clusters, 1) && applied_ < sequence_->merges.size()) {
    const auto& m = sequence_->merges[applied_++];
    sets_.union_set(m.kept, m.absorbed);  // both are leaders at their step
    leader_[sets_.find_set(m.kept)] = m.kept;
    --clusters_;
  }
}

std::uint32_t MergeReplay::leader(std::uint32_t leaf) { return leader_[sets_.find_set(leaf)]; }

}  // namespace nanoscope::economics
