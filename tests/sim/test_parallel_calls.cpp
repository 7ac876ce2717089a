// Parallel fan-out, communication time on the critical path, per-edge failure settings and
// replayed arrivals of the graph simulation: a fork-join costs its slowest branch, the
// one-process reference has no communication time, failures.edges overrides act on their calls
// only, and a replay makes exactly the recorded arrivals.
#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/graph_simulation.hpp"
#include "sim/graph_workload.hpp"
#include "sim/scenario_yaml.hpp"

using namespace nanoscope;

namespace {

// root/op calls a/op, b/op and c/op once each; every callee works `callee_us`, the root 100 us.
// The first `parallel` callees' edges are marked parallel in every call.
model::CallGraph fan_out(int parallel, double callee_us = 1000.0, double rate = 5.0) {
  model::CallGraph g;
  const std::uint64_t count = static_cast<std::uint64_t>(rate * 100.0);
  const auto root = g.add_operation(g.add_service("root"), "op");
  g.operation(root).invocations = count;
  g.operation(root).entry_count = count;
  g.operation(root).self_time.add(100.0, count);
  int i = 0;
  for (const char* name : {"a", "b", "c"}) {
    const auto op = g.add_operation(g.add_service(name), "op");
    g.operation(op).invocations = count;
    g.operation(op).self_time.add(callee_us, count);
    auto& e = g.edge(g.add_edge(root, op, model::InteractionKind::Sync));
    e.calls = e.traces = count;
    e.parallel_calls = i++ < parallel ? count : 0;
  }
  g.observe_window(0, 100'000'000);
  return g;
}

sim::Scenario quiet() {
  sim::Scenario s;
  s.duration_s = 100.0;
  s.warmup_s = 5.0;
  s.workers_per_replica = 8;  // no queueing: latency is the sum of the path's parts
  return s;
}

double p50_ms(const sim::GraphSimulationResult& r) { return r.entries.at(0).latency_us.quantile_us(0.5) / 1e3; }

}  // namespace

TEST_CASE("sim parallel: the workload takes the parallel share from the edges") {
  const auto g = fan_out(2);
  const auto w = sim::build_workload(g, quiet());
  REQUIRE(w.operations[0].calls.size() == 3);
  CHECK(w.operations[0].calls[0].parallel == 1.0);
  CHECK(w.operations[0].calls[1].parallel == 1.0);
  CHECK(w.operations[0].calls[2].parallel == 0.0);
}

TEST_CASE("sim parallel: a fork-join costs its slowest branch, sequential calls add up") {
  const auto s = quiet();
  for (int parallel : {0, 2, 3}) {
    CAPTURE(parallel);
    const auto g = fan_out(parallel);
    const auto r = sim::simulate_graph(g, model::Partition::monolith(g), s);
    // Root work 0.1 ms, then one 1 ms branch for the parallel group, 1 ms per sequential call.
    const double expected = 0.1 + (parallel > 0 ? 1.0 : 0.0) + (3 - parallel) * 1.0;
    CHECK(p50_ms(r) == doctest::Approx(expected).epsilon(0.01));
    CHECK(r.inprocess_calls == 3 * r.requests_measured);  // every call is still made
  }
}

TEST_CASE("sim parallel: communication on the path is zero in one process and one branch deep in a fork") {
  const auto s = quiet();
  for (int parallel : {0, 3}) {
    CAPTURE(parallel);
    const auto g = fan_out(parallel);
    const auto mono = sim::simulate_graph(g, model::Partition::monolith(g), s);
    CHECK(mono.entries[0].communication_us.count() == mono.entries[0].latency_us.count());
    CHECK(mono.entries[0].communication_us.max_us() == 0.0);

    const auto split = sim::simulate_graph(g, model::Partition::observed(g), s);
    const auto& comm = split.entries[0].communication_us;
    REQUIRE(comm.count() > 0);
    // Without queueing the added latency is exactly the communication time on the path.
    const double added = p50_ms(split) - p50_ms(mono);
    CHECK(comm.quantile_us(0.5) / 1e3 == doctest::Approx(added).epsilon(0.05));
    CHECK(comm.quantile_us(0.5) > 0.0);
  }
  // Three sequential remote calls communicate about three times as long as one fork of three.
  const auto seq = sim::simulate_graph(fan_out(0), model::Partition::observed(fan_out(0)), s);
  const auto par = sim::simulate_graph(fan_out(3), model::Partition::observed(fan_out(3)), s);
  const double ratio = seq.entries[0].communication_us.quantile_us(0.5) / par.entries[0].communication_us.quantile_us(0.5);
  CHECK(ratio == doctest::Approx(3.0).epsilon(0.1));
}

