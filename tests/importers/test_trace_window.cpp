// GraphBuilder with a trace window (`diff --window-split`): traces are kept or left out whole by
// their earliest span start, the window and counts follow the kept ones, traces without a start
// are counted as left out, and records without trace start times are refused naming the file.
#include <doctest/doctest.h>

#include "importers/graph_builder.hpp"
#include "importers/import_error.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using test::span_record;

namespace {

// Traces of front -> back: t1 starting at 1,000 us (calling back/read), t2 at 5,000 us (calling
// back/write), and t3 without any start time.
model::CallGraph build(const std::optional<importers::TraceWindow>& window, model::Diagnostics* diagnostics = nullptr) {
  importers::GraphBuilder b;
  if (window) b.set_trace_window(*window);
  b.set_source("traces.json");
  b.add_span(span_record("t1", "a", "", "front", "get", 1000, 500));
  b.add_span(span_record("t1", "b", "a", "back", "read", 1100, 100));
  b.add_span(span_record("t2", "c", "", "front", "get", 5000, 500));
  b.add_span(span_record("t2", "d", "c", "back", "write", 5100, 100));
  b.add_span(span_record("t3", "e", "", "front", "get", std::nullopt, 500));
  auto g = b.finish();
  if (diagnostics) *diagnostics = b.diagnostics();
  return g;
}

bool has_operation(const model::CallGraph& g, const std::string& service, const std::string& op) {
  const auto s = g.find_service(service);
  return s && g.find_operation(*s, op).has_value();
}

}  // namespace

TEST_CASE("trace window: traces are kept whole by their start; the window follows the kept ones") {
  const auto all = build(std::nullopt);
  CHECK(all.trace_count == 3);

  model::Diagnostics notes;
  const auto early = build(importers::TraceWindow{std::nullopt, 4000}, &notes);
  CHECK(early.trace_count == 1);
  CHECK(has_operation(early, "back", "read"));
  CHECK_FALSE(has_operation(early, "back", "write"));
  REQUIRE(early.window_start_us);
  CHECK(*early.window_start_us == 1000);
  CHECK(*early.window_end_us == 1500);
  bool outside = false, timeless = false;
  for (const auto& d : notes.sorted()) {
    outside = outside || (d.code == "outside-window" && d.count == 1);
    timeless = timeless || (d.code == "trace-without-start" && d.count == 1 && d.severity == model::Severity::Warning);
  }
  CHECK(outside);
  CHECK(timeless);

  const auto late = build(importers::TraceWindow{4000, std::nullopt});
  CHECK(late.trace_count == 1);
  CHECK(has_operation(late, "back", "write"));
  CHECK_FALSE(has_operation(late, "back", "read"));
  CHECK(*late.window_start_us == 5000);
  // Every trace with a start lands on exactly one side.
  CHECK(early.trace_count + late.trace_count == all.trace_count - 1);
}

TEST_CASE("trace window: calls, entries and saved graphs are refused with the file's name") {
  importers::GraphBuilder b;
  b.set_trace_window(importers::TraceWindow{std::nullopt, 4000});
  b.set_source("calls.csv");
  importers::CallRecord call;
  call.from_service = "front";
  call.to_service = "back";
  CHECK_THROWS_WITH_AS(b.add_call(call),
                       doctest::Contains("calls.csv: holds calls instead of span traces; --window-split splits span "
                                         "traces only"),
                       importers::ImportError);
  CHECK_THROWS_AS(b.add_entry("front", "get"), importers::ImportError);
  CHECK_THROWS_AS(b.add_graph(model::CallGraph{}), importers::ImportError);
  // Without a window the same records are taken.
  importers::GraphBuilder plain;
  plain.add_call(call);
  CHECK(plain.finish().edge_count() == 1);
}
