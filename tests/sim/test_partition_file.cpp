// Partition files and merge/split edits: services and single operations move into named
// groups, names joining existing groups, and one-line errors for unknown or repeated names.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/graph_simulation.hpp"
#include "sim/partition_file.hpp"

using namespace nanoscope;
using sim::PartitionError;

namespace {

// web/{home, search} -> api/{get, put} -> db/query
model::CallGraph small_graph() {
  model::CallGraph g;
  const auto web = g.add_service("web");
  const auto api = g.add_service("api");
  const auto db = g.add_service("db", model::ServiceKind::Database);
  const auto home = g.add_operation(web, "home");
  const auto search = g.add_operation(web, "GET /search/x");
  const auto get = g.add_operation(api, "get");
  const auto put = g.add_operation(api, "put");
  const auto q = g.add_operation(db, "query");
  for (const auto op : {home, search, get, put, q}) g.operation(op).invocations = 100;
  g.operation(home).entry_count = 50;
  g.operation(search).entry_count = 50;
  for (const auto& [a, b] : {std::pair{home, get}, {search, put}, {get, q}, {put, q}}) {
    auto& e = g.edge(g.add_edge(a, b, model::InteractionKind::Sync));
    e.calls = 50;
    e.traces = 50;
  }
  g.observe_window(0, 10'000'000);
  return g;
}

std::string group_name(const model::CallGraph& g, const model::Partition& p, const std::string& service,
                       const std::string& op) {
  return p.name(p.group_of(*g.find_operation(*g.find_service(service), op)));
}

std::string error_of(const std::string& yaml, const model::CallGraph& g) {
  try {
    (void)sim::parse_partition_yaml(yaml, "p.yaml", g);
  } catch (const PartitionError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("partition file: services and operations move into named groups") {
  const auto g = small_graph();
  const auto p = sim::parse_partition_yaml(R"(
name: backend merged
services:
  backend: [api, db]
  search: ["web/GET /search/x"]
)",
                                           "p.yaml", g);
  CHECK(p.non_empty_groups() == 3);
  CHECK(group_name(g, p, "api", "get") == "backend");
  CHECK(group_name(g, p, "db", "query") == "backend");
  CHECK(group_name(g, p, "web", "GET /search/x") == "search");
  CHECK(group_name(g, p, "web", "home") == "web");
  // JSON is YAML too; a group named like an existing service joins it.
  const auto j = sim::parse_partition_yaml(R"({"services": {"web": ["api/get"]}})", "p.json", g);
  CHECK(group_name(g, j, "api", "get") == "web");
  CHECK(group_name(g, j, "api", "put") == "api");
  CHECK(j.group_of(*g.find_operation(0, "home")) == j.group_of(*g.find_operation(1, "get")));
}

TEST_CASE("partition file: errors name the file, position and the offending name") {
  const auto g = small_graph();
  CHECK(error_of("services:\n  x: [nope]\n", g) ==
        "p.yaml:2:7: unknown service or operation 'nope' (not in the imported graph)");
  CHECK(error_of("services:\n  x: [api]\n  y: [api/get]\n", g) ==
        "p.yaml:3:7: operation 'api/get' is already in service 'x'");
  CHECK(error_of("services:\n  x: api\n", g) == "p.yaml:2:6: service 'x': expected a list of services or operations");
  CHECK(error_of("servces: {}\n", g) == "p.yaml:1:1: unknown key 'servces' (known: services, name, description)");
  CHECK(error_of("name: x\n", g).find("'services' must map") != std::string::npos);
  CHECK(error_of("services: [\n", g).starts_with("p.yaml:"));
  CHECK_THROWS_AS((void)sim::load_partition_file("/nonexistent/p.yaml", g), PartitionError);
}

TEST_CASE("partition edits: merge by name, split into operations, clear errors") {
  const auto g = small_graph();
  auto p = model::Partition::observed(g);
  sim::apply_merge_spec(p, "api,db");
  CHECK(p.non_empty_groups() == 2);
  CHECK(group_name(g, p, "db", "query") == "api+db");
  CHECK(group_name(g, p, "api", "put") == "api+db");
  CHECK_THROWS_WITH_AS(sim::apply_merge_spec(p, "api"), "--merge expects two service names separated by a comma, got 'api'",
                       PartitionError);
  CHECK_THROWS_WITH_AS(sim::apply_merge_spec(p, "web,nope"), "unknown service 'nope' (services: web, api+db)",
                       PartitionError);
  CHECK_THROWS_AS(sim::apply_merge_spec(p, "web,web"), PartitionError);
  sim::split_group(p, g, "web");
  CHECK(p.non_empty_groups() == 3);
  CHECK(group_name(g, p, "web", "home") == "web/home");
  CHECK_THROWS_AS(sim::split_group(p, g, "web/home"), PartitionError);  // one operation: nothing to split
  // The merge turns exactly the api -> db calls in-process.
  sim::Scenario s;
  s.duration_s = 50.0;
  const auto observed = sim::simulate_graph(g, model::Partition::observed(g), s);
  auto merged = model::Partition::observed(g);
  sim::merge_groups(merged, "api", "db");
  const auto m = sim::simulate_graph(g, merged, s);
  CHECK(m.inprocess_calls == observed.calls_per_edge[2] + observed.calls_per_edge[3]);
  CHECK(m.remote_calls == observed.remote_calls - m.inprocess_calls);
}

TEST_CASE("partition edits: one --split syntax, SERVICE or SERVICE:op,op") {
  const auto g = small_graph();
  CHECK(sim::parse_split_spec("api").operations.empty());
  const auto spec = sim::parse_split_spec("web:home,GET /search/x");
  CHECK(spec.service == "web");
  CHECK(spec.operations == std::vector<std::string>{"home", "GET /search/x"});
  for (const char* bad : {"", ":get", "api:", "api:get,", "api:,get"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS((void)sim::parse_split_spec(bad), PartitionError);
  }
  CHECK_THROWS_WITH_AS((void)sim::parse_split_spec("api:"),
                       "--split 'api:': no operations after ':' (expected SERVICE or SERVICE:op1,op2)", PartitionError);

  auto p = model::Partition::observed(g);
  sim::apply_split_spec(p, g, "api:put");
  CHECK(p.non_empty_groups() == 4);
  CHECK(group_name(g, p, "api", "put") == "api:put");
  CHECK(group_name(g, p, "api", "get") == "api");
  sim::apply_split_spec(p, g, "web");  // the plain form: one service per operation
  CHECK(group_name(g, p, "web", "home") == "web/home");
  // A group made by an earlier edit can be split, its operations named service/operation.
  auto merged = model::Partition::observed(g);
  sim::apply_merge_spec(merged, "api,db");
  sim::apply_split_spec(merged, g, "api+db:db/query");
  CHECK(group_name(g, merged, "db", "query") == "api+db:db/query");
  CHECK_THROWS_WITH_AS(sim::apply_split_spec(p, g, "api:nope"), "--split 'api:nope': service 'api' has no operation 'nope'",
                       PartitionError);
  CHECK_THROWS_WITH_AS(sim::apply_split_spec(p, g, "api:get"),
                       "--split 'api:get': lists every operation of 'api', so nothing would be split off", PartitionError);
  CHECK_THROWS_AS(sim::apply_split_spec(p, g, "nope:get"), PartitionError);
}
