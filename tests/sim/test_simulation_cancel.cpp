// Cancelling a simulation: the engine checks its token every 4096 events and throws the typed
// model::Cancelled; a long run of a big generated graph ends promptly after a cancel.
#include <doctest/doctest.h>

#include "bench/generated_graph.hpp"
#include "model/partition.hpp"
#include "sim/engine.hpp"
#include "sim/graph_simulation.hpp"
#include "support/job_timing.hpp"

using namespace nanoscope;

namespace {

/// Reschedules itself forever and counts its events.
struct Ticker : sim::EventHandler {
  std::uint64_t events = 0;
  void on_event(sim::Engine& engine, const sim::Event&) override {
    ++events;
    engine.schedule_in(1.0, 0);
  }
};

}  // namespace

TEST_CASE("the engine stops within 4096 events of a cancel, with Cancelled") {
  sim::Engine engine;
  Ticker ticker;
  engine.add_handler(ticker);
  engine.schedule_in(0.0, 0);
  const auto token = model::CancelToken::make();
  engine.set_cancel(token);
  CHECK(engine.run_until(10000.0) > 0);  // not cancelled: runs to the end
  const auto before = ticker.events;
  token.request();
  CHECK_THROWS_AS(engine.run_until(1e9), model::Cancelled);
  CHECK(ticker.events - before <= 4096);
}

TEST_CASE("a cancel in the middle of a long simulation of 1,000 services ends it promptly") {
  const auto graph = bench::to_call_graph(1000, bench::generate_edges(1000, 3000, 7));
  sim::Scenario scenario;
  scenario.duration_s = 3600.0;  // far longer than the test: only the cancel can end it in time
  scenario.warmup_s = 0.0;
  const auto token = model::CancelToken::make();
  const auto started = test::Clock::now();
  test::DelayedCancel cancel(token, 100);
  bool cancelled = false;
  try {
    (void)sim::simulate_graph(graph, model::Partition::observed(graph), scenario, {}, token);
  } catch (const model::Cancelled&) {
    cancelled = true;
  }
  const auto ended = test::Clock::now();
  REQUIRE_MESSAGE(cancelled, "the run ended before the cancel, after ", test::ms_since(started), " ms");
  const double latency = std::chrono::duration<double, std::milli>(ended - cancel.requested_at()).count();
  MESSAGE("simulation cancel latency: ", latency, " ms");
  CHECK(latency < test::kPromptCancelMs);
}
