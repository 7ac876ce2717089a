// Barnes-Hut repulsion: exact with theta 0, close to the exact sum with the layout's theta,
// nothing from beyond the reach, coincident nodes pushed apart; and the layout keeps nodes
// without links near the drawing instead of blowing them away.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "gui/viewmodel/barnes_hut.hpp"

using namespace nanoscope;

namespace {

std::vector<gui::Vec2> scattered(std::uint32_t n, std::uint64_t seed) {
  std::vector<gui::Vec2> pos;
  std::uint64_t s = seed;
  auto next = [&] {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<float>((s >> 33) % 100000) / 100.0f;  // 0 .. 1000
  };
  for (std::uint32_t i = 0; i < n; ++i) {
    const float x = next(), y = next();
    pos.push_back({x, y});
  }
  return pos;
}

gui::Vec2 exact(const std::vector<gui::Vec2>& pos, std::uint32_t i, float strength, float reach) {
  gui::Vec2 f;
  for (std::uint32_t j = 0; j < pos.size(); ++j) {
    if (j == i) continue;
    const float ex = pos[i].x - pos[j].x, ey = pos[i].y - pos[j].y;
    const float d2 = ex * ex + ey * ey;
    const float fade = std::clamp(2.0f - std::sqrt(d2) / reach, 0.0f, 1.0f);  // full to reach, none from 2 * reach
    f.x += ex * strength / d2 * fade;
    f.y += ey * strength / d2 * fade;
  }
  return f;
}

const auto kNoDirection = [](std::uint32_t, std::uint32_t) { return gui::Vec2{1.0f, 0.0f}; };

}  // namespace

TEST_CASE("theta 0 gives the exact pairwise sum") {
  const auto pos = scattered(300, 7);
  gui::BarnesHutTree tree;
  tree.build(pos);
  CHECK(tree.cells() > 300);
  for (std::uint32_t i = 0; i < pos.size(); i += 17) {
    gui::Vec2 f;
    tree.repel(i, 100.0f, 0.0f, 1e9f, f, kNoDirection);
    const auto want = exact(pos, i, 100.0f, 1e9f);
    CHECK(f.x == doctest::Approx(want.x).epsilon(1e-3));
    CHECK(f.y == doctest::Approx(want.y).epsilon(1e-3));
  }
}

TEST_CASE("the layout's theta (1.2) stays close to the exact sum") {
  const auto pos = scattered(3000, 11);
  gui::BarnesHutTree tree;
  tree.build(pos);
  double error = 0, size = 0;
  for (std::uint32_t i = 0; i < pos.size(); i += 7) {
    gui::Vec2 f;
    tree.repel(i, 100.0f, 1.2f, 1e9f, f, kNoDirection);
    const auto want = exact(pos, i, 100.0f, 1e9f);
    error += std::hypot(f.x - want.x, f.y - want.y);
    size += std::hypot(want.x, want.y);
  }
  CHECK(error / size < 0.05);  // summed over nodes: under 5% of the force
}

TEST_CASE("nothing pushes from beyond twice the reach") {
  // Two clusters 10,000 apart: with a reach of 2,000 a node feels only its own cluster
  // (theta 0, so the only difference from the exact sum is what the reach leaves out).
  std::vector<gui::Vec2> pos;
  for (int i = 0; i < 50; ++i) pos.push_back({static_cast<float>(i % 7) * 30.0f, static_cast<float>(i / 7) * 30.0f});
  for (int i = 0; i < 50; ++i) pos.push_back({10000.0f + static_cast<float>(i % 7) * 30.0f, static_cast<float>(i / 7) * 30.0f});
  gui::BarnesHutTree tree;
  tree.build(pos);
  for (std::uint32_t i : {0u, 24u, 49u, 50u, 99u}) {
    gui::Vec2 f;
    tree.repel(i, 100.0f, 0.0f, 2000.0f, f, kNoDirection);
    const auto near = exact(pos, i, 100.0f, 2000.0f);
    const auto all = exact(pos, i, 100.0f, 1e9f);
    const float far_push = std::hypot(all.x - near.x, all.y - near.y);  // what the other cluster would add
    REQUIRE(far_push > 0.4f);
    CHECK(std::hypot(f.x - near.x, f.y - near.y) < 0.01f * far_push);
  }
}

TEST_CASE("coincident nodes get a finite push along the given direction") {
  const std::vector<gui::Vec2> pos{{5.0f, 5.0f}, {5.0f, 5.0f}, {5.0f, 5.0f}};
  gui::BarnesHutTree tree;
  tree.build(pos);
  gui::Vec2 f;
  tree.repel(0, 1.0f, 0.9f, 1e9f, f, [](std::uint32_t, std::uint32_t) { return gui::Vec2{0.0f, 1.0f}; });
  CHECK(std::isfinite(f.x));
  CHECK(std::isfinite(f.y));
  CHECK(f.x == 0.0f);
  CHECK(f.y > 0.0f);
}

TEST_CASE("an empty tree pushes nothing") {
  const std::vector<gui::Vec2> none;
  gui::BarnesHutTree tree;
  tree.build(none);
  CHECK(tree.cells() == 0);
}

TEST_CASE("a node without links stays near the drawing") {
  // A connected ring-with-chords of 400 nodes plus three nodes without any link: the whole
  // graph's push must not throw the loose ones far beyond the connected part.
  gui::LayoutInput in;
  in.nodes = 403;
  for (std::uint32_t i = 0; i < in.nodes; ++i) in.node_seeds.push_back(gui::name_seed("n" + std::to_string(i)));
  for (std::uint32_t i = 0; i < 400; ++i) {
    in.links.push_back({i, (i + 1) % 400, 1.0f});
    in.links.push_back({i, (i * 7 + 3) % 400, 1.0f});
  }
  const auto pos = gui::run_layout(in);
  float cx = 0, cy = 0;
  for (std::uint32_t i = 0; i < 400; ++i) { cx += pos[i].x / 400; cy += pos[i].y / 400; }
  float reach = 0;
  for (std::uint32_t i = 0; i < 400; ++i) reach = std::max(reach, std::hypot(pos[i].x - cx, pos[i].y - cy));
  for (std::uint32_t i = 400; i < 403; ++i) {
    CHECK(std::isfinite(pos[i].x));
    CHECK(std::hypot(pos[i].x - cx, pos[i].y - cy) < 2.0f * reach);
  }
}

TEST_CASE("the spatial order lists every node once") {
  const auto pos = scattered(1000, 3);
  gui::BarnesHutTree tree;
  tree.build(pos);
  auto order = tree.spatial_order();
  REQUIRE(order.size() == pos.size());
  std::sort(order.begin(), order.end());
  for (std::uint32_t i = 0; i < order.size(); ++i) CHECK(order[i] == i);
}
