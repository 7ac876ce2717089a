// Layered layout: every edge points down a layer except the ones turned round to break a cycle,
// layers are longest paths, barycenter sweeps never add crossings, entries lead, groups start
// side by side, the result is deterministic, and the layout worker publishes exactly it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <set>

#include "gui/viewmodel/layered_layout.hpp"
#include "gui/viewmodel/layout_engine.hpp"

using namespace nanoscope;
using gui::LayeredInput;

namespace {

/// A seeded random directed graph with cycles, parallel edges and self-loops.
LayeredInput random_graph(std::uint32_t nodes, std::size_t edges, std::uint64_t seed) {
  LayeredInput in;
  in.nodes = nodes;
  std::uint64_t x = seed;
  auto next = [&x](std::uint32_t bound) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>((x >> 33) % bound);
  };
  for (std::size_t i = 0; i < edges; ++i) in.edges.push_back({next(nodes), next(nodes)});
  in.entry.assign(nodes, 0);
  in.entry[next(nodes)] = 1;
  return in;
}

/// Every edge goes one or more layers down, but for the reversed ones, which go up; self-loops
/// stay on their layer.
void check_directions(const LayeredInput& in, const gui::LayeredLayout& out) {
  const std::set<std::size_t> reversed(out.reversed.begin(), out.reversed.end());
  for (std::size_t i = 0; i < in.edges.size(); ++i) {
    const auto [a, b] = in.edges[i];
    CAPTURE(i);
    if (a == b) {
      CHECK(!reversed.count(i));
    } else if (reversed.count(i)) {
      CHECK(out.layer[a] > out.layer[b]);
    } else {
      CHECK(out.layer[a] < out.layer[b]);
    }
  }
}

}  // namespace

TEST_CASE("layered layout: a cycle is broken at its back edge; layers follow the chain from the entry") {
  // front -> api -> store -> api (a cycle), front the entry; node 0 is "api" by name order.
  LayeredInput in;
  in.nodes = 3;  // 0 api, 1 front, 2 store
  in.edges = {{1, 0}, {0, 2}, {2, 0}};
  in.entry = {0, 1, 0};
  const auto out = gui::layered_layout(in);
  CHECK(out.layer == std::vector<std::uint32_t>{1, 0, 2});
  CHECK(out.reversed == std::vector<std::size_t>{2});
  check_directions(in, out);
  // Without the entry the search starts at api (index order) and the same edge is the back edge,
  // but front no longer leads: it is a source, layered by its own longest path (0), api after it.
  in.entry.clear();
  const auto plain = gui::layered_layout(in);
  CHECK(plain.reversed == std::vector<std::size_t>{2});
  // Two services calling each other: the entry is the one on top.
  LayeredInput pair;
  pair.nodes = 2;
  pair.edges = {{0, 1}, {1, 0}};
  pair.entry = {0, 1};
  const auto p = gui::layered_layout(pair);
  CHECK(p.layer == std::vector<std::uint32_t>{1, 0});
  CHECK(p.reversed == std::vector<std::size_t>{0});
}

TEST_CASE("layered layout: crossings counted by hand, and one sweep removes the only crossing") {
  // Rows [0 1] over [2 3]: 0-3 and 1-2 cross once; 0-2 and 1-3 do not; edges sharing an end never do.
  const std::vector<std::uint32_t> layer_of{0, 0, 1, 1};
  const std::vector<std::vector<std::uint32_t>> rows{{0, 1}, {2, 3}};
  CHECK(gui::count_crossings(rows, {{0, 3}, {1, 2}}, layer_of) == 1);
  CHECK(gui::count_crossings(rows, {{0, 2}, {1, 3}}, layer_of) == 0);
  CHECK(gui::count_crossings(rows, {{0, 2}, {0, 3}, {1, 2}}, layer_of) == 1);
  CHECK(gui::count_crossings(rows, {{0, 3}, {1, 2}, {1, 3}, {0, 2}}, layer_of) == 1);
  LayeredInput in;
  in.nodes = 4;
  in.edges = {{0, 3}, {1, 2}};
  const auto out = gui::layered_layout(in);
  CHECK(out.crossings_before == 1);
  CHECK(out.crossings_after == 0);
  CHECK(out.positions[3].x < out.positions[2].x);  // 3 moved under 0, 2 under 1
  CHECK(out.positions[0].y == out.positions[1].y);
  CHECK(out.positions[2].y > out.positions[0].y);
}

