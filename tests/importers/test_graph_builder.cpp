// Graph builder semantics: parents, call-span collapse, peers, brokers, self time, counts.
#include <doctest/doctest.h>

#include "importers/graph_builder.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using importers::SpanKind;
using importers::SpanRecord;


TEST_CASE("builder: client span under a server span collapses into the edge") {
  importers::GraphBuilder b;
  b.set_source("t.json");
  b.add_span(test::span_record("t1", "1", "", "front", "GET /", 0, 100, SpanKind::Server));
  b.add_span(test::span_record("t1", "2", "1", "front", "call cart", 10, 50, SpanKind::Client));
  b.add_span(test::span_record("t1", "3", "2", "cart", "GetCart", 20, 30, SpanKind::Server));
  auto g = b.finish();
  CHECK(g.operation_count() == 2);  // the client span is no operation
  REQUIRE(g.edge_count() == 1);
  const auto& e = g.edge(0);
  CHECK(g.operation(e.from).name == "GET /");
  CHECK(g.operation(e.to).name == "GetCart");
  CHECK(e.latency.max_us() == doctest::Approx(50));  // the caller's view: the client span
  auto front = *g.find_operation(*g.find_service("front"), "GET /");
  CHECK(g.operation(front).entry_count == 1);
  CHECK(g.operation(front).self_time.max_us() == doctest::Approx(50).epsilon(0.02));
  CHECK(g.trace_count == 1);
}

TEST_CASE("builder: kind-less span whose children all run elsewhere is a call") {
  importers::GraphBuilder b;
  b.add_span(test::span_record("a", "1", "", "nginx", "/compose", 0, 100));
  b.add_span(test::span_record("a", "2", "1", "nginx", "compose_post_client", 5, 80));
  b.add_span(test::span_record("a", "3", "2", "compose", "compose_post_server", 10, 60));
  b.add_span(test::span_record("a", "4", "3", "compose", "mongo_insert_client", 12, 5));  // leaf: stays an operation
  auto g = b.finish();
  auto sg = test::service_graph(g);
  CHECK(test::service_calls(sg, "nginx", "compose") == 1);
  CHECK(g.operation_count() == 3);
  CHECK(sg.nodes[sg.find("compose")].internal_calls == 1);
}

TEST_CASE("builder: dangling parents, self parents, cycles and duplicates are counted, never fatal") {
  importers::GraphBuilder b;
  b.set_source("x.json");
  b.add_span(test::span_record("t", "1", "99", "a", "op", 0, 10));
  b.add_span(test::span_record("t", "2", "2", "a", "op2", 0, 10));
  b.add_span(test::span_record("t", "3", "4", "b", "x", 0, 10));
  b.add_span(test::span_record("t", "4", "3", "b", "y", 0, 10));
  b.add_span(test::span_record("t", "4", "", "b", "z", 0, 10));
  auto g = b.finish();
  const auto& d = b.diagnostics();
  CHECK(d.count("dangling-parent") == 1);
  CHECK(d.count("self-parent") == 1);
  CHECK(d.count("parent-cycle") == 1);
  CHECK(d.count("duplicate-span-id") == 1);
  CHECK(g.operation_count() == 5);
}

TEST_CASE("builder: ids match ignoring case and leading zeros") {
  importers::GraphBuilder b;
  b.add_span(test::span_record("00AB", "00Ff", "", "a", "root", 0, 10));
  b.add_span(test::span_record("ab", "1", "ff", "b", "child", 1, 5));
  auto g = b.finish();
  CHECK(g.trace_count == 1);
  CHECK(g.edge_count() == 1);
  CHECK(b.diagnostics().count("dangling-parent") == 0);
}

