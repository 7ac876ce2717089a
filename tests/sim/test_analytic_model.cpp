// Analytic solver: M/M/1, M/M/c (Erlang C by hand), tandem Jackson chains, a feedback cycle,
// fork-join, saturation, divergent cycles, the one-process reference, and agreement with the
// discrete-event simulator on product-form cases.
#include <doctest/doctest.h>

#include "support/test_support.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/analytic_model.hpp"
#include "sim/capacity_plan.hpp"
#include "sim/graph_simulation.hpp"

using namespace nanoscope;
using sim::Scenario;

namespace {

// `n` services in a synchronous chain s0 -> s1 -> ... (one call each), s0 the entry.
model::CallGraph chain(int n) {
  test::ExactGraph b;
  model::OperationId prev = b.add("s0");
  b.entry(prev);
  for (int i = 1; i < n; ++i) {
    std::string name = std::to_string(i);
    name.insert(name.begin(), 's');  // ("s" + std::string trips a g++ 12 -Wrestrict false positive)
    const auto op = b.add(name);
    b.call(prev, op, 1.0);
    prev = op;
  }
  return b.graph;
}

// Every communication cost zero, one core per service, exponential service of `service_s`,
// `rate` requests/s in total: the graph is a Jackson network of M/M/1 stations.
Scenario zero_comm(double service_s, double rate) {
  Scenario s;
  s.stack_cpu_s = 0.0;
  s.json_s_per_byte = 0.0;
  s.propagation_s = 0.0;
  s.same_node_s = 0.0;
  s.bandwidth_bytes_per_s = 1e300;
  s.default_request_bytes = 0.0;
  s.default_response_bytes = 0.0;
  s.inprocess_call_s = 0.0;
  s.autoscale_utilisation = 0.0;
  s.capacity_policy = sim::CapacityPolicy::Fixed;
  s.workers_per_replica = 1;
  s.default_replicas = 1;
  s.default_service_s = service_s;
  s.total_rate_per_s = rate;
  return s;
}

bool has_caveat(const sim::AnalyticResult& r, const std::string& start) {
  for (const auto& c : r.caveats)
    if (c.rfind(start, 0) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("sim analytic: one operation is M/M/1") {
  const auto g = chain(1);
  const auto r = sim::solve_analytic(g, model::Partition::observed(g), zero_comm(1e-3, 500.0));
  REQUIRE(r.entries.size() == 1);
  CHECK(r.entries[0].operation == "s0/op");
  CHECK(r.entries[0].rate_per_s == doctest::Approx(500.0));
  CHECK(r.entries[0].mean_latency_s == doctest::Approx(2e-3).epsilon(1e-12));  // s / (1 - rho)
  CHECK(r.entries[0].comm_latency_s == 0.0);
  REQUIRE(r.stations.size() == 1);
  CHECK(r.stations[0].servers == 1.0);
  CHECK(r.stations[0].utilisation == doctest::Approx(0.5));
  CHECK(r.stations[0].mean_wait_s == doctest::Approx(1e-3).epsilon(1e-12));
  CHECK(r.stations[0].mean_service_s == doctest::Approx(1e-3));
  CHECK(r.stations[0].jobs_per_s == doctest::Approx(500.0));
  CHECK(r.product_form);
  CHECK(r.caveats.empty());
}

TEST_CASE("sim analytic: two cores are M/M/c with the Erlang C wait") {
  const auto g = chain(1);
  auto s = zero_comm(1e-3, 1500.0);
  s.workers_per_replica = 2;
  const auto r = sim::solve_analytic(g, model::Partition::observed(g), s);
  // c = 2, a = 1.5, rho = 0.75: C = (a^2/2)/(1 - rho) / (1 + a + (a^2/2)/(1 - rho)) = 4.5/7,
  // W = C s / (c - a) = 9/7 ms, sojourn 16/7 ms.
  CHECK(r.stations[0].servers == 2.0);
  CHECK(r.stations[0].utilisation == doctest::Approx(0.75));
  CHECK(r.stations[0].mean_wait_s == doctest::Approx(9.0 / 7.0 * 1e-3).epsilon(1e-12));
  CHECK(r.entries[0].mean_latency_s == doctest::Approx(16.0 / 7.0 * 1e-3).epsilon(1e-12));
}

TEST_CASE("sim analytic: a zero-cost synchronous chain is the Jackson sum of s / (1 - rho)") {
  for (const int n : {3, 5}) {
    for (const double rho : {0.5, 0.8}) {
      INFO("stations " << n << " rho " << rho);
      const auto g = chain(n);
      const auto r = sim::solve_analytic(g, model::Partition::observed(g), zero_comm(1e-3, rho / 1e-3));
      REQUIRE(r.stations.size() == static_cast<std::size_t>(n));
      for (const auto& st : r.stations) CHECK(st.utilisation == doctest::Approx(rho));
      CHECK(r.entries[0].mean_latency_s == doctest::Approx(n * 1e-3 / (1.0 - rho)).epsilon(1e-12));
      CHECK(r.entries[0].comm_latency_s == 0.0);
      CHECK(r.product_form);
      CHECK(r.caveats.empty());
    }
  }
}

TEST_CASE("sim analytic: a cycle calling back with mean 0.5 converges to the geometric visit count") {
  // a -> b (1 call), b -> a (0.5 calls): 2 visits to each per request, 4 sojourns of s/(1-rho).
  test::ExactGraph b;
  const auto a = b.add("a");
  const auto c = b.add("b");
  b.entry(a);
  b.call(a, c, 1.0);
  b.call(c, a, 0.5);
  const auto r = sim::solve_analytic(b.graph, model::Partition::observed(b.graph), zero_comm(1e-3, 200.0));
  for (const auto& st : r.stations) {
    CHECK(st.jobs_per_s == doctest::Approx(400.0));
    CHECK(st.utilisation == doctest::Approx(0.4));
  }
  CHECK(r.entries[0].mean_latency_s == doctest::Approx(4.0 * 1e-3 / 0.6).epsilon(1e-9));
  CHECK(r.product_form);
  CHECK(has_caveat(r, "max depth cut: the graph has cycles"));
}

TEST_CASE("sim analytic: a cycle making one or more calls of itself is refused") {
  test::ExactGraph b;
  const auto a = b.add("a");
  const auto c = b.add("b");
  b.entry(a);
  b.call(a, c, 1.0);
  b.call(c, a, 1.0);
  CHECK_THROWS_AS((void)sim::solve_analytic(b.graph, model::Partition::observed(b.graph), zero_comm(1e-3, 10.0)),
                  std::invalid_argument);
  test::ExactGraph self;
  const auto x = self.add("x");
  self.entry(x);
  self.call(x, x, 2.0);
  CHECK_THROWS_AS((void)sim::solve_analytic(self.graph, model::Partition::observed(self.graph), zero_comm(1e-3, 10.0)),
                  std::invalid_argument);
  const auto g = chain(2);
  CHECK_THROWS_AS((void)sim::solve_analytic(g, model::Partition::observed(chain(3)), zero_comm(1e-3, 10.0)),
                  std::invalid_argument);
}

TEST_CASE("sim analytic: saturation is where the busiest station reaches utilisation 1") {
  // s0 -> s1 with 2 calls: s1 is the bottleneck at twice s0's load.
  test::ExactGraph b;
  const auto a = b.add("s0");
  const auto c = b.add("s1");
  b.entry(a);
  b.call(a, c, 2.0);
  const auto p = model::Partition::observed(b.graph);
  const auto r = sim::solve_analytic(b.graph, p, zero_comm(1e-3, 100.0));
  CHECK(r.total_rate_per_s == doctest::Approx(100.0));
  CHECK(r.stations[1].utilisation == doctest::Approx(0.2));
  CHECK(r.saturation_scale == doctest::Approx(5.0));
  CHECK(r.saturation_rate_per_s == doctest::Approx(500.0));
  const auto below = sim::solve_analytic(b.graph, p, zero_comm(1e-3, 499.0));
  CHECK(std::isfinite(below.entries[0].mean_latency_s));
  const auto above = sim::solve_analytic(b.graph, p, zero_comm(1e-3, 501.0));
  CHECK(std::isinf(above.entries[0].mean_latency_s));
  CHECK(std::isinf(above.stations[1].mean_wait_s));
  CHECK(has_caveat(above, "unstable: station s1"));
  CHECK(above.saturation_rate_per_s == doctest::Approx(500.0));
}

TEST_CASE("sim analytic: two identical parallel branches join after 1.5 x their sojourn") {
  // fe forks one call to each of b1 and b2 (always parallel): E[max of two exponentials] = H_2 R.
  test::ExactGraph b;
  const auto fe = b.add("fe");
  const auto b1 = b.add("b1");
  const auto b2 = b.add("b2");
  b.entry(fe);
  b.call(fe, b1, 1.0, 1.0);
  b.call(fe, b2, 1.0, 1.0);
  const auto r = sim::solve_analytic(b.graph, model::Partition::observed(b.graph), zero_comm(1e-3, 500.0));
  const double sojourn = 1e-3 / 0.5;
  CHECK(r.entries[0].mean_latency_s == doctest::Approx(sojourn + 1.5 * sojourn).epsilon(1e-6));
  CHECK_FALSE(r.product_form);
  CHECK(has_caveat(r, "fork-join: 1 operation(s)"));

  // Half the time parallel: E = 0.25 (b1 + b2) + 0.25 max + 0.25 b1 + 0.25 b2 = 1.875 R.
  test::ExactGraph h;
  const auto hf = h.add("fe");
  const auto h1 = h.add("b1");
  const auto h2 = h.add("b2");
  h.entry(hf);
  h.call(hf, h1, 1.0, 0.5);
  h.call(hf, h2, 1.0, 0.5);
  const auto half = sim::solve_analytic(h.graph, model::Partition::observed(h.graph), zero_comm(1e-3, 500.0));
  CHECK(half.entries[0].mean_latency_s == doctest::Approx(sojourn + 1.875 * sojourn).epsilon(1e-6));
}

TEST_CASE("sim analytic: the one-process reference has no communication; remote calls price it") {
  // fe -> cart (2 calls) -> db (1 call); fe -> audit asynchronously.
  test::ExactGraph b;
  const auto fe = b.add("frontend");
  const auto cart = b.add("cart");
  const auto db = b.add("db");
  const auto audit = b.add("audit");
  b.entry(fe);
  b.call(fe, cart, 2.0);
  b.call(cart, db, 1.0);
  b.call(fe, audit, 1.0, 0.0, model::InteractionKind::Async);
  Scenario s;
  s.total_rate_per_s = 100.0;
  s.capacity_policy = sim::CapacityPolicy::Fixed;
  s.workers_per_replica = 1;
  s.default_service_s = 1e-3;

  const auto mono = sim::solve_analytic(b.graph, model::Partition::monolith(b.graph), s);
  REQUIRE(mono.stations.size() == 1);
  CHECK(mono.entries[0].comm_latency_s == 0.0);
  // One station of 4 pooled cores; an entry is one job (in-process callees continue on its
  // core), the async audit call another: 200 jobs/s, 6 ms of CPU per request.
  CHECK(mono.stations[0].servers == 4.0);
  CHECK(mono.stations[0].jobs_per_s == doctest::Approx(200.0));
  CHECK(mono.stations[0].utilisation == doctest::Approx(100.0 * 6e-3 / 4.0));
  const double work = 1e-3 + 2.0 * (s.inprocess_call_s + 1e-3 + s.inprocess_call_s + 1e-3);
  CHECK(mono.entries[0].mean_latency_s == doctest::Approx(mono.stations[0].mean_wait_s + work).epsilon(1e-12));
  CHECK_FALSE(mono.product_form);  // a job holds its in-process callees' work too

  const auto obs = sim::solve_analytic(b.graph, model::Partition::observed(b.graph), s);
  REQUIRE(obs.stations.size() == 4);
  // Per remote synchronous call: both sides encode and decode a request and a response,
  // each message crosses the wire once, and the caller's decode waits for a core.
  auto message = [&](double bytes) { return bytes * s.json_s_per_byte + s.stack_cpu_s; };
  const double cpu = 2.0 * (message(s.default_request_bytes) + message(s.default_response_bytes));
  const double wire =
      2.0 * s.propagation_s + (s.default_request_bytes + s.default_response_bytes) / s.bandwidth_bytes_per_s;
  const double comm_cart = cpu + wire + obs.stations[1].mean_wait_s;  // cart decodes db's answer
  const double comm_fe = cpu + wire + obs.stations[0].mean_wait_s;
  CHECK(obs.entries[0].comm_latency_s == doctest::Approx(2.0 * (comm_fe + comm_cart)).epsilon(1e-12));
  const double lat_db = obs.stations[2].mean_wait_s + 1e-3;
  const double lat_cart = obs.stations[1].mean_wait_s + 1e-3 + comm_cart + lat_db;
  CHECK(obs.entries[0].mean_latency_s ==
        doctest::Approx(obs.stations[0].mean_wait_s + 1e-3 + 2.0 * (comm_fe + lat_cart)).epsilon(1e-12));
  CHECK(obs.entries[0].mean_latency_s > mono.entries[0].mean_latency_s);
  // The audit station gets its async messages as jobs, decoding included.
  CHECK(obs.stations[3].jobs_per_s == doctest::Approx(100.0));
  CHECK(obs.stations[3].mean_service_s == doctest::Approx(1e-3 + message(s.default_request_bytes)));
}

TEST_CASE("sim analytic: stations are plan_capacity's, sized and loaded alike") {
  // An acyclic graph with every communication cost at its default, autoscaled: the same
  // servers and utilisation as the capacity plan the simulator runs.
  test::ExactGraph b;
  const auto fe = b.add("frontend");
  const auto cart = b.add("cart");
  const auto db = b.add("db");
  const auto audit = b.add("audit");
  b.entry(fe);
  b.call(fe, cart, 2.5);
  b.call(cart, db, 1.5, 0.4);
  b.call(fe, audit, 1.0, 0.0, model::InteractionKind::Async);
  Scenario s;
  s.total_rate_per_s = 3000.0;
  s.tls = true;
  s.sidecar = true;
  s.keep_alive = false;
  for (const auto& p : {model::Partition::observed(b.graph), model::Partition::monolith(b.graph)}) {
    const auto plan = sim::plan_capacity(b.graph, p, s, sim::build_workload(b.graph, s));
    const auto r = sim::solve_analytic(b.graph, p, s);
    REQUIRE(r.stations.size() == plan.stations.size());
    for (std::size_t i = 0; i < r.stations.size(); ++i) {
      INFO(r.stations[i].name);
      CHECK(r.stations[i].name == plan.stations[i].name);
      CHECK(r.stations[i].servers == plan.stations[i].cores());
      CHECK(r.stations[i].utilisation == doctest::Approx(plan.stations[i].utilisation()).epsilon(1e-12));
      CHECK(r.stations[i].utilisation <= s.autoscale_utilisation);
    }
    CHECK(r.saturation_scale > 1.0 / s.autoscale_utilisation - 1e-9);
  }
}

TEST_CASE("sim analytic: agrees with the discrete-event simulator on product-form networks within 3%") {
  struct Case {
    const char* name;
    model::CallGraph graph;
    Scenario scenario;
  };
  auto long_run = [](Scenario s, double duration) {
    s.duration_s = duration;
    s.warmup_s = duration / 20.0;
    s.seed = 7;
    return s;
  };
  test::ExactGraph cycle;
  const auto a = cycle.add("a");
  const auto c = cycle.add("b");
  cycle.entry(a);
  cycle.call(a, c, 1.0);
  cycle.call(c, a, 0.5);
  auto mmc = zero_comm(1e-3, 1500.0);
  mmc.workers_per_replica = 2;
  const Case cases[] = {
      {"M/M/2 at 0.75", chain(1), long_run(mmc, 1000.0)},
      {"tandem of 3 at 0.5", chain(3), long_run(zero_comm(1e-3, 500.0), 600.0)},
      {"tandem of 3 at 0.8", chain(3), long_run(zero_comm(1e-3, 800.0), 3000.0)},
      {"feedback cycle at 0.4", cycle.graph, long_run(zero_comm(1e-3, 200.0), 1000.0)},
  };
  for (const auto& k : cases) {
    INFO(k.name);
    const auto p = model::Partition::observed(k.graph);
    const auto analytic = sim::solve_analytic(k.graph, p, k.scenario);
    REQUIRE(analytic.product_form);
    const auto des = sim::simulate_graph(k.graph, p, k.scenario);
    REQUIRE(des.entries.size() == 1);
    CHECK(des.entries[0].latency_us.mean_us() * 1e-6 ==
          doctest::Approx(analytic.entries[0].mean_latency_s).epsilon(0.03));
    for (std::size_t s = 0; s < des.groups.size(); ++s)
      CHECK(des.groups[s].utilisation == doctest::Approx(analytic.stations[s].utilisation).epsilon(0.03));
  }
}
