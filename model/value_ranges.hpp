// The ranges of the numbers records bring into the model (times and durations in microseconds)
// and saturating arithmetic for sums that could otherwise overflow. The graph builder
// (importers/graph_builder.cpp) checks every record against these ranges and reports what it
// drops; code that adds counts or times uses saturating_add so no input makes a signed overflow.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

namespace nanoscope::model {

/// Earliest timestamp accepted: the Unix epoch. Tracers stamp spans with the wall clock, so an
/// earlier time is a broken clock or a unit mix-up.
inline constexpr std::int64_t kMinTimestampUs = 0;
/// Latest timestamp accepted: 9999-12-31T23:59:59.999999Z in microseconds since the epoch.
inline constexpr std::int64_t kMaxTimestampUs = 253'402'300'799'999'999;
/// Longest duration accepted: the whole timestamp range. Both bounds together keep
/// start + duration (at most 2 * kMaxTimestampUs) far from overflowing int64.
inline constexpr std::int64_t kMaxDurationUs = kMaxTimestampUs;

[[nodiscard]] constexpr bool timestamp_in_range(std::int64_t us) {
  return us >= kMinTimestampUs && us <= kMaxTimestampUs;
}
[[nodiscard]] constexpr bool duration_in_range(std::int64_t us) { return us >= 0 && us <= kMaxDurationUs; }
/// A duration given as a floating-point number of microseconds (NaN is out of range).
[[nodiscard]] constexpr bool duration_in_range(double us) {
  return us >= 0.0 && us <= static_cast<double>(kMaxDurationUs);
}

/// a + b, clamped to T's range instead of overflowing.
template <class T>
  requires std::is_integral_v<T>
[[nodiscard]] constexpr T saturating_add(T a, T b) {
  T sum{};
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  if constexpr (std::is_signed_v<T>) {
    if (b < 0) return std::numeric_limits<T>::min();
  }
  return std::numeric_limits<T>::max();
}

/// a - b, clamped to T's range instead of overflowing.
template <class T>
  requires std::is_integral_v<T>
[[nodiscard]] constexpr T saturating_sub(T a, T b) {
  T difference{};
  if (!__builtin_sub_overflow(a, b, &difference)) return difference;
  if constexpr (std::is_signed_v<T>) {
    if (b < 0) return std::numeric_limits<T>::max();
  }
  return std::numeric_limits<T>::min();
}

/// into += value, saturating (for counters: calls, errors, traces, invocations).
template <class T>
  requires std::is_integral_v<T>
constexpr void add_saturating(T& into, T value) {
  into = saturating_add(into, value);
}

}  // namespace nanoscope::model
