// The granularity slider: its positions are the economics family's levels, the economics
// sweep prices exactly those positions, and "Apply best level" moves the slider to the best.
#include <doctest/doctest.h>

#include <algorithm>

#include "economics/granularity.hpp"
#include "gui/viewmodel/app_model.hpp"
#include "gui/viewmodel/granularity_slider.hpp"
#include "gui_fixture.hpp"

using namespace nanoscope;

TEST_CASE("slider positions are the economics family's levels with the sweep's options") {
  const auto g = test::knot_graph();
  const auto slider = gui::GranularitySlider::build(*g);
  const auto levels = economics::granularity_levels(*g, {});  // what `nanoscope report` prices
  REQUIRE(slider.positions() == levels.size());
  for (std::size_t i = 0; i < levels.size(); ++i) {
    CHECK(slider.level(i).services == levels[i].services);
    CHECK(slider.level(i).label == levels[i].label);
    CHECK(slider.level(i).partition == levels[i].partition);
  }
  CHECK(slider.level(slider.observed_position()).label == "observed");
  CHECK(slider.text(0) == "1 business service (monolith)");
  CHECK(slider.text(slider.observed_position()) == "4 business services (observed)");
  CHECK(slider.text(99) == "6 business services (nanoservices)");  // clamped
  CHECK(slider.exact_position(5) == std::optional<std::size_t>(4));
  CHECK_FALSE(slider.exact_position(7).has_value());
  CHECK(slider.nearest_position(100) == 5);
  CHECK(slider.matches(slider.observed_position(), model::Partition::observed(*g)));
  CHECK_FALSE(slider.matches(0, model::Partition::observed(*g)));
}

TEST_CASE("a large graph's slider keeps the sweep's geometric levels, not every count") {
  // 60 services of one operation each, in a chain: more counts than levels.
  auto g = std::make_shared<model::CallGraph>();
  model::OperationId last = 0;
  for (int s = 0; s < 60; ++s) {
    const auto op = g->add_operation(g->add_service("s" + std::to_string(100 + s)), "op");
    g->operation(op).invocations = 10;
    if (s > 0) g->edge(g->add_edge(last, op, model::InteractionKind::Sync)).calls = static_cast<std::uint64_t>(1 + s % 7);
    last = op;
  }
  economics::GranularityOptions options;
  options.max_levels = 10;
  const auto slider = gui::GranularitySlider::build(*g, options);
  CHECK(slider.positions() <= 10);
  CHECK(slider.level(0).services == 1);
  CHECK(slider.level(slider.positions() - 1).services == 60);
  const auto levels = economics::granularity_levels(*g, options);
  REQUIRE(levels.size() == slider.positions());
  for (std::size_t i = 0; i < levels.size(); ++i) CHECK(levels[i].partition == slider.level(i).partition);
}

TEST_CASE("the economics sweep prices every slider position and Apply best level snaps the slider") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  REQUIRE_FALSE(app.economics.eras().empty());
  CHECK_FALSE(app.best_level().has_value());  // nothing swept yet
  CHECK_FALSE(app.apply_best_level());
  REQUIRE(app.economics.start());
  app.economics.wait();
  const auto* result = app.economics.result();
  REQUIRE(result != nullptr);
  CHECK(result->levels == app.slider().levels());  // the very same levels, not a second family
  REQUIRE(result->sweep.levels.size() == app.slider().positions());
  for (std::size_t i = 0; i < app.slider().positions(); ++i) CHECK(result->sweep.levels[i].services == app.slider().level(i).services);
  const auto best = app.best_level();
  REQUIRE(best.has_value());
  CHECK(*best == result->sweep.best_level);
  // Start away from the best level, then apply it: one undo step, the slider on it.
  app.set_level(*best == 0 ? app.slider().positions() - 1 : 0);
  const auto steps = app.history().size();
  REQUIRE(app.apply_best_level());
  CHECK(app.level() == *best);
  CHECK(app.at_level());
  CHECK(app.document().partition() == app.slider().level(*best).partition);
  CHECK(app.history().size() == steps + 1);
  CHECK(app.history().undo_label().find("best level in " + app.economics.eras()[app.economics.era()].name) == 0);
  REQUIRE(app.undo());
  CHECK(app.level() != *best);
}
