// Time intervals of a caller's calls, shared by the span path (trace_assembly.cpp) and the
// call tables (deathstarbench_callgraph.cpp): how much of the caller's time they cover (the
// union, so overlapping calls count once: self time, session detection), and the one rule for
// "these two sibling calls ran in parallel": two synchronous calls of one caller overlap in
// time by more than a tenth of the shorter one. A sliver of overlap (clock skew, back-to-back
// calls) is not parallelism.
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace nanoscope::importers {

/// Length of the union of `intervals` ([start, end) pairs; sorted in place) and the number of
/// disjoint runs it forms.
template <typename T>
struct Coverage {
  T covered{};
  std::size_t runs = 0;
};
template <typename T>
[[nodiscard]] Coverage<T> union_coverage(std::vector<std::pair<T, T>>& intervals) {
  std::sort(intervals.begin(), intervals.end());
  Coverage<T> c;
  for (std::size_t k = 0; k < intervals.size(); ++c.runs) {
    const T run_a = intervals[k].first;
    T run_b = intervals[k].second;
    for (++k; k < intervals.size() && intervals[k].first <= run_b; ++k) run_b = std::max(run_b, intervals[k].second);
    c.covered += run_b - run_a;
  }
  return c;
}

/// Whether calls [a_start, a_start + a_duration) and [b_start, b_start + b_duration), with
/// a_start <= b_start, ran in parallel. Works for integer and floating-point times.
template <typename T>
[[nodiscard]] bool parallel_overlap(T a_start, T a_duration, T b_start, T b_duration) {
  const T overlap = std::min(a_start + a_duration, b_start + b_duration) - b_start;
  return overlap > T{0} && overlap * 10 > std::min(a_duration, b_duration);
}

/// Marks, among siblings sorted by start, every call that ran in parallel with another:
/// `start(k)`, `duration(k)` give sibling k's times; `mark(k)` is called for each such call
/// (possibly more than once). Each call is compared with the earlier sibling reaching furthest.
template <typename Start, typename Duration, typename Mark>
void mark_parallel_siblings(std::size_t n, Start start, Duration duration, Mark mark) {
  if (n < 2) return;
  std::size_t longest = 0;  // the earlier sibling reaching furthest
  for (std::size_t k = 1; k < n; ++k) {
    if (parallel_overlap(start(longest), duration(longest), start(k), duration(k))) {
      mark(longest);
      mark(k);
    }
    if (start(k) + duration(k) > start(longest) + duration(longest)) longest = k;
  }
}

}  // namespace nanoscope::importers
