// The economics chart in the window: one granularity family for the slider, the GUI sweep and
// `nanoscope report` (the same levels and prices through the CLI's JSON), hover values, a click
// that applies a level (x -> level -> partition, one undo step), results kept per era with the
// previous era shown while a new one is swept, and the one service-count definition.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "economics/report_writers.hpp"
#include "gui/viewmodel/app_model.hpp"
#include "gui/viewmodel/service_counts.hpp"
#include "gui_fixture.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

// An app with the fixture graph open and the chosen era swept.
void open_and_sweep(gui::AppModel& app) {
  app.load_graph(test::knot_graph(), "fixture");
  REQUIRE(app.economics.start());
  app.economics.wait();
  REQUIRE(app.economics.result() != nullptr);
}

std::set<std::string> group_names(const model::CallGraph& graph, const model::Partition& p,
                                  const std::vector<bool>& business) {
  std::set<std::string> names;
  for (model::OperationId op = 0; op < graph.operation_count(); ++op)
    if (business[op]) names.insert(p.name(p.group_of(op)));
  return names;
}

}  // namespace

TEST_CASE("hovering the chart reads the nearest level's priced numbers") {
  gui::AppModel app;
  open_and_sweep(app);
  const auto& eco = app.economics;
  const auto& levels = eco.result()->sweep.levels;
  const auto chart = eco.overhead_chart(4);
  REQUIRE(chart.has_value());
  REQUIRE(chart->series.size() == 7);  // four overheads, their total, utility, net value
  CHECK(chart->series.back().name == "net value");
  for (std::size_t i = 0; i < levels.size(); ++i) {
    // At the level's own x and a hair beside it, the readout is that level, figure for figure.
    const float x = gui::plot_x(*chart, static_cast<double>(levels[i].services));
    for (const float dx : {0.0f, 0.001f, -0.001f}) {
      const auto r = eco.level_at(x + dx);
      REQUIRE(r.has_value());
      CHECK(r->level == i);
      CHECK(r->services == levels[i].services);
      CHECK(r->label == levels[i].label);
      CHECK(r->network == levels[i].network.p50);
      CHECK(r->operational == levels[i].operational.p50);
      CHECK(r->development == levels[i].development.p50);
      CHECK(r->design == levels[i].design.p50);
      CHECK(r->overhead == levels[i].overhead.p50);
      CHECK(r->utility == levels[i].utility.p50);
      CHECK(r->net == levels[i].net.p50);
    }
    // The net-value curve passes through the level's net value.
    CHECK(chart->series.back().p50[i].x == doctest::Approx(x));
  }
  // Off the ends: the first and last levels.
  CHECK(eco.level_at(-1.0f)->level == 0);
  CHECK(eco.level_at(2.0f)->level == levels.size() - 1);
}

TEST_CASE("a click on the chart applies that level: x -> level -> partition, one undo step") {
  gui::AppModel app;
  open_and_sweep(app);
  const auto* result = app.economics.result();
  const auto chart = app.economics.overhead_chart(4);
  REQUIRE(chart.has_value());
  const auto before = app.document().partition();
  const auto undo_steps = app.history().can_undo();
  CHECK_FALSE(undo_steps);
  // The monolith end of the chart.
  const auto r = app.economics.level_at(0.0f);
  REQUIRE(r.has_value());
  CHECK(r->services == 1);
  const auto position = app.slider().position_of(result->levels, r->level);
  REQUIRE(position.has_value());
  app.set_level(*position);  // what the panel calls on the click
  CHECK(app.at_level());
  CHECK(app.level() == *position);
  CHECK(app.slider().matches(*position, app.document().partition()));
  CHECK(gui::business_services(app.document().graph(), app.document().partition()) == 1);
  // The chart's "current" mark moves to the applied level.
  const auto after = app.economics.overhead_chart(gui::business_services(app.document().graph(), app.document().partition()));
  CHECK(after->current_x == doctest::Approx(r->x));
  REQUIRE(app.undo());
  CHECK(app.document().partition() == before);
}

TEST_CASE("results are kept per era: the previous era stays shown while a new one is swept, switching back is served from the cache") {
  gui::AppModel app;
  open_and_sweep(app);
  auto& eco = app.economics;
  REQUIRE(eco.eras().size() >= 2);
  const auto first = eco.era();
  const auto* first_result = eco.result();
  const auto other = first == 0 ? 1 : 0;
  eco.set_era(other);
  CHECK(eco.result() == nullptr);
  CHECK(eco.shown_result() == first_result);  // the previous chart stays (greyed)
  CHECK(eco.showing_previous_era());
  CHECK(eco.overhead_chart(4).has_value());
  REQUIRE(eco.start());
  eco.wait();
  CHECK_FALSE(eco.showing_previous_era());
  CHECK(eco.result()->sweep.era.name == eco.eras()[other].name);
  CHECK(eco.cached_eras() == 2);
  // Back to the first era: served from the cache, nothing started, the same result object.
  eco.set_era(first);
  CHECK(eco.result() == first_result);
  CHECK_FALSE(eco.start());
  CHECK_FALSE(eco.running());
  // A new graph forgets every era.
  app.load_graph(test::knot_graph(), "again");
  CHECK(eco.shown_result() == nullptr);
  CHECK(eco.cached_eras() == 0);
}

