// Distributed-monolith chains are real operation-level walks: every listed hop is an edge of
// the graph, consecutive hops meet, the hop count equals the arrows shown (plus any omitted),
// and a chain that is the tail of a reported one is not reported again. Checked on
// hand-made cases, corpus inputs and generated graphs.
#include <doctest/doctest.h>

#include <random>
#include <set>
#include <string>

#include "analysis/analysis.hpp"
#include "analysis_test_graph.hpp"
#include "bench/generated_graph.hpp"
#include "importers/import_set.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

/// Every invariant a chain finding must keep; returns how many chains were checked.
std::size_t check_chains(const model::CallGraph& graph, const analysis::AnalysisReport& r) {
  std::size_t checked = 0;
  for (const auto& f : r.findings) {
    if (f.rule != "long-sync-chain") continue;
    ++checked;
    INFO(f.explanation);
    REQUIRE(!f.edges.empty());
    const auto omitted = f.edge_count - f.edges.size();
    CHECK((omitted == 0) == !f.omitted_at.has_value());
    // The hop count in the text equals the arrows shown plus the omitted hops.
    const auto hops_text = f.explanation.substr(f.explanation.find("a chain of ") + 11);
    CHECK(std::stoull(hops_text) == f.edge_count);
    CHECK(count_of(f.explanation, " -> ") + omitted == f.edge_count);
    CHECK(count_of(f.explanation, " more hops]=> ") == (omitted ? 1u : 0u));
    CHECK(f.services.size() == f.edges.size() + 1 + (omitted ? 1 : 0));
    for (std::size_t i = 0; i < f.edges.size(); ++i) {
      const auto& e = f.edges[i];
      CHECK(e.from != e.to);
      // A service edge of the analysed graph, and an operation-level edge of the call graph.
      const auto from = r.services.find(e.from), to = r.services.find(e.to);
      REQUIRE(from >= 0);
      REQUIRE(to >= 0);
      bool service_edge = false;
      for (const auto& se : r.services.edges)
        service_edge = service_edge || (se.from == static_cast<std::uint32_t>(from) && se.to == static_cast<std::uint32_t>(to));
      CHECK(service_edge);
      const auto a = graph.find_service(e.from), b = graph.find_service(e.to);
      REQUIRE(a);
      REQUIRE(b);
      const auto op_a = graph.find_operation(*a, e.from_operation), op_b = graph.find_operation(*b, e.to_operation);
      REQUIRE(op_a);
      REQUIRE(op_b);
      const bool op_edge = graph.find_edge(*op_a, *op_b, model::InteractionKind::Sync) ||
                           graph.find_edge(*op_a, *op_b, model::InteractionKind::Database);
      CHECK(op_edge);
      if (i + 1 < f.edges.size() && !(f.omitted_at && *f.omitted_at == i + 1)) CHECK(f.edges[i + 1].from == e.to);
    }
  }
  return checked;
}

/// Random graphs of services with several operations each: operation-level cycles, revisits
/// of a service along a chain, and async edges that chains must not follow.
model::CallGraph random_graph(std::uint32_t seed) {
  std::mt19937 rng(seed);
  test::TestGraph t;
  const int services = 6 + static_cast<int>(rng() % 10);
  auto name = [&](int s, int o) { return "s" + std::to_string(s) + "/o" + std::to_string(o); };
  t.entry(name(0, 0), 5);
  t.entry(name(1, 0), 3);
  const int edges = services * 3;
  for (int i = 0; i < edges; ++i) {
    const int a = static_cast<int>(rng() % services), b = static_cast<int>(rng() % services);
    const auto kind = rng() % 5 == 0 ? model::InteractionKind::Async : model::InteractionKind::Sync;
    t.call(name(a, static_cast<int>(rng() % 3)), name(b, static_cast<int>(rng() % 3)), 1 + rng() % 20, 0, kind);
  }
  return t.finish();
}

}  // namespace

