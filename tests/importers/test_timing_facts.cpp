// Timing facts read from traces and call tables: self time (parallel-aware, clipped), spans
// without a duration, self-calls folded into their caller, Zipkin span fragments merged.
// Every expected number below is worked out by hand in the comment next to it.
#include <doctest/doctest.h>

#include <string>

#include "importers/callgraph_csv_detail.hpp"
#include "importers/csv_reader.hpp"
#include "importers/formats.hpp"
#include "importers/graph_builder.hpp"
#include "importers/input_file.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using importers::SpanKind;
using importers::SpanRecord;

namespace {

const model::Operation& op(const model::CallGraph& g, std::string_view service, std::string_view name) {
  auto s = g.find_service(service);
  REQUIRE(s);
  auto o = g.find_operation(*s, name);
  REQUIRE(o);
  return g.operation(*o);
}


struct Imported {
  model::CallGraph graph;
  model::Diagnostics diagnostics;
};

Imported import_csv(std::string_view text) {
  importers::GraphBuilder builder;
  builder.set_source("t.csv");
  importers::detail::CsvReader reader("t.csv", text);
  (void)importers::detail::import_callgraph_csv(reader, builder);
  Imported out{builder.finish(), {}};
  out.diagnostics = builder.diagnostics();
  return out;
}

}  // namespace

TEST_CASE("timing: self time is the duration minus the union of children, clipped to the span") {
  importers::GraphBuilder b;
  b.set_source("t.json");
  // front /x runs [0, 100). Its calls: [10, 50) and [30, 70) overlap (parallel) and cover
  // [10, 70) = 60 together; [90, 130) sticks out of the parent and counts as [90, 100) = 10.
  // Waited 70, so self time 30 (a plain sum would give 100 - 120 -> 0).
  b.add_span(test::span_record("t1", "1", "", "front", "/x", 0, 100, SpanKind::Server));
  b.add_span(test::span_record("t1", "2", "1", "back", "a", 10, 40, SpanKind::Server));
  b.add_span(test::span_record("t1", "3", "1", "back", "b", 30, 40, SpanKind::Server));
  b.add_span(test::span_record("t1", "4", "1", "back", "c", 90, 40, SpanKind::Server));
  auto g = b.finish();
  const auto& x = op(g, "front", "/x");
  REQUIRE(x.self_time.count() == 1);
  CHECK(x.self_time.mean_us() == doctest::Approx(30));
  CHECK(op(g, "back", "a").self_time.mean_us() == doctest::Approx(40));
}

TEST_CASE("timing: children without a start are summed, and self time never goes below 0") {
  importers::GraphBuilder b;
  b.set_source("t.json");
  // /x [0, 100) waits on [10, 30) (timed, 20) and on two untimed calls of 25 and 15: 60 -> self 40.
  b.add_span(test::span_record("t1", "1", "", "front", "/x", 0, 100, SpanKind::Server));
  b.add_span(test::span_record("t1", "2", "1", "back", "a", 10, 20, SpanKind::Server));
  b.add_span(test::span_record("t1", "3", "1", "back", "b", std::nullopt, 25, SpanKind::Server));
  b.add_span(test::span_record("t1", "4", "1", "back", "c", std::nullopt, 15, SpanKind::Server));
  // /y [0, 10) without a start waits on 8 + 8 = 16 > 10: self 0, not negative.
  b.add_span(test::span_record("t1", "5", "", "front", "/y", std::nullopt, 10, SpanKind::Server));
  b.add_span(test::span_record("t1", "6", "5", "back", "a", std::nullopt, 8, SpanKind::Server));
  b.add_span(test::span_record("t1", "7", "5", "back", "b", std::nullopt, 8, SpanKind::Server));
  auto g = b.finish();
  CHECK(op(g, "front", "/x").self_time.mean_us() == doctest::Approx(40));
  CHECK(op(g, "front", "/y").self_time.count() == 1);
  CHECK(op(g, "front", "/y").self_time.max_us() == doctest::Approx(0));
}

TEST_CASE("timing: spans without a duration are a counted diagnostic, not 0 ms samples") {
  importers::GraphBuilder b;
  b.set_source("t.json");
  // /x [0, 100) calls back.a, whose span has no duration (0), and back.b [50, 70).
  b.add_span(test::span_record("t1", "1", "", "front", "/x", 0, 100, SpanKind::Server));
  b.add_span(test::span_record("t1", "2", "1", "back", "a", 10, 0, SpanKind::Server));
  b.add_span(test::span_record("t1", "3", "1", "back", "b", 50, 20, SpanKind::Server));
  auto g = b.finish();
  const auto& a = op(g, "back", "a");
  CHECK(a.invocations == 1);          // the call happened ...
  CHECK(a.duration.count() == 0);     // ... but its time is unknown: no 0 ms sample
  CHECK(a.self_time.count() == 0);
  const auto* e = test::find_edge(g, "front", "/x", "back", "a");
  REQUIRE(e);
  CHECK(e->calls == 1);
  CHECK(e->latency.count() == 0);
  CHECK(op(g, "front", "/x").self_time.mean_us() == doctest::Approx(80));  // 100 - 20
  CHECK(b.diagnostics().count("no-duration") == 1);
}

