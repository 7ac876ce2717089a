// session::diff_graphs on two generated graphs with planted changes: exactly the planted
// services, operations, edges, rate, error-rate and latency changes and the formed knot are
// found, a change within the noise of the counts is not; and the statistics by hand.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "session/diff_statistics.hpp"
#include "session/diff_writers.hpp"
#include "session/graph_diff.hpp"

using namespace nanoscope;

namespace {

// One edge of a planted graph: every service has one operation "op".
struct Planted {
  std::string from, to;
  std::uint64_t calls = 0, errors = 0;
  double latency_us = 1000.0;
};

// A graph of one-operation services: `requests` entry requests into gateway/op and the edges.
model::CallGraph planted_graph(const std::vector<Planted>& edges, std::uint64_t requests) {
  model::CallGraph g;
  const auto op = [&](const std::string& s) { return g.add_operation(g.add_service(s), "op"); };
  g.operation(op("gateway")).entry_count = requests;
  g.trace_count = requests;
  for (const auto& p : edges) {
    auto& e = g.edge(g.add_edge(op(p.from), op(p.to), model::InteractionKind::Sync));
    e.calls = p.calls;
    e.errors = p.errors;
    e.traces = std::min(p.calls, requests);
    // A spread of latencies around the edge's value (+-20%), so percentiles have intervals.
    for (std::uint64_t i = 0; i < p.calls; ++i) e.latency.add(p.latency_us * (0.8 + 0.4 * static_cast<double>(i % 101) / 100.0));
  }
  return g;
}

std::vector<std::string> edge_names(const std::vector<session::EdgePresence>& edges) {
  std::vector<std::string> out;
  for (const auto& e : edges) out.push_back(e.from + "->" + e.to);
  return out;
}

// Before: gateway -> a -> b -> c -> d, gateway -> old. After: old gone, new called by a, a -> b
// twice as busy, b -> c erring, gateway -> a five times slower, c -> d 25% busier on 100 calls
// (p = 0.11: noise), and
// c -> b closing the knot {b, c}.
const std::vector<Planted> kBefore = {{"gateway", "a", 1000, 0, 2000}, {"a", "b", 1000, 0, 1000},
                                      {"b", "c", 500, 5, 1000},        {"c", "d", 100, 0, 1000},
                                      {"gateway", "old", 100, 0, 1000}};
const std::vector<Planted> kAfter = {{"gateway", "a", 1000, 0, 10000}, {"a", "b", 2000, 0, 1000},
                                     {"b", "c", 500, 100, 1000},        {"c", "d", 125, 0, 1000},
                                     {"a", "new", 200, 0, 1000},        {"c", "b", 300, 0, 1000}};

}  // namespace

TEST_CASE("diff statistics: the conditional binomial, two-proportion and percentile tests by hand") {
  // Equal counts over equal exposures: no evidence at all.
  CHECK(session::poisson_rate_p_value(100, 1.0, 100, 1.0) == doctest::Approx(1.0));
  // 0 against 10 over equal exposures: 2 * 0.5^10.
  CHECK(session::poisson_rate_p_value(0, 1.0, 10, 1.0) == doctest::Approx(2.0 / 1024.0));
  // Rates, not counts: 100 in 1 s against 200 in 2 s is no change.
  CHECK(session::poisson_rate_p_value(100, 1.0, 200, 2.0) > 0.9);
  CHECK(session::poisson_rate_p_value(1000, 1.0, 2000, 1.0) < 1e-20);
  CHECK(session::poisson_rate_p_value(1000, 1.0, 1040, 1.0) > 0.3);
  CHECK(session::poisson_rate_p_value(0, 1.0, 0, 1.0) == 1.0);
  // 10/100 against 20/100: pooled 0.15, z = 0.1 / sqrt(0.15 * 0.85 * 0.02) = 1.980, p = 0.0477.
  CHECK(session::two_proportion_p_value(10, 100, 20, 100) == doctest::Approx(0.0477).epsilon(0.002));
  CHECK(session::two_proportion_p_value(0, 100, 0, 100) == 1.0);

  model::LatencySummary fast, same, slow, few;
  for (int i = 0; i < 500; ++i) {
    fast.add(1000.0 + i);
    same.add(1000.0 + (i * 7) % 500);
    slow.add(2000.0 + i);
  }
  for (int i = 0; i < 10; ++i) few.add(5000.0);
  const auto iv = session::quantile_interval(fast, 0.5, 0.99);
  CHECK(iv.low_us < iv.estimate_us);
  CHECK(iv.estimate_us < iv.high_us);
  CHECK(iv.estimate_us == doctest::Approx(1250.0).epsilon(0.02));
  CHECK(session::quantile_changed(fast, slow, 0.5, 0.99, 30));
  CHECK_FALSE(session::quantile_changed(fast, same, 0.5, 0.99, 30));
  CHECK_FALSE(session::quantile_changed(fast, few, 0.5, 0.99, 30));  // too few samples to say
}