TEST_CASE("analysis chains: a revisit is listed, every hop is an operation-level edge") {
  // gw -> core -> auth -> core (another operation) -> db-svc: core is visited twice.
  test::TestGraph t;
  t.entry("gw/get", 4);
  t.call("gw/get", "core/route", 4);
  t.call("core/route", "auth/check", 4);
  t.call("auth/check", "core/profile", 4);
  t.call("core/profile", "store/read", 4);
  t.call("store/read", "disk/io", 4);
  const auto graph = t.finish();
  analysis::Thresholds th;
  th.monolith_chain_depth = 5;
  const auto r = analysis::analyze(graph, th);
  REQUIRE(check_chains(graph, r) == 1);
  const auto& f = *std::find_if(r.findings.begin(), r.findings.end(), [](auto& x) { return x.rule == "long-sync-chain"; });
  CHECK(f.services == std::vector<std::string>{"gw", "core", "auth", "core", "store", "disk"});
  CHECK(f.edges[2] == analysis::FindingEdge{"auth", "core", 4, "check", "profile"});
  CHECK(f.explanation.find("a chain of 5 synchronous service hops: gw -> core -> auth -> core -> store -> disk") !=
        std::string::npos);
}

TEST_CASE("analysis chains: an operation-level cycle is passed along real edges") {
  // a/x <-> b/y is an operation-level cycle; the chain enters it at b/y and leaves from a/x.
  test::TestGraph t;
  t.entry("e/in", 2);
  t.call("e/in", "b/y", 2);
  t.call("b/y", "a/x", 2);
  t.call("a/x", "b/y", 2);
  t.call("a/x", "c/z", 2);
  t.call("c/z", "d/w", 2);
  const auto graph = t.finish();
  analysis::Thresholds th;
  th.monolith_chain_depth = 3;
  const auto r = analysis::analyze(graph, th);
  REQUIRE(check_chains(graph, r) == 1);
  const auto& f = *std::find_if(r.findings.begin(), r.findings.end(), [](auto& x) { return x.rule == "long-sync-chain"; });
  CHECK(f.services == std::vector<std::string>{"e", "b", "a", "c", "d"});
  CHECK(f.edge_count == 4);
}

TEST_CASE("analysis chains: the tail of a reported chain is not reported again") {
  test::TestGraph t;
  t.entry("a", 10);
  t.entry("b", 50);  // busier, but its chain is the tail of a's
  for (std::string s : {"a", "b", "c", "d", "e", "f", "g"}) (void)t.op(s);
  t.call("a", "b", 10);
  t.call("b", "c", 60);
  t.call("c", "d", 60);
  t.call("d", "e", 60);
  t.call("e", "f", 60);
  t.call("f", "g", 60);
  const auto graph = t.finish();
  const auto r = analysis::analyze(graph);
  CHECK(check_chains(graph, r) == 1);
  CHECK(r.metrics[static_cast<std::size_t>(r.services.find("b"))].sync_depth == 5);  // still its own depth
}

TEST_CASE("analysis chains: a very long chain lists head and tail, the count stays exact") {
  test::TestGraph t;
  t.entry("n0", 1);
  const int length = 200;
  for (int i = 0; i < length; ++i) t.call("n" + std::to_string(i), "n" + std::to_string(i + 1), 1);
  const auto graph = t.finish();
  const auto r = analysis::analyze(graph);
  REQUIRE(check_chains(graph, r) == 1);
  const auto& f = *std::find_if(r.findings.begin(), r.findings.end(), [](auto& x) { return x.rule == "long-sync-chain"; });
  CHECK(f.edge_count == 200);
  CHECK(f.edges.size() == analysis::kChainListed);
  REQUIRE(f.omitted_at);
  CHECK(*f.omitted_at == analysis::kChainHead);
  CHECK(f.edges.back().to == "n200");
  CHECK(f.explanation.find(" =[136 more hops]=> ") != std::string::npos);
}

TEST_CASE("analysis chains: invariants on corpus inputs and generated graphs") {
  std::size_t chains = 0;
  analysis::Thresholds low;
  low.monolith_chain_depth = 2;
  for (const char* name : {"zipkin-smartthings-oauth-authorization.json", "jaeger-deathstarbench-social-20traces.json",
                           "zipkin-yelp.json", "jaeger-ui-petclinic-trace.json", "otlp-jaeger-ui-multi-in-combined.json"}) {
    INFO(name);
    const auto result = importers::import_inputs({test::corpus_path(name)});
    chains += check_chains(result.graph, analysis::analyze(result.graph, low));
  }
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    INFO("seed " << seed);
    const auto graph = random_graph(seed);
    chains += check_chains(graph, analysis::analyze(graph, low));
  }
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    INFO("generated seed " << seed);
    const auto graph = bench::to_call_graph(300, bench::generate_edges(300, 3000, seed));
    chains += check_chains(graph, analysis::analyze(graph));
  }
  CHECK(chains > 20);
}
