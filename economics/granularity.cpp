// The granularity family: which levels to keep, and each level's partition replayed from the
// merge sequence with names that depend on operation names only.
#include "economics/granularity.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <utility>

#include "economics/partition_measures.hpp"

namespace nanoscope::economics {
namespace {

// A cluster's name: its services in name order, each whole ("cart") or as its first operation
// by name and how many more ("cart/add (+2)"); more than three parts are abbreviated.
// Per observed service: its business operations and its first leaf (UINT32_MAX: none).
struct ServiceFacts {
  std::vector<std::size_t> business;
  std::vector<std::uint32_t> first_leaf;
};

ServiceFacts service_facts(const model::CallGraph& g, const MergeSequence& seq) {
  ServiceFacts f{std::vector<std::size_t>(g.service_count(), 0), std::vector<std::uint32_t>(g.service_count(), UINT32_MAX)};
  for (std::uint32_t leaf = 0; leaf < seq.leaves.size(); ++leaf) {
    const auto s = g.operation(seq.leaves[leaf]).service;
    ++f.business[s];
    f.first_leaf[s] = std::min(f.first_leaf[s], leaf);
  }
  return f;
}

std::string cluster_name(const model::CallGraph& g, const std::vector<model::OperationId>& leaves,
                         const std::vector<std::uint32_t>& members, const std::vector<std::size_t>& business_of_service) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < members.size();) {
    const auto& first = g.operation(leaves[members[i]]);
    std::size_t j = i + 1;  // leaves are sorted by service name: a service's members are one run
    while (j < members.size() && g.operation(leaves[members[j]]).service == first.service) ++j;
    const std::size_t count = j - i;
    const auto& service = g.service(first.service).name;
    if (count == business_of_service[first.service]) parts.push_back(service);
    else parts.push_back(service + "/" + first.name + (count > 1 ? " (+" + std::to_string(count - 1) + ")" : ""));
    i = j;
  }
  std::sort(parts.begin(), parts.end());
  if (parts.size() <= 3) {
    std::string out;
    for (const auto& s : parts) out += (out.empty() ? "" : "+") + s;
    return out;
  }
  return parts[0] + "+" + parts[1] + "+... (" + std::to_string(parts.size()) + " parts)";
}

struct Group {
  std::string name;
  bool cluster = false;  // a cluster of business operations, else an observed group kept as is
  std::vector<model::OperationId> ops;
};

// The partition of the replay's current clusters, groups ordered by (name, observed first).
// An operation that is not a business one stays with its service's first business operation
// by name (a manifest placeholder beside traced operations), else in its observed group
// (databases, caches, services without traffic).
model::Partition materialise(const model::CallGraph& g, const MergeSequence& seq, MergeReplay& replay,
                             const ServiceFacts& facts) {
  const auto n = static_cast<std::uint32_t>(seq.leaves.size());
  // Clusters in the order of their leaders: a leader is its cluster's first leaf.
  std::vector<std::uint32_t> index_of_leader(n, UINT32_MAX);
  std::vector<std::vector<std::uint32_t>> members;
  members.reserve(replay.clusters());
  for (std::uint32_t leaf = 0; leaf < n; ++leaf) {
    const auto leader = replay.leader(leaf);
    if (index_of_leader[leader] == UINT32_MAX) {
      index_of_leader[leader] = static_cast<std::uint32_t>(members.size());
      members.emplace_back();
    }
    members[index_of_leader[leader]].push_back(leaf);
  }
  std::vector<Group> groups;
  groups.reserve(members.size() + g.service_count());
  std::set<std::string> taken;
  for (const auto& m : members) {
    const auto name = cluster_name(g, seq.leaves, m, facts.business);
    std::string unique = name;
    for (int k = 2; taken.count(unique); ++k) unique = name + " #" + std::to_string(k);
    taken.insert(unique);
    Group group{std::move(unique), true, {}};
    group.ops.reserve(m.size());
    for (const auto leaf : m) group.ops.push_back(seq.leaves[leaf]);
    groups.push_back(std::move(group));
  }
  std::vector<bool> is_leaf(g.operation_count(), false);
  for (const auto op : seq.leaves) is_leaf[op] = true;
  for (model::ServiceId s = 0; s < g.service_count(); ++s) {
    Group group{g.service(s).name, false, {}};
    auto& ops = facts.first_leaf[s] == UINT32_MAX ? group.ops
                                                  : groups[index_of_leader[replay.leader(facts.first_leaf[s])]].ops;
    for (const auto op : g.operations_of(s))
      if (!is_leaf[op]) ops.push_back(op);
    if (!group.ops.empty()) groups.push_back(std::move(group));
  }
  std::sort(groups.begin(), groups.end(),
            [](const Group& a, const Group& b) { return a.name != b.name ? a.name < b.name : a.cluster < b.cluster; });
  // Start from one group (id 0) and split every other group out of it: linear overall.
  auto p = model::Partition::monolith(g, groups.front().name);
  for (std::size_t i = 1; i < groups.size(); ++i) p.split(groups[i].ops, groups[i].name);
  return p;
}

}  // namespace

