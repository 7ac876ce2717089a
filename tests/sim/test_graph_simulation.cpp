// Graph simulation: workload estimation from a CallGraph, conservation, determinism, the
// price of a merge (exactly the remote calls between the merged services become in-process),
// a monolith reference, async calls, and manifest-only fallbacks.
#include <doctest/doctest.h>

#include <stdexcept>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/graph_simulation.hpp"
#include "sim/graph_workload.hpp"

using namespace nanoscope;
using sim::Scenario;

namespace {

// frontend/GET / -> cart/get (2 calls per request) -> db/query (1 per cart call);
// frontend/GET / -> audit/log asynchronously. 100 requests over a 10 s window.
model::CallGraph shop_graph() {
  model::CallGraph g;
  const auto fe = g.add_service("frontend");
  const auto cart = g.add_service("cart");
  const auto db = g.add_service("db", model::ServiceKind::Database);
  const auto audit = g.add_service("audit");
  const auto get = g.add_operation(fe, "GET /");
  const auto cget = g.add_operation(cart, "get");
  const auto q = g.add_operation(db, "query");
  const auto log = g.add_operation(audit, "log");
  auto fill = [&](model::OperationId op, std::uint64_t n, double self_us) {
    auto& o = g.operation(op);
    o.invocations = n;
    for (std::uint64_t i = 0; i < n; ++i) o.self_time.add(self_us * (0.5 + static_cast<double>(i % 11) / 10.0));
  };
  fill(get, 100, 1000.0);
  fill(cget, 200, 500.0);
  fill(q, 200, 200.0);
  fill(log, 100, 300.0);
  g.operation(get).entry_count = 100;
  auto edge = [&](model::OperationId a, model::OperationId b, model::InteractionKind k, std::uint64_t calls) {
    auto& e = g.edge(g.add_edge(a, b, k));
    e.calls = calls;
    e.traces = 100;
  };
  edge(get, cget, model::InteractionKind::Sync, 200);
  edge(cget, q, model::InteractionKind::Database, 200);
  edge(get, log, model::InteractionKind::Async, 100);
  g.edge(0).request_bytes.add(2000.0, 200);
  g.observe_window(0, 10'000'000);
  g.trace_count = 100;
  return g;
}

Scenario quick(std::uint64_t seed) {
  Scenario s;
  s.duration_s = 400.0;
  s.warmup_s = 10.0;
  s.seed = seed;
  return s;
}

}  // namespace

TEST_CASE("sim graph: workload estimated from trace statistics") {
  const auto g = shop_graph();
  const auto w = sim::build_workload(g, Scenario{});
  REQUIRE(w.entries.size() == 1);
  CHECK(w.entries[0].operation == 0);
  CHECK(w.entries[0].rate_per_s == doctest::Approx(10.0));
  REQUIRE(w.operations[0].calls.size() == 2);
  CHECK(w.operations[0].calls[0].mean_calls == doctest::Approx(2.0));
  CHECK(w.operations[0].calls[0].request_bytes == doctest::Approx(2000.0));
  CHECK(w.operations[0].calls[0].response_bytes == doctest::Approx(Scenario{}.default_response_bytes));
  CHECK(w.operations[0].calls[1].async);
  CHECK(w.operations[1].calls[0].mean_calls == doctest::Approx(1.0));
  CHECK(w.operations[1].service.mean() == doctest::Approx(g.operation(1).self_time.mean_us() * 1e-6));
  Scenario s;
  s.total_rate_per_s = 40.0;
  s.rate_scale = 0.5;
  CHECK(sim::build_workload(g, s).entries[0].rate_per_s == doctest::Approx(20.0));
}

