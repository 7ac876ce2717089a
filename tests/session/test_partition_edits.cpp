// Partition edits, the one home of merges, splits and their names: settings as typed on the
// command line, edits by group id as the window makes them, and a partition from a recipe.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "model/service_graph.hpp"
#include "session/partition_edits.hpp"
#include "sim/graph_simulation.hpp"
#include "sim/partition_file.hpp"
#include "support/partition_fixture.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using sim::PartitionError;
using test::group_name;
using test::small_graph;

namespace {

void apply_merge_spec(model::Partition& p, const model::CallGraph& g, const std::string& setting) {
  const auto [a, b] = session::parse_merge_spec(setting);
  session::merge_groups(p, g, a, b);
}

void apply_split_spec(model::Partition& p, const model::CallGraph& g, const std::string& setting) {
  (void)session::apply_split(p, g, session::parse_split_spec(setting), setting);
}

}  // namespace

TEST_CASE("partition edits: names of merged and split groups") {
  CHECK(session::merged_group_name({"a", "b"}) == "a+b");
  CHECK(session::merged_group_name({"a", "b", "c"}) == "a+b+c");
  CHECK(session::merged_group_name({"a", "b", "c", "d", "e"}) == "a +4");
  CHECK(session::split_group_name({"api", {"put"}}) == "api:put");
  CHECK(session::split_group_name({"api", {"a", "b", "c"}}) == "api:a,b,c");
  CHECK(session::split_group_name({"api", {"a", "b", "c", "d", "e"}}) == "api:a,b,c +2");
  // The setting's text reads back to the same setting.
  const session::SplitSpec spec{"web", {"home", "GET /search/x"}};
  const auto text = session::format_split_spec(spec);
  CHECK(text == "web:home,GET /search/x");
  CHECK(session::parse_split_spec(text).service == spec.service);
  CHECK(session::parse_split_spec(text).operations == spec.operations);
  CHECK(session::format_split_spec({"web", {}}) == "web");
}

TEST_CASE("partition edits: merge by name, split into operations, clear errors") {
  const auto g = small_graph();
  auto p = model::Partition::observed(g);
  apply_merge_spec(p, g, "api,db");
  CHECK(p.non_empty_groups() == 2);
  CHECK(group_name(g, p, "db", "query") == "api+db");
  CHECK(group_name(g, p, "api", "put") == "api+db");
  // The merged-away service leaves the service graph (it had operations; it is not a manifest node).
  CHECK(test::service_graph(g).nodes.size() == 3);
  CHECK(model::derive_service_graph(g, p).nodes.size() == 2);
  CHECK_THROWS_WITH_AS(apply_merge_spec(p, g, "api"), "--merge expects two service names separated by a comma, got 'api'",
                       PartitionError);
  CHECK_THROWS_WITH_AS(apply_merge_spec(p, g, "web,nope"), "unknown service 'nope' (services: web, api+db)",
                       PartitionError);
  CHECK_THROWS_WITH_AS(apply_merge_spec(p, g, "web,db"), "unknown service 'db' (services: web, api+db)", PartitionError);
  CHECK_THROWS_AS(apply_merge_spec(p, g, "web,web"), PartitionError);
  apply_split_spec(p, g, "web");
  CHECK(p.non_empty_groups() == 3);
  CHECK(group_name(g, p, "web", "home") == "web/home");
  CHECK_THROWS_AS(apply_split_spec(p, g, "web/home"), PartitionError);  // one operation: nothing to split
  // The merge turns exactly the api -> db calls in-process.
  sim::Scenario s;
  s.duration_s = 50.0;
  const auto observed = sim::simulate_graph(g, model::Partition::observed(g), s);
  auto merged = model::Partition::observed(g);
  session::merge_groups(merged, g, "api", "db");
  const auto m = sim::simulate_graph(g, merged, s);
  CHECK(m.inprocess_calls == observed.calls_per_edge[2] + observed.calls_per_edge[3]);
  CHECK(m.remote_calls == observed.remote_calls - m.inprocess_calls);
}

TEST_CASE("partition edits: merging several groups by id keeps the first and names them all") {
  const auto g = small_graph();
  auto p = model::Partition::observed(g);
  const auto kept = session::merge_groups(p, g, {*p.find("db"), *p.find("web"), *p.find("api")});
  CHECK(kept == 2);
  CHECK(p.name(kept) == "db+web+api");
  CHECK(p.non_empty_groups() == 1);
  CHECK(p.find("web") == std::nullopt);  // retired: "web (emptied)"
  CHECK_THROWS_AS(session::merge_groups(p, g, {kept}), PartitionError);
  CHECK_THROWS_AS(session::merge_groups(p, g, {kept, kept}), PartitionError);
}