TEST_CASE("timing: a span calling its own operation is folded into its caller, not recursion") {
  importers::GraphBuilder b;
  b.set_source("t.json");
  // front /x [0, 100) has a child front /x [10, 90) (the same operation: e.g. a server span
  // under a client span of one operation), which calls back.a [20, 60).
  // Folded: one invocation of /x, no /x -> /x edge, /x -> back.a kept, and /x's self time is
  // 100 - 40 = 60 (= 10 outside the inner span + 50 inside it, outside back.a).
  b.add_span(test::span_record("t1", "1", "", "front", "/x", 0, 100, SpanKind::Client));
  b.add_span(test::span_record("t1", "2", "1", "front", "/x", 10, 80, SpanKind::Server));
  b.add_span(test::span_record("t1", "3", "2", "back", "a", 20, 40, SpanKind::Server));
  auto g = b.finish();
  const auto& x = op(g, "front", "/x");
  CHECK(x.invocations == 1);
  CHECK(x.entry_count == 1);
  CHECK(x.duration.count() == 1);
  CHECK(x.self_time.mean_us() == doctest::Approx(60));
  CHECK(test::find_edge(g, "front", "/x", "front", "/x") == nullptr);
  const auto* e = test::find_edge(g, "front", "/x", "back", "a");
  REQUIRE(e);
  CHECK(e->calls == 1);
  CHECK(g.edge_count() == 1);
  CHECK(b.diagnostics().count("self-call") == 1);
}

TEST_CASE("timing: a chain of self-calls folds into the outermost caller") {
  importers::GraphBuilder b;
  b.set_source("t.json");
  // /x [0, 100) -> /x [10, 90) -> /x [20, 80) -> back.a [30, 50): self 100 - 20 = 80.
  b.add_span(test::span_record("t1", "1", "", "front", "/x", 0, 100, SpanKind::Server));
  b.add_span(test::span_record("t1", "2", "1", "front", "/x", 10, 80, SpanKind::Internal));
  b.add_span(test::span_record("t1", "3", "2", "front", "/x", 20, 60, SpanKind::Internal));
  b.add_span(test::span_record("t1", "4", "3", "back", "a", 30, 20, SpanKind::Server));
  auto g = b.finish();
  CHECK(op(g, "front", "/x").invocations == 1);
  CHECK(op(g, "front", "/x").self_time.mean_us() == doctest::Approx(80));
  CHECK(g.edge_count() == 1);
  CHECK(b.diagnostics().count("self-call") == 2);
}

TEST_CASE("timing: zipkin fragments of one span (same trace, id and service) merge into one span") {
  // The SERVER span 'b' of service 'pusher' comes in three records: one with kind and duration,
  // two annotation-only fragments (no kind, no duration). One call, not three; the CLIENT and
  // SERVER records of span 'c' (different services) are the shared-span model and stay two.
  const std::string json = R"([
    {"traceId":"1","id":"a","name":"get","kind":"SERVER","timestamp":100,"duration":1000,
     "localEndpoint":{"serviceName":"front"}},
    {"traceId":"1","parentId":"a","id":"b","name":"push","kind":"SERVER","timestamp":200,"duration":500,
     "localEndpoint":{"serviceName":"pusher"}},
    {"traceId":"1","parentId":"a","id":"b","timestamp":250,"localEndpoint":{"serviceName":"pusher"},
     "annotations":[{"timestamp":250,"value":"ws"}]},
    {"traceId":"1","parentId":"a","id":"b","localEndpoint":{"serviceName":"pusher"},"tags":{"error":""}},
    {"traceId":"1","parentId":"a","id":"c","name":"call","kind":"CLIENT","timestamp":300,"duration":200,
     "localEndpoint":{"serviceName":"front"}},
    {"traceId":"1","parentId":"a","id":"c","name":"call","kind":"SERVER","timestamp":310,"duration":150,
     "localEndpoint":{"serviceName":"store"}}
  ])";
  importers::GraphBuilder b;
  b.set_source("z.json");
  (void)importers::import_zipkin_json(importers::InputFile::from_string("z.json", json), b);
  auto g = b.finish();
  const auto* push = test::find_edge(g, "front", "get", "pusher", "push");
  REQUIRE(push);
  CHECK(push->calls == 1);
  CHECK(push->errors == 1);  // the error tag of a fragment is kept
  CHECK(push->latency.count() == 1);
  CHECK(op(g, "pusher", "push").duration.mean_us() == doctest::Approx(500));
  const auto* store = test::find_edge(g, "front", "get", "store", "call");
  REQUIRE(store);
  CHECK(store->calls == 1);
  CHECK(b.diagnostics().count("span-fragments-merged") == 2);
  CHECK(b.diagnostics().count("duplicate-span-id") == 0);
  CHECK(b.diagnostics().count("no-duration") == 0);
}

