// Scenario YAML: defaults, the shipped default file, every section read, other top-level
// sections ignored, and one-line errors with FILE:LINE:COLUMN for unknown keys and bad values.
#include <doctest/doctest.h>

#include <string>

#include "sim/scenario_yaml.hpp"
#include "support/test_support.hpp"

using nanoscope::sim::parse_scenario_yaml;
using nanoscope::sim::Scenario;
using nanoscope::sim::ScenarioError;

namespace {

std::string error_of(const std::string& yaml) {
  try {
    (void)parse_scenario_yaml(yaml, "s.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("scenario yaml: empty documents and other sections give the defaults") {
  CHECK(parse_scenario_yaml("", "s.yaml") == Scenario{});
  CHECK(parse_scenario_yaml("# nothing\n", "s.yaml") == Scenario{});
  CHECK(parse_scenario_yaml("economics:\n  era: cloud\n  whatever: [1, 2]\nanalysis:\n  x: 1\n", "s.yaml") ==
        Scenario{});
  CHECK(parse_scenario_yaml("simulation:\n", "s.yaml") == Scenario{});
  CHECK(parse_scenario_yaml("simulation:\n  run:\n    duration_s:\n", "s.yaml") == Scenario{});
}

TEST_CASE("scenario yaml: scenarios/default.yaml states exactly the built-in defaults") {
  const std::string path = std::string(NANOSCOPE_GOLDEN_DIR) + "/../../scenarios/default.yaml";
  CHECK(nanoscope::sim::load_scenario_file(path) == Scenario{});
}

TEST_CASE("scenario yaml: every section is read") {
  const auto s = parse_scenario_yaml(R"(
simulation:
  run: {duration_s: 30, warmup_s: 2, drain: false, seed: 42, replications: 5}
  load: {default_total_rate_per_s: 10, total_rate_per_s: 300, rate_scale: 1.5}
  capacity: {default_replicas: 3, workers_per_replica: 8, default_service_s: 2e-3}
  calls: {max_call_depth: 10, inprocess_call_s: 1e-7}
  payload: {encoding: protobuf, default_request_bytes: 200, default_response_bytes: 800, json_s_per_byte: 4e-9}
  network: {stack_cpu_s: 1e-5, bandwidth_bytes_per_s: 1e9, same_node_s: 1e-5, same_zone_s: 2e-4, cross_zone_s: 1e-3, wan_s: 0.05}
  placement:
    default_zone: eu-1a
    default_region: eu
    services:
      frontend: {node: n1, zone: eu-1b}
      db: {region: us}
  protocol: {kind: grpc, connections_per_replica: 2, max_streams_per_connection: 50, keep_alive: false}
  tls: {enabled: true, s_per_byte: 2e-9, handshake_cpu_s: 5e-4}
  sidecar: {enabled: yes, cpu_s: 3e-5, latency_s: 1e-4}
  failures: {probability: 0.01, timeout_s: 0.5, retries: 3, backoff_s: 0.02, backoff_multiplier: 3}
  broker: {enabled: true, service_s: 1e-4, replicas: 2, workers: 4}
economics:
  ignored: true
)",
                                     "s.yaml");
  CHECK(s.duration_s == 30.0);
  CHECK(s.warmup_s == 2.0);
  CHECK_FALSE(s.drain);
  CHECK(s.seed == 42);
  CHECK(s.replications == 5);
  CHECK(s.total_rate_per_s == 300.0);
  CHECK(s.rate_scale == 1.5);
  CHECK(s.default_replicas == 3);
  CHECK(s.workers_per_replica == 8);
  CHECK(s.default_service_s == 2e-3);
  CHECK(s.max_call_depth == 10);
  CHECK(s.encoding == nanoscope::sim::Encoding::Protobuf);
  CHECK(s.json_s_per_byte == 4e-9);
  CHECK(s.propagation_s == 2e-4);
  CHECK(s.wan_s == 0.05);
  CHECK(s.default_zone == "eu-1a");
  REQUIRE(s.placement.size() == 2);
  CHECK(s.placement.at("frontend").node == "n1");
  CHECK(s.placement.at("frontend").zone == "eu-1b");
  CHECK(s.placement.at("db").region == "us");
  CHECK(s.protocol == nanoscope::sim::Protocol::Grpc);
  CHECK(s.connections_per_replica == 2);
  CHECK(s.max_streams_per_connection == 50);
  CHECK_FALSE(s.keep_alive);
  CHECK(s.tls);
  CHECK(s.tls_handshake_cpu_s == 5e-4);
  CHECK(s.sidecar);
  CHECK(s.failure_probability == 0.01);
  CHECK(s.retries == 3);
  CHECK(s.backoff_multiplier == 3.0);
  CHECK(s.broker);
  CHECK(s.broker_replicas == 2);
}

TEST_CASE("scenario yaml: unknown keys name file, line, column and the known keys") {
  CHECK(error_of("simulation:\n  run:\n    duraton_s: 5\n") ==
        "s.yaml:3:5: unknown key 'duraton_s' in simulation.run (known: duration_s, warmup_s, drain, seed, "
        "replications)");
  CHECK(error_of("simulation:\n  netwrk: {}\n").starts_with("s.yaml:2:3: unknown key 'netwrk' in simulation (known: run,"));
  CHECK(error_of("simulation:\n  placement:\n    services:\n      a: {nod: x}\n") ==
        "s.yaml:4:11: unknown key 'nod' in simulation.placement.services.a (known: node, zone, region)");
}

TEST_CASE("scenario yaml: wrong types and ranges are errors at the value") {
  CHECK(error_of("simulation:\n  run:\n    duration_s: soon\n") ==
        "s.yaml:3:17: simulation.run.duration_s: expected a number, got 'soon'");
  CHECK(error_of("simulation:\n  run:\n    duration_s: [1]\n") ==
        "s.yaml:3:17: simulation.run.duration_s: expected a single value, got a list");
  CHECK(error_of("simulation:\n  run: 5\n") ==
        "s.yaml:2:8: simulation.run: expected a mapping of keys to values, got a value");
  CHECK(error_of("simulation:\n  failures: {probability: 1.5}\n") ==
        "s.yaml:2:27: simulation.failures.probability: 1.5 is out of range [0, 1]");
  CHECK(error_of("simulation:\n  run: {replications: -2}\n") ==
        "s.yaml:2:23: simulation.run.replications: expected a non-negative integer, got '-2'");
  CHECK(error_of("simulation:\n  run: {replications: 0}\n").find("out of range [1,") != std::string::npos);
  CHECK(error_of("simulation:\n  tls: {enabled: maybe}\n") ==
        "s.yaml:2:18: simulation.tls.enabled: expected true or false, got 'maybe'");
  CHECK(error_of("simulation:\n  payload: {encoding: yaml}\n") ==
        "s.yaml:2:23: simulation.payload.encoding: unknown encoding 'yaml' (known: protobuf, json, xml)");
  CHECK(error_of("simulation:\n  run: {duration_s: 5, warmup_s: 5}\n").find("must be shorter") != std::string::npos);
  CHECK(error_of("simulation: [\n").starts_with("s.yaml:"));
  CHECK(error_of("- a\n- b\n").starts_with("s.yaml:1:1: expected a mapping"));
  CHECK(error_of("simulation:\n  run: {duration_s: -1}\n").find("out of range") != std::string::npos);
}

TEST_CASE("scenario yaml: a missing file is a one-line error naming it") {
  CHECK_THROWS_WITH_AS((void)nanoscope::sim::load_scenario_file("/nonexistent/x.yaml"),
                       "/nonexistent/x.yaml: cannot open scenario file", ScenarioError);
}

TEST_CASE("scenario yaml: concurrency, threads and capacity policy") {
  const auto s = parse_scenario_yaml(
      "simulation:\n  capacity:\n    concurrency: blocking\n    threads_per_replica: 8\n    policy: fixed\n", "s.yaml");
  CHECK(s.concurrency == nanoscope::sim::Concurrency::Blocking);
  CHECK(s.threads_per_replica == 8);
  CHECK(s.capacity_policy == nanoscope::sim::CapacityPolicy::Fixed);
  CHECK(s.effective_capacity_policy() == nanoscope::sim::CapacityPolicy::Fixed);
  CHECK(Scenario{}.concurrency == nanoscope::sim::Concurrency::Async);
  CHECK(Scenario{}.effective_capacity_policy() == nanoscope::sim::CapacityPolicy::Autoscale);
  CHECK(error_of("simulation:\n  capacity:\n    concurrency: threads\n") ==
        "s.yaml:3:18: simulation.capacity.concurrency: unknown concurrency 'threads' (known: async, blocking)");
  CHECK(error_of("simulation:\n  capacity:\n    policy: elastic\n") ==
        "s.yaml:3:13: simulation.capacity.policy: unknown capacity policy 'elastic' (known: autoscale, fixed)");
  CHECK(error_of("simulation:\n  capacity:\n    threads_per_replica: 0\n").find("out of range") != std::string::npos);
}
