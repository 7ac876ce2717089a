// The granularity family: the merge sequence against a brute-force agglomeration, levels
// replayed from it, and the family unchanged when ids are renumbered (insertion order, a
// graph JSON round trip of the bundled example and of a corpus trace).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "economics/economics_test_support.hpp"
#include "economics/granularity.hpp"
#include "economics/partition_measures.hpp"
#include "importers/formats.hpp"
#include "importers/graph_builder.hpp"
#include "importers/graph_writers.hpp"
#include "importers/import_set.hpp"
#include "importers/input_file.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

// A graph as names: services (name, kind), operations (service, name, invocations) and
// edges (from, to as "service/operation", calls).
struct Content {
  std::vector<std::pair<std::string, model::ServiceKind>> services;
  std::vector<std::tuple<std::string, std::string, std::uint64_t>> operations;
  std::vector<std::tuple<std::size_t, std::size_t, std::uint64_t>> edges;  // indices into operations
};

Content random_content(std::mt19937& rng, int services, int max_ops, int max_calls = 3, double edges_per_op = 1.5) {
  Content c;
  std::uniform_int_distribution<int> ops(1, max_ops), calls(0, max_calls), coin(0, 9);
  for (int s = 0; s < services; ++s) {
    const bool db = coin(rng) == 0;
    c.services.emplace_back((db ? "db" : "svc") + std::to_string(s), db ? model::ServiceKind::Database : model::ServiceKind::Service);
    const int k = ops(rng);
    for (int o = 0; o < k; ++o)  // one operation in ten has no traffic: not a business operation
      c.operations.emplace_back(c.services.back().first, "op" + std::to_string(o), coin(rng) == 0 ? 0 : 1 + coin(rng));
  }
  std::uniform_int_distribution<std::size_t> pick(0, c.operations.size() - 1);
  const auto edges = static_cast<std::size_t>(edges_per_op * static_cast<double>(c.operations.size()));
  for (std::size_t i = 0; i < edges; ++i)
    c.edges.emplace_back(pick(rng), pick(rng), static_cast<std::uint64_t>(calls(rng)));
  return c;
}

// The graph of `c`, services, operations and edges added in the order `perm` gives.
model::CallGraph build(const Content& c, std::mt19937* shuffle = nullptr) {
  std::vector<std::size_t> sorder(c.services.size()), oorder(c.operations.size()), eorder(c.edges.size());
  for (std::size_t i = 0; i < sorder.size(); ++i) sorder[i] = i;
  for (std::size_t i = 0; i < oorder.size(); ++i) oorder[i] = i;
  for (std::size_t i = 0; i < eorder.size(); ++i) eorder[i] = i;
  if (shuffle) {
    std::shuffle(sorder.begin(), sorder.end(), *shuffle);
    std::shuffle(oorder.begin(), oorder.end(), *shuffle);
    std::shuffle(eorder.begin(), eorder.end(), *shuffle);
  }
  model::CallGraph g;
  for (const auto i : sorder) g.add_service(c.services[i].first, c.services[i].second);
  std::vector<model::OperationId> id(c.operations.size());
  for (const auto i : oorder) {
    const auto& [service, name, invocations] = c.operations[i];
    id[i] = g.add_operation(*g.find_service(service), name);
    g.operation(id[i]).invocations = invocations;
  }
  for (const auto i : eorder) {
    const auto& [from, to, calls] = c.edges[i];
    g.edge(g.add_edge(id[from], id[to], model::InteractionKind::Sync)).calls += calls;
  }
  return g;
}

std::string op_name(const model::CallGraph& g, model::OperationId op) {
  return g.service(g.operation(op).service).name + "/" + g.operation(op).name;
}

// A level as names only: "services label | group: members; group: members; ...".
std::string describe(const model::CallGraph& g, const economics::GranularityLevel& level) {
  std::string out = std::to_string(level.services) + " " + level.label + " |";
  for (model::GroupId grp = 0; grp < level.partition.group_count(); ++grp) {
    std::vector<std::string> members;
    for (const auto op : level.partition.operations_of(grp)) members.push_back(op_name(g, op));
    std::sort(members.begin(), members.end());
    out += " " + level.partition.name(grp) + ":";
    for (const auto& m : members) out += " " + m;
    out += ";";
  }
  return out;
}

