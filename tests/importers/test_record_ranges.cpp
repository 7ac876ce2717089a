// Range checks where records enter the model (GraphBuilder, model/value_ranges.hpp): times and
// durations outside the accepted ranges are dropped from the record and counted, impossible
// counts are clamped and counted, and nothing overflows or goes negative.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "importers/graph_builder.hpp"
#include "model/value_ranges.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using importers::SpanKind;

namespace {
// The Jaeger span of issue 17: start + duration overflows int64.
constexpr std::int64_t kOverflowingStart = 9223372036854775000;
constexpr std::int64_t kDuration = 100000;
}  // namespace

TEST_CASE("ranges: a span starting near INT64_MAX keeps its duration, loses its start, and is reported") {
  importers::GraphBuilder b;
  b.set_source("overflow.json");
  b.add_span(test::span_record("t1", "1", "", "front", "GET /", kOverflowingStart, kDuration, SpanKind::Server));
  b.add_span(test::span_record("t2", "1", "", "front", "GET /", 1'000'000, 2'000, SpanKind::Server));
  auto g = b.finish();
  CHECK(b.diagnostics().count("timestamp-out-of-range") == 1);
  // The window is the in-range span's alone: [1 s, 1.002 s].
  REQUIRE(g.window_start_us);
  CHECK(*g.window_start_us == 1'000'000);
  CHECK(*g.window_end_us == 1'002'000);
  CHECK(g.window_seconds() == doctest::Approx(0.002));
  const auto op = *g.find_operation(*g.find_service("front"), "GET /");
  CHECK(g.operation(op).invocations == 2);                  // both spans count as calls
  CHECK(g.operation(op).duration.count() == 2);             // and both durations are samples
  CHECK(g.operation(op).duration.max_us() == doctest::Approx(kDuration).epsilon(0.02));
  CHECK(g.operation(op).arrivals_us == std::vector<std::int64_t>{1'000'000});  // no arrival at year 292,000
}

TEST_CASE("ranges: times before the epoch and durations longer than the timestamp range are dropped") {
  importers::GraphBuilder b;
  b.add_span(test::span_record("t1", "1", "", "a", "x", -5, 10, SpanKind::Server));
  b.add_span(test::span_record("t2", "1", "", "a", "x", 0, model::kMaxDurationUs + 1, SpanKind::Server));
  b.add_span(test::span_record("t3", "1", "", "a", "x", model::kMaxTimestampUs, model::kMaxDurationUs,
                               SpanKind::Server));  // both at their bounds: kept
  auto g = b.finish();
  CHECK(b.diagnostics().count("timestamp-out-of-range") == 1);
  CHECK(b.diagnostics().count("duration-out-of-range") == 1);
  REQUIRE(g.window_start_us);
  CHECK(*g.window_start_us == 0);
  CHECK(*g.window_end_us == model::kMaxTimestampUs + model::kMaxDurationUs);
  CHECK(g.window_seconds() > 0);
}

TEST_CASE("ranges: call records: times, latencies and counts") {
  importers::GraphBuilder b;
  b.set_source("calls.csv");
  importers::CallRecord c;
  c.from_service = "a";
  c.to_service = "b";
  c.calls = 10;
  c.errors = 12;          // more errors than calls: clamped to 10
  c.parallel_calls = 11;  // likewise
  c.latency_us = -1.0;    // negative: no sample
  c.timestamp_us = kOverflowingStart;
  b.add_call(c);
  importers::CallRecord d = c;
  d.errors = 1;
  d.parallel_calls = 0;
  d.latency_us = std::numeric_limits<double>::quiet_NaN();
  d.timestamp_us = 5'000'000;
  d.last_timestamp_us = 6'000'000;
  d.calls = std::numeric_limits<std::uint64_t>::max();  // sums saturate instead of wrapping
  b.add_call(d);
  auto g = b.finish();
  CHECK(b.diagnostics().count("count-out-of-range") == 1);
  CHECK(b.diagnostics().count("duration-out-of-range") == 2);
  CHECK(b.diagnostics().count("timestamp-out-of-range") == 1);
  REQUIRE(g.edge_count() == 1);
  const auto& e = g.edge(0);
  CHECK(e.calls == std::numeric_limits<std::uint64_t>::max());
  CHECK(e.errors == 11);
  CHECK(e.parallel_calls == 10);
  CHECK(e.latency.count() == 0);
  REQUIRE(g.window_start_us);
  CHECK(*g.window_start_us == 5'000'000);
  CHECK(*g.window_end_us == 6'000'000);
}