TEST_CASE("sim graph: conservation, call counts and non-negative overheads over seeds") {
  const auto g = shop_graph();
  const auto p = model::Partition::observed(g);
  for (const std::uint64_t seed : {1, 2, 3, 77}) {
    INFO("seed " << seed);
    auto s = quick(seed);
    s.drain = false;
    const auto r = sim::simulate_graph(g, p, s);
    CHECK(r.requests_arrived == r.requests_completed + r.requests_failed + r.requests_in_flight);
    CHECK(r.requests_arrived == doctest::Approx(4000).epsilon(0.06));
    s.drain = true;
    const auto d = sim::simulate_graph(g, p, s);
    CHECK(d.requests_in_flight == 0);
    CHECK(d.requests_completed == d.requests_arrived);
    CHECK(d.calls_per_edge[0] == 2 * d.requests_measured);  // exactly 2 cart calls each
    CHECK(d.calls_per_edge[1] == d.calls_per_edge[0]);
    CHECK(d.calls_per_edge[2] == d.requests_measured);
    CHECK(d.remote_calls == 5 * d.requests_measured);
    CHECK(d.inprocess_calls == 0);
    CHECK(d.async_calls == d.requests_measured);
    CHECK(d.cpu_business_s > 0.0);
    CHECK(d.cpu_serialization_s > 0.0);
    CHECK(d.cpu_stack_s > 0.0);
    CHECK(d.bytes_on_wire > 0.0);
    REQUIRE(d.entries.size() == 1);
    CHECK(d.entries[0].operation == "frontend/GET /");
    const double p50 = d.entries[0].latency_us.quantile_us(0.5);
    CHECK(p50 > 0.0);
    CHECK(d.entries[0].latency_us.quantile_us(0.99) >= p50);
    // At least the work on the path: 1 ms + 2 x (0.5 + 0.2) ms, plus remote costs.
    CHECK(d.entries[0].latency_us.mean_us() > 2400.0);
    for (const auto& grp : d.groups) {
      CHECK(grp.utilisation >= 0.0);
      CHECK(grp.utilisation < 1.0);
    }
  }
}

TEST_CASE("sim graph: the same seed gives bit-identical results") {
  const auto g = shop_graph();
  const auto p = model::Partition::observed(g);
  const auto a = sim::simulate_graph(g, p, quick(5));
  const auto b = sim::simulate_graph(g, p, quick(5));
  CHECK(a.events == b.events);
  CHECK(a.calls_per_edge == b.calls_per_edge);
  CHECK(a.entries[0].latency_us.sum_us() == b.entries[0].latency_us.sum_us());
  CHECK(a.cpu_serialization_s == b.cpu_serialization_s);
  const auto c = sim::simulate_graph(g, p, quick(6));
  CHECK(c.entries[0].latency_us.sum_us() != a.entries[0].latency_us.sum_us());
}

TEST_CASE("sim graph: merging two services removes exactly the remote calls between them") {
  const auto g = shop_graph();
  const auto observed = model::Partition::observed(g);
  auto merged = observed;
  merged.merge(0, 1);  // frontend + cart in one process
  for (const std::uint64_t seed : {1, 9}) {
    INFO("seed " << seed);
    const auto before = sim::simulate_graph(g, observed, quick(seed));
    const auto after = sim::simulate_graph(g, merged, quick(seed));
    CHECK(after.calls_per_edge == before.calls_per_edge);
    CHECK(after.remote_calls == before.remote_calls - before.calls_per_edge[0]);
    CHECK(after.inprocess_calls == before.inprocess_calls + before.calls_per_edge[0]);
    CHECK(after.cpu_business_s == doctest::Approx(before.cpu_business_s).epsilon(1e-9));
    // The 2000-byte request and default-size response of every frontend->cart call are no
    // longer encoded and decoded (both sides) nor sent.
    const double calls = static_cast<double>(before.calls_per_edge[0]);
    const double bytes = 2000.0 + Scenario{}.default_response_bytes;
    CHECK(before.cpu_serialization_s - after.cpu_serialization_s ==
          doctest::Approx(calls * 2.0 * bytes * Scenario{}.json_s_per_byte).epsilon(1e-6));
    CHECK(before.cpu_stack_s - after.cpu_stack_s == doctest::Approx(calls * 4.0 * Scenario{}.stack_cpu_s).epsilon(1e-6));
    CHECK(before.bytes_on_wire - after.bytes_on_wire == doctest::Approx(calls * bytes).epsilon(1e-9));
    CHECK(after.groups.size() == before.groups.size() - 1);
    CHECK(after.entries[0].latency_us.mean_us() < before.entries[0].latency_us.mean_us() - 400.0);
  }
}

TEST_CASE("sim graph: the monolith reference has no remote calls") {
  const auto g = shop_graph();
  const auto mono = sim::simulate_graph(g, model::Partition::monolith(g), quick(3));
  const auto obs = sim::simulate_graph(g, model::Partition::observed(g), quick(3));
  CHECK(mono.remote_calls == 0);
  CHECK(mono.cpu_serialization_s == 0.0);
  CHECK(mono.cpu_stack_s == 0.0);
  CHECK(mono.bytes_on_wire == 0.0);
  CHECK(mono.inprocess_calls == obs.remote_calls);
  CHECK(mono.groups.size() == 1);
  CHECK(mono.entries[0].latency_us.mean_us() < obs.entries[0].latency_us.mean_us());
  CHECK(mono.events > 0);
}