std::vector<std::string> describe_all(const model::CallGraph& g, const economics::GranularityOptions& options = {}) {
  std::vector<std::string> out;
  for (const auto& level : economics::granularity_levels(g, options)) out.push_back(describe(g, level));
  return out;
}

// The rules of build_merge_sequence by brute force: every pair rescored at every step.
std::vector<std::pair<std::uint32_t, std::uint32_t>> reference_merges(const model::CallGraph& g) {
  const auto business = economics::business_operations(g);
  std::vector<model::OperationId> leaves;
  for (model::OperationId op = 0; op < g.operation_count(); ++op)
    if (business[op]) leaves.push_back(op);
  std::sort(leaves.begin(), leaves.end(), [&](auto x, auto y) {
    const auto kx = std::make_pair(g.service(g.operation(x).service).name, g.operation(x).name);
    const auto ky = std::make_pair(g.service(g.operation(y).service).name, g.operation(y).name);
    return kx < ky;
  });
  const auto n = leaves.size();
  std::map<model::OperationId, std::uint32_t> rank;
  for (std::uint32_t r = 0; r < n; ++r) rank[leaves[r]] = r;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<std::uint64_t, std::uint64_t>> link;  // (calls, bare)
  for (const auto& e : g.edges()) {
    if (!rank.count(e.from) || !rank.count(e.to) || e.from == e.to) continue;
    auto& w = link[std::minmax(rank[e.from], rank[e.to])];
    (e.calls ? w.first : w.second) += e.calls ? e.calls : 1;
  }
  std::vector<std::vector<std::uint32_t>> clusters;
  for (std::uint32_t r = 0; r < n; ++r) clusters.push_back({r});
  auto service = [&](const std::vector<std::uint32_t>& c) { return g.operation(leaves[c.front()]).service; };
  std::set<model::ServiceId> observed;
  for (const auto op : leaves) observed.insert(g.operation(op).service);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merges;
  for (const bool within : {true, false}) {
    const std::size_t target = within ? observed.size() : 1;
    while (clusters.size() > target) {
      // Best linked pair: highest weight / (size x size) as exact fractions, then leaders.
      long best_i = -1, best_j = -1;
      std::pair<std::uint64_t, std::uint64_t> best_w{0, 0};
      std::uint64_t best_d = 1;
      for (std::size_t i = 0; i < clusters.size(); ++i)
        for (std::size_t j = 0; j < clusters.size(); ++j) {
          if (i == j || clusters[i].front() > clusters[j].front()) continue;
          if (within && service(clusters[i]) != service(clusters[j])) continue;
          std::pair<std::uint64_t, std::uint64_t> w{0, 0};
          for (const auto a : clusters[i])
            for (const auto b : clusters[j])
              if (const auto it = link.find(std::minmax(a, b)); it != link.end()) {
                w.first += it->second.first;
                w.second += it->second.second;
              }
          if (w.first == 0 && w.second == 0) continue;
          const std::uint64_t d = clusters[i].size() * clusters[j].size();
          const auto lhs = std::make_pair(static_cast<unsigned __int128>(w.first) * best_d, static_cast<unsigned __int128>(w.second) * best_d);
          const auto rhs = std::make_pair(static_cast<unsigned __int128>(best_w.first) * d, static_cast<unsigned __int128>(best_w.second) * d);
          const bool better = best_i < 0 || lhs > rhs ||
                              (lhs == rhs && std::make_pair(clusters[i].front(), clusters[j].front()) <
                                                 std::make_pair(clusters[best_i].front(), clusters[best_j].front()));
          if (better) {
            best_i = static_cast<long>(i);
            best_j = static_cast<long>(j);
            best_w = w;
            best_d = d;
          }
        }
      if (best_i < 0) {  // nothing linked: the two smallest of a pool, smallest combined size, then leaders
        std::tuple<std::size_t, std::uint32_t, std::uint32_t> best{SIZE_MAX, 0, 0};
        std::map<model::ServiceId, std::vector<std::size_t>> pools;
        for (std::size_t i = 0; i < clusters.size(); ++i) pools[within ? service(clusters[i]) : 0].push_back(i);
        for (auto& [pool, members] : pools) {
          if (members.size() < 2) continue;
          std::sort(members.begin(), members.end(), [&](auto x, auto y) {
            return std::make_pair(clusters[x].size(), clusters[x].front()) < std::make_pair(clusters[y].size(), clusters[y].front());
          });
          const auto x = members[0], y = members[1];
          const std::tuple<std::size_t, std::uint32_t, std::uint32_t> candidate{
              clusters[x].size() + clusters[y].size(), std::min(clusters[x].front(), clusters[y].front()),
              std::max(clusters[x].front(), clusters[y].front())};
          if (candidate < best) {
            best = candidate;
            best_i = static_cast<long>(clusters[x].front() < clusters[y].front() ? x : y);
            best_j = static_cast<long>(clusters[x].front() < clusters[y].front() ? y : x);
          }
        }
      }
      REQUIRE(best_i >= 0);
      merges.emplace_back(clusters[best_i].front(), clusters[best_j].front());
      auto& keep = clusters[best_i];
      keep.insert(keep.end(), clusters[best_j].begin(), clusters[best_j].end());
      std::sort(keep.begin(), keep.end());
      clusters.erase(clusters.begin() + best_j);
    }
  }
  return merges;
}

}  // namespace