TEST_CASE("one service-count definition: the header, the slider and the economics agree on business services") {
  gui::AppModel app;
  open_and_sweep(app);
  const auto& doc = app.document();
  const auto counts = gui::service_counts(doc);
  CHECK(counts.services == doc.report().services.nodes.size());
  CHECK(counts.business == 4);  // A, B, C, D; the database is not a business service
  CHECK(counts.services > counts.business);
  const auto& sweep = app.economics.result()->sweep;
  CHECK(app.slider().level(app.slider().observed_position()).services == counts.business);
  CHECK(sweep.levels[sweep.observed_level].services == counts.business);
  CHECK(gui::header_text(doc).rfind(gui::counted(counts.services, "service", "services") + " (4 business), ", 0) == 0);
  CHECK(app.slider().text(app.slider().observed_position()) == "4 business services (observed)");
  CHECK(app.slider().text(0) == "1 business service (monolith)");
  CHECK(gui::business_services_text(1) == "1 business service");
  CHECK(gui::counted(1, "knot", "knots") == "1 knot");
  CHECK(gui::counted(0, "knot", "knots") == "0 knots");
  // After a merge, the counts follow the edit.
  app.set_level(0);
  CHECK(gui::service_counts(app.document()).business == 1);
}

TEST_CASE("the slider, the GUI sweep and `nanoscope report` price the same levels of one family") {
  const std::string file = test::corpus_path("jaeger-deathstarbench-social-20traces.json");
  gui::AppModel app;
  REQUIRE(app.open({file}));
  REQUIRE(app.wait_idle(120000, false));
  REQUIRE_FALSE(app.document().empty());
  auto& eco = app.economics;
  REQUIRE(eco.start());
  eco.wait();
  REQUIRE(eco.result() != nullptr);
  const auto& sweep = eco.result()->sweep;
  // The sweep priced exactly the slider's positions (the same shared levels).
  CHECK(eco.result()->levels == app.slider().levels());
  REQUIRE(sweep.levels.size() == app.slider().positions());
  for (std::size_t i = 0; i < sweep.levels.size(); ++i) CHECK(sweep.levels[i].services == app.slider().level(i).services);

  // The CLI on the same graph (the GUI keeps infrastructure; so does --include-infrastructure).
  const auto run = test::run_cli("report -q --format json --include-infrastructure -o - " + file, false);
  REQUIRE(run.code == 0);
  const auto json = nlohmann::json::parse(run.out);
  const nlohmann::json* era = nullptr;
  for (const auto& e : json["eras"])
    if (e["era"] == sweep.era.name) era = &e;
  REQUIRE(era != nullptr);
  CHECK((*era)["seed"] == sweep.era.seed);
  CHECK((*era)["samples"] == sweep.era.samples);
  const auto& levels = (*era)["levels"];
  REQUIRE(levels.size() == sweep.levels.size());
  using economics::detail::round6;
  for (std::size_t i = 0; i < sweep.levels.size(); ++i) {
    CAPTURE(i);
    const auto& l = sweep.levels[i];
    CHECK(levels[i]["services"] == l.services);
    CHECK(levels[i]["label"] == l.label);
    CHECK(levels[i]["net"].get<double>() == doctest::Approx(round6(l.net.p50)));
    CHECK(levels[i]["utility"].get<double>() == doctest::Approx(round6(l.utility.p50)));
    CHECK(levels[i]["overheads"]["network"].get<double>() == doctest::Approx(round6(l.network.p50)));
    CHECK(levels[i]["overheads"]["design"].get<double>() == doctest::Approx(round6(l.design.p50)));
  }
  CHECK((*era)["best"]["services"] == sweep.levels[sweep.best_level].services);
  // Level identity: the best level's services by name are the slider's groups at that position.
  std::set<std::string> cli_groups;
  for (const auto& row : (*era)["services"]["best"]) cli_groups.insert(row["name"].get<std::string>());
  const auto business = economics::business_operations(app.document().graph());
  CHECK(cli_groups == group_names(app.document().graph(), app.slider().level(sweep.best_level).partition, business));
}
