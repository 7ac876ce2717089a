// The significance tests of `nanoscope diff`, on Boost.Math's binomial and normal distributions.
#include "session/diff_statistics.hpp"

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>

namespace nanoscope::session {
namespace {

// Double precision throughout: Boost's default promotes to long double, which made the tests
// of a 20,000-service diff (58,000 edges) take half a second; double is ample for p-values.
using Fast = boost::math::policies::policy<boost::math::policies::promote_float<false>,
                                           boost::math::policies::promote_double<false>>;
using Binomial = boost::math::binomial_distribution<double, Fast>;
using Normal = boost::math::normal_distribution<double, Fast>;

// Below this many samples the order-statistic ranks come from the exact binomial; above it the
// normal approximation is within a rank or two and costs nothing (a 20,000-service diff asks
// for hundreds of thousands of intervals).
constexpr std::uint64_t kExactRanksBelow = 1000;

// The value of the sample of 1-based `rank` (clamped to 1..n) in the histogram.
double value_at_rank(const model::LatencySummary& s, double rank) {
  const auto n = static_cast<double>(s.count());
  const double r = std::clamp(std::round(rank), 1.0, n);
  return s.quantile_us((r - 0.5) / n);
}

}  // namespace

double poisson_rate_p_value(std::uint64_t k1, double t1, std::uint64_t k2, double t2) {
  const std::uint64_t n = k1 + k2;
  if (n == 0 || !(t1 > 0.0) || !(t2 > 0.0)) return 1.0;
  const double p = t2 / (t1 + t2);
  const Binomial b(static_cast<double>(n), p);
  const auto k = static_cast<double>(k2);
  const double lower = boost::math::cdf(b, k);                                  // P(X <= k2)
  const double upper = k2 == 0 ? 1.0 : boost::math::cdf(boost::math::complement(b, k - 1.0));  // P(X >= k2)
  return std::min(1.0, 2.0 * std::min(lower, upper));
}

double two_proportion_p_value(std::uint64_t x1, std::uint64_t n1, std::uint64_t x2, std::uint64_t n2) {
  if (n1 == 0 || n2 == 0) return 1.0;
  const auto a = static_cast<double>(n1), b = static_cast<double>(n2);
  const double p1 = static_cast<double>(x1) / a, p2 = static_cast<double>(x2) / b;
  const double pooled = (static_cast<double>(x1) + static_cast<double>(x2)) / (a + b);
  if (pooled <= 0.0 || pooled >= 1.0) return 1.0;
  const double se = std::sqrt(pooled * (1.0 - pooled) * (1.0 / a + 1.0 / b));
  const double z = std::abs(p1 - p2) / se;
  return std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(Normal(), z)));
}

QuantileInterval quantile_interval(const model::LatencySummary& summary, double q, double confidence) {
  QuantileInterval out;
  if (summary.empty()) return out;
  const std::uint64_t n = summary.count();
  const double tail = (1.0 - confidence) / 2.0;
  double low_rank = 0.0, high_rank = 0.0;
  if (n < kExactRanksBelow) {
    const Binomial b(static_cast<double>(n), q);
    low_rank = boost::math::quantile(b, tail);
    high_rank = boost::math::quantile(boost::math::complement(b, tail)) + 1.0;
  } else {
    const double z = boost::math::quantile(boost::math::complement(Normal(), tail));
    const double mean = static_cast<double>(n) * q;
    const double sd = std::sqrt(static_cast<double>(n) * q * (1.0 - q));
    low_rank = std::floor(mean - z * sd);
    high_rank = std::ceil(mean + z * sd) + 1.0;
  }
  out.estimate_us = summary.quantile_us(q);
  out.low_us = value_at_rank(summary, low_rank) / model::LatencySummary::kBase;
  out.high_us = value_at_rank(summary, high_rank) * model::LatencySummary::kBase;
  return out;
}

bool quantile_changed(const model::LatencySummary& before, const model::LatencySummary& after, double q,
                      double confidence, std::uint64_t min_samples) {
  if (before.count() < min_samples || after.count() < min_samples) return false;
  const QuantileInterval a = quantile_interval(before, q, confidence);
  const QuantileInterval b = quantile_interval(after, q, confidence);
  return a.high_us < b.low_us || b.high_us < a.low_us;
}

}  // namespace nanoscope::session
