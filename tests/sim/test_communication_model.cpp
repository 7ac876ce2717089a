// Communication-model features of the graph simulation, each shown to act in the expected
// direction and magnitude: connection pools (HTTP/1.1 vs multiplexing), keep-alive,
// placement latency, per-hop failures with retries, timeouts, and the broker station.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/graph_simulation.hpp"

using namespace nanoscope;
using sim::Scenario;

namespace {

// s0/op -> s1/op -> ... -> s{n-1}/op, one synchronous call per hop, constant self times
// (`self_us` for every service but the entry, which does `entry_us`). `rate` requests/s.
model::CallGraph chain(int n, double self_us, double rate, double entry_us = 100.0, bool last_async = false) {
  model::CallGraph g;
  std::vector<model::OperationId> ops;
  for (int i = 0; i < n; ++i) ops.push_back(g.add_operation(g.add_service("s" + std::to_string(i)), "op"));
  const std::uint64_t count = static_cast<std::uint64_t>(rate * 100.0);
  for (int i = 0; i < n; ++i) {
    auto& o = g.operation(ops[i]);
    o.invocations = count;
    o.self_time.add(i == 0 ? entry_us : self_us, count);
  }
  g.operation(ops[0]).entry_count = count;
  for (int i = 0; i + 1 < n; ++i) {
    const bool async = last_async && i + 2 == n;
    auto& e = g.edge(g.add_edge(ops[i], ops[i + 1], async ? model::InteractionKind::Async : model::InteractionKind::Sync));
    e.calls = count;
    e.traces = count;
  }
  g.observe_window(0, 100'000'000);
  return g;
}

Scenario base(std::uint64_t seed = 1) {
  Scenario s;
  s.duration_s = 100.0;
  s.warmup_s = 5.0;
  s.seed = seed;
  return s;
}

double mean_ms(const sim::GraphSimulationResult& r) { return r.entries.at(0).latency_us.mean_us() / 1e3; }

double success(const sim::GraphSimulationResult& r) {
  return static_cast<double>(r.requests_completed) / static_cast<double>(r.requests_completed + r.requests_failed);
}

}  // namespace

TEST_CASE("sim comm: an HTTP/1.1 pool of one connection queues at high load; HTTP/2 multiplexes") {
  // s1 takes 1 ms per call; at 600 calls/s one connection is busy ~75% of the time (each call
  // holds it for ~1.3 ms: CPU, two wire hops, decode), so calls wait (M/D/1: ~2 ms), while
  // s1's four cores are only ~15% busy.
  const auto g = chain(2, 1000.0, 600.0);
  const auto p = model::Partition::observed(g);
  const auto free = sim::simulate_graph(g, p, base());
  auto s = base();
  s.connections_per_replica = 1;
  const auto pooled = sim::simulate_graph(g, p, s);
  s.protocol = sim::Protocol::Http2;
  const auto multiplexed = sim::simulate_graph(g, p, s);
  CHECK(free.connection_waits == 0);
  CHECK(pooled.connection_waits > pooled.remote_calls / 3);
  CHECK(mean_ms(pooled) > mean_ms(free) + 1.0);
  CHECK(mean_ms(pooled) < mean_ms(free) + 6.0);
  CHECK(multiplexed.connection_waits == 0);
  CHECK(mean_ms(multiplexed) == doctest::Approx(mean_ms(free)).epsilon(0.01));
  CHECK(pooled.requests_completed == pooled.requests_arrived);
}

TEST_CASE("sim comm: without keep-alive each call pays a handshake round trip (two with TLS)") {
  const auto g = chain(3, 100.0, 50.0);
  const auto p = model::Partition::observed(g);
  auto s = base();
  const double kept = mean_ms(sim::simulate_graph(g, p, s));
  s.keep_alive = false;
  const double fresh = mean_ms(sim::simulate_graph(g, p, s));
  // Two remote calls, each one extra round trip of 2 x 100 us.
  CHECK(fresh - kept == doctest::Approx(0.4).epsilon(0.02));
  s.tls = true;
  s.tls_handshake_cpu_s = 0.0;
  s.keep_alive = true;
  const double tls_kept = mean_ms(sim::simulate_graph(g, p, s));
  s.keep_alive = false;
  CHECK(mean_ms(sim::simulate_graph(g, p, s)) - tls_kept == doctest::Approx(0.8).epsilon(0.02));
}

TEST_CASE("sim comm: propagation latency follows placement") {
  const auto g = chain(2, 100.0, 50.0);
  const auto p = model::Partition::observed(g);
  auto s = base();
  const double zone = mean_ms(sim::simulate_graph(g, p, s));  // different nodes, same zone
  s.placement["s0"] = {"n1", "", ""};
  s.placement["s1"] = {"n1", "", ""};
  const double node = mean_ms(sim::simulate_graph(g, p, s));
  s.placement["s1"] = {"n2", "zone-b", ""};
  const double cross = mean_ms(sim::simulate_graph(g, p, s));
  s.placement["s1"] = {"n3", "zone-c", "far"};
  const double wan = mean_ms(sim::simulate_graph(g, p, s));
  // One remote call = two one-way trips.
  CHECK(zone - node == doctest::Approx(2 * (s.propagation_s - s.same_node_s) * 1e3).epsilon(0.02));
  CHECK(cross - zone == doctest::Approx(2 * (s.cross_zone_s - s.propagation_s) * 1e3).epsilon(0.02));
  CHECK(wan - zone == doctest::Approx(2 * (s.wan_s - s.propagation_s) * 1e3).epsilon(0.02));
}

