// Input sets and input windows (provenance.hpp).
#include "model/provenance.hpp"

#include <algorithm>

#include "model/value_ranges.hpp"

namespace nanoscope::model {

void InputSource::observe_window(std::int64_t start_us, std::int64_t end_us) {
  if (end_us < start_us) std::swap(start_us, end_us);
  window_start_us = window_start_us ? std::min(*window_start_us, start_us) : start_us;
  window_end_us = window_end_us ? std::max(*window_end_us, end_us) : end_us;
}

void add_input(InputSet& set, std::uint32_t input) {
  if (!set.empty() && set.back() == input) return;
  auto it = std::lower_bound(set.begin(), set.end(), input);
  if (it == set.end() || *it != input) set.insert(it, input);
}

void add_inputs(InputSet& set, const InputSet& from, std::uint32_t offset) {
  for (const std::uint32_t i : from) add_input(set, i + offset);
}

bool windows_overlap(const InputSource& a, const InputSource& b) {
  if (!a.has_window() || !b.has_window()) return false;
  return *a.window_start_us <= *b.window_end_us && *b.window_start_us <= *a.window_end_us;
}

std::int64_t window_gap_us(const InputSource& a, const InputSource& b) {
  if (!a.has_window() || !b.has_window()) return 0;
  if (*a.window_end_us < *b.window_start_us) return saturating_sub(*b.window_start_us, *a.window_end_us);
  if (*b.window_end_us < *a.window_start_us) return saturating_sub(*a.window_start_us, *b.window_end_us);
  return 0;
}

}  // namespace nanoscope::model
