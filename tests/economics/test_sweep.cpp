// Sweeps on the bundled example: determinism, the qualitative claims of the background essays
// as outputs of the model, and inversions that move when the parameters move (nothing here
// states a verdict; every expectation compares model outputs with each other).
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "economics/economics_test_support.hpp"
#include "economics/report.hpp"
#include "economics/report_writers.hpp"

using namespace nanoscope;
using test::quick_eras;
using economics::Param;

namespace {

const economics::LevelResult& nano(const economics::EraSweep& e) { return e.levels[e.nanoservice_level]; }

economics::EraSweep sweep_one(const model::CallGraph& g, const economics::Era& era) {
  return economics::sweep_era(g, economics::granularity_levels(g), era);
}

}  // namespace

TEST_CASE("a report is deterministic") {
  const auto g = test::social_network_graph();
  const auto eras = quick_eras(20);
  std::ostringstream a, b;
  economics::write_json(a, economics::build_report(g, eras));
  economics::write_json(b, economics::build_report(g, eras));
  CHECK(a.str() == b.str());
}

TEST_CASE("sweep JSON has levels with services, the four overheads, utility and net per era") {
  const auto g = test::social_network_graph();
  const auto report = economics::build_report(g, quick_eras(10));
  std::ostringstream out;
  economics::write_json(out, report, {.services = false});
  const std::string json = out.str();
  for (const char* key : {"\"levels\"", "\"services\"", "\"overheads\"", "\"network\"", "\"operational\"",
                          "\"development\"", "\"design\"", "\"utility\"", "\"net\""})
    CHECK(json.find(key) != std::string::npos);
  REQUIRE(report.eras.size() == 3);
  for (const auto& e : report.eras) {
    CHECK(e.levels.front().services == 1);
    CHECK(e.levels.front().net.p50 == 0.0);
    CHECK(e.levels.front().network.p50 == 0.0);
  }
}

TEST_CASE("the eras reproduce the essays' qualitative claims as model outputs") {
  const auto g = test::social_network_graph();
  const auto report = economics::build_report(g, quick_eras());
  const auto& soa = report.eras[0];
  const auto& ai = report.eras[2];
  // SOA 2012: coarse is best and a single-operation service costs more than it brings.
  CHECK(soa.levels[soa.best_level].services <= soa.levels[soa.observed_level].services);
  CHECK(nano(soa).median_ratio.p50 > 1.0);
  // AI-native 2026: the best granularity is at least as fine, the nanoservice ratio falls.
  CHECK(ai.levels[ai.best_level].services >= soa.levels[soa.best_level].services);
  CHECK(nano(ai).median_ratio.p50 < nano(soa).median_ratio.p50);
  CHECK(nano(report.eras[1]).median_ratio.p50 < nano(soa).median_ratio.p50);
}

TEST_CASE("the inversion point moves with the parameters, not with a written-in verdict") {
  const auto g = test::social_network_graph();
  auto base = quick_eras()[2];
  const auto before = sweep_one(g, base);
  // Worth more per verified behaviour (nobody reads code, defects cost more): ratios fall.
  auto valuable = base;
  valuable.params[Param::EscapeUsdPerBehaviourYear] = {5000, 10000};
  valuable.params[Param::HumanReviewShare] = {0, 0};
  const auto after = sweep_one(g, valuable);
  CHECK(nano(after).median_ratio.p50 < nano(before).median_ratio.p50);
  const std::size_t finest_before = before.finest_viable_level ? before.levels[*before.finest_viable_level].services : 0;
  REQUIRE(after.finest_viable_level.has_value());
  CHECK(after.levels[*after.finest_viable_level].services >= finest_before);
  CHECK(after.nanoservice_antipattern_probability <= before.nanoservice_antipattern_probability);
  // Take the agents away (people write and review everything): ratios rise.
  auto human = base;
  human.params[Param::AiShare] = {0, 0};
  CHECK(nano(sweep_one(g, human)).median_ratio.p50 > nano(before).median_ratio.p50);
  // A verdict can flip: find the escape value at which the nanoservice median ratio crosses 1.
  bool above = false, below = false;
  for (const double escape : {0.0, 100000.0}) {
    auto e = base;
    e.params[Param::EscapeUsdPerBehaviourYear] = {escape, escape};
    const auto s = sweep_one(g, e);
    above = above || s.nanoservice_antipattern;
    below = below || !s.nanoservice_antipattern;
  }
  CHECK(above);
  CHECK(below);
}

TEST_CASE("break-even values flip the nanoservice verdict when applied") {
  const auto g = test::social_network_graph();
  const auto era = quick_eras(10)[2];
  const auto levels = economics::granularity_levels(g);
  const auto ctx = test::measure_context(g, era.simulation);
  const auto ref = economics::measure_partition(ctx, ctx.reference);
  const auto nano_m = economics::measure_partition(ctx, levels.back().partition);
  const auto flips = economics::find_breakevens(nano_m, ref, era.params);
  REQUIRE(!flips.empty());
  for (const auto& b : flips) {
    auto v = era.params.nominal();
    const double step = std::max(1e-6, std::fabs(b.value) * 1e-3);
    v[b.param] = b.value + step;
    const double above = economics::evaluate(nano_m, ref, v).median_ratio;
    v[b.param] = std::max(0.0, b.value - step);
    const double below = economics::evaluate(nano_m, ref, v).median_ratio;
    INFO(economics::info(b.param).name);
    CHECK(((above - 1.0) > 0.0) != ((below - 1.0) > 0.0));
    CHECK((b.raising_helps ? above : below) <= 1.0);
  }
}