TEST_CASE("sim comm: per-hop failure probability p over n remote hops leaves (1-p)^n successes") {
  const auto g = chain(4, 100.0, 200.0);  // 3 remote hops per request, ~20000 requests
  for (const std::uint64_t seed : {1, 2, 3}) {
    INFO("seed " << seed);
    auto s = base(seed);
    s.failure_probability = 0.1;
    const auto r = sim::simulate_graph(g, model::Partition::observed(g), s);
    CHECK(r.requests_arrived == r.requests_completed + r.requests_failed + r.requests_in_flight);
    CHECK(r.requests_in_flight == 0);
    CHECK(success(r) == doctest::Approx(std::pow(0.9, 3)).epsilon(0.02));
    CHECK(r.retries == 0);
    // One process: no remote hop, nothing fails.
    const auto mono = sim::simulate_graph(g, model::Partition::monolith(g), s);
    CHECK(mono.requests_failed == 0);
  }
}

TEST_CASE("sim comm: retries with backoff recover failed attempts; failures cost latency") {
  const auto g = chain(2, 100.0, 200.0);
  const auto p = model::Partition::observed(g);
  auto s = base();
  s.failure_probability = 0.2;
  s.retries = 2;
  s.backoff_s = 5e-3;
  const auto r = sim::simulate_graph(g, p, s);
  CHECK(success(r) == doctest::Approx(1.0 - 0.2 * 0.2 * 0.2).epsilon(0.005));
  CHECK(r.retries == doctest::Approx(0.2 * r.remote_calls * 1.2).epsilon(0.05));  // p + p^2 per call
  CHECK(r.failed_attempts == doctest::Approx(r.remote_calls * (0.2 + 0.04 + 0.008)).epsilon(0.05));
  s.failure_probability = 0.0;
  const auto clean = sim::simulate_graph(g, p, s);
  // A failed attempt costs a round trip plus 5 ms backoff: ~ +1 ms on average, p99 far more.
  CHECK(mean_ms(r) > mean_ms(clean) + 0.8);
  CHECK(clean.requests_failed == 0);
}

TEST_CASE("sim comm: timeouts abandon slow calls, late responses are ignored") {
  const auto g = chain(2, 10'000.0, 20.0);  // s1 takes 10 ms
  const auto p = model::Partition::observed(g);
  auto s = base();
  s.timeout_s = 5e-3;
  s.retries = 1;
  const auto r = sim::simulate_graph(g, p, s);
  CHECK(r.requests_completed == 0);
  CHECK(r.requests_failed == r.requests_arrived);
  CHECK(r.timeouts == 2 * r.remote_calls);  // first attempt and one retry
  CHECK(r.entries[0].failed > 0);
  s.timeout_s = 50e-3;
  const auto patient = sim::simulate_graph(g, p, s);
  CHECK(patient.timeouts == 0);
  CHECK(patient.requests_failed == 0);
  s.timeout_s = 0.0;
  CHECK(mean_ms(patient) == doctest::Approx(mean_ms(sim::simulate_graph(g, p, s))));
}

TEST_CASE("sim comm: asynchronous messages through the broker station") {
  const auto g = chain(3, 200.0, 100.0, 100.0, true);  // s0 -> s1 sync, s1 -> s2 async
  const auto p = model::Partition::observed(g);
  auto s = base();
  const auto direct = sim::simulate_graph(g, p, s);
  s.broker = true;
  const auto brokered = sim::simulate_graph(g, p, s);
  REQUIRE(brokered.groups.size() == direct.groups.size() + 1);
  CHECK(brokered.groups.back().name == "(broker)");
  CHECK(brokered.cpu_broker_s == doctest::Approx(brokered.async_calls * s.broker_service_s));
  CHECK(brokered.groups.back().jobs > 0);
  CHECK(brokered.bytes_on_wire > direct.bytes_on_wire);  // the message crosses twice
  CHECK(direct.cpu_broker_s == 0.0);
  // The caller does not wait for async work, so the broker adds no latency.
  CHECK(mean_ms(brokered) == doctest::Approx(mean_ms(direct)).epsilon(0.01));
  // Lost messages are counted, never retried, and never fail the request.
  s.failure_probability = 0.5;
  s.retries = 3;
  const auto lossy = sim::simulate_graph(g, model::Partition::observed(g), s);
  CHECK(lossy.messages_lost > 0);
  CHECK(lossy.requests_arrived == lossy.requests_completed + lossy.requests_failed);
}

TEST_CASE("sim comm: the timeout covers waiting for a pooled connection") {
  // One connection to a 10 ms callee carries at most ~95 calls/s; 150/s arrive. Without a
  // timeout the line grows for the whole run; with 50 ms, waiters give up and the slot skips them.
  const auto g = chain(2, 10'000.0, 150.0);
  const auto p = model::Partition::observed(g);
  auto s = base();
  s.duration_s = 30.0;
  s.connections_per_replica = 1;
  const auto unbounded = sim::simulate_graph(g, p, s);
  s.timeout_s = 50e-3;
  const auto bounded = sim::simulate_graph(g, p, s);
  CHECK(mean_ms(unbounded) > 1000.0);
  CHECK(bounded.timeouts > 0);
  CHECK(bounded.requests_failed > 0);
  CHECK(bounded.requests_completed > 0);
  CHECK(bounded.entries[0].latency_us.quantile_us(1.0) < 62'000.0);  // nobody finishes long after 50 ms
  CHECK(bounded.requests_arrived == bounded.requests_completed + bounded.requests_failed);
}
