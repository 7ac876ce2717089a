// AppModel's background work without a window: importing (progress, errors in messages),
// the layout worker, simulation with progress and cancel, report export, the file browser.
#include <doctest/doctest.h>

#include <filesystem>
#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

#include "gui/viewmodel/app_model.hpp"
#include "gui/viewmodel/file_browser.hpp"
#include "gui_fixture.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("nanoscope-gui-test-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("importing a corpus file in the background gives an analysed document and a settled layout") {
  gui::AppModel app;
  REQUIRE(app.open({test::corpus_path("zipkin-smartthings-oauth-authorization.json")}));
  REQUIRE(app.wait_idle(60000));
  CHECK_FALSE(app.importing());
  const auto& doc = app.document();
  REQUIRE_FALSE(doc.empty());
  CHECK(doc.report().services.nodes.size() == 8);
  CHECK(doc.knot_count() == 1);
  CHECK(app.layout_settled());
  CHECK(app.positions().size() == 8);
  CHECK(app.slider().level(app.slider().observed_position()).label == "observed");
  CHECK(app.at_level());
  for (const auto& m : app.messages()) CHECK_FALSE(m.error);
}

TEST_CASE("an import error is a message in the window, and the open document stays") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  const auto dir = scratch("bad-import");
  std::ofstream(dir / "bad.json") << "{ this is not json";
  REQUIRE(app.open({(dir / "bad.json").string()}));
  app.wait_idle(30000);
  REQUIRE_FALSE(app.messages().empty());
  CHECK(app.messages().back().error);
  CHECK(app.messages().back().text.find("bad.json") != std::string::npos);
  CHECK(app.document().report().services.nodes.size() == 5);
  // A good file next replaces the document, and the old messages go with it: only the new
  // file's own warnings remain.
  REQUIRE(app.open({test::corpus_path("jaeger-deathstarbench-social-20traces.json")}));
  REQUIRE(app.wait_idle(60000));
  CHECK(app.document().report().services.nodes.size() == 12);
  for (const auto& m : app.messages()) CHECK(m.text.find("bad.json") == std::string::npos);
}

TEST_CASE("edits keep layout positions of unchanged services (warm start)") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  REQUIRE(app.wait_idle(30000));
  const auto before = app.positions();
  const auto d_before = before[static_cast<std::size_t>(app.document().find_node("D"))];
  app.select(static_cast<std::uint32_t>(app.document().find_node("B")), false);
  app.select(static_cast<std::uint32_t>(app.document().find_node("C")), true);
  REQUIRE(app.merge_selected());
  // Until the worker publishes, the warm start is shown: D has not moved at all.
  const auto d_start = app.positions()[static_cast<std::size_t>(app.document().find_node("D"))];
  CHECK(d_start.x == d_before.x);
  CHECK(d_start.y == d_before.y);
  REQUIRE(app.wait_idle(30000));
  const auto d_after = app.positions()[static_cast<std::size_t>(app.document().find_node("D"))];
  CHECK(std::hypot(d_after.x - d_before.x, d_after.y - d_before.y) < 2.0f * gui::kLayoutSpacing);
}

TEST_CASE("simulation compares today with the current partition, reports progress and can be cancelled") {
  const auto graph = test::knot_graph();
  auto merged = model::Partition::observed(*graph);
  merged.merge(0, 1);  // A and B in one process: the a1 -> b1 calls become in-process
  sim::Scenario scenario;
  scenario.duration_s = 5.0;
  scenario.warmup_s = 0.5;
  gui::JobProgress progress;
  const auto result = gui::compare_partitions(*graph, merged, scenario, 2, progress);
  CHECK(result.replications == 2);
  CHECK_FALSE(result.cancelled);
  CHECK(progress.fraction() == doctest::Approx(1.0));
  REQUIRE_FALSE(result.entries.empty());
  CHECK(result.entries[0].requests_before > 0);
  CHECK(result.entries[0].requests_after > 0);
  CHECK(result.remote_calls_per_request.after < result.remote_calls_per_request.before);
  gui::JobProgress cancelled;
  cancelled.request_cancel();
  const auto none = gui::compare_partitions(*graph, merged, scenario, 2, cancelled);
  CHECK(none.cancelled);
  CHECK(none.replications == 0);

  gui::AppModel app;
  app.load_graph(graph, "fixture");
  app.simulation_controls.set_replications(1);
  app.simulation_controls.set_duration(2.0);
  REQUIRE(app.start_simulation());
  while (app.simulating()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  app.tick();
  REQUIRE(app.simulation().has_value());
  CHECK(app.simulation()->replications == 1);
  app.simulation_controls.set_duration(-1.0);  // out of range: no run
  CHECK_FALSE(app.start_simulation());
}

TEST_CASE("the report export writes the analysis atomically and reports failures as messages") {
  gui::AppModel app;
  CHECK_FALSE(app.export_report("/tmp/never-written.md"));  // nothing open
  app.load_graph(test::knot_graph(), "fixture");
  const auto dir = scratch("export");
  REQUIRE(app.export_report((dir / "report.md").string()));
  const auto text = test::read_text((dir / "report.md").string());
  CHECK(text.find("knot") != std::string::npos);
  REQUIRE(app.export_report((dir / "report.json").string()));
  CHECK(test::read_text((dir / "report.json").string()).front() == '{');
  CHECK_FALSE(app.export_report((dir / "missing-folder" / "r.md").string()));
  CHECK(app.messages().back().error);
  CHECK_FALSE(fs::exists(dir / "missing-folder"));
}

TEST_CASE("the file browser lists folders first, navigates and returns selected paths") {
  const auto dir = scratch("browser");
  fs::create_directories(dir / "zeta");
  std::ofstream(dir / "alpha.json") << "{}";
  std::ofstream(dir / "beta.json") << "{}";
  gui::FileBrowser browser;
  REQUIRE(browser.open(dir.string()));
  REQUIRE(browser.entries().size() == 3);
  CHECK(browser.entries()[0].name == "zeta");
  CHECK(browser.entries()[0].directory);
  CHECK(browser.entries()[1].name == "alpha.json");
  browser.toggle(2);
  CHECK(browser.selected_paths() == std::vector<std::string>{(dir / "beta.json").string()});
  REQUIRE(browser.enter("zeta"));
  CHECK(browser.entries().empty());
  REQUIRE(browser.enter(".."));
  CHECK(browser.entries().size() == 3);
  CHECK_FALSE(browser.open((dir / "nope").string()));
  CHECK_FALSE(browser.error().empty());
  CHECK(browser.folder() == fs::weakly_canonical(dir).string());  // unchanged on failure
}
