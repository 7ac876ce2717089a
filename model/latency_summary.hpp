// A mergeable latency summary: count, sum, min, max and a log-bucketed histogram
// good for mean and percentiles (about 1% relative error), in microseconds.
#pragma once

#include <cstdint>
#include <vector>

namespace nanoscope::model {

/// Summary of a set of latency samples in microseconds. Two summaries merge exactly
/// (the histogram buckets are fixed), so per-file and per-edge summaries combine freely.
class LatencySummary {
 public:
  /// Adds `count` samples of `micros` (negative values count as zero).
  void add(double micros, std::uint64_t count = 1);
  /// Adds every sample of another summary.
  void merge(const LatencySummary& other);

  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] bool empty() const { return count_ == 0; }
  [[nodiscard]] double sum_us() const { return sum_; }
  [[nodiscard]] double min_us() const { return count_ ? min_ : 0.0; }
  [[nodiscard]] double max_us() const { return count_ ? max_ : 0.0; }
  [[nodiscard]] double mean_us() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  /// Quantile q in [0,1]; 0 for an empty summary. Exact at q=0 and q=1.
  [[nodiscard]] double quantile_us(double q) const;

  /// Index of the histogram bucket holding `micros`; bucket i covers [kBase^(i-1), kBase^i).
  [[nodiscard]] static std::uint32_t bucket_of(double micros);
  /// Representative value of bucket i (its geometric midpoint).
  [[nodiscard]] static double bucket_value(std::uint32_t index);
  static constexpr double kBase = 1.02;

  /// First bucket index held and the counts from there on (for serialisation).
  [[nodiscard]] std::uint32_t first_bucket() const { return first_; }
  [[nodiscard]] const std::vector<std::uint64_t>& buckets() const { return counts_; }
  /// Rebuilds a summary from its serialised parts; returns false if they are inconsistent.
  [[nodiscard]] static bool restore(std::uint64_t count, double sum, double min, double max,
                                    std::uint32_t first, std::vector<std::uint64_t> buckets,
                                    LatencySummary& out);

 private:
  void add_to_bucket(std::uint32_t index, std::uint64_t count);

  std::uint64_t count_ = 0;
  double sum_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
  std::uint32_t first_ = 0;
  std::vector<std::uint64_t> counts_;
};

}  // namespace nanoscope::model