TEST_CASE("builder: peers become typed nodes, brokers sit between producer and consumer") {
  importers::GraphBuilder b;
  auto root = test::span_record("t", "1", "", "orders", "POST /order", 0, 100, SpanKind::Server);
  auto db = test::span_record("t", "2", "1", "orders", "INSERT", 10, 5, SpanKind::Client);
  db.peer_service = "mysql";
  db.peer_kind = model::ServiceKind::Database;
  auto prod = test::span_record("t", "3", "1", "orders", "send", 20, 2, SpanKind::Producer);
  prod.peer_service = "kafka";
  prod.peer_kind = model::ServiceKind::Broker;
  prod.peer_operation = "orders-topic";
  auto cons = test::span_record("t", "4", "3", "billing", "receive", 40, 20, SpanKind::Consumer);
  cons.peer_service = "kafka";
  cons.peer_kind = model::ServiceKind::Broker;
  cons.peer_operation = "orders-topic";
  for (const auto& s : {root, db, prod, cons}) b.add_span(s);
  auto g = b.finish();
  auto sg = test::service_graph(g);
  REQUIRE(sg.find("mysql") >= 0);
  CHECK(sg.nodes[sg.find("mysql")].kind == model::ServiceKind::Database);
  CHECK(sg.nodes[sg.find("kafka")].kind == model::ServiceKind::Broker);
  CHECK(test::service_calls(sg, "orders", "mysql") == 1);
  CHECK(test::service_calls(sg, "orders", "kafka") == 1);
  CHECK(test::service_calls(sg, "kafka", "billing") == 1);
  CHECK_FALSE(test::has_service_edge(sg, "orders", "billing"));
  for (const auto& e : sg.edges)
    if (sg.nodes[e.to].name == "billing") CHECK(e.kind == model::InteractionKind::Async);
}

TEST_CASE("builder: multiplicity is calls per trace holding the edge") {
  importers::GraphBuilder b;
  for (std::string_view t : {"t1", "t2"}) {
    b.add_span(test::span_record(t, "1", "", "a", "root", 0, 100));
    b.add_span(test::span_record(t, "2", "1", "b", "get", 1, 5));
    b.add_span(test::span_record(t, "3", "1", "b", "get", 10, 5));
    b.add_span(test::span_record(t, "4", "1", "b", "get", 20, 5));
  }
  auto g = b.finish();
  REQUIRE(g.edge_count() == 1);
  CHECK(g.edge(0).calls == 6);
  CHECK(g.edge(0).traces == 2);
  CHECK(g.edge(0).multiplicity() == doctest::Approx(3.0));
  CHECK(g.trace_count == 2);
}

TEST_CASE("builder: calls, entries and declarations") {
  importers::GraphBuilder b;
  importers::CallRecord c;
  c.from_service = "a";
  c.to_service = "b";
  c.to_operation = "get";
  c.calls = 5;
  c.errors = 1;
  c.latency_us = 200;
  c.trace_id = "t1";
  b.add_call(c);
  b.add_entry("a", "main", 3);
  importers::ServiceDecl d;
  d.name = "b";
  d.deployment.replicas = 3;
  b.declare_service(d);
  b.declare_dependency({"a", "c", model::InteractionKind::Sync, "env C_ADDR=c:80"});
  b.declare_dependency({"a", "c", model::InteractionKind::Sync, "depends_on"});
  auto g = b.finish();
  auto sg = test::service_graph(g);
  CHECK(test::service_calls(sg, "a", "b") == 5);
  CHECK(test::has_service_edge(sg, "a", "c"));
  auto e = g.find_edge(*g.find_operation(*g.find_service("a"), "*"), *g.find_operation(*g.find_service("c"), "*"),
                       model::InteractionKind::Sync);
  REQUIRE(e);
  CHECK(g.edge(*e).declared);
  CHECK(g.edge(*e).evidence == "env C_ADDR=c:80; depends_on");
  CHECK(g.service(*g.find_service("b")).deployment.replicas == 3);
  CHECK(g.operation(*g.find_operation(*g.find_service("a"), "main")).entry_count == 3);
}

TEST_CASE("builder: aggregated calls carry their trace count; add_traces counts the traces") {
  importers::GraphBuilder b;
  importers::CallRecord c;
  c.from_service = "a";
  c.to_service = "b";
  c.calls = 12;
  c.traces = 4;
  c.timestamp_us = 1000;
  c.last_timestamp_us = 9000;
  b.add_call(c);
  c.to_service = "c";
  c.calls = 3;
  c.traces = 3;
  c.last_timestamp_us.reset();
  b.add_call(c);
  b.add_traces(5);
  auto g = b.finish();
  REQUIRE(g.edge_count() == 2);
  CHECK(g.edge(0).traces == 4);
  CHECK(g.edge(0).multiplicity() == doctest::Approx(3.0));
  CHECK(g.edge(1).traces == 3);
  CHECK(g.trace_count == 5);
  CHECK(g.window_start_us == 1000);
  CHECK(g.window_end_us == 9000);
}

