// Cancelling pricing: build_whatif (the GUI's pricing of the current partition) and sweep_era
// (its economics view) throw the typed model::Cancelled promptly on a big generated graph.
#include <doctest/doctest.h>

#include "bench/generated_graph.hpp"
#include "economics/granularity.hpp"
#include "economics/report.hpp"
#include "economics/sweep.hpp"
#include "economics_test_support.hpp"
#include "support/job_timing.hpp"

using namespace nanoscope;

namespace {

/// Runs `work` (which repeats until cancelled), cancelling `token` after `delay_ms`; the time
/// from the cancel to Cancelled, or a negative value when the work ended on its own.
template <class Work>
double cancel_latency_ms(const model::CancelToken& token, int delay_ms, Work work) {
  test::DelayedCancel cancel(token, delay_ms);
  try {
    work();
  } catch (const model::Cancelled&) {
    const auto ended = test::Clock::now();
    return std::chrono::duration<double, std::milli>(ended - cancel.requested_at()).count();
  }
  return -1.0;
}

}  // namespace

TEST_CASE("pricing a partition and sweeping the levels of 1,000 services stop promptly when cancelled") {
  const auto graph = bench::to_call_graph(1000, bench::generate_edges(1000, 3000, 7));
  const auto eras = test::bundled_eras();
  REQUIRE_FALSE(eras.empty());
  const auto& era = eras.back();
  const auto observed = model::Partition::observed(graph);

  const auto pre = model::CancelToken::make();
  pre.request();
  CHECK_THROWS_AS((void)economics::build_whatif(graph, observed, observed, {era}, "none", "", 0, pre), model::Cancelled);

  for (int delay : {20, 150}) {
    CAPTURE(delay);
    const auto token = model::CancelToken::make();
    // Priced again and again until the cancel lands, so a fast machine cannot finish first.
    const double whatif = cancel_latency_ms(token, delay, [&] {
      for (;;) (void)economics::build_whatif(graph, observed, observed, {era}, "none", "", 0, token);
    });
    MESSAGE("pricing cancel latency: ", whatif, " ms (cancel after ", delay, " ms)");
    REQUIRE(whatif >= 0.0);
    CHECK(whatif < test::kPromptCancelMs);
  }

  const auto levels = economics::granularity_levels(graph);
  economics::SweepOptions options;
  options.cancel = model::CancelToken::make();
  const double sweep = cancel_latency_ms(options.cancel, 300, [&] {
    for (;;) (void)economics::sweep_era(graph, levels, era, options);
  });
  MESSAGE("sweep cancel latency: ", sweep, " ms");
  REQUIRE(sweep >= 0.0);
  CHECK(sweep < test::kPromptCancelMs);
}
