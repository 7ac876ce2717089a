// Partition files: services and single operations move into named groups, names joining
// existing groups, one-line errors for unknown or repeated names, and writing a partition
// back as a file that reads to the same grouping.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/partition_file.hpp"
#include "support/partition_fixture.hpp"

using namespace nanoscope;
using sim::PartitionError;

namespace {

using test::group_name;
using test::small_graph;

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

TEST_CASE("partition file: a written partition reads back to the same grouping") {
  const auto g = small_graph();
  auto p = model::Partition::observed(g);
  // api and db in one group, web split across two groups, one of them keeping web's name.
  const auto api = *p.find("api");
  p.merge(api, *p.find("db"));
  p.rename(api, "backend");
  const auto search = *g.find_operation(*g.find_service("web"), "GET /search/x");
  (void)p.split({search}, "search: \"quoted\"");
  const auto groups = sim::partition_file_groups(g, p);
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].name == "backend");
  CHECK(groups[0].members == std::vector<std::string>{"api", "db"});  // whole services by name
  CHECK(groups[2].name == "web");
  CHECK(groups[2].members == std::vector<std::string>{"web/home"});
  std::ostringstream file;
  sim::write_partition_yaml(file, "edited", "two lines\nof description", groups, "written by a test\nsecond line");
  CHECK(file.str().starts_with("# written by a test\n# second line\n"));
  const auto read = sim::parse_partition_yaml(file.str(), "p.yaml", g);
  for (model::OperationId op = 0; op < g.operation_count(); ++op) {
    CAPTURE(op);
    CHECK(read.name(read.group_of(op)) == p.name(p.group_of(op)));
    for (model::OperationId other = 0; other < g.operation_count(); ++other)
      CHECK((read.group_of(op) == read.group_of(other)) == (p.group_of(op) == p.group_of(other)));
  }
  // Unchanged services are not listed; two groups of one name stay apart in the file.
  CHECK(sim::partition_file_groups(g, model::Partition::observed(g)).empty());
  CHECK(sim::partition_file_groups(g, model::Partition::observed(g), false).size() == 3);
  auto twins = model::Partition::observed(g);
  twins.rename(*twins.find("db"), "api");
  const auto twin_groups = sim::partition_file_groups(g, twins);
  REQUIRE(twin_groups.size() == 1);
  CHECK(twin_groups[0].name == "api (2)");
  CHECK(twin_groups[0].members == std::vector<std::string>{"db"});
  const auto twins_read = sim::partition_from_groups(g, twin_groups, [](std::size_t, std::size_t, const std::string& m) { return m; });
  CHECK(group_name(g, twins_read, "db", "query") == "api (2)");
  CHECK(group_name(g, twins_read, "api", "get") == "api");
}
