// The graph simulation on imported corpus graphs: every trace-derived graph and a
// manifest-only one simulate, conserve requests, and the monolith removes remote calls.
#include <doctest/doctest.h>

#include "importers/import_set.hpp"
#include "model/partition.hpp"
#include "sim/graph_simulation.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

sim::GraphSimulationResult run(const model::CallGraph& g, const model::Partition& p) {
  sim::Scenario s;
  s.duration_s = 20.0;
  s.warmup_s = 1.0;
  s.seed = 11;
  s.total_rate_per_s = 40.0;  // corpus windows are tiny (a few traces), so measured rates are not a load
  return sim::simulate_graph(g, p, s);
}

}  // namespace

TEST_CASE("sim corpus: every trace-derived and a manifest-only graph simulate") {
  for (const char* name :
       {"jaeger-deathstarbench-social-20traces.json", "jaeger-ui-petclinic-trace.json", "jaeger-uimodel-ui-01.json",
        "jaeger-deps-small.json", "zipkin-yelp.json", "zipkin-smartthings-oauth-authorization.json",
        "zipkin-messaging-kafka.json", "zipkin-ascend.json", "otlp-jaeger-memory-fixture-traces.json",
        "csv-deathstarbench-social-callgraph.csv", "k8s-sock-shop.yaml", "compose-deathstarbench-social.yml"}) {
    INFO("corpus file " << std::string(name));
    const auto imported = importers::import_inputs({test::corpus_path(name)});
    const auto& g = imported.graph;
    REQUIRE(g.operation_count() > 0);
    const auto observed = run(g, model::Partition::observed(g));
    CHECK(observed.requests_arrived > 100);
    CHECK(observed.requests_completed == observed.requests_arrived);  // drained
    CHECK(observed.requests_in_flight == 0);
    CHECK(observed.cpu_serialization_s >= 0.0);
    CHECK(observed.cpu_stack_s >= 0.0);
    const auto mono = run(g, model::Partition::monolith(g));
    CHECK(mono.remote_calls == 0);
    CHECK(mono.calls_per_edge == observed.calls_per_edge);
    CHECK(mono.inprocess_calls == observed.inprocess_calls + observed.remote_calls);
  }
}

TEST_CASE("sim corpus: deathstarbench social network has remote calls that merging removes") {
  const auto imported = importers::import_inputs({test::corpus_path("jaeger-deathstarbench-social-20traces.json")});
  const auto& g = imported.graph;
  const auto observed = model::Partition::observed(g);
  const auto before = run(g, observed);
  CHECK(before.remote_calls > before.requests_arrived);
  CHECK(before.entries.size() >= 1);
  // Merge the two services exchanging the most calls.
  std::uint64_t best = 0;
  model::GroupId ga = 0, gb = 0;
  for (model::EdgeId e = 0; e < g.edge_count(); ++e) {
    const auto a = observed.group_of(g.edge(e).from), b = observed.group_of(g.edge(e).to);
    if (a != b && before.calls_per_edge[e] > best) {
      best = before.calls_per_edge[e];
      ga = a;
      gb = b;
    }
  }
  REQUIRE(best > 0);
  std::uint64_t between = 0;
  for (model::EdgeId e = 0; e < g.edge_count(); ++e) {
    const auto a = observed.group_of(g.edge(e).from), b = observed.group_of(g.edge(e).to);
    if ((a == ga && b == gb) || (a == gb && b == ga)) between += before.calls_per_edge[e];
  }
  auto merged = observed;
  merged.merge(ga, gb);
  const auto after = run(g, merged);
  CHECK(after.remote_calls == before.remote_calls - between);
  CHECK(after.cpu_serialization_s < before.cpu_serialization_s);
}

TEST_CASE("sim corpus: capacity sized to load provisions a partition and its one-process reference alike") {
  const auto imported = importers::import_inputs({test::corpus_path("zipkin-smartthings-oauth-authorization.json")});
  const auto& g = imported.graph;
  sim::Scenario s;
  s.duration_s = 20.0;
  s.warmup_s = 1.0;
  s.seed = 5;
  s.total_rate_per_s = 40.0;
  const auto monolith = model::Partition::monolith(g);
  // Fixed: the one process pools the cores its services had (default_replicas x workers
  // each) whatever the load; the split system keeps each service's.
  s.capacity_policy = sim::CapacityPolicy::Fixed;
  s.workers_per_replica = 1;
  const auto fixed = sim::simulate_graph(g, monolith, s);
  REQUIRE(fixed.groups.size() == 1);
  const auto observed = sim::simulate_graph(g, model::Partition::observed(g), s);
  std::uint32_t split_servers = 0;
  for (const auto& group : observed.groups) split_servers += group.servers;
  CHECK(fixed.groups[0].servers == split_servers);
  CHECK(fixed.groups[0].utilisation > 0.65);
  // Autoscale: enough replicas for the offered load at the target utilisation, for every partition.
  s.capacity_policy = sim::CapacityPolicy::Autoscale;
  s.autoscale_utilisation = 0.5;
  const auto sized = sim::simulate_graph(g, monolith, s);
  CHECK(sized.groups[0].servers > fixed.groups[0].servers);
  CHECK(sized.groups[0].utilisation < 0.6);
  CHECK(sized.entries[0].latency_us.quantile_us(0.5) < fixed.entries[0].latency_us.quantile_us(0.5));
  const auto split = sim::simulate_graph(g, model::Partition::observed(g), s);
  for (const auto& group : split.groups) CHECK(group.utilisation < 0.6);
}
