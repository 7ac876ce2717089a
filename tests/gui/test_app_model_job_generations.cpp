// AppModel's jobs across documents: a job of the previous graph never shows in the new one,
// a cancel stops an import promptly, and destroying the model while jobs run returns promptly.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "bench/generated_graph.hpp"
#include "gui/viewmodel/app_model.hpp"
#include "gui_fixture.hpp"
#include "support/big_inputs.hpp"
#include "support/job_timing.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

std::shared_ptr<const model::CallGraph> generated_graph(std::uint32_t services, std::uint64_t edges) {
  return std::make_shared<const model::CallGraph>(bench::to_call_graph(services, bench::generate_edges(services, edges, 11)));
}

/// Ticks `app` until `done()` or `timeout_ms`; false on timeout.
template <class F>
bool tick_until(gui::AppModel& app, F done, int timeout_ms = 60000) {
  const auto start = test::Clock::now();
  while (!done()) {
    if (test::ms_since(start) > timeout_ms) return false;
    app.tick();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// Starts the panel's simulation with `replications` runs of `duration_s` simulated seconds.
bool start_simulation(gui::AppModel& app, int replications, double duration_s) {
  app.simulation_controls.set_replications(replications);
  app.simulation_controls.set_duration(duration_s);
  return app.start_simulation();
}

}  // namespace

TEST_CASE("opening graph B while a simulation of graph A runs never shows A's entries in B's panel") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "A");
  REQUIRE(start_simulation(app, 1, 2.0));  // short: it may well end before B is installed
  app.load_graph(generated_graph(50, 120), "B");
  CHECK_FALSE(app.simulating());
  // Give A's run every chance to end and be (wrongly) taken.
  bool shown = false;
  for (int i = 0; i < 100; ++i) {
    app.tick();
    shown = shown || app.simulation().has_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  CHECK_FALSE(shown);

  REQUIRE(start_simulation(app, 1, 2.0));
  REQUIRE(tick_until(app, [&] { return app.simulation().has_value(); }));
  REQUIRE_FALSE(app.simulation()->entries.empty());
  for (const auto& e : app.simulation()->entries) {
    CAPTURE(e.operation);
    CHECK(e.operation.rfind("s", 0) == 0);  // B's services are s0, s1 ...; A's are A, B, C, D
  }
}

TEST_CASE("cancelling an import of a big file ends it promptly and keeps the open document") {
  const auto dir = test::fresh_temp_dir("gui-import-cancel");
  const auto path = (dir / "big.json").string();
  test::write_jaeger_chains(path, 40000, 1200);
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  REQUIRE(app.open({path}));
  // Past the reading of the file (not cancellable, docs/performance.md), amid its spans.
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  REQUIRE_MESSAGE(app.importing(), "the import ended within 250 ms: the input is too small to test a cancel");
  const auto t = test::Clock::now();
  app.cancel_import();
  REQUIRE(tick_until(app, [&] { return !app.importing(); }));
  const double latency = test::ms_since(t);
  MESSAGE("GUI import cancel latency: ", latency, " ms");
  CHECK(latency < test::kPromptCancelMs);
  app.tick();
  CHECK(app.document().find_node("A") >= 0);  // the fixture is still open
  REQUIRE_FALSE(app.messages().empty());
  CHECK(app.messages().back().text == "import cancelled");
  CHECK_FALSE(app.messages().back().error);
  std::filesystem::remove_all(dir);
}

TEST_CASE("destroying the app model while its jobs run returns promptly") {
  auto app = std::make_unique<gui::AppModel>();
  app->load_graph(generated_graph(1000, 3000), "big");
  REQUIRE(start_simulation(*app, 3, 3600.0));
  if (!app->economics.eras().empty()) {
    CHECK(app->economics.start());
    app->pricing.request(app->economics.eras().back(), app->document().partition());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(app->simulating());
  const auto t = test::Clock::now();
  app.reset();
  const double latency = test::ms_since(t);
  MESSAGE("AppModel destruction with running jobs: ", latency, " ms");
  CHECK(latency < test::kPromptCancelMs);
}
