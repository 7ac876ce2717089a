// CallGraph::merge: two graphs become one by names. Counts add, latency summaries combine as if
// every sample had been added to one, service kinds upgrade as add_service says, deployment facts
// fill in, and the other graph's input indices are shifted behind this graph's inputs.
#include <doctest/doctest.h>

#include "model/call_graph.hpp"

using namespace nanoscope;
using model::CallGraph;
using model::InteractionKind;
using model::ServiceKind;

namespace {

/// front/home -> back/get (sync), from input `input` (0-based in its own graph).
CallGraph two_services(std::uint64_t calls, double latency_us, std::uint32_t inputs) {
  CallGraph g;
  for (std::uint32_t i = 0; i < inputs; ++i) {
    model::InputSource in;
    in.path = "file" + std::to_string(i) + ".json";
    in.format = "zipkin-json";
    g.inputs.push_back(in);
  }
  const auto front = g.add_service("front");
  const auto back = g.add_service("back");
  const auto home = g.add_operation(front, "home");
  const auto get = g.add_operation(back, "get");
  g.operation(home).invocations = calls;
  g.operation(home).entry_count = calls;
  g.operation(get).invocations = calls;
  auto& e = g.edge(g.add_edge(home, get, InteractionKind::Sync));
  e.calls = calls;
  e.traces = calls;
  e.errors = 1;
  e.latency.add(latency_us, calls);
  e.request_bytes.add(100, calls);
  model::add_input(e.inputs, inputs - 1);
  model::add_input(g.service(front).inputs, inputs - 1);
  g.trace_count = calls;
  return g;
}

const model::Edge& only_edge(const CallGraph& g, const char* from, const char* to) {
  const auto f = g.find_operation(*g.find_service(from), from == std::string("front") ? "home" : "get");
  const auto t = g.find_operation(*g.find_service(to), to == std::string("back") ? "get" : "home");
  REQUIRE(f);
  REQUIRE(t);
  const auto id = g.find_edge(*f, *t, InteractionKind::Sync);
  REQUIRE(id);
  return g.edge(*id);
}

}  // namespace

TEST_CASE("merge: the same services, operations and edges add their counts") {
  auto a = two_services(10, 1000, 1);
  const auto b = two_services(30, 3000, 2);
  a.merge(b);
  CHECK(a.service_count() == 2);
  CHECK(a.operation_count() == 2);
  CHECK(a.edge_count() == 1);
  const auto home = *a.find_operation(*a.find_service("front"), "home");
  CHECK(a.operation(home).invocations == 40);
  CHECK(a.operation(home).entry_count == 40);
  const auto& e = only_edge(a, "front", "back");
  CHECK(e.calls == 40);
  CHECK(e.traces == 40);
  CHECK(e.errors == 2);
  CHECK(e.request_bytes.samples == 40);
  CHECK(e.request_bytes.mean() == doctest::Approx(100));
  CHECK(a.trace_count == 40);
}

TEST_CASE("merge: latency summaries combine exactly as one summary of every sample") {
  auto a = two_services(10, 1000, 1);
  const auto b = two_services(30, 3000, 1);
  a.merge(b);
  model::LatencySummary all;
  all.add(1000, 10);
  all.add(3000, 30);
  const auto& l = only_edge(a, "front", "back").latency;
  CHECK(l.count() == 40);
  CHECK(l.mean_us() == doctest::Approx(all.mean_us()));  // (10 x 1 ms + 30 x 3 ms) / 40 = 2.5 ms
  CHECK(l.mean_us() == doctest::Approx(2500));
  CHECK(l.min_us() == 1000);
  CHECK(l.max_us() == 3000);
  for (const double q : {0.1, 0.25, 0.5, 0.9}) CHECK(l.quantile_us(q) == all.quantile_us(q));
}

