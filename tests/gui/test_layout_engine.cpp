// Force-directed layout: deterministic, finite, linked nodes closer than unlinked ones,
// warm starts stay near their start, and the worker publishes exactly run_layout's result.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "gui/viewmodel/layout_engine.hpp"

using namespace nanoscope;

namespace {

gui::LayoutInput chain_and_pair() {
  // 0-1-2-3-4 chain, 5-6 pair, 7 alone.
  gui::LayoutInput in;
  in.nodes = 8;
  for (std::uint32_t i = 0; i < 8; ++i) in.node_seeds.push_back(gui::name_seed("n" + std::to_string(i)));
  for (std::uint32_t i = 0; i < 4; ++i) in.links.push_back({i, i + 1, 1.0f});
  in.links.push_back({5, 6, 1.0f});
  return in;
}

float distance(gui::Vec2 a, gui::Vec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

TEST_CASE("layout is deterministic and finite") {
  const auto in = chain_and_pair();
  const auto a = gui::run_layout(in);
  const auto b = gui::run_layout(in);
  REQUIRE(a.size() == 8);
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].x == b[i].x);
    CHECK(a[i].y == b[i].y);
    CHECK(std::isfinite(a[i].x));
    CHECK(std::isfinite(a[i].y));
  }
  // Linked nodes end near the ideal distance, and no two nodes coincide.
  CHECK(distance(a[5], a[6]) < 2.0f * gui::kLayoutSpacing);
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = i + 1; j < a.size(); ++j) CHECK(distance(a[i], a[j]) > 0.2f * gui::kLayoutSpacing);
}

TEST_CASE("a warm start stays close to where it started") {
  auto in = chain_and_pair();
  const auto settled = gui::run_layout(in);
  in.start = settled;
  const auto again = gui::run_layout(in);
  for (std::size_t i = 0; i < settled.size(); ++i) CHECK(distance(settled[i], again[i]) < gui::kLayoutSpacing);
}

TEST_CASE("the worker thread publishes the same positions as run_layout") {
  gui::LayoutEngine engine;
  const auto in = chain_and_pair();
  engine.submit(gui::LayoutInput{in});  // abandoned by the next submit or finished: either way replaced
  const auto job = engine.submit(in);
  REQUIRE(engine.wait_settled(job, 10000));
  gui::LayoutSnapshot snapshot;
  REQUIRE(engine.poll(snapshot));
  CHECK(snapshot.job == job);
  CHECK(snapshot.settled);
  CHECK(snapshot.iteration == snapshot.iterations);
  const auto expected = gui::run_layout(in);
  REQUIRE(snapshot.positions.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(snapshot.positions[i].x == expected[i].x);
    CHECK(snapshot.positions[i].y == expected[i].y);
  }
  CHECK_FALSE(engine.poll(snapshot));  // nothing new
}

TEST_CASE("an empty graph settles immediately") {
  gui::LayoutEngine engine;
  const auto job = engine.submit(gui::LayoutInput{});
  CHECK(engine.wait_settled(job, 5000));
}

TEST_CASE("services without links are set out in a grid under the drawing, names fitting beside them") {
  auto in = chain_and_pair();  // node 7 has no link
  for (std::uint32_t i = 0; i < 6; ++i) in.node_seeds.push_back(gui::name_seed("loose" + std::to_string(i)));
  in.nodes = 14;  // 7 and 8..13 without links
  const auto pos = gui::run_layout(in);
  float lowest = -INFINITY, left = INFINITY;
  for (std::uint32_t i = 0; i < 7; ++i) {
    lowest = std::max(lowest, pos[i].y);
    left = std::min(left, pos[i].x);
  }
  std::vector<gui::Vec2> loose;
  for (std::uint32_t i = 7; i < 14; ++i) {
    CHECK(pos[i].y > lowest);  // under the linked part
    CHECK(pos[i].x >= left - 1.0f);
    loose.push_back(pos[i]);
  }
  // Grid: few distinct columns wide apart (a name fits), rows close, no two on one spot.
  std::sort(loose.begin(), loose.end(), [](auto a, auto b) { return a.x != b.x ? a.x < b.x : a.y < b.y; });
  for (std::size_t i = 1; i < loose.size(); ++i) {
    CHECK(!(loose[i] == loose[i - 1]));
    if (loose[i].x != loose[i - 1].x) CHECK(loose[i].x - loose[i - 1].x >= 4.0f * gui::kLayoutSpacing);
  }
  // Nothing linked at all: the grid is centred on the origin, and runs are identical.
  gui::LayoutInput none;
  none.nodes = 40;
  for (std::uint32_t i = 0; i < 40; ++i) none.node_seeds.push_back(gui::name_seed("s" + std::to_string(i)));
  const auto a = gui::run_layout(none), b = gui::run_layout(none);
  float cx = 0, cy = 0;
  for (const auto& p : a) { cx += p.x / 40; cy += p.y / 40; }
  CHECK(std::abs(cx) < gui::kLayoutSpacing);
  CHECK(std::abs(cy) < gui::kLayoutSpacing);
  CHECK(a == b);
}
