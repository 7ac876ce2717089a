// Station sizing (capacity_plan), the two concurrency models and warm-up exclusion: hand-checked
// cases on small graphs. The queueing-theory validation through the CLI is
// bench/validate_queueing.py (ctest validation.queueing).
#include <doctest/doctest.h>

#include <cmath>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/capacity_plan.hpp"
#include "sim/engine.hpp"
#include "sim/graph_simulation.hpp"
#include "sim/graph_workload.hpp"
#include "sim/station.hpp"

using namespace nanoscope;

namespace {

// a/op -> b/op -> c/op, one synchronous call each, `rate` requests/s into a; no self times
// (the scenario's exponential default_service_s).
model::CallGraph chain(double rate) {
  model::CallGraph g;
  model::OperationId prev = 0;
  for (int i = 0; i < 3; ++i) {
    const auto s = g.add_service(std::string(1, static_cast<char>('a' + i)));
    const auto op = g.add_operation(s, "op");
    g.operation(op).invocations = 1000;
    if (i == 0) g.operation(op).entry_count = 1000;
    else {
      auto& e = g.edge(g.add_edge(prev, op, model::InteractionKind::Sync));
      e.calls = 1000;
      e.traces = 1000;
    }
    prev = op;
  }
  g.observe_window(0, static_cast<std::int64_t>(1000.0 / rate * 1e6));
  return g;
}

// Every communication cost zero: only queueing for cores (and threads) is left.
sim::Scenario free_communication() {
  sim::Scenario s;
  s.duration_s = 300.0;
  s.warmup_s = 20.0;
  s.capacity_policy = sim::CapacityPolicy::Fixed;
  s.workers_per_replica = 1;
  s.default_service_s = 1e-3;
  s.inprocess_call_s = 0.0;
  s.json_s_per_byte = 0.0;
  s.stack_cpu_s = 0.0;
  s.same_node_s = s.propagation_s = s.cross_zone_s = s.wan_s = 0.0;
  s.bandwidth_bytes_per_s = 0.0;
  return s;
}

struct Recorder : sim::StationListener {
  sim::Station* station = nullptr;
  std::vector<std::pair<double, std::uint64_t>> departures;
  bool continue_once = false;
  void on_departure(sim::Engine& engine, std::uint32_t, std::uint64_t job) override {
    departures.emplace_back(engine.now(), job);
    if (continue_once) {
      continue_once = false;
      CHECK(station->continue_with(99, 1.0));
      CHECK_FALSE(station->continue_with(98, 1.0));  // once per departure
    }
  }
};

}  // namespace

TEST_CASE("station: a continuation keeps the worker and goes ahead of the line") {
  sim::Engine engine;
  Recorder rec;
  sim::Station st(engine, 0, {"s", 1, 1, 0, sim::LoadBalancing::RoundRobin}, rec);
  rec.station = &st;
  CHECK_FALSE(st.continue_with(7, 1.0));  // not inside a departure
  st.arrive(1, 1.0);
  st.arrive(2, 1.0);  // waits behind job 1
  rec.continue_once = true;
  engine.run();
  REQUIRE(rec.departures.size() == 3);
  CHECK(rec.departures[0] == std::pair<double, std::uint64_t>{1.0, 1});
  CHECK(rec.departures[1] == std::pair<double, std::uint64_t>{2.0, 99});  // continued on the worker
  CHECK(rec.departures[2] == std::pair<double, std::uint64_t>{3.0, 2});
  CHECK(st.utilisation() == doctest::Approx(1.0));
  CHECK(st.in_system() == 0);
}

