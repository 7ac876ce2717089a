// Canonical ids: the same graph built in any order gets the same numbering, every field kept;
// an import and the re-import of its own graph JSON simulate alike.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "model/canonical_order.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

model::CallGraph build(bool reversed) {
  model::CallGraph g;
  const char* services[] = {"web", "db", "auth"};
  std::vector<std::pair<std::string, std::string>> ops = {{"web", "GET /"}, {"web", "POST /login"}, {"auth", "check"},
                                                          {"db", "query"}};
  if (reversed) std::reverse(ops.begin(), ops.end());
  for (int i = 0; i < 3; ++i) g.add_service(services[reversed ? 2 - i : i]);
  for (const auto& [s, o] : ops) g.add_operation(*g.find_service(s), o);
  auto op = [&](const char* s, const char* o) { return *g.find_operation(*g.find_service(s), o); };
  g.operation(op("web", "GET /")).invocations = 7;
  g.operation(op("web", "GET /")).entry_count = 7;
  g.record_arrival(op("web", "GET /"), 100);
  g.edge(g.add_edge(op("web", "POST /login"), op("auth", "check"), model::InteractionKind::Sync)).calls = 3;
  g.edge(g.add_edge(op("web", "GET /"), op("db", "query"), model::InteractionKind::Sync)).calls = 5;
  g.trace_count = 7;
  return g;
}

}  // namespace

TEST_CASE("canonical order numbers services and operations by name, whatever the build order") {
  const auto a = model::canonical_order(build(false));
  const auto b = model::canonical_order(build(true));
  REQUIRE(a.service_count() == 3);
  CHECK(a.service(0).name == "auth");
  CHECK(a.service(2).name == "web");
  for (model::OperationId op = 0; op < a.operation_count(); ++op) {
    CHECK(a.operation(op).name == b.operation(op).name);
    CHECK(a.service(a.operation(op).service).name == b.service(b.operation(op).service).name);
    CHECK(a.operation(op).invocations == b.operation(op).invocations);
  }
  REQUIRE(a.edge_count() == 2);
  for (model::EdgeId e = 0; e < a.edge_count(); ++e) {
    CHECK(a.edge(e).from == b.edge(e).from);
    CHECK(a.edge(e).to == b.edge(e).to);
    CHECK(a.edge(e).calls == b.edge(e).calls);
  }
  CHECK(a.edge(0).from < a.edge(1).from);  // edges ordered by caller
  CHECK(a.arrivals_kept() == 1);
  CHECK(a.trace_count == 7);
  // Canonical graphs stay as they are.
  const auto again = model::canonical_order(a);
  for (model::OperationId op = 0; op < a.operation_count(); ++op) CHECK(again.operation(op).name == a.operation(op).name);
}

TEST_CASE("an import and the re-import of its graph JSON simulate identically") {
  const auto dir = std::string(NANOSCOPE_SOURCE_DIR) + "/scenarios/examples/social-network";
  const auto graph = std::filesystem::temp_directory_path() / "nanoscope-canonical-roundtrip.graph.json";
  REQUIRE(test::run_cli("import " + dir + " -q -o " + graph.string()).code == 0);
  const auto first = test::run_cli("simulate " + dir + " --format json --duration 5 -q", false);
  const auto again = test::run_cli("simulate " + graph.string() + " --format json --duration 5 -q", false);
  std::filesystem::remove(graph);
  REQUIRE(first.code == 0);
  REQUIRE(again.code == 0);
  auto strip = [](std::string s) {  // inputs and wall-clock fields differ by design
    auto cut = [&](const std::string& key) {
      for (auto at = s.find(key); at != std::string::npos; at = s.find(key, at + 1)) {
        const auto end = s.find_first_of(",}", at);
        s.erase(at, end - at);
      }
    };
    for (const char* key : {"\"wall_seconds\"", "\"cpu_seconds\"", "\"events_per_cpu_second\"", "\"events_per_second\""})
      cut(key);
    return s;
  };
  const auto a = strip(first.out), b = strip(again.out);
  CHECK(a.substr(a.find("\"entries\"")) == b.substr(b.find("\"entries\"")));
}
