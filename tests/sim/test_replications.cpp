// Replications: independence from the thread count, seeds per replication, t intervals.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/replications.hpp"

#include <boost/math/distributions/students_t.hpp>

using namespace nanoscope;

namespace {

model::CallGraph two_tier() {
  model::CallGraph g;
  const auto a = g.add_operation(g.add_service("api"), "GET /items");
  const auto b = g.add_operation(g.add_service("store"), "read");
  auto& oa = g.operation(a);
  oa.invocations = oa.entry_count = 50;
  for (int i = 0; i < 50; ++i) oa.self_time.add(800.0 + i * 10.0);
  auto& ob = g.operation(b);
  ob.invocations = 150;
  for (int i = 0; i < 150; ++i) ob.self_time.add(300.0 + i);
  auto& e = g.edge(g.add_edge(a, b, model::InteractionKind::Sync));
  e.calls = 150;  // 3 per request
  e.traces = 50;
  g.observe_window(0, 1'000'000);  // 50 requests/s
  return g;
}

}  // namespace

TEST_CASE("sim replications: Student t interval of a small sample") {
  const auto e = sim::estimate({1.0, 2.0, 3.0});
  CHECK(e.mean == doctest::Approx(2.0));
  CHECK(e.half_width_95 == doctest::Approx(4.302653 / std::sqrt(3.0)));  // t(0.975, 2 dof)
  CHECK(e.samples == 3);
  // 3 degrees of freedom: 3.182446 (the old hand-typed table said 2.182, 31% too narrow);
  // the sample 0, 2, 4, 6 has standard deviation sqrt(20/3).
  CHECK(sim::estimate({0.0, 2.0, 4.0, 6.0}).half_width_95 == doctest::Approx(3.182446 * std::sqrt(20.0 / 3.0) / 2.0));
  // 60 degrees of freedom: 2.000298, not the normal 1.96.
  std::vector<double> many(61);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<double>(i % 2);
  const auto wide = sim::estimate(many);
  double ss = 0.0;
  for (const double v : many) ss += (v - wide.mean) * (v - wide.mean);
  CHECK(wide.half_width_95 == doctest::Approx(2.000298 * std::sqrt(ss / 60.0) / std::sqrt(61.0)));
  CHECK(sim::estimate({5.0}).half_width_95 == 0.0);
  CHECK(sim::estimate({}).samples == 0);
}

TEST_CASE("sim replications: the t quantile is Boost.Math's students_t") {
  CHECK(sim::t_quantile_95(0) == 0.0);
  for (const std::uint32_t dof : {1u, 2u, 4u, 9u, 29u, 120u, 10000u}) {
    const boost::math::students_t t(static_cast<double>(dof));
    const double q = sim::t_quantile_95(dof);
    CHECK(q == doctest::Approx(boost::math::quantile(t, 0.975)).epsilon(1e-12));
    CHECK(boost::math::cdf(t, q) == doctest::Approx(0.975).epsilon(1e-12));  // the two-sided 95% point
  }
  CHECK(sim::t_quantile_95(1) == doctest::Approx(12.706205));  // the Cauchy case, by hand: tan(0.475 pi)
  CHECK(sim::t_quantile_95(10000) == doctest::Approx(1.96).epsilon(1e-3));  // tends to the normal
}

TEST_CASE("sim replications: summarise_runs of the same runs gives simulate_replications' summary") {
  const auto g = two_tier();
  const auto p = model::Partition::observed(g);
  sim::Scenario s;
  s.duration_s = 20.0;
  s.warmup_s = 2.0;
  const auto whole = sim::simulate_replications(g, p, s, 3, 1);
  const auto again = sim::summarise_runs(whole.runs);
  REQUIRE(again.entries.size() == whole.entries.size());
  CHECK(again.entries[0].p99_ms.mean == whole.entries[0].p99_ms.mean);
  CHECK(again.entries[0].p99_ms.half_width_95 == whole.entries[0].p99_ms.half_width_95);
  CHECK(again.remote_calls.mean == whole.remote_calls.mean);
  CHECK(again.events == whole.events);
  CHECK(sim::summarise_runs({}).entries.empty());
}

TEST_CASE("sim replications: results do not depend on the thread count") {
  const auto g = two_tier();
  const auto p = model::Partition::observed(g);
  sim::Scenario s;
  s.duration_s = 60.0;
  s.warmup_s = 2.0;
  s.seed = 40;
  std::uint32_t calls = 0, last_total = 0;
  const auto one = sim::simulate_replications(g, p, s, 4, 1);
  const auto two = sim::simulate_replications(g, p, s, 4, 2, [&](double done, std::uint32_t total) {
    ++calls;
    CHECK(done <= total);
    last_total = total;
  });
  CHECK(calls > 4);  // within runs too
  CHECK(last_total == 4);
  REQUIRE(one.runs.size() == 4);
  REQUIRE(one.entries.size() == 1);
  CHECK(one.entries[0].operation == "api/GET /items");
  CHECK(one.entries[0].mean_ms.mean == two.entries[0].mean_ms.mean);
  CHECK(one.entries[0].p99_ms.half_width_95 == two.entries[0].p99_ms.half_width_95);
  CHECK(one.events == two.events);
  CHECK(one.entries[0].mean_ms.samples == 4);
  CHECK(one.entries[0].mean_ms.half_width_95 > 0.0);
  CHECK(one.entries[0].p50_ms.mean <= one.entries[0].p99_ms.mean);
  // Replication i is the single run with seed + i.
  s.seed = 42;
  const auto single = sim::simulate_graph(g, p, s);
  CHECK(single.entries[0].latency_us.sum_us() == one.runs[2].entries[0].latency_us.sum_us());
  CHECK(one.remote_calls.mean == doctest::Approx(3.0 * 60.0 * 50.0).epsilon(0.05));  // 3 calls x 50/s x 60 s
}

TEST_CASE("sim replications: progress grows to the total and leaves results unchanged") {
  const auto g = two_tier();
  const auto p = model::Partition::observed(g);
  sim::Scenario s;
  s.duration_s = 30.0;
  std::vector<double> seen;
  const auto with = sim::simulate_replications(g, p, s, 3, 2, [&](double done, std::uint32_t total) {
    CHECK(total == 3);
    seen.push_back(done);
  });
  const auto without = sim::simulate_replications(g, p, s, 3, 2);
  REQUIRE(seen.size() > 3);
  CHECK(seen.back() == doctest::Approx(3.0));
  for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(with.runs[i].events == without.runs[i].events);
    CHECK(with.runs[i].entries[0].latency_us.mean_us() == without.runs[i].entries[0].latency_us.mean_us());
  }
}
