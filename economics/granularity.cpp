// Agglomerative clustering of business operations into the granularity family.
#include "economics/granularity.hpp"

#include "economics/partition_measures.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <queue>
#include <set>

namespace nanoscope::economics {
namespace {

struct Cluster {
  std::vector<model::OperationId> ops;  // sorted
  bool alive = true;
};

class Clustering {
 public:
  explicit Clustering(const model::CallGraph& g) : g_(g), business_(business_operations(g)) {
    std::vector<int> cluster_of(g.operation_count(), -1);
    const auto business = business_operations(g);
    for (model::OperationId op = 0; op < g.operation_count(); ++op) {
      if (!business[op]) continue;
      cluster_of[op] = static_cast<int>(clusters_.size());
      clusters_.push_back({{op}});
    }
    adj_.resize(clusters_.size());
    bool any = false;
    for (const auto& e : g.edges()) any = any || e.calls > 0;
    for (const auto& e : g.edges()) {
      const int a = cluster_of[e.from], b = cluster_of[e.to];
      if (a < 0 || b < 0 || a == b) continue;
      const double w = e.calls > 0 ? static_cast<double>(e.calls) : (any ? 1e-6 : 1.0);
      adj_[a][b] += w;
      adj_[b][a] += w;
    }
    alive_ = clusters_.size();
    version_.assign(clusters_.size(), 0);
  }

  [[nodiscard]] std::size_t alive() const { return alive_; }
  [[nodiscard]] std::size_t service_count_when_observed() const {
    std::set<model::ServiceId> s;
    for (const auto& c : clusters_) s.insert(g_.operation(c.ops.front()).service);
    return s.size();
  }

  // One merge; `within_services`: only clusters of the same observed service. False if none.
  // The linked pair with the highest weight / (size a * size b) merges (lowest ids on ties);
  // candidates wait in a heap, re-pushed when a cluster changes and skipped when stale, so
  // a merge costs the merged cluster's neighbours, not a scan of every pair.
  bool merge_step(bool within_services) {
    const int mode = within_services ? 1 : 0;
    if (heap_mode_ != mode || heap_.size() > 3 * pairs_at_build_ + 1024) build_heap(within_services);
    while (!heap_.empty() && !current(heap_.top())) heap_.pop();
    int a = -1, b = -1;
    if (!heap_.empty()) {
      a = heap_.top().a;
      b = heap_.top().b;
      heap_.pop();
    } else if (!smallest_pair(within_services, a, b)) {
      return false;
    }
    merge(a, b);
    ++version_[a];
    push_pairs_of(a, within_services);
    return true;
  }

  // The current clusters as a partition (non-business operations in their observed groups).
  [[nodiscard]] model::Partition partition() const {
    model::Partition p = model::Partition::observed(g_);
    std::set<std::string> used;
    for (model::GroupId gid = 0; gid < p.group_count(); ++gid) used.insert(p.name(gid));
    std::vector<std::pair<std::string, const Cluster*>> named;
    for (const auto& c : clusters_)
      if (c.alive) named.emplace_back(name_of(c), &c);
    std::sort(named.begin(), named.end(), [](const auto& x, const auto& y) { return x.second->ops < y.second->ops; });
    std::set<std::string> taken;
    for (auto& [name, c] : named) {
      std::string unique = name;
      for (int k = 2; taken.count(unique); ++k) unique = name + " #" + std::to_string(k);
      taken.insert(unique);
      p.split(c->ops, unique);
    }
    return p;
  }

 private:
  // A candidate merge, ordered best first: higher score, then lower ids.
  struct Candidate {
    double score;
    int a, b;  // a < b
    std::uint32_t version_a, version_b;
  };
  struct Worse {
    bool operator()(const Candidate& x, const Candidate& y) const {
      if (x.score != y.score) return x.score < y.score;
      return x.a != y.a ? x.a > y.a : x.b > y.b;
    }
  };

  [[nodiscard]] bool current(const Candidate& c) const {
    return clusters_[c.a].alive && clusters_[c.b].alive && version_[c.a] == c.version_a && version_[c.b] == c.version_b;
  }

  void push_pair(int a, int b, double w) {
    if (a > b) std::swap(a, b);
    const double score = w / (static_cast<double>(clusters_[a].ops.size()) * clusters_[b].ops.size());
    heap_.push({score, a, b, version_[a], version_[b]});
  }

  void push_pairs_of(int a, bool within) {
    for (const auto& [c, w] : adj_[a])
      if (allowed(a, c, within)) push_pair(a, c, w);
  }

  void build_heap(bool within) {
    heap_ = {};
    for (int a = 0; a < static_cast<int>(clusters_.size()); ++a) {
      if (!clusters_[a].alive) continue;
      for (const auto& [b, w] : adj_[a])
        if (b > a && allowed(a, b, within)) push_pair(a, b, w);
    }
    heap_mode_ = within ? 1 : 0;
    pairs_at_build_ = heap_.size();
  }