TEST_CASE("diff: two generated graphs with planted changes give exactly those changes") {
  const auto before = planted_graph(kBefore, 1000), after = planted_graph(kAfter, 1000);
  const session::DiffResult d = session::diff_graphs(before, after);
  CHECK(d.exposure == session::ExposureKind::Requests);
  CHECK(d.services_added == std::vector<std::string>{"new"});
  CHECK(d.services_removed == std::vector<std::string>{"old"});
  CHECK(d.services_common == std::vector<std::string>{"a", "b", "c", "d", "gateway"});
  REQUIRE(d.operations_added.size() == 1);
  CHECK(d.operations_added[0] == session::OperationName{"new", "op"});
  REQUIRE(d.operations_removed.size() == 1);
  CHECK(d.operations_removed[0] == session::OperationName{"old", "op"});
  CHECK(edge_names(d.edges_added) == std::vector<std::string>{"a->new", "c->b"});
  CHECK(edge_names(d.edges_removed) == std::vector<std::string>{"gateway->old"});
  CHECK(d.edges_added[0].rate == doctest::Approx(0.2));

  // Every common edge compared; exactly the planted ones flagged, each for its planted reason.
  REQUIRE(d.edges_common.size() == 4);
  std::map<std::string, const session::EdgeChange*> by_name;
  for (const auto& e : d.edges_common) by_name[e.from + "->" + e.to] = &e;
  const auto& ab = *by_name.at("a->b");
  CHECK(ab.rate_significant);
  CHECK(ab.rate_ratio == doctest::Approx(2.0));
  CHECK_FALSE(ab.error_significant);
  const auto& bc = *by_name.at("b->c");
  CHECK(bc.error_significant);
  CHECK_FALSE(bc.rate_significant);
  const auto& ga = *by_name.at("gateway->a");
  CHECK_FALSE(ga.rate_significant);
  CHECK(ga.latency[0].significant);
  CHECK(ga.latency[0].after_us == doctest::Approx(5.0 * ga.latency[0].before_us).epsilon(0.05));
  const auto& cd = *by_name.at("c->d");  // 100 -> 125 calls: tested, within the noise
  CHECK_FALSE(cd.changed());
  CHECK(cd.rate_ratio == doctest::Approx(1.25));
  CHECK(cd.rate_p_value == doctest::Approx(0.1094).epsilon(0.01));  // 2 P(Binomial(225, 1/2) >= 125)
  CHECK(std::isnan(by_name.at("b->c")->rate_p_value));  // unmoved: not tested
  for (const auto& e : d.edges_common)
    for (const auto& p : e.latency) CHECK(p.significant == (&e == &ga));
  const auto changed = d.changed_edges();
  REQUIRE(changed.size() == 3);
  CHECK(changed[0] == &ab);  // the biggest rate change first; then by name
  CHECK(changed[1]->from + "->" + changed[1]->to == "b->c");
  CHECK(changed[2]->from + "->" + changed[2]->to == "gateway->a");

  // The knot {b, c} formed and is the headline; nothing resolved.
  const auto knots = d.knots_formed();
  REQUIRE(knots.size() == 1);
  CHECK(knots[0]->key == "knot:b,c");
  CHECK(d.findings_appeared.front().key == "knot:b,c");
  for (const auto& f : d.findings_appeared) {
    CAPTURE(f.key);
    // Whatever else appeared is about the planted cycle.
    CHECK(std::find(f.finding.services.begin(), f.finding.services.end(), "b") != f.finding.services.end());
  }
  CHECK(d.knots_dissolved().empty());
  CHECK(session::detail::headline(d).find("a knot formed: b, c") == 0);
}

