// induced_subgraph: kept services keep every operation and edge statistic, dropped services
// take their edges with them, graph-level facts come along as a whole, ids stay canonical.
#include <doctest/doctest.h>

#include <stdexcept>

#include "importers/import_set.hpp"
#include "model/canonical_order.hpp"
#include "model/subgraph.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

// web -> auth, web -> db, auth -> db; web is the entry.
model::CallGraph three_services() {
  model::CallGraph g;
  const auto web = g.add_operation(g.add_service("web"), "GET /");
  const auto auth = g.add_operation(g.add_service("auth"), "check");
  const auto db = g.add_operation(g.add_service("db", model::ServiceKind::Database), "query");
  g.operation(web).invocations = 10;
  g.operation(web).entry_count = 10;
  g.operation(web).errors = 1;
  g.operation(web).duration.add(2000.0);
  g.record_arrival(web, 100);
  g.record_arrival(web, 200);
  g.operation(auth).invocations = 10;
  g.operation(db).invocations = 30;
  auto& wa = g.edge(g.add_edge(web, auth, model::InteractionKind::Sync));
  wa.calls = 10;
  wa.traces = 10;
  wa.errors = 2;
  wa.parallel_calls = 4;
  wa.latency.add(1500.0);
  wa.request_bytes.add(100.0, 10);
  wa.protocol = model::Protocol::Http;
  auto& wd = g.edge(g.add_edge(web, db, model::InteractionKind::Sync));
  wd.calls = 20;
  wd.declared = true;
  wd.evidence = "compose.yaml";
  g.edge(g.add_edge(auth, db, model::InteractionKind::Sync)).calls = 10;
  g.service(0).deployment.replicas = 3;
  g.service(0).observed = true;
  g.window_start_us = 1'000;
  g.window_end_us = 5'000;
  g.trace_count = 10;
  g.arrivals_not_kept = 7;
  return model::canonical_order(g);
}

std::vector<bool> keep(const model::CallGraph& g, std::initializer_list<const char*> names) {
  std::vector<bool> flags(g.service_count(), false);
  for (const char* n : names) flags[*g.find_service(n)] = true;
  return flags;
}

}  // namespace

TEST_CASE("induced subgraph keeps kept services' operations and edges with all statistics") {
  const auto g = three_services();
  const auto sub = model::induced_subgraph(g, keep(g, {"web", "auth"}));
  REQUIRE(sub.service_count() == 2);
  CHECK(!sub.find_service("db"));
  REQUIRE(sub.operation_count() == 2);
  REQUIRE(sub.edge_count() == 1);  // web -> db and auth -> db went with db
  const auto web = *sub.find_operation(*sub.find_service("web"), "GET /");
  const auto auth = *sub.find_operation(*sub.find_service("auth"), "check");
  const auto& op = sub.operation(web);
  CHECK(op.invocations == 10);
  CHECK(op.entry_count == 10);
  CHECK(op.errors == 1);
  CHECK(op.duration.count() == 1);
  CHECK(op.arrivals_us == std::vector<std::int64_t>{100, 200});
  CHECK(sub.arrivals_kept() == 2);
  const auto& e = sub.edge(*sub.find_edge(web, auth, model::InteractionKind::Sync));
  CHECK(e.calls == 10);
  CHECK(e.traces == 10);
  CHECK(e.errors == 2);
  CHECK(e.parallel_calls == 4);
  CHECK(e.latency.count() == 1);
  CHECK(e.request_bytes.samples == 10);
  CHECK(e.protocol == model::Protocol::Http);
  CHECK(sub.service(*sub.find_service("web")).deployment.replicas == 3);
  CHECK(sub.service(*sub.find_service("web")).observed);
  // Graph-level facts travel as one unit.
  CHECK(sub.window_start_us == 1'000);
  CHECK(sub.window_end_us == 5'000);
  CHECK(sub.trace_count == 10);
  CHECK(sub.arrivals_not_kept == 7);
}

TEST_CASE("induced subgraph of everything is the graph itself, of nothing an empty graph with the facts") {
  const auto g = three_services();
  const auto all = model::induced_subgraph(g, std::vector<bool>(g.service_count(), true));
  REQUIRE(all.service_count() == g.service_count());
  REQUIRE(all.edge_count() == g.edge_count());
  for (model::EdgeId e = 0; e < g.edge_count(); ++e) {
    CHECK(all.edge(e).from == g.edge(e).from);
    CHECK(all.edge(e).to == g.edge(e).to);
    CHECK(all.edge(e).calls == g.edge(e).calls);
    CHECK(all.edge(e).evidence == g.edge(e).evidence);
  }
  const auto none = model::induced_subgraph(g, std::vector<bool>(g.service_count(), false));
  CHECK(none.service_count() == 0);
  CHECK(none.operation_count() == 0);
  CHECK(none.edge_count() == 0);
  CHECK(none.trace_count == 10);
  CHECK_THROWS_AS((void)model::induced_subgraph(g, std::vector<bool>(2, true)), std::invalid_argument);
}

TEST_CASE("induced subgraph of a canonical graph is canonical") {
  const auto result = importers::import_inputs({test::corpus_path("jaeger-deathstarbench-social-20traces.json")});
  const auto& g = result.graph;
  std::vector<bool> flags(g.service_count());
  for (std::size_t s = 0; s < flags.size(); ++s) flags[s] = s % 2 == 0;
  const auto sub = model::induced_subgraph(g, flags);
  const auto canon = model::canonical_order(sub);
  REQUIRE(sub.operation_count() == canon.operation_count());
  REQUIRE(sub.edge_count() == canon.edge_count());
  for (model::OperationId op = 0; op < sub.operation_count(); ++op)
    CHECK(sub.operation(op).name == canon.operation(op).name);
  for (model::EdgeId e = 0; e < sub.edge_count(); ++e) {
    CHECK(sub.edge(e).from == canon.edge(e).from);
    CHECK(sub.edge(e).to == canon.edge(e).to);
  }
  // Every edge of the original between kept services is in the subgraph, with its calls.
  std::size_t expected = 0;
  for (const auto& e : g.edges()) {
    const auto from = g.operation(e.from).service, to = g.operation(e.to).service;
    if (!flags[from] || !flags[to]) continue;
    ++expected;
    const auto sf = *sub.find_service(g.service(from).name), st = *sub.find_service(g.service(to).name);
    const auto edge = sub.find_edge(*sub.find_operation(sf, g.operation(e.from).name),
                                    *sub.find_operation(st, g.operation(e.to).name), e.kind);
    REQUIRE(edge);
    CHECK(sub.edge(*edge).calls == e.calls);
  }
  CHECK(sub.edge_count() == expected);
}