  // No linked pair left: the two smallest allowed clusters (lowest ids on ties), found per
  // observed service when merges must stay within one.
  bool smallest_pair(bool within, int& best_a, int& best_b) const {
    std::map<model::ServiceId, std::vector<int>> pools;
    for (int c = 0; c < static_cast<int>(clusters_.size()); ++c)
      if (clusters_[c].alive) pools[within ? g_.operation(clusters_[c].ops.front()).service : 0].push_back(c);
    std::size_t best_size = SIZE_MAX;
    for (const auto& [service, ids] : pools) {
      if (ids.size() < 2) continue;
      // ids ascend: the first of the smallest size, then the first other of the smallest size left.
      int x = ids[0];
      for (const int c : ids)
        if (clusters_[c].ops.size() < clusters_[x].ops.size()) x = c;
      int y = -1;
      for (const int c : ids)
        if (c != x && (y < 0 || clusters_[c].ops.size() < clusters_[y].ops.size())) y = c;
      const std::size_t size = clusters_[x].ops.size() + clusters_[y].ops.size();
      const int a = std::min(x, y), b = std::max(x, y);
      if (size < best_size || (size == best_size && std::make_pair(a, b) < std::make_pair(best_a, best_b))) {
        best_size = size;
        best_a = a;
        best_b = b;
      }
    }
    return best_size != SIZE_MAX;
  }

  bool allowed(int a, int b, bool within) const {
    return !within || g_.operation(clusters_[a].ops.front()).service == g_.operation(clusters_[b].ops.front()).service;
  }

  void merge(int a, int b) {
    auto& ca = clusters_[a];
    auto& cb = clusters_[b];
    ca.ops.insert(ca.ops.end(), cb.ops.begin(), cb.ops.end());
    std::sort(ca.ops.begin(), ca.ops.end());
    cb.ops.clear();
    cb.alive = false;
    for (const auto& [c, w] : adj_[b]) {
      adj_[c].erase(b);
      if (c == a) continue;
      adj_[a][c] += w;
      adj_[c][a] += w;
    }
    adj_[b].clear();
    adj_[a].erase(b);
    --alive_;
  }

  std::string name_of(const Cluster& c) const {
    std::map<model::ServiceId, std::size_t> per_service;
    for (const auto op : c.ops) ++per_service[g_.operation(op).service];
    std::vector<std::string> parts;
    for (const auto& [sid, count] : per_service) {
      std::size_t business = 0;
      for (const auto op : g_.operations_of(sid)) business += business_[op];
      const auto& sname = g_.service(sid).name;
      if (count == business) {
        parts.push_back(sname);
      } else {
        model::OperationId first = 0;
        for (const auto op : c.ops)
          if (g_.operation(op).service == sid) {
            first = op;
            break;
          }
        parts.push_back(sname + "/" + g_.operation(first).name + (count > 1 ? " (+" + std::to_string(count - 1) + ")" : ""));
      }
    }
    std::sort(parts.begin(), parts.end());
    if (parts.size() <= 3) {
      std::string out;
      for (const auto& s : parts) out += (out.empty() ? "" : "+") + s;
      return out;
    }
    return parts[0] + "+" + parts[1] + "+... (" + std::to_string(parts.size()) + " parts)";
  }

  const model::CallGraph& g_;
  std::vector<bool> business_;
  std::vector<Cluster> clusters_;
  std::vector<std::map<int, double>> adj_;
  std::size_t alive_ = 0;
  std::vector<std::uint32_t> version_;  // bumped when a cluster's size or links change
  std::priority_queue<Candidate, std::vector<Candidate>, Worse> heap_;
  int heap_mode_ = -1;                  // which rule the heap was built for (1: within services)
  std::size_t pairs_at_build_ = 0;
};

std::set<std::size_t> chosen_counts(std::size_t n, std::size_t observed, std::size_t max_levels) {
  std::set<std::size_t> chosen;
  if (max_levels == 0 || n <= max_levels) {
    for (std::size_t k = 1; k <= n; ++k) chosen.insert(k);
    return chosen;
  }
  chosen = {1, observed, n};
  const std::size_t steps = max_levels - 3;
  for (std::size_t i = 1; i <= steps; ++i)
    chosen.insert(static_cast<std::size_t>(std::llround(std::pow(static_cast<double>(n), static_cast<double>(i) / (steps + 1)))));
  return chosen;
}

}  // namespace

std::vector<GranularityLevel> granularity_levels(const model::CallGraph& graph, const GranularityOptions& options) {
  Clustering c(graph);
  const std::size_t n = c.alive();
  if (n == 0) return {};
  const std::size_t observed = c.service_count_when_observed();
  const auto chosen = chosen_counts(n, observed, options.max_levels);
  std::vector<GranularityLevel> levels;
  auto record = [&] {
    if (!chosen.count(c.alive())) return;
    if (!levels.empty() && levels.back().services == c.alive()) return;
    GranularityLevel level;
    level.partition = c.partition();
    level.services = c.alive();
    levels.push_back(std::move(level));
  };
  record();
  while (c.alive() > observed && c.merge_step(true)) record();
  while (c.alive() > 1 && c.merge_step(false)) record();
  std::reverse(levels.begin(), levels.end());
  for (auto& level : levels) {
    if (level.services == 1) level.label = "monolith";
    else if (level.services == observed) level.label = "observed";
    else if (level.services == n) level.label = "nanoservices";
  }
  return levels;
}

}  // namespace nanoscope::economics