TEST_CASE("diff: a graph against itself changes nothing; swapping the sides mirrors the result") {
  const auto before = planted_graph(kBefore, 1000), after = planted_graph(kAfter, 1000);
  const auto same = session::diff_graphs(before, before);
  CHECK(same.services_added.empty());
  CHECK(same.edges_added.empty());
  CHECK(same.edges_removed.empty());
  CHECK(same.changed_edges().empty());
  CHECK(same.findings_appeared.empty());
  CHECK(same.findings_resolved.empty());
  CHECK(session::detail::headline(same) == "no change beyond the noise of the counts");

  const auto d = session::diff_graphs(before, after), back = session::diff_graphs(after, before);
  CHECK(back.services_added == d.services_removed);
  CHECK(back.services_removed == d.services_added);
  CHECK(edge_names(back.edges_added) == edge_names(d.edges_removed));
  CHECK(edge_names(back.edges_removed) == edge_names(d.edges_added));
  CHECK(back.changed_edges().size() == d.changed_edges().size());
  REQUIRE(back.knots_dissolved().size() == 1);
  CHECK(back.knots_dissolved()[0]->key == "knot:b,c");
}

TEST_CASE("diff: without requests rates are per second of each side's window, else raw counts") {
  auto before = planted_graph({{"gateway", "a", 1000, 0, 1000}}, 0);
  auto after = planted_graph({{"gateway", "a", 2000, 0, 1000}}, 0);
  // The same count over the same length of time is no change; twice as many over twice the time neither.
  before.observe_window(0, 10'000'000);
  after.observe_window(100'000'000, 120'000'000);
  auto d = session::diff_graphs(before, after);
  CHECK(d.exposure == session::ExposureKind::Seconds);
  REQUIRE(d.edges_common.size() == 1);
  CHECK(d.edges_common[0].before.rate == doctest::Approx(100.0));
  CHECK(d.edges_common[0].after.rate == doctest::Approx(100.0));
  CHECK_FALSE(d.edges_common[0].changed());

  const auto b2 = planted_graph({{"gateway", "a", 1000, 0, 1000}}, 0), a2 = planted_graph({{"gateway", "a", 2000, 0, 1000}}, 0);
  d = session::diff_graphs(b2, a2);
  CHECK(d.exposure == session::ExposureKind::None);
  CHECK(d.edges_common[0].rate_significant);
}

TEST_CASE("diff writers: JSON has the documented schema; every format is deterministic") {
  const auto d = session::diff_graphs(planted_graph(kBefore, 1000), planted_graph(kAfter, 1000));
  std::ostringstream json;
  session::write_diff_json(json, d);
  const auto j = nlohmann::json::parse(json.str());
  CHECK(j["schema"] == session::kDiffSchema);
  CHECK(j["services"]["added"] == nlohmann::json::array({"new"}));
  CHECK(j["services"]["removed"] == nlohmann::json::array({"old"}));
  REQUIRE(j["edges"]["added"].size() == 2);
  CHECK(j["edges"]["added"][0]["from"] == "a");
  CHECK(j["edges"]["added"][0]["to"] == "new");
  CHECK(j["edges"]["removed"][0]["from"] == "gateway");
  REQUIRE(j["edges"]["changed"].size() == 3);
  CHECK(j["edges"]["changed"][0]["from"] == "a");  // sorted by (from, to)
  CHECK(j["edges"]["changed"][0]["rate_significant"] == true);
  CHECK(j["edges"]["compared"] == 4);
  CHECK(j["findings"]["appeared"][0]["key"] == "knot:b,c");
  CHECK(j["findings"]["resolved"].empty());
  CHECK(j["knots_formed"] == nlohmann::json::array({"knot:b,c"}));
  for (const auto format : {session::DiffFormat::Text, session::DiffFormat::Json, session::DiffFormat::Markdown,
                            session::DiffFormat::Html}) {
    std::ostringstream a, b;
    session::write_diff(a, d, format);
    session::write_diff(b, session::diff_graphs(planted_graph(kBefore, 1000), planted_graph(kAfter, 1000)), format);
    CHECK(a.str() == b.str());
    CHECK(a.str().find("new") != std::string::npos);
  }
  std::ostringstream html;
  session::write_diff_html(html, d);
  CHECK(html.str().find("<script") == std::string::npos);
  CHECK(html.str().find("http://www.w3.org/2000/svg") != std::string::npos);
  CHECK(html.str().find("#2ca02c") != std::string::npos);  // an added service coloured
}