TEST_CASE("sim parallel: parallel runs are bit-identical for the same seed and differ only in timing") {
  const auto g = fan_out(2);
  const auto p = model::Partition::observed(g);
  const auto a = sim::simulate_graph(g, p, quiet()), b = sim::simulate_graph(g, p, quiet());
  CHECK(a.entries[0].latency_us.mean_us() == b.entries[0].latency_us.mean_us());
  CHECK(a.events == b.events);
  const auto seq = fan_out(0);
  const auto c = sim::simulate_graph(seq, model::Partition::observed(seq), quiet());
  CHECK(c.calls_per_edge == a.calls_per_edge);  // the same call trees, only the order differs
}

TEST_CASE("sim failures: per-edge settings act on their calls only, the most specific key wins") {
  const auto g = fan_out(0);
  const auto p = model::Partition::observed(g);
  auto s = sim::parse_scenario_yaml(R"(simulation:
  failures:
    probability: 0
    edges:
      "root -> b": {probability: 1}
      "root -> *": {probability: 0.5, retries: 0}
      "* -> c": {probability: 1}
)", "edges.yaml");
  s.duration_s = 100.0;
  s.warmup_s = 5.0;
  const auto w = sim::build_workload(g, s);
  CHECK(w.operations[0].calls[0].failure_probability == 0.5);  // root -> a: "root -> *"
  CHECK(w.operations[0].calls[1].failure_probability == 1.0);  // root -> b: exact key
  CHECK(w.operations[0].calls[2].failure_probability == 0.5);  // root -> c: "root -> *" beats "* -> c"
  CHECK(w.operations[0].calls[1].retries == 0);                // unset fields keep the default

  const auto r = sim::simulate_graph(g, p, s);
  CHECK(r.requests_completed == 0);  // every request needs root -> b
  CHECK(r.requests_failed == r.requests_arrived);

  s.edge_failures.erase("root -> b");
  s.edge_failures["root -> *"].probability = 0.0;
  s.edge_failures["* -> c"].probability = 0.2;  // now unreachable: "root -> *" is more specific
  const auto ok = sim::simulate_graph(g, p, s);
  CHECK(ok.requests_failed == 0);
  CHECK(ok.failed_attempts == 0);
}

TEST_CASE("sim failures: a per-edge timeout abandons slow calls of that edge") {
  auto g = fan_out(0, 5000.0);  // every callee works 5 ms
  auto s = quiet();
  s.edge_failures["root -> a"].timeout_s = 0.001;
  const auto r = sim::simulate_graph(g, model::Partition::observed(g), s);
  CHECK(r.timeouts == r.requests_measured);  // only root -> a times out, once per request
  CHECK(r.requests_failed == r.requests_arrived);
}

TEST_CASE("scenario yaml: failures.edges keys must name two services") {
  CHECK_THROWS_WITH_AS(sim::parse_scenario_yaml("simulation:\n  failures:\n    edges:\n      frontend: {probability: 1}\n",
                                                "bad.yaml"),
                       doctest::Contains("bad.yaml:4:7: simulation.failures.edges: key 'frontend' must name a caller"),
                       sim::ScenarioError);
  CHECK_THROWS_WITH_AS(
      sim::parse_scenario_yaml("simulation:\n  failures:\n    edges:\n      \"a -> b\": {tries: 1}\n", "bad.yaml"),
      doctest::Contains("unknown key 'tries'"), sim::ScenarioError);
}

