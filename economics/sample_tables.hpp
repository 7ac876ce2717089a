// The per-sample figures of priced partitions while a sweep or a what-if runs: one table per
// level (figure x sample), optional per-service tables (service x sample), the era's sample
// points, and pricing one measured partition at every point on worker threads. Each sample
// writes only its own slots, so the tables do not depend on the thread count.
#pragma once

#include <cstddef>
#include <vector>

#include "economics/cost_models.hpp"
#include "economics/era.hpp"
#include "economics/sweep.hpp"

namespace nanoscope::economics::detail {

/// The figures a level keeps per sample (LevelResult's bands, in this order).
enum Figure : std::size_t {
  kNetwork, kOperational, kDevelopment, kDesign, kOverhead, kUtility, kNet, kScaling, kIsolation, kDeployability,
  kVerifiability, kHours, kMedianRatio, kShareAbove, kFigures
};

/// Per-sample figures of one level, figure-major.
class SampleTable {
 public:
  explicit SampleTable(std::size_t samples) : samples_(samples), v_(kFigures * samples) {}
  /// Records sample `s`.
  void set(std::size_t s, const Evaluation& e);
  /// One figure at every sample.
  [[nodiscard]] std::vector<double> column(Figure f) const;
  /// Sets the level's bands.
  void fill(LevelResult& r) const;
  /// The money figures per sample.
  [[nodiscard]] SampleFigures figures() const;
  /// One figure at one sample (for the byte form, unit_bytes.hpp).
  [[nodiscard]] double at(std::size_t figure, std::size_t s) const { return v_[figure * samples_ + s]; }
  void set_at(std::size_t figure, std::size_t s, double value) { v_[figure * samples_ + s] = value; }

 private:
  std::size_t samples_;
  std::vector<double> v_;
};

/// Per-service overhead, utility and ratio at every sample, service-major.
class ServiceTable {
 public:
  ServiceTable(std::size_t services, std::size_t samples)
      : samples_(samples), over_(services * samples), util_(services * samples), ratio_(services * samples) {}
  /// Records sample `s`.
  void set(std::size_t s, const Evaluation& e);
  /// Sets the level's per-service bands (on `threads` workers).
  void fill(LevelResult& r, unsigned threads) const;
  [[nodiscard]] std::size_t services() const { return samples_ ? over_.size() / samples_ : 0; }
  /// Overhead, utility and ratio (kind 0, 1, 2) of service i at sample s (for the byte form).
  [[nodiscard]] double at(std::size_t kind, std::size_t i, std::size_t s) const { return column(kind)[i * samples_ + s]; }
  void set_at(std::size_t kind, std::size_t i, std::size_t s, double value) {
    column(kind)[i * samples_ + s] = value;
  }

 private:
  [[nodiscard]] const std::vector<double>& column(std::size_t kind) const {
    return kind == 0 ? over_ : kind == 1 ? util_ : ratio_;
  }
  [[nodiscard]] std::vector<double>& column(std::size_t kind) { return kind == 0 ? over_ : kind == 1 ? util_ : ratio_; }
  std::size_t samples_;
  std::vector<double> over_, util_, ratio_;
};

/// The era's Monte-Carlo points, sample 0 first.
[[nodiscard]] std::vector<ParamValues> sample_points(const Era& era);

/// Prices `m` at every point (one unit of work per sample) into `table` and, when given, `services`.
void price_samples(const PartitionMeasures& m, const PartitionMeasures& reference, const std::vector<ParamValues>& points,
                   unsigned threads, SampleTable* table, ServiceTable* services);

}  // namespace nanoscope::economics::detail
