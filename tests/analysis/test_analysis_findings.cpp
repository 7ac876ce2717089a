// Each detector on a small graph with exactly one known problem, asserting exactly the
// findings expected, and none at all on a clean layered graph.
#include <doctest/doctest.h>

#include "analysis/analysis.hpp"
#include "analysis_test_graph.hpp"

using namespace nanoscope;
using test::finding_keys;
using Keys = std::vector<std::string>;

namespace {

/// gateway/a -> svc-a -> db-a, likewise b and c: every request uses one column.
model::CallGraph layered() {
  test::TestGraph t;
  for (std::string x : {"a", "b", "c"}) {
    t.entry("gateway/" + x, 10);
    t.call("gateway/" + x, "svc-" + x, 10);
    t.store("db-" + x);
    t.call("svc-" + x, "db-" + x, 20, 10, model::InteractionKind::Database);
  }
  return t.finish();
}

}  // namespace

TEST_CASE("analysis: a clean layered graph has no findings") {
  const auto graph = layered();
  const auto report = analysis::analyze(graph);
  CHECK(finding_keys(report).empty());
  CHECK(report.knots == 0);
  CHECK(report.services.nodes.size() == 7);
  CHECK(report.total_calls == 90);
  CHECK(report.entry_requests == 30);
}

TEST_CASE("analysis: a strongly connected knot and its cycle") {
  test::TestGraph t;
  t.call("a", "b");
  t.call("b", "c");
  t.call("c", "a");
  t.call("d", "a");
  const auto report = analysis::analyze(t.finish());
  CHECK(finding_keys(report) == Keys{"knot/strongly-connected: a,b,c", "cycle/shortest-cycle: a,b,c"});
  CHECK(report.knots == 1);
  const auto& knot = report.findings[0];
  CHECK(knot.severity == analysis::Severity::High);
  CHECK(knot.traffic == 30);
  CHECK(knot.edges.size() == 3);
  const auto& cycle = report.findings[1];
  REQUIRE(cycle.edges.size() == 3);
  CHECK(cycle.edges[0] == analysis::FindingEdge{"a", "b", 10, {}, {}});
  CHECK(cycle.edges[2] == analysis::FindingEdge{"c", "a", 10, {}, {}});
  CHECK(cycle.severity == analysis::Severity::High);  // every hop synchronous
}

TEST_CASE("analysis: a knot with two shortest cycles lists both, not the longer ones") {
  test::TestGraph t;
  t.call("a", "b", 10);
  t.call("b", "a", 10);
  t.call("b", "c", 30);
  t.call("c", "b", 30);
  const auto report = analysis::analyze(t.finish());
  // b->c->b carries more traffic, so it ranks first among equally short cycles.
  CHECK(finding_keys(report) ==
        Keys{"knot/strongly-connected: a,b,c", "cycle/shortest-cycle: b,c", "cycle/shortest-cycle: a,b"});
}

TEST_CASE("analysis: a dense near-clique without a cycle is a knot") {
  test::TestGraph t;
  t.call("a", "b");
  t.call("a", "c");
  t.call("a", "d");
  t.call("b", "c");
  t.call("b", "d");
  t.call("c", "d");
  t.call("e", "a");
  const auto report = analysis::analyze(t.finish());
  CHECK(finding_keys(report) == Keys{"knot/near-clique: a,b,c,d"});
  CHECK(report.knots == 0);
  CHECK(report.findings[0].edges.size() == 6);
  CHECK(report.findings[0].explanation.find("6 of 6 pairs") != std::string::npos);
}

TEST_CASE("analysis: a hub-like service has high, balanced fan-in and fan-out") {
  test::TestGraph t;
  for (std::string c : {"c1", "c2", "c3"}) t.call(c, "hub");
  for (std::string s : {"s1", "s2", "s3"}) t.call("hub", s);
  const auto report = analysis::analyze(t.finish());
  CHECK(finding_keys(report) == Keys{"hub/hub-like: hub"});
  CHECK(report.findings[0].edges.size() == 6);
  CHECK(report.findings[0].traffic == 60);
}

TEST_CASE("analysis: a god service owns most operations") {
  test::TestGraph t;
  for (std::string op : {"o1", "o2", "o3", "o4", "o5", "o6"}) t.call("front", "god/" + op);
  t.call("god/o1", "x");
  t.call("god/o2", "y");
  const auto report = analysis::analyze(t.finish());
  CHECK(finding_keys(report) == Keys{"hub/god-service: god"});
  CHECK(report.findings[0].explanation.find("6 of 9 operations") != std::string::npos);
}

TEST_CASE("analysis: a chatty edge repeats calls within each request") {
  test::TestGraph t;
  t.entry("gateway/list", 10);
  t.call("gateway/list", "posts", 100, 10);  // 10 calls per request: N+1
  t.call("gateway/list", "users", 10, 10);
  const auto report = analysis::analyze(t.finish());
  CHECK(finding_keys(report) == Keys{"chatty/chatty-edge: gateway,posts"});
  CHECK(report.findings[0].severity == analysis::Severity::Medium);
  CHECK(report.findings[0].explanation.find("10 times per request") != std::string::npos);
}

