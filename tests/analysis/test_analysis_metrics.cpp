// Coupling metrics, the dependency structure matrix, thresholds and the report writers on
// small graphs whose numbers are worked out by hand.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "analysis/analysis.hpp"
#include "analysis/report_writers.hpp"
#include "analysis_test_graph.hpp"

using namespace nanoscope;

namespace {

const analysis::ServiceMetrics& metrics_of(const analysis::AnalysisReport& r, const std::string& name) {
  const int i = r.services.find(name);
  REQUIRE(i >= 0);
  return r.metrics[static_cast<std::size_t>(i)];
}

}  // namespace

TEST_CASE("analysis metrics: fan-in, fan-out, ACS, SIY, instability and their weighted forms") {
  test::TestGraph t;
  t.entry("web", 4);
  t.call("web", "api", 8, 4);
  t.call("api", "auth", 4, 4);
  t.call("auth", "api", 2, 2);
  t.call("worker", "api", 6, 6, model::InteractionKind::Async);
  const auto r = analysis::analyze(t.finish());
  const auto& api = metrics_of(r, "api");
  CHECK(api.fan_in == 3);
  CHECK(api.fan_out == 1);
  CHECK(api.acs == 3);
  CHECK(api.siy == 1);  // auth, both ways
  CHECK(api.instability == doctest::Approx(0.25));
  CHECK(api.calls_in == 16);
  CHECK(api.calls_out == 4);
  CHECK(api.acs_weighted == doctest::Approx(64.0));
  CHECK(api.instability_weighted == doctest::Approx(0.2));
  CHECK(api.chattiness == doctest::Approx(1.0));  // 4 calls out per 4 entry requests
  CHECK(api.entry_share == doctest::Approx(1.0));
  CHECK(metrics_of(r, "worker").entry_share == 0.0);  // no entry request reaches it
  CHECK(metrics_of(r, "web").instability == doctest::Approx(1.0));
  CHECK(metrics_of(r, "web").sync_depth == 2);  // web -> api -> auth (auth -> api is a cycle back)
  CHECK(metrics_of(r, "web").entry_requests == 4);
}

TEST_CASE("analysis metrics: entry share and depth are per entry operation") {
  test::TestGraph t;
  t.entry("gw/read", 30);
  t.entry("gw/write", 10);
  t.call("gw/read", "cache", 30);
  t.call("gw/write", "store", 10);
  t.call("store", "log", 10);
  const auto r = analysis::analyze(t.finish());
  CHECK(metrics_of(r, "cache").entry_share == doctest::Approx(0.75));
  CHECK(metrics_of(r, "log").entry_share == doctest::Approx(0.25));
  CHECK(metrics_of(r, "gw").entry_share == doctest::Approx(1.0));
  CHECK(metrics_of(r, "gw").sync_depth == 2);
  CHECK(r.entry_operations == 2);
  CHECK(r.followed_entry_operations == 2);
}

TEST_CASE("analysis matrix: knots are diagonal blocks, everything else above the diagonal") {
  test::TestGraph t;
  t.call("z-front", "m1");
  t.call("m1", "m2");
  t.call("m2", "m1");
  t.call("m2", "a-back");
  const auto r = analysis::analyze(t.finish());
  std::vector<std::string> order;
  for (auto i : r.matrix.order) order.push_back(r.services.nodes[i].name);
  CHECK(order == std::vector<std::string>{"z-front", "m1", "m2", "a-back"});
  REQUIRE(r.matrix.blocks.size() == 1);
  CHECK(r.matrix.blocks[0].first == 1);
  CHECK(r.matrix.blocks[0].size == 2);
  REQUIRE(r.matrix.cells.size() == 4);
  for (const auto& c : r.matrix.cells) {
    const bool in_block = c.row >= 1 && c.row <= 2 && c.column >= 1 && c.column <= 2;
    CHECK((c.row < c.column || in_block));
  }
}

TEST_CASE("analysis thresholds: set by name, listed, bad settings refused") {
  analysis::Thresholds th;
  CHECK(analysis::apply_threshold_setting(th, "chatty_edge_calls_per_request=2.5") == "");
  CHECK(th.chatty_edge_calls_per_request == 2.5);
  CHECK(analysis::apply_threshold_setting(th, "no_such=1") == "unknown threshold 'no_such'");
  CHECK(analysis::apply_threshold_setting(th, "hub_min_degree=x") == "threshold hub_min_degree needs a non-negative number, got 'x'");
  CHECK(analysis::apply_threshold_setting(th, "hub_min_degree") == "threshold setting 'hub_min_degree' is not name=value");
  const auto all = analysis::describe(th);
  CHECK(all.size() == 20);
  CHECK(all.front().name == "near_clique_min_services");

  test::TestGraph t;
  t.entry("gateway/list", 10);
  t.call("gateway/list", "posts", 30, 10);
  CHECK(analysis::analyze(t.finish(), th).findings.size() == 1);  // 3 per request >= 2.5
}

TEST_CASE("analysis report: JSON has metrics and findings with the documented keys") {
  test::TestGraph t;
  t.call("a\"x", "b");
  t.call("b", "a\"x");
  const auto r = analysis::analyze(t.finish());
  std::ostringstream json, text, md;
  analysis::write_report(json, r, analysis::ReportFormat::Json);
  analysis::write_report(text, r, analysis::ReportFormat::Text);
  analysis::write_report(md, r, analysis::ReportFormat::Markdown);
  const auto j = json.str();
  CHECK(j.find("\"findings\": [") != std::string::npos);
  const auto parsed = nlohmann::json::parse(j);
  REQUIRE(parsed["findings"].size() >= 1);
  const auto& knot = parsed["findings"][0];
  CHECK(knot["kind"] == "knot");
  CHECK(knot["rule"] == "strongly-connected");
  CHECK(knot["severity"] == "high");
  CHECK(knot["services"] == nlohmann::json::array({"a\"x", "b"}));
  REQUIRE(parsed["services"].size() == 2);
  for (const auto& service : parsed["services"]) {
    CAPTURE(service.dump());
    CHECK(service["fan_in"] == 1);
    CHECK(service["fan_out"] == 1);
    CHECK(service["acs"] == 1);
    CHECK(service["siy"] == 1);
  }
  CHECK(text.str().rfind("nanoscope analysis: 2 services, 2 dependencies, 20 calls", 0) == 0);
  CHECK(text.str().find("HIGH   knot (strongly-connected): a\"x, b") != std::string::npos);
  CHECK(md.str().find("- **high knot** (strongly-connected)") != std::string::npos);
  CHECK(analysis::parse_report_format("md") == analysis::ReportFormat::Markdown);
  CHECK_FALSE(analysis::parse_report_format("html").has_value());
}
