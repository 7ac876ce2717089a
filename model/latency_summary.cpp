// Log-bucketed latency histogram: fixed bucket edges at powers of 1.02 so merging is exact.
#include "model/latency_summary.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nanoscope::model {
namespace {
const double kLogBase = std::log(LatencySummary::kBase);
constexpr std::uint32_t kMaxBucket = 4000;  // 1.02^4000 µs is far beyond any real latency
}  // namespace

std::uint32_t LatencySummary::bucket_of(double micros) {
  if (!(micros >= 1.0)) return 0;  // also catches NaN
  double index = std::floor(std::log(micros) / kLogBase) + 1.0;
  return static_cast<std::uint32_t>(std::min(index, static_cast<double>(kMaxBucket)));
}

double LatencySummary::bucket_value(std::uint32_t index) {
  if (index == 0) return 0.5;
  return std::exp((static_cast<double>(index) - 0.5) * kLogBase);
}

void LatencySummary::add_to_bucket(std::uint32_t index, std::uint64_t count) {
  if (counts_.empty()) {
    first_ = index;
    counts_.assign(1, 0);
  } else if (index < first_) {
    counts_.insert(counts_.begin(), first_ - index, 0);
    first_ = index;
  } else if (index >= first_ + counts_.size()) {
    counts_.resize(index - first_ + 1, 0);
  }
  counts_[index - first_] += count;
}

void LatencySummary::add(double micros, std::uint64_t count) {
  if (count == 0) return;
  if (!(micros > 0.0)) micros = 0.0;
  if (count_ == 0) {
    min_ = max_ = micros;
  } else {
    min_ = std::min(min_, micros);
    max_ = std::max(max_, micros);
  }
  count_ += count;
  sum_ += micros * static_cast<double>(count);
  add_to_bucket(bucket_of(micros), count);
}

void LatencySummary::merge(const LatencySummary& other) {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
  for (std::size_t i = 0; i < other.counts_.size(); ++i)
    if (other.counts_[i]) add_to_bucket(other.first_ + static_cast<std::uint32_t>(i), other.counts_[i]);
}

double LatencySummary::quantile_us(double q) const {
  if (count_ == 0) return 0.0;
  if (q <= 0.0) return min_;
  if (q >= 1.0) return max_;
  // Rank of the sample (1-based, nearest-rank definition).
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::max<std::uint64_t>(rank, 1);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      double v = bucket_value(first_ + static_cast<std::uint32_t>(i));
      return std::clamp(v, min_, max_);
    }
  }
  return max_;
}

bool LatencySummary::restore(std::uint64_t count, double sum, double min, double max,
                             std::uint32_t first, std::vector<std::uint64_t> buckets,
                             LatencySummary& out) {
  std::uint64_t total = std::accumulate(buckets.begin(), buckets.end(), std::uint64_t{0});
  if (total != count || min > max || min < 0 || first + buckets.size() > kMaxBucket + 1) return false;
  out = LatencySummary{};
  if (count == 0) return true;
  out.count_ = count;
  out.sum_ = sum;
  out.min_ = min;
  out.max_ = max;
  out.first_ = first;
  out.counts_ = std::move(buckets);
  return true;
}

}  // namespace nanoscope::model