TEST_CASE("merge: new names are added; existing ids do not move") {
  auto a = two_services(10, 1000, 1);
  const auto front = *a.find_service("front");
  const auto home = *a.find_operation(front, "home");
  CallGraph b;
  const auto db = b.add_service("db", ServiceKind::Database);
  const auto back = b.add_service("back");
  const auto find = b.add_operation(db, "find");
  const auto get = b.add_operation(back, "get");
  b.edge(b.add_edge(get, find, InteractionKind::Database)).calls = 7;
  a.merge(b);
  CHECK(a.service_count() == 3);
  CHECK(*a.find_service("front") == front);
  CHECK(*a.find_operation(front, "home") == home);
  const auto mdb = *a.find_service("db");
  CHECK(a.service(mdb).kind == ServiceKind::Database);
  const auto mget = *a.find_operation(*a.find_service("back"), "get");
  const auto mfind = *a.find_operation(mdb, "find");
  REQUIRE(a.find_edge(mget, mfind, InteractionKind::Database));
  CHECK(a.edge(*a.find_edge(mget, mfind, InteractionKind::Database)).calls == 7);
  // The same pair with another interaction kind is another edge.
  CHECK(!a.find_edge(mget, mfind, InteractionKind::Sync));
  CHECK(a.out_edges(mget).size() == 1);
  CHECK(a.in_edges(mget).size() == 1);
}

TEST_CASE("merge: kinds upgrade from the default, never back, and External never relabels") {
  CallGraph a;
  a.add_service("orders");                          // Service: the default
  a.add_service("mongo", ServiceKind::Database);
  a.add_service("peer", ServiceKind::External);
  CallGraph b;
  b.add_service("orders", ServiceKind::Broker);    // a specific kind wins over the default
  b.add_service("mongo");                           // the default never overrides
  b.add_service("peer", ServiceKind::Cache);
  CallGraph c;
  c.add_service("orders", ServiceKind::External);  // External does not relabel a known service
  a.merge(b);
  a.merge(c);
  CHECK(a.service(*a.find_service("orders")).kind == ServiceKind::Broker);
  CHECK(a.service(*a.find_service("mongo")).kind == ServiceKind::Database);
  CHECK(a.service(*a.find_service("peer")).kind == ServiceKind::External);
}

TEST_CASE("merge: the other graph's inputs are appended and its input indices shifted behind ours") {
  auto a = two_services(10, 1000, 2);  // inputs 0, 1; the edge and front from input 1
  const auto b = two_services(5, 1000, 3);  // inputs 0, 1, 2; the edge and front from input 2
  a.merge(b);
  REQUIRE(a.inputs.size() == 5);
  CHECK(a.inputs[2].path == "file0.json");  // b's first input follows a's two
  const auto& e = only_edge(a, "front", "back");
  CHECK(std::vector<std::uint32_t>(e.inputs.begin(), e.inputs.end()) == std::vector<std::uint32_t>{1, 4});
  const auto& front = a.service(*a.find_service("front"));
  CHECK(std::vector<std::uint32_t>(front.inputs.begin(), front.inputs.end()) == std::vector<std::uint32_t>{1, 4});
  CHECK(a.service(*a.find_service("back")).inputs.empty());
}

TEST_CASE("merge: windows widen, deployment facts fill what is missing, flags are or-ed") {
  CallGraph a, b;
  a.observe_window(1'000'000, 2'000'000);
  b.observe_window(1'500'000, 4'000'000);
  const auto sa = a.add_service("cart");
  const auto sb = b.add_service("cart");
  a.service(sa).deployment.replicas = 2;
  a.service(sa).deployment.ports = {8080};
  b.service(sb).deployment.replicas = 5;
  b.service(sb).deployment.cpu_request_millicores = 250;
  b.service(sb).deployment.ports = {80, 8080};
  b.service(sb).observed = true;
  a.service(sa).declared = true;
  a.merge(b);
  CHECK(a.window_seconds() == doctest::Approx(3.0));
  const auto& d = a.service(sa).deployment;
  CHECK(d.replicas == 2);  // ours is kept
  CHECK(d.cpu_request_millicores == 250);
  CHECK(d.ports == std::vector<int>{80, 8080});
  CHECK(a.service(sa).observed);
  CHECK(a.service(sa).declared);
}

TEST_CASE("merge: merging a graph into an empty one reproduces it") {
  const auto b = two_services(12, 2000, 1);
  CallGraph a;
  a.merge(b);
  CHECK(a.service_count() == b.service_count());
  CHECK(a.operation_count() == b.operation_count());
  CHECK(a.edge_count() == b.edge_count());
  CHECK(only_edge(a, "front", "back").calls == 12);
  CHECK(a.inputs == b.inputs);
  CHECK(a.trace_count == b.trace_count);
}
