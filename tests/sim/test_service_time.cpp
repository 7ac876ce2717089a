// Service-time distributions: means, empirical resampling, summaries of span self-times.
#include <doctest/doctest.h>

#include "sim/service_time.hpp"

using namespace nanoscope::sim;

TEST_CASE("sim service time: deterministic, exponential and empirical means") {
  RngStream rng(3, 1);
  const auto d = ServiceTime::deterministic(0.25);
  CHECK(d.sample(rng) == 0.25);
  const auto e = ServiceTime::exponential(0.002);
  const auto emp = ServiceTime::empirical({1.0, 2.0, 3.0, -4.0});
  CHECK(emp.mean() == doctest::Approx(1.5));  // negative counts as zero
  double se = 0.0, sm = 0.0;
  int bad = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    se += e.sample(rng);
    const double v = emp.sample(rng);
    bad += !(v == 0.0 || v == 1.0 || v == 2.0 || v == 3.0);
    sm += v;
  }
  CHECK(bad == 0);
  CHECK(se / n == doctest::Approx(0.002).epsilon(0.01));
  CHECK(sm / n == doctest::Approx(1.5).epsilon(0.01));
  CHECK(ServiceTime::exponential(0.0).kind() == ServiceTimeKind::Deterministic);
  CHECK(ServiceTime::empirical({}).mean() == 0.0);
}

TEST_CASE("sim service time: weighted values and latency summaries") {
  RngStream rng(4, 2);
  const auto w = ServiceTime::weighted({1.0, 10.0}, {3.0, 1.0});
  CHECK(w.mean() == doctest::Approx(3.25));
  int tens = 0;
  for (int i = 0; i < 100000; ++i) tens += w.sample(rng) == 10.0;
  CHECK(tens / 100000.0 == doctest::Approx(0.25).epsilon(0.03));

  nanoscope::model::LatencySummary s;
  for (int i = 1; i <= 1000; ++i) s.add(i * 10.0);  // 10 us .. 10 ms
  const auto t = ServiceTime::from_summary(s);
  CHECK(t.kind() == ServiceTimeKind::Empirical);
  CHECK(t.mean() == doctest::Approx(s.mean_us() * 1e-6));
  double lo = 1.0, hi = 0.0;
  for (int i = 0; i < 20000; ++i) {
    const double v = t.sample(rng);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  CHECK(lo >= 9e-6);
  CHECK(hi <= 10.2e-3);
  CHECK(ServiceTime::from_summary({}).mean() == 0.0);
  CHECK(t.scaled(2.0).mean() == doctest::Approx(2.0 * t.mean()));
}