namespace {

// One entry operation with recorded root start times (seconds) and a 1 ms self time.
model::CallGraph replayed(const std::vector<double>& starts_s) {
  model::CallGraph g;
  const auto op = g.add_operation(g.add_service("api"), "get");
  auto& o = g.operation(op);
  o.invocations = o.entry_count = starts_s.size();
  o.self_time.add(1000.0, starts_s.size());
  for (double t : starts_s) CHECK(g.record_arrival(op, 1'700'000'000'000'000 + static_cast<std::int64_t>(t * 1e6)));
  g.observe_window(1'700'000'000'000'000, 1'700'000'000'000'000 + static_cast<std::int64_t>(starts_s.back() * 1e6));
  return g;
}

// Arrivals a replay of `starts` makes before `duration`, counted independently of the simulator.
std::uint64_t expected_arrivals(const std::vector<double>& starts, double duration, double speed) {
  const double period = (starts.back() - starts.front()) * starts.size() / (starts.size() - 1.0);
  std::uint64_t n = 0;
  for (int cycle = 0; cycle < 1000; ++cycle)
    for (double t : starts) n += (cycle * period + t - starts.front()) / speed < duration;
  return n;
}

}  // namespace

TEST_CASE("sim arrivals: replay repeats the recorded root start times, scaled by rate_scale") {
  const std::vector<double> starts = {0.0, 0.5, 0.6, 2.0};
  const auto g = replayed(starts);
  auto s = quiet();
  s.duration_s = 10.0;
  s.warmup_s = 0.0;
  s.arrivals = sim::Arrivals::Replay;
  const auto w = sim::build_workload(g, s);
  REQUIRE(w.replayed_entries == 1);
  CHECK(w.entries[0].replay_period_s == doctest::Approx(2.0 * 4.0 / 3.0));
  CHECK(w.entries[0].rate_per_s == doctest::Approx(4.0 / (2.0 * 4.0 / 3.0)));

  const auto p = model::Partition::observed(g);
  const auto r = sim::simulate_graph(g, p, s);
  CHECK(r.requests_arrived == expected_arrivals(starts, 10.0, 1.0));  // 15
  CHECK(r.requests_arrived == 15);
  CHECK(sim::simulate_graph(g, p, s).entries[0].latency_us.mean_us() == r.entries[0].latency_us.mean_us());

  s.rate_scale = 2.0;
  const auto fast = sim::simulate_graph(g, p, s);
  CHECK(fast.requests_arrived == expected_arrivals(starts, 10.0, 2.0));
  CHECK(fast.requests_arrived > r.requests_arrived);

  // The same graph under Poisson arrivals draws its own times.
  s.arrivals = sim::Arrivals::Poisson;
  s.rate_scale = 1.0;
  CHECK(sim::simulate_graph(g, p, s).requests_arrived != r.requests_arrived);
}

TEST_CASE("sim arrivals: replay without recorded start times is a clear error") {
  auto g = fan_out(0);  // built by hand: entry counts but no start times
  auto s = quiet();
  s.arrivals = sim::Arrivals::Replay;
  CHECK_THROWS_WITH_AS(sim::simulate_graph(g, model::Partition::observed(g), s),
                       doctest::Contains("arrivals: replay needs the traces' root start times"), std::invalid_argument);
}

TEST_CASE("model: root arrivals are capped per graph and the rest counted") {
  model::CallGraph g;
  const auto op = g.add_operation(g.add_service("api"), "get");
  for (std::uint64_t i = 0; i < model::CallGraph::kMaxArrivals; ++i) g.record_arrival(op, static_cast<std::int64_t>(i));
  CHECK_FALSE(g.record_arrival(op, 7));
  CHECK_FALSE(g.record_arrival(op, 8));
  CHECK(g.arrivals_kept() == model::CallGraph::kMaxArrivals);
  CHECK(g.arrivals_not_kept == 2);
  model::CallGraph other;
  other.merge(g);
  CHECK(other.arrivals_kept() == model::CallGraph::kMaxArrivals);
  CHECK(other.arrivals_not_kept == 2);
}

TEST_CASE("sim workload: a manifest-only graph does not follow declared edges that close a cycle") {
  // gateway -> a -> b -> a and b -> c -> gateway, no observed calls: taken as one call per edge,
  // the cycles would recurse to max_call_depth with ever more calls per request.
  model::CallGraph g;
  auto op = [&](const char* name) { return g.add_operation(g.add_service(name), "*"); };
  const auto gw = op("gateway"), a = op("a"), b = op("b"), c = op("c");
  for (auto [from, to] : {std::pair{gw, a}, {a, b}, {b, a}, {b, c}, {c, gw}})
    g.edge(g.add_edge(from, to, model::InteractionKind::Sync)).declared = true;
  auto s = quiet();
  s.duration_s = 10.0;
  s.warmup_s = 1.0;
  const auto w = sim::build_workload(g, s);
  CHECK(w.cycle_edges_skipped == 2);  // b -> a and c -> gateway
  REQUIRE(w.entries.size() == 1);     // without the back edges, gateway is the only uncalled operation
  CHECK(w.entries[0].operation == gw);
  const auto r = sim::simulate_graph(g, model::Partition::observed(g), s);
  CHECK(r.requests_completed == r.requests_arrived);
  CHECK(r.remote_calls == 3 * r.requests_measured);  // gateway -> a -> b -> c, once each
}
