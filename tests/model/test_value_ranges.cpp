// Saturating arithmetic and the accepted ranges (model/value_ranges.hpp), and CallGraph::merge
// adding counts without wrapping.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "model/call_graph.hpp"
#include "model/value_ranges.hpp"

using namespace nanoscope::model;

TEST_CASE("value ranges: saturating add and subtract clamp at the type's limits") {
  constexpr auto max64 = std::numeric_limits<std::int64_t>::max();
  constexpr auto min64 = std::numeric_limits<std::int64_t>::min();
  CHECK(saturating_add<std::int64_t>(9223372036854775000, 100000) == max64);  // issue 17's span
  CHECK(saturating_add<std::int64_t>(min64, -1) == min64);
  CHECK(saturating_add<std::int64_t>(40, 2) == 42);
  CHECK(saturating_sub<std::int64_t>(max64, -1) == max64);
  CHECK(saturating_sub<std::int64_t>(min64, 1) == min64);
  CHECK(saturating_sub<std::int64_t>(-40, 2) == -42);
  CHECK(saturating_add<std::uint64_t>(std::numeric_limits<std::uint64_t>::max(), 1) ==
        std::numeric_limits<std::uint64_t>::max());
  CHECK(saturating_sub<std::uint64_t>(1, 2) == 0);
  std::uint64_t n = std::numeric_limits<std::uint64_t>::max() - 1;
  add_saturating(n, std::uint64_t{5});
  CHECK(n == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("value ranges: bounds are inclusive and keep start + duration inside int64") {
  CHECK(timestamp_in_range(0));
  CHECK(timestamp_in_range(kMaxTimestampUs));
  CHECK_FALSE(timestamp_in_range(-1));
  CHECK_FALSE(timestamp_in_range(kMaxTimestampUs + 1));
  CHECK(duration_in_range(std::int64_t{0}));
  CHECK_FALSE(duration_in_range(std::int64_t{-1}));
  CHECK_FALSE(duration_in_range(std::numeric_limits<double>::quiet_NaN()));
  CHECK_FALSE(duration_in_range(-0.5));
  CHECK(duration_in_range(1.5));
  std::int64_t end = 0;
  CHECK_FALSE(__builtin_add_overflow(kMaxTimestampUs, kMaxDurationUs, &end));
}

TEST_CASE("value ranges: merging graphs saturates counts and the window length never goes negative") {
  CallGraph a, b;
  const auto ea = a.add_edge(a.add_operation(a.add_service("x"), "op"), a.add_operation(a.add_service("y"), "op"),
                             InteractionKind::Sync);
  a.edge(ea).calls = std::numeric_limits<std::uint64_t>::max() - 3;
  a.trace_count = std::numeric_limits<std::uint64_t>::max();
  const auto eb = b.add_edge(b.add_operation(b.add_service("x"), "op"), b.add_operation(b.add_service("y"), "op"),
                             InteractionKind::Sync);
  b.edge(eb).calls = 10;
  b.trace_count = 1;
  a.observe_window(std::numeric_limits<std::int64_t>::min(), 0);
  b.observe_window(0, std::numeric_limits<std::int64_t>::max());
  a.merge(b);
  CHECK(a.edge(ea).calls == std::numeric_limits<std::uint64_t>::max());
  CHECK(a.trace_count == std::numeric_limits<std::uint64_t>::max());
  CHECK(a.window_seconds() > 0);
  // Adjacency lists follow the edges, in id order.
  REQUIRE(a.out_edges(a.edge(ea).from).size() == 1);
  CHECK(a.out_edges(a.edge(ea).from)[0] == ea);
  CHECK(a.in_edges(a.edge(ea).to)[0] == ea);
  CHECK(a.in_edges(a.edge(ea).from).empty());
}