TEST_CASE("capacity plan: autoscaling counts communication CPU; fixed pools merged cores") {
  const auto g = chain(100.0);
  sim::Scenario s;
  s.default_service_s = 1e-3;
  s.workers_per_replica = 1;
  s.autoscale_utilisation = 0.5;
  s.default_request_bytes = s.default_response_bytes = 100'000.0;  // 0.5 ms per message side in JSON
  const auto w = sim::build_workload(g, s);
  const auto split = sim::plan_capacity(g, model::Partition::observed(g), s, w);
  REQUIRE(split.stations.size() == 3);
  // b: 100 visits/s x 1 ms work, plus its incoming call (decode request, encode response) and
  // its outgoing one (encode request, decode response): 4 message sides of 100 kB.
  const double side = sim::message_cpu(s, 100'000.0).total();
  CHECK(side == doctest::Approx(100'000.0 * s.json_s_per_byte + s.stack_cpu_s));
  CHECK(split.stations[1].offered_cpu_per_s == doctest::Approx(100.0 * (1e-3 + 4 * side)));
  CHECK(split.stations[0].offered_cpu_per_s == doctest::Approx(100.0 * (1e-3 + 2 * side)));
  for (const auto& st : split.stations) CHECK(st.utilisation() <= 0.5 + 1e-12);
  CHECK(split.stations[1].replicas == static_cast<std::uint32_t>(std::ceil(100.0 * (1e-3 + 4 * side) / 0.5)));
  // One process: no messages, the work alone.
  const auto one = sim::plan_capacity(g, model::Partition::monolith(g), s, w);
  REQUIRE(one.stations.size() == 1);
  CHECK(one.stations[0].offered_cpu_per_s == doctest::Approx(300.0 * 1e-3));

  s.capacity_policy = sim::CapacityPolicy::Fixed;
  s.default_replicas = 2;
  const auto fixed_split = sim::plan_capacity(g, model::Partition::observed(g), s, w);
  const auto fixed_one = sim::plan_capacity(g, model::Partition::monolith(g), s, w);
  for (const auto& st : fixed_split.stations) CHECK(st.replicas == 2);
  CHECK(fixed_one.stations[0].replicas == 6);  // three services' replicas pooled
  s.capacity_policy = sim::CapacityPolicy::Autoscale;
  s.autoscale_utilisation = 0.0;  // no target: sizes nothing, as fixed
  CHECK(s.effective_capacity_policy() == sim::CapacityPolicy::Fixed);
}

TEST_CASE("sim concurrency: a zero-cost synchronous chain queues once per station (Jackson)") {
  const auto g = chain(500.0);  // utilisation 0.5 at every station
  auto s = free_communication();
  const auto r = sim::simulate_graph(g, model::Partition::observed(g), s);
  REQUIRE(r.entries.size() == 1);
  CHECK(r.entries[0].latency_us.mean_us() / 1e3 == doctest::Approx(3.0 * 1.0 / (1000.0 - 500.0) * 1e3).epsilon(0.04));
  for (const auto& grp : r.groups) CHECK(grp.utilisation == doctest::Approx(0.5).epsilon(0.03));
  // Blocking with enough threads is the same network; with one thread per service the caller
  // holds its thread through the whole chain below it.
  s.concurrency = sim::Concurrency::Blocking;
  const auto many = sim::simulate_graph(g, model::Partition::observed(g), s);
  CHECK(many.entries[0].latency_us.mean_us() == doctest::Approx(r.entries[0].latency_us.mean_us()).epsilon(0.04));
  CHECK(many.groups[0].threads == s.threads_per_replica);
  CHECK(many.thread_waits == 0);
  s.threads_per_replica = 1;
  const auto g2 = chain(250.0);  // thread utilisation of a: 250/s x 3 ms = 0.75
  const auto one = sim::simulate_graph(g2, model::Partition::observed(g2), s);
  CHECK(one.groups[0].thread_utilisation == doctest::Approx(0.75).epsilon(0.04));
  CHECK(one.groups[2].thread_utilisation == doctest::Approx(0.25).epsilon(0.04));
  CHECK(one.thread_waits > 0);
  // M/G/1 with H = three exponential 1 ms stages: E[H] = 3 ms, E[H^2] = 3 + 9 = 12 ms^2.
  const double lambda = 250.0, eh = 3e-3, eh2 = 12e-6;
  const double pk = lambda * eh2 / (2.0 * (1.0 - lambda * eh)) + eh;
  CHECK(one.entries[0].latency_us.mean_us() * 1e-6 == doctest::Approx(pk).epsilon(0.05));
}

TEST_CASE("sim warm-up: requests born before it are neither measured nor counted") {
  const auto g = chain(500.0);
  auto s = free_communication();
  s.duration_s = 40.0;
  s.warmup_s = 20.0;
  const auto r = sim::simulate_graph(g, model::Partition::observed(g), s);
  // About half the arrivals fall in the warm-up; only the others are measured and counted.
  CHECK(r.requests_measured == r.entries[0].requests);
  CHECK(static_cast<double>(r.requests_measured) == doctest::Approx(0.5 * r.requests_arrived).epsilon(0.05));
  CHECK(r.remote_calls == 2 * r.requests_measured);
  CHECK(r.calls_per_edge[0] == r.requests_measured);
  // Throughput over the measured period is the arrival rate, not inflated by warm-up completions.
  CHECK(static_cast<double>(r.entries[0].requests) / (s.duration_s - s.warmup_s) ==
        doctest::Approx(500.0).epsilon(0.03));
}