TEST_CASE("sim graph: manifest-only graph falls back to scenario defaults") {
  model::CallGraph g;
  const auto web = g.add_service("web");
  const auto api = g.add_service("api");
  const auto cache = g.add_service("cache", model::ServiceKind::Cache);
  const auto w = g.add_operation(web, "*");
  const auto a = g.add_operation(api, "*");
  const auto c = g.add_operation(cache, "*");
  g.edge(g.add_edge(w, a, model::InteractionKind::Sync)).declared = true;
  g.edge(g.add_edge(a, c, model::InteractionKind::Sync)).declared = true;
  g.service(api).deployment.replicas = 3;
  Scenario s = quick(1);
  s.duration_s = 100.0;
  const auto wl = sim::build_workload(g, s);
  REQUIRE(wl.entries.size() == 1);
  CHECK(wl.entries[0].operation == w);
  CHECK(wl.entries[0].rate_per_s == doctest::Approx(s.default_total_rate_per_s));
  const auto r = sim::simulate_graph(g, model::Partition::observed(g), s);
  CHECK(r.requests_completed == r.requests_arrived);
  CHECK(r.remote_calls == 2 * r.requests_measured);
  REQUIRE(r.groups.size() == 3);
  CHECK(r.groups[1].servers == 3 * s.workers_per_replica);
  CHECK(r.entries[0].latency_us.mean_us() > 3000.0);  // three 1 ms defaults in sequence
}

TEST_CASE("sim graph: a partition of another graph is refused") {
  const auto g = shop_graph();
  model::CallGraph other;
  other.add_operation(other.add_service("x"), "y");
  CHECK_THROWS_AS((void)sim::simulate_graph(g, model::Partition::observed(other), quick(1)), std::invalid_argument);
}

TEST_CASE("sim graph: asynchronous callees do not add to the caller's latency") {
  auto g = shop_graph();
  auto slow = g;
  auto& log = slow.operation(3);  // audit/log, called asynchronously
  log.self_time = {};
  for (int i = 0; i < 100; ++i) log.self_time.add(200'000.0);  // 200 ms
  const auto p = model::Partition::observed(g);
  const auto fast_run = sim::simulate_graph(g, p, quick(4));
  const auto slow_run = sim::simulate_graph(slow, p, quick(4));
  CHECK(slow_run.cpu_business_s > fast_run.cpu_business_s + 100.0);
  CHECK(slow_run.entries[0].latency_us.mean_us() == doctest::Approx(fast_run.entries[0].latency_us.mean_us()).epsilon(0.01));
  CHECK(slow_run.entries[0].latency_us.max_us() < 100'000.0);
}

TEST_CASE("sim graph: sidecars and TLS add their costs to every remote message") {
  const auto g = shop_graph();
  const auto p = model::Partition::observed(g);
  auto s = quick(8);
  const auto plain = sim::simulate_graph(g, p, s);
  s.sidecar = true;
  s.tls = true;
  const auto mesh = sim::simulate_graph(g, p, s);
  CHECK(plain.cpu_sidecar_s == 0.0);
  CHECK(mesh.calls_per_edge == plain.calls_per_edge);
  // Per request: 4 synchronous remote calls (4 message sides each) + 1 async (callee side only).
  const double sides = 17.0 * static_cast<double>(mesh.requests_measured);
  CHECK(mesh.cpu_sidecar_s == doctest::Approx(sides * s.sidecar_cpu_s));
  // TLS handles every byte on the wire on both sides, except the sender side of async calls.
  const double tls_bytes =
      2.0 * mesh.bytes_on_wire - static_cast<double>(mesh.async_calls) * s.default_request_bytes;
  CHECK(mesh.cpu_stack_s - plain.cpu_stack_s == doctest::Approx(tls_bytes * s.tls_s_per_byte));
  CHECK(mesh.cpu_serialization_s == doctest::Approx(plain.cpu_serialization_s));
  // Four proxy traversals per sequential round trip, 2 cart calls each with a db call: >= 2.4 ms more.
  CHECK(mesh.entries[0].latency_us.mean_us() > plain.entries[0].latency_us.mean_us() + 2400.0);
}