TEST_CASE("timing: deathstarbench rows give self times, root durations and fold self-calls") {
  // Root R (front /) lasts 100 us and calls itself: row R -> C (front /, [5, 95)). C calls
  // back.get [10, 50) and back.put [30, 70): union [10, 70) = 60.
  // Folded: front / self = 100 - 60 = 40 (= 10 in R outside C + 30 in C); back.get 40 and
  // back.put 40 (leaves). One entry, no front / -> front / edge.
  const std::string csv =
      "traceId,startTime,parentId,childId,childOperation,parentOperation,childMS,parentMS,parentDuration,childDuration\n"
      "T,5,R,C,/,/,front,front,100,90\n"
      "T,10,C,D,get,/,back,front,90,40\n"
      "T,30,C,E,put,/,back,front,90,40\n";
  auto r = import_csv(csv);
  const auto& root = op(r.graph, "front", "/");
  CHECK(root.entry_count == 1);
  CHECK(root.invocations == 1);
  REQUIRE(root.self_time.count() == 1);
  CHECK(root.self_time.mean_us() == doctest::Approx(40));
  CHECK(root.duration.mean_us() == doctest::Approx(100));
  CHECK(op(r.graph, "back", "get").self_time.mean_us() == doctest::Approx(40));
  CHECK(op(r.graph, "back", "put").self_time.mean_us() == doctest::Approx(40));
  CHECK(test::find_edge(r.graph, "front", "/", "front", "/") == nullptr);
  CHECK(test::find_edge(r.graph, "front", "/", "back", "get"));
  CHECK(r.graph.edge_count() == 2);
  CHECK(r.diagnostics.count("self-call") == 1);
}

TEST_CASE("timing: alibaba rt along the rpcid hierarchy gives self times, parallel-aware") {
  // The entry 0.1 (front /home, 100 ms from t = 0) calls back.get [10, 50) and back.put
  // [30, 70) ms: union 60, so /home's self time is 40 ms. back.put calls itself (0.1.2.1,
  // [35, 55)), which queries mysql [40, 50). Folded: put waited on the query only, 40 - 10 = 30.
  const std::string csv =
      "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n"
      "0,T,0.1,USER,http,/home,front,100\n"
      "10,T,0.1.1,front,rpc,get,back,40\n"
      "30,T,0.1.2,front,rpc,put,back,40\n"
      "35,T,0.1.2.1,back,rpc,put,back,20\n"
      "40,T,0.1.2.1.1,back,db,query,mysql,10\n";
  auto r = import_csv(csv);
  const auto& home = op(r.graph, "front", "/home");
  CHECK(home.entry_count == 1);
  REQUIRE(home.self_time.count() == 1);
  CHECK(home.self_time.mean_us() == doctest::Approx(40000));
  CHECK(home.duration.mean_us() == doctest::Approx(100000));
  CHECK(op(r.graph, "back", "get").self_time.mean_us() == doctest::Approx(40000));
  const auto& put = op(r.graph, "back", "put");
  CHECK(put.invocations == 1);
  CHECK(put.self_time.mean_us() == doctest::Approx(30000));
  CHECK(test::find_edge(r.graph, "back", "put", "back", "put") == nullptr);
  CHECK(test::find_edge(r.graph, "back", "put", "mysql", "query", model::InteractionKind::Database));
  CHECK(r.diagnostics.count("self-call") == 1);
}

TEST_CASE("timing: alibaba calls without a timestamp are summed") {
  // /home 100 ms waits on 30 + 50 ms (no timestamps): self 20 ms.
  const std::string csv =
      "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n"
      "NAN,T,0.1,USER,http,/home,front,100\n"
      "NAN,T,0.1.1,front,rpc,get,back,30\n"
      "NAN,T,0.1.2,front,rpc,put,back,50\n";
  auto r = import_csv(csv);
  CHECK(op(r.graph, "front", "/home").self_time.mean_us() == doctest::Approx(20000));
}
