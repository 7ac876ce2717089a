// Economics view-model: the chart's y scale, which services count as priced, the sweep job
// per era (progress, results kept per era, cancel), the chart's marks and the ratio table.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "gui/viewmodel/economics_view.hpp"
#include "gui_fixture.hpp"

using namespace nanoscope;

TEST_CASE("the chart's y scale is a signed log: zero at zero, odd, increasing") {
  CHECK(gui::signed_log_usd(0.0) == 0.0);
  CHECK(gui::signed_log_usd(-5000.0) == doctest::Approx(-gui::signed_log_usd(5000.0)));
  double previous = gui::signed_log_usd(-1e9);
  for (double usd : {-1e6, -1e3, -1.0, 0.0, 1.0, 1e3, 1e6, 1e9}) {
    const double y = gui::signed_log_usd(usd);
    CHECK(y > previous);
    previous = y;
  }
  CHECK(std::isfinite(gui::signed_log_usd(INFINITY)));
}

TEST_CASE("priced services: groups with a business operation, not databases or services without traffic") {
  auto base = test::knot_graph();
  const auto observed = model::Partition::observed(*base);
  CHECK(gui::business_services(*base, observed) == 4);  // A, B, C, D; db is infrastructure
  // A service whose only operation never ran is not priced (the sweep leaves it out too).
  auto g = std::make_shared<model::CallGraph>(*base);
  g->add_operation(g->add_service("idle"), "never");
  CHECK(gui::business_services(*g, model::Partition::observed(*g)) == 4);
  // Merging A and B makes one priced service of two.
  auto merged = observed;
  merged.merge(merged.group_of(0), merged.group_of(3));
  CHECK(gui::business_services(*base, merged) == 3);
}

TEST_CASE("the sweep runs in the background per era; the chart marks today, best and current") {
  gui::EconomicsModel model;
  REQUIRE(model.load_eras(NANOSCOPE_SOURCE_DIR));
  REQUIRE(model.eras().size() >= 2);
  model.reset(test::knot_graph());
  CHECK_FALSE(model.overhead_chart(4).has_value());  // nothing computed yet
  REQUIRE(model.start());
  CHECK_FALSE(model.start());  // already running
  model.wait();
  REQUIRE(model.result() != nullptr);
  const auto& sweep = model.result()->sweep;
  REQUIRE(sweep.levels.size() >= 2);
  CHECK(sweep.levels.front().services == 1);
  CHECK(sweep.levels[sweep.observed_level].services == 4);

  const auto chart = model.overhead_chart(4);
  REQUIRE(chart.has_value());
  CHECK(chart->series.size() == 7);  // four overheads, their total, utility, net value
  for (const auto& s : chart->series) CHECK(s.p50.size() == sweep.levels.size());
  CHECK(chart->observed_x == doctest::Approx(gui::plot_x(*chart, 4.0)));
  CHECK(chart->current_x == doctest::Approx(chart->observed_x));
  CHECK(chart->best_x == doctest::Approx(gui::plot_x(*chart, static_cast<double>(sweep.levels[sweep.best_level].services))));
  CHECK_FALSE(chart->y_ticks.empty());

  // The table at today's level: one row per priced service, worst ratio first.
  const auto level = model.nearest_level(4);
  REQUIRE(level.has_value());
  const auto rows = model.ratio_table(*level);
  CHECK(rows.size() == 4);
  for (std::size_t i = 1; i < rows.size(); ++i) CHECK(rows[i - 1].ratio >= rows[i].ratio);

  // Another era is computed separately; the first era's result stays.
  const auto first_era = model.era();
  model.set_era(first_era == 0 ? 1 : 0);
  CHECK(model.result() == nullptr);
  REQUIRE(model.start());
  model.wait();
  CHECK(model.result() != nullptr);
  model.set_era(first_era);
  CHECK(model.result() != nullptr);
  CHECK_FALSE(model.start());  // done already
}

TEST_CASE("a cancelled sweep says so and can run again") {
  gui::EconomicsModel model;
  REQUIRE(model.load_eras(NANOSCOPE_SOURCE_DIR));
  model.reset(test::knot_graph());
  REQUIRE(model.start());
  model.cancel();
  model.wait();
  // Either it ended before the cancel arrived, or it reports the cancel.
  if (!model.result()) {
    CHECK(model.error().find("cancelled") != std::string::npos);
    REQUIRE(model.start());
    model.wait();
  }
  CHECK(model.result() != nullptr);
}

TEST_CASE("eras that cannot be loaded are an error, not a crash") {
  gui::EconomicsModel model;
  CHECK_FALSE(model.load_eras("/nonexistent/nanoscope"));
  CHECK_FALSE(model.error().empty());
  model.reset(test::knot_graph());
  CHECK_FALSE(model.start());
}

TEST_CASE("money is written for people") {
  CHECK(gui::money_text(0.0) == "$0");
  CHECK(gui::money_text(950.0) == "$950");
  CHECK(gui::money_text(12'400.0) == "$12k");
  CHECK(gui::money_text(-1'000'000.0) == "-$1M");
  CHECK(gui::money_text(3'420'000.0) == "$3.4M");
  CHECK(gui::money_text(62'790'000'000.0) == "$62.8B");
  CHECK(gui::money_text(100e9) == "$100B");
  CHECK(gui::money_text(INFINITY) == "inf");
}