TEST_CASE("layered layout: on random graphs edges point down, layers are longest paths, sweeps never add crossings") {
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
    CAPTURE(seed);
    const auto in = random_graph(60, 150, seed);
    const auto out = gui::layered_layout(in);
    REQUIRE(out.layer.size() == 60);
    REQUIRE(out.positions.size() == 60);
    check_directions(in, out);
    CHECK(out.crossings_after <= out.crossings_before);
    // Longest path: a node below the top layer has a predecessor exactly one layer up (but
    // for nodes without any call, which get rows of their own under the drawing).
    std::set<std::size_t> reversed(out.reversed.begin(), out.reversed.end());
    std::vector<char> linked(in.nodes, 0);
    for (const auto& [a, b] : in.edges)
      if (a != b) linked[a] = linked[b] = 1;
    for (std::uint32_t v = 0; v < in.nodes; ++v) {
      if (out.layer[v] == 0 || !linked[v]) continue;
      bool tight = false;
      for (std::size_t i = 0; i < in.edges.size(); ++i) {
        auto [a, b] = in.edges[i];
        if (a == b) continue;
        if (reversed.count(i)) std::swap(a, b);
        tight = tight || (b == v && out.layer[a] + 1 == out.layer[v]);
      }
      CHECK(tight);
    }
    // Every node (and virtual node) is in exactly its layer's row once.
    std::vector<int> seen(60, 0);
    for (std::size_t l = 0; l < out.rows.size(); ++l)
      for (const auto v : out.rows[l])
        if (v < 60) {
          ++seen[v];
          CHECK(out.layer[v] == l);
        }
    CHECK(std::count(seen.begin(), seen.end(), 1) == 60);
    // Deterministic.
    const auto again = gui::layered_layout(in);
    CHECK(again.positions == out.positions);
    CHECK(again.reversed == out.reversed);
  }
}

TEST_CASE("layered layout: groups start side by side within a layer") {
  LayeredInput in;
  in.nodes = 4;
  in.group = {1, 0, 1, 0};
  const auto out = gui::layered_layout(in);
  REQUIRE(out.rows.size() == 1);
  CHECK(out.rows[0] == std::vector<std::uint32_t>{1, 3, 0, 2});
}

TEST_CASE("layered layout: long edges beyond the virtual-node budget are left out of the sweeps, not the layers") {
  // A chain of 1,000 and an edge from its head to every node: about 500,000 layer crossings.
  LayeredInput in;
  in.nodes = 1000;
  for (std::uint32_t v = 0; v + 1 < 1000; ++v) in.edges.push_back({v, v + 1});
  for (std::uint32_t v = 2; v < 1000; ++v) in.edges.push_back({0, v});
  const auto out = gui::layered_layout(in);
  check_directions(in, out);
  for (std::uint32_t v = 0; v < 1000; ++v) CHECK(out.layer[v] == v);
  CHECK(out.crossings_after <= out.crossings_before);
  std::size_t virtual_nodes = 0;
  for (const auto& row : out.rows)
    for (const auto v : row) virtual_nodes += v >= 1000;
  CHECK(virtual_nodes <= gui::kMaxVirtualNodes);
  CHECK(virtual_nodes > 0);
}

TEST_CASE("layered layout: services without calls go in rows of their own under the drawing") {
  LayeredInput in;
  in.nodes = 10;  // 0 -> 1 -> 2; 3..9 call nobody and nobody calls them
  in.edges = {{0, 1}, {1, 2}};
  const auto out = gui::layered_layout(in);
  CHECK(out.layer[0] == 0);
  CHECK(out.layer[2] == 2);
  // Seven loose services, six to a row (the minimum width): rows 3 and 4.
  for (std::uint32_t v = 3; v < 9; ++v) CHECK(out.layer[v] == 3);
  CHECK(out.layer[9] == 4);
  REQUIRE(out.rows.size() == 5);
  CHECK(out.rows[3] == std::vector<std::uint32_t>{3, 4, 5, 6, 7, 8});
  CHECK(out.positions[9].y > out.positions[3].y);
}

TEST_CASE("layered layout: the layout worker publishes exactly the layered positions, settled at once") {
  gui::LayoutInput input;
  input.kind = gui::LayoutKind::Layered;
  input.nodes = 5;
  for (std::uint32_t i = 0; i < 5; ++i) input.node_seeds.push_back(i);
  input.links = {{0, 1, 1.0f}, {1, 2, 1.0f}, {2, 3, 1.0f}, {3, 1, 1.0f}, {0, 4, 0.5f}};
  input.entries = {1, 0, 0, 0, 0};
  const auto expected = gui::layered_layout(gui::layered_input(input)).positions;
  CHECK(gui::run_layout(input) == expected);
  gui::LayoutEngine engine;
  const auto job = engine.submit(input);
  REQUIRE(engine.wait_settled(job, 5000));
  gui::LayoutSnapshot snapshot;
  REQUIRE(engine.poll(snapshot));
  CHECK(snapshot.job == job);
  CHECK(snapshot.settled);
  CHECK(snapshot.positions == expected);
}
