// The dependency structure matrix outside JSON: bin_matrix sums cells into bins, and the text
// and Markdown reports print the matrix by name (small graphs) or binned with each group's
// names (large graphs).
#include <doctest/doctest.h>

#include <sstream>

#include "analysis/analysis.hpp"
#include "analysis/report_writers.hpp"
#include "analysis_test_graph.hpp"
#include "bench/generated_graph.hpp"

using namespace nanoscope;

namespace {

std::string render(const analysis::AnalysisReport& r, analysis::ReportFormat format) {
  std::ostringstream out;
  analysis::write_report(out, r, format);
  return out.str();
}

}  // namespace

TEST_CASE("analysis matrix: bin_matrix sums cells into equal bins along the order") {
  analysis::DependencyMatrix m;
  m.order = {0, 1, 2, 3, 4};
  m.cells = {{0, 1, 5, false}, {0, 3, 2, false}, {1, 2, 7, false}, {2, 0, 1, false}, {3, 4, 0, true}};
  const auto b = analysis::bin_matrix(m, 2);
  CHECK(b.per_bin == 3);
  CHECK(b.bins == 2);
  CHECK(b.end_of(1) == 5);
  REQUIRE(b.cells.size() == 3);
  CHECK(b.cells[0].row == 0);
  CHECK(b.cells[0].column == 0);
  CHECK(b.cells[0].calls == 13);  // 0->1, 1->2, 2->0
  CHECK(b.cells[0].dependencies == 3);
  CHECK(b.cells[1].calls == 2);   // 0->3
  CHECK(!b.cells[1].declared_only);
  CHECK(b.cells[2].row == 1);     // 3->4, declared only
  CHECK(b.cells[2].declared_only);
  const auto whole = analysis::bin_matrix(m, 40);
  CHECK(whole.per_bin == 1);
  CHECK(whole.cells.size() == m.cells.size());
  CHECK(analysis::bin_matrix(analysis::DependencyMatrix{}, 20).bins == 0);
}

TEST_CASE("analysis matrix: small graphs print every service by name in text and Markdown") {
  test::TestGraph t;
  t.entry("web", 3);
  t.call("web", "api", 12000);
  t.call("api", "auth", 4);
  t.call("auth", "api", 4);
  t.declare("api", "db");
  const auto r = analysis::analyze(t.finish());
  const auto text = render(r, analysis::ReportFormat::Text);
  const auto matrix = text.substr(text.find("dependency structure matrix ("));
  // Order: web, then the knot api/auth, then db.
  CHECK(matrix.find("  1 web         - 12k   .   .") != std::string::npos);
  CHECK(matrix.find("  2 api  K1     .   -   4   d") != std::string::npos);
  CHECK(matrix.find("  3 auth K1     .   4   -   .") != std::string::npos);
  CHECK(matrix.find("  4 db          .   .   .   -") != std::string::npos);
  const auto md = render(r, analysis::ReportFormat::Markdown);
  CHECK(md.find("## Dependency structure matrix") != std::string::npos);
  CHECK(md.find("| 2 | api | K1 |  | - | 4 | d |") != std::string::npos);
}

TEST_CASE("analysis matrix: large graphs are binned into named groups") {
  const auto graph = bench::to_call_graph(300, bench::generate_edges(300, 1200, 7));
  const auto r = analysis::analyze(graph);
  const auto text = render(r, analysis::ReportFormat::Text);
  const auto matrix = text.substr(text.find("dependency structure matrix ("));
  CHECK(matrix.find("300 services in 20 groups of up to 15") != std::string::npos);
  CHECK(matrix.find("\n  20 G20 ") != std::string::npos);
  CHECK(matrix.find("G21") == std::string::npos);
  // Every service is named in exactly the group of its matrix position.
  for (std::size_t p = 0; p < r.matrix.order.size(); ++p) {
    const auto group = "  G" + std::to_string(p / 15 + 1) + " (";
    const auto line_at = matrix.find(group);
    REQUIRE(line_at != std::string::npos);
    const auto line = matrix.substr(line_at, matrix.find('\n', line_at) - line_at);
    const auto& name = r.services.nodes[r.matrix.order[p]].name;
    CHECK((line.find(" " + name + ",") != std::string::npos || line.ends_with(" " + name)));
  }
  const auto md = render(r, analysis::ReportFormat::Markdown);
  CHECK(md.find("| 20 | G20 |") != std::string::npos);
  CHECK(md.find("- G1 (1-15): ") != std::string::npos);
}
