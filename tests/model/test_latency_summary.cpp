// LatencySummary: exact count/sum/min/max, ~1% quantiles, exact merge.
#include <doctest/doctest.h>

#include <random>

#include "model/latency_summary.hpp"

using nanoscope::model::LatencySummary;

TEST_CASE("latency summary: quantiles within bucket precision") {
  LatencySummary s;
  for (int i = 1; i <= 10000; ++i) s.add(i);
  CHECK(s.count() == 10000);
  CHECK(s.mean_us() == doctest::Approx(5000.5));
  CHECK(s.min_us() == 1);
  CHECK(s.max_us() == 10000);
  CHECK(s.quantile_us(0.5) == doctest::Approx(5000).epsilon(0.011));
  CHECK(s.quantile_us(0.99) == doctest::Approx(9900).epsilon(0.011));
}

TEST_CASE("latency summary: merge equals adding everything to one") {
  std::mt19937_64 rng(7);
  std::exponential_distribution<double> exp(1.0 / 3000.0);
  LatencySummary a, b, all;
  for (int i = 0; i < 5000; ++i) {
    double v = exp(rng);
    (i % 2 ? a : b).add(v);
    all.add(v);
  }
  a.merge(b);
  CHECK(a.count() == all.count());
  CHECK(a.buckets() == all.buckets());
  CHECK(a.first_bucket() == all.first_bucket());
  CHECK(a.quantile_us(0.95) == all.quantile_us(0.95));
}

TEST_CASE("latency summary: restore rejects inconsistent parts") {
  LatencySummary out;
  CHECK_FALSE(LatencySummary::restore(3, 10, 1, 5, 10, {1, 1}, out));
  CHECK(LatencySummary::restore(2, 10, 1, 9, 10, {1, 1}, out));
  CHECK(out.count() == 2);
}