TEST_CASE("partition edits: one --split syntax, SERVICE or SERVICE:op,op") {
  const auto g = small_graph();
  CHECK(session::parse_split_spec("api").operations.empty());
  const auto spec = session::parse_split_spec("web:home,GET /search/x");
  CHECK(spec.service == "web");
  CHECK(spec.operations == std::vector<std::string>{"home", "GET /search/x"});
  for (const char* bad : {"", ":get", "api:", "api:get,", "api:,get"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS((void)session::parse_split_spec(bad), PartitionError);
  }
  CHECK_THROWS_WITH_AS((void)session::parse_split_spec("api:"),
                       "--split 'api:': no operations after ':' (expected SERVICE or SERVICE:op1,op2)", PartitionError);

  auto p = model::Partition::observed(g);
  apply_split_spec(p, g, "api:put");
  CHECK(p.non_empty_groups() == 4);
  CHECK(group_name(g, p, "api", "put") == "api:put");
  CHECK(group_name(g, p, "api", "get") == "api");
  apply_split_spec(p, g, "web");  // the plain form: one service per operation
  CHECK(group_name(g, p, "web", "home") == "web/home");
  // A group made by an earlier edit can be split, its operations named service/operation.
  auto merged = model::Partition::observed(g);
  apply_merge_spec(merged, g, "api,db");
  apply_split_spec(merged, g, "api+db:db/query");
  CHECK(group_name(g, merged, "db", "query") == "api+db:db/query");
  CHECK_THROWS_WITH_AS(apply_split_spec(p, g, "api:nope"), "--split 'api:nope': service 'api' has no operation 'nope'",
                       PartitionError);
  CHECK_THROWS_WITH_AS(apply_split_spec(p, g, "api:get"),
                       "--split 'api:get': lists every operation of 'api', so nothing would be split off", PartitionError);
  CHECK_THROWS_WITH_AS(apply_split_spec(p, g, "nope:get"),
                       "--split 'nope:get': unknown service 'nope' (services: api, db, api:put, web/home, web/GET /search/x)",
                       PartitionError);
}

TEST_CASE("partition edits: the setting for a set of operations names a repeated name in full") {
  model::CallGraph g;
  const auto a = g.add_service("a");
  const auto b = g.add_service("b");
  const auto a_get = g.add_operation(a, "get");
  const auto a_put = g.add_operation(a, "put");
  const auto b_get = g.add_operation(b, "get");
  auto p = model::Partition::observed(g);
  session::merge_groups(p, g, "a", "b");
  const auto spec = session::split_spec_for(p, g, "a+b", {a_put, b_get});
  CHECK(session::format_split_spec(spec) == "a+b:put,b/get");
  const auto made = session::apply_split(p, g, spec);
  CHECK(made == std::vector<std::string>{"a+b:put,b/get"});
  CHECK(p.group_of(a_put) == p.group_of(b_get));
  CHECK(p.name(p.group_of(a_get)) == "a+b");
}

TEST_CASE("partition edits: a recipe applies the file, then merges, then splits, and says so") {
  const auto g = small_graph();
  const auto dir = test::fresh_temp_dir("partition_recipe");
  const auto file = (dir / "p.yaml").string();
  {
    std::ofstream out(file);
    out << "services:\n  backend: [api, db]\n";
  }
  session::PartitionRecipe recipe;
  CHECK_FALSE(recipe.edited());
  CHECK(session::partition_from_recipe(recipe, g).partition == model::Partition::observed(g));
  recipe.file = file;
  recipe.merges = {"backend,web"};
  recipe.splits = {"backend+web:home"};
  const auto edited = session::partition_from_recipe(recipe, g);
  CHECK(edited.description == "partition " + file + "; merge backend,web; split backend+web:home");
  CHECK(group_name(g, edited.partition, "web", "home") == "backend+web:home");
  CHECK(group_name(g, edited.partition, "db", "query") == "backend+web");
  recipe.splits = {"nope"};
  CHECK_THROWS_AS((void)session::partition_from_recipe(recipe, g), PartitionError);
}
