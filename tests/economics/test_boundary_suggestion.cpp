// Leiden boundary suggestion: a hand-built two-cluster graph, determinism, the partition file
// round trip through the partition-file reader, and the report sections on the bundled example.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <unistd.h>
#include <sstream>

#include "economics/boundary_suggestion.hpp"
#include "economics/report.hpp"
#include "economics/report_writers.hpp"
#include "economics_test_support.hpp"
#include "sim/partition_file.hpp"
#include "support/test_support.hpp"

namespace nanoscope {
namespace {

void call(model::CallGraph& g, model::OperationId from, model::OperationId to, std::uint64_t calls) {
  g.edge(g.add_edge(from, to, model::InteractionKind::Sync)).calls += calls;
  g.operation(to).invocations += calls;
}

// Two dense clusters {a1..a4} and {b1..b4} (every pair: 100 calls) joined by one light edge
// a4 -> b1 (1 call), cut across three observed services: s1 {a1,a2,a3}, s2 {a4,b1}, s3 {b2,b3,b4}.
model::CallGraph two_clusters() {
  model::CallGraph g;
  const auto s1 = g.add_service("s1"), s2 = g.add_service("s2"), s3 = g.add_service("s3");
  const model::OperationId a[] = {g.add_operation(s1, "a1"), g.add_operation(s1, "a2"), g.add_operation(s1, "a3"),
                                  g.add_operation(s2, "a4")};
  const model::OperationId b[] = {g.add_operation(s2, "b1"), g.add_operation(s3, "b2"), g.add_operation(s3, "b3"),
                                  g.add_operation(s3, "b4")};
  for (int i = 0; i < 4; ++i)
    for (int j = i + 1; j < 4; ++j) {
      call(g, a[i], a[j], 100);
      call(g, b[i], b[j], 100);
    }
  call(g, a[3], b[0], 1);
  g.operation(a[0]).entry_count = 100;
  g.operation(b[0]).entry_count = 100;
  g.operation(a[0]).invocations += 100;
  g.operation(b[0]).invocations += 100;
  return g;
}

std::string group_of(const model::CallGraph& g, const model::Partition& p, const char* service, const char* op) {
  return p.name(p.group_of(*g.find_operation(*g.find_service(service), op)));
}

}  // namespace

TEST_CASE("Leiden suggests the two dense clusters across three observed services") {
  const auto g = two_clusters();
  const auto s = economics::suggest_boundaries(g);
  REQUIRE(s.groups.size() == 2);
  CHECK(s.groups[0].operation_names == std::vector<std::string>{"s1/a1", "s1/a2", "s1/a3", "s2/a4"});
  CHECK(s.groups[1].operation_names == std::vector<std::string>{"s2/b1", "s3/b2", "s3/b3", "s3/b4"});
  CHECK(s.groups[0].name == "s1");  // after the observed service holding most of it
  CHECK(s.groups[1].name == "s3");
  // Hand-computed: m = 1201, each cluster holds 600 inside and strength 1201: Q = 1200/1201 - 1/2.
  CHECK(std::abs(s.modularity - (1200.0 / 1201.0 - 0.5)) < 1e-12);
  // Observed services (igraph_modularity): inside 300 + 1 + 300; strengths s1 900, s2 301 + 301, s3 900;
  // Q = 601/1201 - (900^2 + 602^2 + 900^2) / 2402^2.
  CHECK(std::abs(s.observed_modularity - (601.0 / 1201.0 - (2.0 * 900 * 900 + 602.0 * 602) / (2402.0 * 2402))) < 1e-12);
  CHECK(s.modularity > s.observed_modularity);
  REQUIRE(s.splits.size() == 1);
  CHECK(s.splits[0].service == "s2");
  CHECK(s.merges.size() == 2);
  REQUIRE(s.moves.size() == 2);
  CHECK(s.moves[0].operation_name == "s2/a4");
  CHECK(s.moves[0].to_group == "s1");
  CHECK(s.moves[1].operation_name == "s2/b1");
  CHECK(s.moves[1].to_group == "s3");
  CHECK(group_of(g, s.partition, "s2", "a4") == "s1");
  CHECK(group_of(g, s.partition, "s2", "b1") == "s3");
  CHECK(s.unlinked_operations == 0);
}

TEST_CASE("a larger resolution splits the clusters further; the best-modularity run is chosen") {
  const auto g = two_clusters();
  economics::BoundaryOptions o;
  o.resolutions = {50.0};  // far above 1: smaller groups than the two clusters
  const auto fine = economics::suggest_boundaries(g, o);
  CHECK(fine.groups.size() > 2);
  o.resolutions = {50.0, 1.0};
  const auto best = economics::suggest_boundaries(g, o);
  CHECK(best.resolution == 1.0);
  CHECK(best.groups.size() == 2);
  REQUIRE(best.trials.size() == 2);
  CHECK(best.trials[0].modularity < best.trials[1].modularity);
  o.resolutions = {-1.0, 0.0};
  CHECK_THROWS_AS((void)economics::suggest_boundaries(g, o), std::invalid_argument);
  CHECK_THROWS_AS((void)economics::suggest_boundaries(model::CallGraph{}), std::invalid_argument);
}

TEST_CASE("boundary suggestion is deterministic") {
  const auto g = test::social_network_graph();
  const auto a = economics::suggest_boundaries(g), b = economics::suggest_boundaries(g);
  CHECK(a.partition == b.partition);
  CHECK(a.modularity == b.modularity);
  std::ostringstream fa, fb;
  economics::write_partition_file(fa, a);
  economics::write_partition_file(fb, b);
  CHECK(fa.str() == fb.str());
  CHECK(a.groups.size() > 1);
}

TEST_CASE("the suggested partition file reads back as the same partition") {
  economics::BoundaryOptions fine;
  fine.resolutions = {50.0};  // many groups: names with " #2" suffixes must survive YAML
  for (const auto& [g, o] : {std::pair{two_clusters(), fine}, std::pair{two_clusters(), economics::BoundaryOptions{}},
                             std::pair{test::social_network_graph(), economics::BoundaryOptions{}}}) {
    const auto s = economics::suggest_boundaries(g, o);
    std::ostringstream file;
    economics::write_partition_file(file, s);
    const auto read = sim::parse_partition_yaml(file.str(), "suggested.yaml", g);
    const auto business = economics::business_operations(g);
    for (model::OperationId op = 0; op < g.operation_count(); ++op) {
      INFO(g.operation(op).name);
      if (business[op]) CHECK(read.name(read.group_of(op)) == s.partition.name(s.partition.group_of(op)));
      else CHECK(read.name(read.group_of(op)) == g.service(g.operation(op).service).name);
    }
  }
}

TEST_CASE("the bundled example's report prices the suggestion and renders its section") {
  const auto g = test::social_network_graph();
  auto eras = test::bundled_eras();
  for (auto& e : eras) e.samples = 5;
  economics::ReportOptions options;
  options.granularity.max_levels = 6;
  const auto report = economics::build_report(g, eras, options);
  REQUIRE(report.suggestion);
  for (const auto& e : report.eras) {
    REQUIRE(e.suggested);
    CHECK(e.suggested->label == "suggested");
    CHECK(e.suggested->services == report.suggestion->groups.size());
    const auto& n = e.suggested->nominal;
    CHECK(n.overhead_usd == doctest::Approx(n.network.usd + n.operational.usd + n.development.usd + n.design.usd));
    CHECK(n.net_usd == doctest::Approx(n.utility_usd - n.overhead_usd));
  }
  std::ostringstream md, html, json, csv;
  economics::write_markdown(md, report);
  economics::write_html(html, report);
  economics::write_json(json, report);
  economics::write_csv(csv, report);
  CHECK(md.str().find("## Suggested boundaries (Leiden)") != std::string::npos);
  CHECK(html.str().find("<h2>Suggested boundaries (Leiden)</h2>") != std::string::npos);
  CHECK(json.str().find("\"suggestion\": {") != std::string::npos);
  CHECK(json.str().find("\"net_vs_observed\"") != std::string::npos);
  CHECK(csv.str().find(",suggested,,net_usd,") != std::string::npos);
  options.suggest_boundaries = false;
  const auto without = economics::build_report(g, eras, options);
  CHECK(!without.suggestion);
  std::ostringstream md2;
  economics::write_markdown(md2, without);
  CHECK(md2.str().find("Suggested boundaries") == std::string::npos);
}

TEST_CASE("nanoscope sweep --suggest-partition writes a file that whatif --partition reads") {
  const std::string example = std::string(NANOSCOPE_SOURCE_DIR) + "/scenarios/examples/social-network";
  const auto dir = std::filesystem::temp_directory_path() / ("nanoscope-leiden-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = (dir / "suggested.yaml").string();
  REQUIRE(test::run_cli("sweep " + example + " --samples 3 --levels 4 -q --suggest-partition " + file).code == 0);
  CHECK(test::read_text(file).find("services:") != std::string::npos);
  const auto r = test::run_cli("whatif " + example + " --samples 3 --format json --partition " + file);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\"after\"") != std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace nanoscope