GranularityFamily GranularityFamily::build(const model::CallGraph& graph) {
  GranularityFamily f;
  f.sequence_ = build_merge_sequence(graph);
  f.operations_ = graph.operation_count();
  return f;
}

std::vector<std::size_t> GranularityFamily::counts(const GranularityOptions& options) const {
  const std::size_t n = finest();
  std::set<std::size_t> chosen;
  if (n == 0) return {};
  if (options.max_levels == 0 || n <= options.max_levels) {
    for (std::size_t k = 1; k <= n; ++k) chosen.insert(k);
  } else {
    chosen = {1, observed(), n};
    const std::size_t steps = options.max_levels > 3 ? options.max_levels - 3 : 0;
    for (std::size_t i = 1; i <= steps; ++i)
      chosen.insert(static_cast<std::size_t>(
          std::llround(std::pow(static_cast<double>(n), static_cast<double>(i) / static_cast<double>(steps + 1)))));
  }
  return {chosen.begin(), chosen.end()};
}

std::string level_label(std::size_t services, std::size_t observed, std::size_t finest) {
  if (services == 1) return "monolith";
  if (services == observed) return "observed";
  if (services == finest) return "nanoservices";
  return "";
}

GranularityLevel GranularityFamily::level(const model::CallGraph& graph, std::size_t services) const {
  if (graph.operation_count() != operations_) throw std::invalid_argument("granularity family: not the graph it was built from");
  if (finest() == 0) throw std::invalid_argument("granularity family: the graph has no business operation");
  services = std::clamp<std::size_t>(services, 1, finest());
  MergeReplay replay(sequence_);
  replay.advance_to(services);
  return {materialise(graph, sequence_, replay, service_facts(graph, sequence_)), services,
          level_label(services, observed(), finest())};
}

std::vector<GranularityLevel> GranularityFamily::levels(const model::CallGraph& graph,
                                                        const GranularityOptions& options) const {
  if (graph.operation_count() != operations_) throw std::invalid_argument("granularity family: not the graph it was built from");
  const auto wanted = counts(options);
  std::vector<GranularityLevel> out;
  out.reserve(wanted.size());
  MergeReplay replay(sequence_);
  const auto facts = service_facts(graph, sequence_);
  for (auto it = wanted.rbegin(); it != wanted.rend(); ++it) {  // finest first: merges only add up
    replay.advance_to(*it);
    out.push_back({materialise(graph, sequence_, replay, facts), *it, level_label(*it, observed(), finest())});
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<GranularityLevel> granularity_levels(const model::CallGraph& graph, const GranularityOptions& options) {
  return GranularityFamily::build(graph).levels(graph, options);
}

}  // namespace nanoscope::economics
