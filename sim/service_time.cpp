// Construction and sampling of service-time distributions.
#include "sim/service_time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace nanoscope::sim {

ServiceTime ServiceTime::deterministic(double seconds) {
  ServiceTime t;
  t.kind_ = ServiceTimeKind::Deterministic;
  t.mean_ = seconds > 0.0 ? seconds : 0.0;
  return t;
}

ServiceTime ServiceTime::exponential(double mean_seconds) {
  if (!(mean_seconds > 0.0)) return deterministic(0.0);
  ServiceTime t;
  t.kind_ = ServiceTimeKind::Exponential;
  t.mean_ = mean_seconds;
  t.rate_ = 1.0 / mean_seconds;
  return t;
}

ServiceTime ServiceTime::empirical(std::vector<double> samples_seconds) {
  if (samples_seconds.empty()) return deterministic(0.0);
  for (double& v : samples_seconds) v = v > 0.0 ? v : 0.0;
  std::sort(samples_seconds.begin(), samples_seconds.end());
  ServiceTime t;
  t.kind_ = ServiceTimeKind::Empirical;
  t.mean_ = std::accumulate(samples_seconds.begin(), samples_seconds.end(), 0.0) /
            static_cast<double>(samples_seconds.size());
  t.values_ = std::move(samples_seconds);
  return t;
}

ServiceTime ServiceTime::weighted(const std::vector<double>& values_seconds, const std::vector<double>& weights) {
  std::vector<std::pair<double, double>> pairs;
  const std::size_t n = std::min(values_seconds.size(), weights.size());
  for (std::size_t i = 0; i < n; ++i)
    if (weights[i] > 0.0) pairs.emplace_back(values_seconds[i] > 0.0 ? values_seconds[i] : 0.0, weights[i]);
  if (pairs.empty()) return deterministic(0.0);
  std::sort(pairs.begin(), pairs.end());
  ServiceTime t;
  t.kind_ = ServiceTimeKind::Empirical;
  double total = 0.0;
  for (const auto& [v, w] : pairs) total += w;
  double acc = 0.0, mean = 0.0;
  for (const auto& [v, w] : pairs) {
    acc += w / total;
    mean += v * w / total;
    t.values_.push_back(v);
    t.cumulative_.push_back(acc);
  }
  t.cumulative_.back() = 1.0;
  t.mean_ = mean;
  return t;
}

ServiceTime ServiceTime::from_summary(const model::LatencySummary& summary_us) {
  if (summary_us.empty()) return deterministic(0.0);
  std::vector<double> values, weights;
  const auto& buckets = summary_us.buckets();
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (buckets[i] == 0) continue;
    const auto index = summary_us.first_bucket() + static_cast<std::uint32_t>(i);
    // Clamp bucket midpoints to the observed range so the extremes stay exact.
    double v = std::clamp(model::LatencySummary::bucket_value(index), summary_us.min_us(), summary_us.max_us());
    values.push_back(v * 1e-6);
    weights.push_back(static_cast<double>(buckets[i]));
  }
  ServiceTime t = weighted(values, weights);
  if (t.kind_ == ServiceTimeKind::Empirical && t.mean_ > 0.0) {
    // Rescale so the mean is the summary's exact mean rather than the bucketed one.
    const double factor = summary_us.mean_us() * 1e-6 / t.mean_;
    t = t.scaled(factor);
  }
  return t;
}

double ServiceTime::sample_empirical(RngStream& rng) const {
  if (cumulative_.empty()) return values_[rng.below(values_.size())];
  const double u = rng.uniform();
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  if (it == cumulative_.end()) --it;
  return values_[static_cast<std::size_t>(it - cumulative_.begin())];
}

ServiceTime ServiceTime::scaled(double factor) const {
  if (!(factor > 0.0)) return deterministic(0.0);
  ServiceTime t = *this;
  t.mean_ *= factor;
  if (kind_ == ServiceTimeKind::Exponential) t.rate_ = 1.0 / t.mean_;
  for (double& v : t.values_) v *= factor;
  return t;
}

std::string ServiceTime::describe() const {
  switch (kind_) {
    case ServiceTimeKind::Deterministic: return fmt::format("const({:g}s)", mean_);
    case ServiceTimeKind::Exponential: return fmt::format("exp(mean={:g}s)", mean_);
    case ServiceTimeKind::Empirical: return fmt::format("empirical(n={}, mean={:g}s)", values_.size(), mean_);
  }
  return {};
}

}  // namespace nanoscope::sim