TEST_CASE("analysis: a chatty service makes many calls per entry request") {
  test::TestGraph t;
  t.entry("gateway", 10);
  for (std::string s : {"a", "b", "c", "d", "e"}) t.call("gateway", s, 40, 10);  // 4 per request each
  analysis::Thresholds th;
  th.monolith_min_services = 100;  // this graph is also a wide synchronous entry; tested elsewhere
  const auto report = analysis::analyze(t.finish(), th);
  CHECK(finding_keys(report) == Keys{"chatty/chatty-service: gateway"});
  CHECK(report.metrics[static_cast<std::size_t>(report.services.find("gateway"))].chattiness == doctest::Approx(20.0));
}

TEST_CASE("analysis: a long synchronous chain is a distributed monolith, an async hop breaks it") {
  auto chain = [](model::InteractionKind middle) {
    test::TestGraph t;
    t.entry("edge", 5);
    t.call("edge", "s1", 5);
    t.call("s1", "s2", 5);
    t.call("s2", "s3", 5, 0, middle);
    t.call("s3", "s4", 5);
    t.call("s4", "s5", 5);
    return t.finish();
  };
  const auto sync = analysis::analyze(chain(model::InteractionKind::Sync));
  CHECK(finding_keys(sync) ==
        Keys{"distributed-monolith/wide-sync-entry: edge", "distributed-monolith/long-sync-chain: edge,s1,s2,s3,s4,s5"});
  CHECK(sync.findings[0].severity == analysis::Severity::High);  // needs 6 of 6 services
  CHECK(sync.findings[1].edges.size() == 5);
  CHECK(sync.metrics[static_cast<std::size_t>(sync.services.find("edge"))].sync_depth == 5);

  const auto async = analysis::analyze(chain(model::InteractionKind::Async));
  CHECK(finding_keys(async).empty());
  CHECK(async.metrics[static_cast<std::size_t>(async.services.find("edge"))].sync_depth == 2);
  // The async hop still carries the request: every service is touched by it.
  CHECK(async.metrics[static_cast<std::size_t>(async.services.find("s5"))].entry_share == doctest::Approx(1.0));
}

TEST_CASE("analysis: two services sharing one database") {
  test::TestGraph t;
  t.store("orders-db");
  t.store("cache", model::ServiceKind::Cache);
  t.call("orders", "orders-db", 10, 0, model::InteractionKind::Database);
  t.call("billing", "orders-db", 5, 0, model::InteractionKind::Database);
  t.call("orders", "cache", 10, 0, model::InteractionKind::Database);
  const auto report = analysis::analyze(t.finish());
  CHECK(finding_keys(report) == Keys{"shared-persistence/shared-database: billing,orders,orders-db"});
  CHECK(report.findings[0].traffic == 15);
  CHECK(report.findings[0].edges.size() == 2);
}

TEST_CASE("analysis: a tiny single-operation service with one caller is a nanoservice candidate") {
  test::TestGraph t;
  t.entry("app", 10);
  t.call("app", "tiny", 10);
  t.call("app", "big", 10);
  t.self_time("tiny", 150);
  const auto report = analysis::analyze(t.finish());
  CHECK(finding_keys(report) == Keys{"nanoservice-candidate/single-tiny-operation: tiny"});
  CHECK(report.findings[0].severity == analysis::Severity::Low);
  CHECK(report.findings[0].explanation.find("150 us") != std::string::npos);
}

TEST_CASE("analysis: declared-only dependencies keep their structure but carry no traffic") {
  test::TestGraph t;
  t.declare("a", "b");
  t.declare("b", "a");
  const auto report = analysis::analyze(t.finish());
  CHECK(finding_keys(report) == Keys{"knot/strongly-connected: a,b", "cycle/shortest-cycle: a,b"});
  CHECK(report.total_calls == 0);
  CHECK(report.findings[0].traffic == 0);
  CHECK(report.findings[0].explanation.find("only manifests declare") != std::string::npos);
  CHECK(report.findings[1].severity == analysis::Severity::Low);
  CHECK(report.metrics[0].fan_out == 1);
  CHECK(report.metrics[0].calls_out == 0);
}

TEST_CASE("analysis: findings come worst first and the order is stable") {
  test::TestGraph t;
  t.call("a", "b");
  t.call("b", "a");
  t.store("db");
  t.call("a", "db", 1, 0, model::InteractionKind::Database);
  t.call("b", "db", 1, 0, model::InteractionKind::Database);
  const auto graph = t.finish();
  const auto first = analysis::analyze(graph);
  CHECK(finding_keys(first) ==
        Keys{"knot/strongly-connected: a,b", "cycle/shortest-cycle: a,b", "shared-persistence/shared-database: a,b,db"});
  CHECK(finding_keys(analysis::analyze(graph)) == finding_keys(first));
}

TEST_CASE("analysis: an empty graph and a lone service give no findings") {
  const auto empty = analysis::analyze(model::CallGraph{});
  CHECK(empty.findings.empty());
  CHECK(empty.services.nodes.empty());
  CHECK(empty.matrix.order.empty());
  test::TestGraph t;
  t.entry("alone", 3);
  const auto lone = analysis::analyze(t.finish());
  CHECK(lone.findings.empty());
  REQUIRE(lone.metrics.size() == 1);
  CHECK(lone.metrics[0].entry_share == doctest::Approx(1.0));
  CHECK(lone.metrics[0].sync_depth == 0);
}
