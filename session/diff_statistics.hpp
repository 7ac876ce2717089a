// The significance tests of `nanoscope diff` (docs/diff.md "Statistics"): two counts compared
// as rates over their exposures (conditional binomial test of two Poisson rates), two error
// proportions (two-proportion z test), and whether two latency histograms support a change of
// a percentile (distribution-free order-statistic intervals that do not overlap, widened by the
// histogram's bucket width). Boost.Math gives the distributions.
#pragma once

#include <cstdint>

#include "model/latency_summary.hpp"

namespace nanoscope::session {

/// Two-sided p-value of "k1 events over exposure t1 and k2 over t2 come from one Poisson rate":
/// given n = k1 + k2, k2 is Binomial(n, t2 / (t1 + t2)) under that hypothesis, and the p-value is
/// twice the smaller tail (at most 1). 1 when n is 0 or an exposure is not positive.
[[nodiscard]] double poisson_rate_p_value(std::uint64_t k1, double t1, std::uint64_t k2, double t2);

/// Two-sided p-value of "x1 of n1 and x2 of n2 share one proportion" (pooled two-proportion z
/// test). 1 when either n is 0 or the pooled proportion is 0 or 1 (nothing varies).
[[nodiscard]] double two_proportion_p_value(std::uint64_t x1, std::uint64_t n1, std::uint64_t x2, std::uint64_t n2);

/// A percentile of a latency histogram with its distribution-free confidence interval.
struct QuantileInterval {
  double estimate_us = 0.0;
  double low_us = 0.0;   ///< the order statistic below, one histogram bucket lower
  double high_us = 0.0;  ///< the order statistic above, one histogram bucket higher
};

/// The q-quantile of `summary` and the interval [x_(l), x_(u)] between order statistics whose
/// ranks are Binomial(n, q)'s (1-confidence)/2 and (1+confidence)/2 quantiles (exact below
/// 1,000 samples, normal approximation above), each widened by one histogram bucket
/// (LatencySummary::kBase) so the histogram's rounding never reads as a change.
[[nodiscard]] QuantileInterval quantile_interval(const model::LatencySummary& summary, double q, double confidence);

/// Whether the histograms support a change of the q-quantile: both hold at least
/// `min_samples`, and the two intervals at `confidence` do not overlap.
[[nodiscard]] bool quantile_changed(const model::LatencySummary& before, const model::LatencySummary& after, double q,
                                    double confidence, std::uint64_t min_samples);

}  // namespace nanoscope::session
