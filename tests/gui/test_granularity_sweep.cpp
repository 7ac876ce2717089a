// The slider's partitions: exact group counts at every level, today's services in the
// middle, heaviest connections merged first, deterministic.
#include <doctest/doctest.h>

#include <algorithm>

#include "gui/viewmodel/granularity_sweep.hpp"
#include "gui_fixture.hpp"
#include "model/service_graph.hpp"

using namespace nanoscope;

TEST_CASE("every level of the sweep has exactly that many services") {
  const auto g = test::knot_graph();
  const auto sweep = gui::GranularitySweep::build(*g);
  CHECK(sweep.min_level() == 1);
  CHECK(sweep.observed_level() == 5);
  CHECK(sweep.max_level() == 7);
  for (std::size_t level = 1; level <= 7; ++level)
    CHECK(model::derive_service_graph(*g, sweep.at(*g, level)).nodes.size() == level);
  // Out-of-range levels clamp.
  CHECK(model::derive_service_graph(*g, sweep.at(*g, 0)).nodes.size() == 1);
  CHECK(model::derive_service_graph(*g, sweep.at(*g, 99)).nodes.size() == 7);
}

TEST_CASE("the observed level reproduces today's services") {
  const auto g = test::knot_graph();
  const auto sweep = gui::GranularitySweep::build(*g);
  const auto today = model::derive_service_graph(*g, model::Partition::observed(*g));
  const auto at = model::derive_service_graph(*g, sweep.at(*g, 5));
  REQUIRE(today.nodes.size() == at.nodes.size());
  for (std::size_t i = 0; i < today.nodes.size(); ++i) {
    CHECK(today.nodes[i].name == at.nodes[i].name);
    CHECK(today.nodes[i].operations == at.nodes[i].operations);
  }
}

TEST_CASE("coarser levels merge the heaviest connection first, finer levels split the loosest operation") {
  const auto g = test::knot_graph();
  const auto sweep = gui::GranularitySweep::build(*g);
  const auto four = sweep.at(*g, 4);
  // a1 -> b1 carries 100 calls: A and B merge first, under A's name (more traffic).
  CHECK(four.group_of(0) == four.group_of(3));
  const auto names = model::derive_service_graph(*g, four);
  CHECK(names.find("A +1") >= 0);
  // Finer levels undo the merging of A's operations. They share no calls, so they merge
  // lightest into heaviest: a3 (5 invocations) joins a1 first, a2 (10) last; hence one step
  // finer than today splits a2 off and keeps a1 with a3.
  const auto six = sweep.at(*g, 6);
  CHECK(six.group_of(0) == six.group_of(2));
  CHECK(six.group_of(0) != six.group_of(1));
  CHECK(sweep.at(*g, 3) == gui::GranularitySweep::build(*g).at(*g, 3));
}

TEST_CASE("agglomerate keeps blocks apart and merges unconnected items lightest first") {
  const std::vector<bool> active = {true, true, true, true, false};
  const std::vector<double> traffic = {1, 5, 3, 2, 0};
  const std::vector<std::uint32_t> block = {0, 0, 1, 1, 1};
  const std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> weights = {{0, 2, 100.0}, {2, 3, 1.0}};
  const auto steps = gui::agglomerate(active, traffic, block, weights);
  REQUIRE(steps.size() == 2);  // four active items in two blocks: two merges
  CHECK(steps[0].kept == 2);   // 2-3 (the 0-2 weight crosses blocks and is ignored)
  CHECK(steps[0].absorbed == 3);
  CHECK(steps[1].kept == 1);   // block 0 has no weights: lightest (0) into heaviest (1)
  CHECK(steps[1].absorbed == 0);
}