TEST_CASE("the merge sequence is the brute-force agglomeration, tie for tie") {
  std::mt19937 rng(20260413);
  for (int round = 0; round < 200; ++round) {
    CAPTURE(round);
    // Small calls give many exact ties; larger graphs with varied calls grow big clusters
    // whose stale heap entries must be corrected.
    const bool large = round % 2 == 1;
    const auto c = large ? random_content(rng, 10 + round % 30, 1 + round % 4, 1000, 2.0 + round % 3)
                         : random_content(rng, 2 + round % 7, 1 + round % 5);
    const auto g = build(c);
    const auto seq = economics::build_merge_sequence(g);
    const auto expected = reference_merges(g);
    REQUIRE(seq.merges.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CAPTURE(i);
      CHECK(seq.merges[i].kept == expected[i].first);
      CHECK(seq.merges[i].absorbed == expected[i].second);
    }
  }
}

TEST_CASE("every level has its service count, levels nest, and one level replays as in the sweep") {
  std::mt19937 rng(7);
  const auto g = build(random_content(rng, 12, 4));
  const auto family = economics::GranularityFamily::build(g);
  const auto business = economics::business_operations(g);
  const auto levels = family.levels(g, {0});
  REQUIRE(levels.size() == family.finest());
  for (std::size_t i = 0; i < levels.size(); ++i) {
    CAPTURE(i);
    CHECK(levels[i].services == i + 1);
    std::set<model::GroupId> groups;
    for (model::OperationId op = 0; op < g.operation_count(); ++op)
      if (business[op]) groups.insert(levels[i].partition.group_of(op));
    CHECK(groups.size() == levels[i].services);
    // Each coarser level only merges groups of the finer one.
    if (i > 0)
      for (model::OperationId a = 0; a < g.operation_count(); ++a)
        for (model::OperationId b = 0; b < g.operation_count(); ++b)
          if (levels[i].partition.group_of(a) == levels[i].partition.group_of(b))
            CHECK(levels[i - 1].partition.group_of(a) == levels[i - 1].partition.group_of(b));
    CHECK(family.level(g, i + 1).partition == levels[i].partition);
  }
  CHECK(family.level(g, 0).services == 1);  // clamped
  CHECK(family.level(g, 9999).services == family.finest());
  // Picked levels: 1, observed and finest always; never more than asked.
  const auto picked = family.counts({6});
  CHECK(picked.size() <= 6);
  CHECK(picked.front() == 1);
  CHECK(picked.back() == family.finest());
  CHECK(std::count(picked.begin(), picked.end(), family.observed()) == 1);
  CHECK(std::is_sorted(picked.begin(), picked.end()));
}