TEST_CASE("builder: an External peer never relabels a service that has spans of its own") {
  using model::ServiceKind;
  // Traces are assembled in order of trace-id hash: swapping the ids tries both orders.
  const std::pair<std::string_view, std::string_view> orders[] = {{"p", "q"}, {"q", "p"}};
  for (auto [peer_trace, own_trace] : orders) {
    CAPTURE(peer_trace);
    importers::GraphBuilder b;
    // A client span of "front" names "cart" as an uninstrumented peer ...
    auto call = test::span_record(peer_trace, "1", "", "front", "checkout", 0, 50, SpanKind::Client);
    call.peer_service = "cart";
    call.peer_kind = ServiceKind::External;
    b.add_span(call);
    // ... and "cart" has spans of its own in another trace.
    b.add_span(test::span_record(own_trace, "1", "", "cart", "GetCart", 0, 10, SpanKind::Server));
    // Trace "r": a peer that never has spans stays External.
    auto other = test::span_record("r", "1", "", "front", "pay", 0, 20, SpanKind::Client);
    other.peer_service = "payments.example.com";
    other.peer_kind = ServiceKind::External;
    b.add_span(other);
    auto g = b.finish();
    CHECK(g.service(*g.find_service("cart")).kind == ServiceKind::Service);
    CHECK(g.service(*g.find_service("payments.example.com")).kind == ServiceKind::External);
  }
  // The same rule in the graph itself: the default kind gives way to a specific kind, never
  // to External, and a specific kind is kept.
  model::CallGraph g;
  auto s = g.add_service("svc");
  g.add_service("svc", ServiceKind::External);
  CHECK(g.service(s).kind == ServiceKind::Service);
  g.add_service("svc", ServiceKind::Database);
  CHECK(g.service(s).kind == ServiceKind::Database);
  g.add_service("svc", ServiceKind::Cache);
  CHECK(g.service(s).kind == ServiceKind::Database);
}

TEST_CASE("builder: traces give the same graph whether their spans arrive together or interleaved") {
  auto build = [](bool interleaved) {
    importers::GraphBuilder b;
    std::vector<SpanRecord> t1 = {test::span_record("t1", "1", "", "a", "root", 0, 100), test::span_record("t1", "2", "1", "b", "get", 1, 5),
                                  test::span_record("t1", "3", "2", "c", "q", 2, 2)};
    std::vector<SpanRecord> t2 = {test::span_record("t2", "1", "", "a", "root", 0, 80), test::span_record("t2", "2", "1", "b", "get", 1, 7)};
    if (interleaved) {
      for (std::size_t i = 0; i < 3; ++i) {
        b.add_span(t1[i]);
        if (i < t2.size()) b.add_span(t2[i]);
      }
    } else {
      for (const auto& s : t1) b.add_span(s);
      for (const auto& s : t2) b.add_span(s);
    }
    return b.finish();
  };
  const auto grouped = build(false), mixed = build(true);
  CHECK(grouped.trace_count == 2);
  CHECK(mixed.trace_count == 2);
  REQUIRE(grouped.edge_count() == mixed.edge_count());
  auto sg = test::service_graph(grouped), sm = test::service_graph(mixed);
  CHECK(test::service_calls(sg, "a", "b") == 2);
  CHECK(test::service_calls(sm, "a", "b") == 2);
  CHECK(test::service_calls(sm, "b", "c") == 1);
  for (std::size_t i = 0; i < grouped.edge_count(); ++i) {
    const auto& e = grouped.edge(i);
    auto f = mixed.find_operation(*mixed.find_service(grouped.service(grouped.operation(e.from).service).name),
                                  grouped.operation(e.from).name);
    auto t = mixed.find_operation(*mixed.find_service(grouped.service(grouped.operation(e.to).service).name),
                                  grouped.operation(e.to).name);
    REQUIRE(f);
    REQUIRE(t);
    auto m = mixed.find_edge(*f, *t, e.kind);
    REQUIRE(m);
    CHECK(mixed.edge(*m).calls == e.calls);
    CHECK(mixed.edge(*m).traces == e.traces);
    CHECK(mixed.edge(*m).latency.sum_us() == doctest::Approx(e.latency.sum_us()));
  }
}
