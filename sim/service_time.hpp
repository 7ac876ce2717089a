// Service-time distributions for stations and operations: deterministic, exponential and
// empirical (from samples or from a model::LatencySummary histogram of span self-times).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/latency_summary.hpp"
#include "sim/rng.hpp"

namespace nanoscope::sim {

/// Which family a ServiceTime draws from.
enum class ServiceTimeKind { Deterministic, Exponential, Empirical };

/// A service-time distribution in seconds. Small value type; sampling never allocates.
class ServiceTime {
 public:
  /// Always `seconds`.
  [[nodiscard]] static ServiceTime deterministic(double seconds);
  /// Exponential with the given mean (seconds > 0).
  [[nodiscard]] static ServiceTime exponential(double mean_seconds);
  /// Resamples the given values (seconds; negative values count as zero) with equal weight.
  /// An empty list gives a zero service time.
  [[nodiscard]] static ServiceTime empirical(std::vector<double> samples_seconds);
  /// Values with weights (both the same length; non-positive weights are ignored).
  [[nodiscard]] static ServiceTime weighted(const std::vector<double>& values_seconds,
                                            const std::vector<double>& weights);
  /// Empirical distribution of a latency histogram (microseconds), bucket midpoints as values.
  /// An empty summary gives a zero service time.
  [[nodiscard]] static ServiceTime from_summary(const model::LatencySummary& summary_us);

  /// One draw, in seconds.
  double sample(RngStream& rng) const {
    switch (kind_) {
      case ServiceTimeKind::Deterministic: return mean_;
      case ServiceTimeKind::Exponential: return rng.exponential(rate_);
      case ServiceTimeKind::Empirical: return sample_empirical(rng);
    }
    return mean_;
  }

  /// Mean of the distribution in seconds.
  [[nodiscard]] double mean() const { return mean_; }
  [[nodiscard]] ServiceTimeKind kind() const { return kind_; }
  /// The same distribution scaled by `factor` (>= 0), e.g. to model a faster CPU.
  [[nodiscard]] ServiceTime scaled(double factor) const;
  /// Short description such as "exp(mean=0.001s)".
  [[nodiscard]] std::string describe() const;

 private:
  double sample_empirical(RngStream& rng) const;

  ServiceTimeKind kind_ = ServiceTimeKind::Deterministic;
  double mean_ = 0.0;
  double rate_ = 0.0;
  std::vector<double> values_;      // empirical: sorted values
  std::vector<double> cumulative_;  // empirical: cumulative weights normalised to 1 (weighted only)
};

}  // namespace nanoscope::sim