TEST_CASE("the family is the same whatever order the graph's ids were given in") {
  std::mt19937 rng(99);
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    const auto c = random_content(rng, 3 + round % 6, 1 + round % 4);
    const auto g = build(c);
    std::mt19937 shuffle(static_cast<unsigned>(round));
    const auto h = build(c, &shuffle);
    CHECK(describe_all(g, {0}) == describe_all(h, {0}));
  }
}

TEST_CASE("the family survives a graph JSON round trip: example and corpus trace") {
  struct Input {
    std::string name;
    model::CallGraph graph;
  };
  std::vector<Input> inputs;
  inputs.push_back({"social-network", test::social_network_graph()});
  inputs.push_back({"deathstarbench traces",
                    importers::import_inputs({test::corpus_path("jaeger-deathstarbench-social-20traces.json")}).graph});
  for (const auto& [name, first] : inputs) {
    CAPTURE(name);
    std::ostringstream json;
    importers::write_graph_json(json, first, nullptr);
    importers::GraphBuilder builder;
    importers::import_nanoscope_graph(importers::InputFile::from_string("graph.json", json.str()), builder);
    const auto again = builder.finish();
    REQUIRE(again.operation_count() == first.operation_count());
    const auto once = describe_all(first);
    CHECK(once.size() >= 3);
    CHECK(once == describe_all(again));
    // And with every id permuted again, by re-adding the operations in reverse order.
    model::CallGraph reversed;
    for (std::size_t s = again.service_count(); s-- > 0;) reversed.add_service(again.service(s).name, again.service(s).kind);
    std::vector<model::OperationId> id(again.operation_count());
    for (std::size_t op = again.operation_count(); op-- > 0;) {
      const auto& o = again.operation(static_cast<model::OperationId>(op));
      id[op] = reversed.add_operation(*reversed.find_service(again.service(o.service).name), o.name);
      reversed.operation(id[op]).invocations = o.invocations;
      reversed.operation(id[op]).entry_count = o.entry_count;
    }
    for (std::size_t e = again.edge_count(); e-- > 0;) {
      const auto& edge = again.edge(static_cast<model::EdgeId>(e));
      reversed.edge(reversed.add_edge(id[edge.from], id[edge.to], edge.kind)).calls = edge.calls;
    }
    CHECK(once == describe_all(reversed));  // every id differs here, so the test has teeth
  }
}

TEST_CASE("placeholders stay with their service: the observed level is the observed grouping, names unique") {
  const auto g = test::social_network_graph();  // manifests add a "*" placeholder beside traced operations
  const auto business = economics::business_operations(g);
  std::size_t placeholders_beside_traffic = 0;
  for (model::OperationId op = 0; op < g.operation_count(); ++op)
    if (!business[op] && g.service(g.operation(op).service).kind == model::ServiceKind::Service)
      for (const auto other : g.operations_of(g.operation(op).service)) placeholders_beside_traffic += business[other];
  REQUIRE(placeholders_beside_traffic > 0);  // the case this test is about is present
  const auto observed = model::Partition::observed(g);
  bool seen = false;
  for (const auto& level : economics::granularity_levels(g, {0})) {
    CAPTURE(level.services);
    std::set<std::string> names;
    std::size_t non_empty = 0;
    for (model::GroupId grp = 0; grp < level.partition.group_count(); ++grp) {
      names.insert(level.partition.name(grp));
      non_empty += !level.partition.operations_of(grp).empty();
    }
    CHECK(names.size() == level.partition.group_count());  // no two groups share a name
    CHECK(non_empty == level.partition.group_count());     // no empty groups
    if (level.label != "observed") continue;
    seen = true;
    for (model::OperationId a = 0; a < g.operation_count(); ++a)
      for (model::OperationId b = a + 1; b < g.operation_count(); ++b)
        CHECK((level.partition.group_of(a) == level.partition.group_of(b)) == (observed.group_of(a) == observed.group_of(b)));
  }
  CHECK(seen);
}
