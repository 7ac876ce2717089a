// Kiali graph importer: the three corpus graphs (app, service, workload) with counts checked
// by hand from the files, boxes, versions, aggregates, service entries and service hops on
// small hand-written graphs, a generated graph, and bad input failing with a position.
#include <doctest/doctest.h>

#include <string>

#include "importers/formats.hpp"
#include "importers/import_set.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using importers::ImportError;
using importers::InputFile;

namespace {

using test::Imported;

Imported import_file(const InputFile& file) { return test::import_with(importers::import_kiali_graph, file); }

Imported import_text(std::string_view text) { return import_file(InputFile::from_string("graph.json", text)); }

ImportError error_of(std::string_view text) {
  auto e = test::import_error(importers::import_kiali_graph, "graph.json", text);
  if (!e) FAIL("no ImportError for: " << text);
  return e.value_or(ImportError("", {}, ""));
}

std::uint64_t entries_of(const model::CallGraph& g, const std::string& service) {
  std::uint64_t n = 0;
  if (auto s = g.find_service(service))
    for (auto op : g.operations_of(*s)) n += g.operation(op).entry_count;
  return n;
}

const model::Edge* service_edge(const model::CallGraph& g, const std::string& from, const std::string& to) {
  return test::find_edge(g, from, importers::kAnyOperation, to, importers::kAnyOperation);
}

// The three corpus graphs show one mesh (Bookinfo with a bank app) over the same 600 s: the
// app graph per app, the service graph per service, the workload graph per workload
// (reviews-v1/v2/v3 ...). Rates x 600 s, from the files: productpage -> details 80/s, of them
// 4xx 20/s and 5xx 20/s; reviews -> ratings 60/s (5xx 20/s); reviews -> "unknown" 4/s, all 404.
void check_bookinfo(const Imported& r) {
  const auto& g = r.graph;
  const auto sg = test::service_graph(g);
  CHECK(test::service_calls(sg, "ingressgateway", "productpage") == 60000);
  CHECK(test::service_calls(sg, "productpage", "details") == 48000);
  CHECK(test::service_calls(sg, "productpage", "reviews") == 36000);
  CHECK(test::service_calls(sg, "reviews", "ratings") == 36000);
  CHECK(test::service_calls(sg, "reviews", "pricing") == 12000);
  CHECK(test::service_calls(sg, "reviews", "deposit") == 30000);
  CHECK(test::service_calls(sg, "reviews", "(unknown)") == 2400);
  REQUIRE(service_edge(g, "productpage", "details"));
  CHECK(service_edge(g, "productpage", "details")->errors == 24000);
  CHECK(service_edge(g, "reviews", "ratings")->errors == 12000);
  CHECK(service_edge(g, "reviews", "(unknown)")->errors == 2400);
  CHECK(service_edge(g, "reviews", "deposit")->protocol == model::Protocol::Grpc);
  CHECK(service_edge(g, "reviews", "pricing")->protocol == model::Protocol::Http);
  CHECK(service_edge(g, "reviews", "deposit")->latency.empty());  // no responseTime: no latency
  // Calls of a service to itself (productpage 20/s, reviews 40/s) stay self-edges.
  REQUIRE(service_edge(g, "productpage", "productpage"));
  CHECK(service_edge(g, "productpage", "productpage")->calls == 12000);
  CHECK(service_edge(g, "reviews", "reviews")->calls == 24000);
  // tcp edges (bytes/s) are dependencies without calls; "unknown" -> tcp is skipped.
  REQUIRE(service_edge(g, "productpage", "tcp"));
  CHECK(service_edge(g, "productpage", "tcp")->calls == 0);
  CHECK(service_edge(g, "productpage", "tcp")->declared);
  CHECK(service_edge(g, "ingressgateway", "tcp")->declared);
  CHECK(r.diagnostics.count("tcp-without-requests") == 2);
  CHECK(r.diagnostics.count("outside-without-requests") == 1);
  // Requests from the "unknown" node are entries: 50/s into productpage.
  CHECK(entries_of(g, "productpage") == 30000);
  CHECK(g.service(*g.find_service("(unknown)")).kind == model::ServiceKind::External);
  CHECK(g.window_seconds() == doctest::Approx(600.0));
  CHECK(*g.window_end_us == 1523364075LL * 1000000);
  CHECK(r.diagnostics.count("no-latency") > 0);
  for (const auto& op : g.operations()) CHECK(op.name == importers::kAnyOperation);
}

}  // namespace

TEST_CASE("kiali graph: corpus app graph") {
  auto r = import_file(InputFile::read(test::corpus_path("kiali-graph-app.json")));
  CHECK(r.records == 11 + 14);
  // deposit, pricing, kiali-2412, details, productpage, ratings, reviews, tcp,
  // ingressgateway and the "unknown" destination; the "unknown" source is no service.
  CHECK(r.graph.service_count() == 10);
  check_bookinfo(r);
  CHECK(entries_of(r.graph, "kiali-2412") == 30000);
  CHECK(r.diagnostics.count("entries-from-unknown") == 2);
  CHECK(r.diagnostics.count("versions-merged") == 0);
}

TEST_CASE("kiali graph: corpus service graph") {
  auto r = import_file(InputFile::read(test::corpus_path("kiali-graph-service.json")));
  CHECK(r.records == 10 + 13);
  CHECK(r.graph.service_count() == 9);  // no kiali-2412 here
  check_bookinfo(r);
  // The ingress gateway is a workload (ingressgateway-unknown, app ingressgateway, version latest).
  CHECK(r.diagnostics.count("versions-merged") == 1);
  CHECK(r.diagnostics.count("service-hop") == 0);  // service -> service edges are real calls
}

TEST_CASE("kiali graph: corpus workload graph merges versions into apps") {
  auto r = import_file(InputFile::read(test::corpus_path("kiali-graph-workload.json")));
  CHECK(r.records == 13 + 18);
  CHECK(r.graph.service_count() == 10);
  check_bookinfo(r);  // reviews-v1/v2/v3's edges add up to the app graph's
  CHECK_FALSE(r.graph.find_service("reviews-v2"));
  // deposit-v1, pricing-v1, details-v1, productpage-v1, ratings-v1, reviews-v1..3, tcp-v1,
  // ingressgateway-unknown.
  CHECK(r.diagnostics.count("versions-merged") == 10);
}

TEST_CASE("kiali graph: detected by content, read through import_inputs") {
  CHECK(importers::detect_format("x.json", R"({"timestamp":1,"duration":60,"graphType":"app","elements":{"nodes":[]}})") ==
        importers::Format::KialiGraph);
  CHECK(importers::to_string(importers::Format::KialiGraph) == "kiali-graph");
  auto result = importers::import_inputs({test::corpus_path("kiali-graph-app.json")});
  REQUIRE(result.files.size() == 1);
  CHECK(result.files[0].format == "kiali-graph");
  CHECK(result.graph.service_count() == 10);
}

TEST_CASE("kiali graph: versioned app boxes, injected service nodes, aggregates, service entries") {
  auto r = import_text(R"({"timestamp": 1000, "duration": 10, "graphType": "versionedApp", "elements": {
    "nodes": [
      {"data": {"id": "box1", "nodeType": "box", "namespace": "shop", "app": "cart", "isBox": "app"}},
      {"data": {"id": "a", "nodeType": "app", "namespace": "shop", "app": "web", "version": "v1"}},
      {"data": {"id": "s", "nodeType": "service", "namespace": "shop", "service": "cart"}},
      {"data": {"id": "c1", "parent": "box1", "nodeType": "app", "namespace": "shop", "app": "cart", "version": "v1"}},
      {"data": {"id": "c2", "parent": "box1", "nodeType": "app", "namespace": "shop", "app": "cart", "version": "v2"}},
      {"data": {"id": "op", "nodeType": "aggregate", "namespace": "shop", "app": "cart",
                "aggregate": "request_operation", "aggregateValue": "AddItem"}},
      {"data": {"id": "old", "nodeType": "aggregate", "namespace": "shop", "service": "cart",
                "aggregate": "request_operation=GetCart"}},
      {"data": {"id": "x", "nodeType": "service", "namespace": "shop", "service": "api.stripe.com",
                "isServiceEntry": {"location": "MESH_EXTERNAL", "hosts": ["api.stripe.com"]}}},
      {"data": {"id": "idle", "nodeType": "app", "namespace": "shop", "app": "audit", "isIdle": true}}
    ],
    "edges": [
      {"data": {"source": "a", "target": "s", "traffic": {"protocol": "http", "rates": {"http": "3.00"}}}},
      {"data": {"source": "s", "target": "c1", "traffic": {"protocol": "http", "rates": {"http": "1.00"}}}},
      {"data": {"source": "s", "target": "c2", "traffic": {"protocol": "http", "rates": {"http": "2.00"}}}},
      {"data": {"source": "a", "target": "op", "traffic": {"protocol": "grpc", "rates": {"grpc": "0.5"},
                "responses": {"0": {"flags": {"-": "60.0"}}, "14": {"flags": {"UF": "40.0"}}}}}},
      {"data": {"source": "op", "target": "c1", "traffic": {"protocol": "grpc", "rates": {"grpc": "0.5"}}}},
      {"data": {"source": "a", "target": "old", "traffic": {"protocol": "http", "rates": {"http": 0.2}},
                "responseTime": "25"}},
      {"data": {"source": "c2", "target": "x", "traffic": {"protocol": "http", "rates": {"http": "1.00"}}}},
      {"data": {"source": "c1", "target": "c2"}}
    ]}})");
  const auto& g = r.graph;
  // web, cart (v1, v2, its service node and its operations), api.stripe.com, audit.
  CHECK(g.service_count() == 4);
  CHECK(r.diagnostics.count("box") == 1);
  CHECK(r.diagnostics.count("versions-merged") == 3);  // web v1, cart v1, cart v2
  // web -> cart service (3/s); the service node's hops to cart v1/v2 are not counted again.
  CHECK(service_edge(g, "web", "cart")->calls == 30);
  CHECK(r.diagnostics.count("service-hop") == 3);  // s -> c1, s -> c2, op -> c1
  // Aggregate nodes are operations of their service; errors from the response codes (40%).
  const auto* add = test::find_edge(g, "web", "*", "cart", "AddItem");
  REQUIRE(add);
  CHECK(add->calls == 5);
  CHECK(add->errors == 2);
  const auto* get = test::find_edge(g, "web", "*", "cart", "GetCart");
  REQUIRE(get);
  CHECK(get->calls == 2);
  CHECK(get->latency.count() == 2);  // responseTime 25 ms for every call
  CHECK(get->latency.quantile_us(0.5) == doctest::Approx(25000).epsilon(0.05));
  CHECK(r.diagnostics.count("single-latency-value") == 1);
  CHECK(g.service(*g.find_service("api.stripe.com")).kind == model::ServiceKind::External);
  CHECK(service_edge(g, "cart", "api.stripe.com")->calls == 10);
  // cart v1 -> cart v2 has no traffic: a dependency without calls inside cart.
  CHECK(r.diagnostics.count("edge-without-traffic") == 1);
  CHECK(g.service(*g.find_service("audit")).declared);
  CHECK(r.diagnostics.count("idle-node") == 1);
  CHECK(*g.window_start_us == 990LL * 1000000);
}

TEST_CASE("kiali graph: a name in several namespaces is qualified, a workload without version kept") {
  auto r = import_text(R"({"timestamp": 0, "duration": 60, "graphType": "workload", "elements": {
    "nodes": [
      {"data": {"id": "1", "nodeType": "workload", "namespace": "a", "workload": "db-v1", "app": "db"}},
      {"data": {"id": "2", "nodeType": "workload", "namespace": "a", "workload": "api", "app": "api", "version": "v1"}},
      {"data": {"id": "3", "nodeType": "workload", "namespace": "b", "workload": "api", "app": "api", "version": "v1"}}
    ],
    "edges": [
      {"data": {"source": "2", "target": "1", "traffic": {"protocol": "http", "rates": {"http": "1", "httpNoResponse": "0.5"}}}},
      {"data": {"source": "3", "target": "2", "traffic": {"protocol": "http", "rates": {"http": "0.001"}}}}
    ]}})");
  const auto& g = r.graph;
  CHECK(g.find_service("db-v1"));  // no version label: its own name
  CHECK(service_edge(g, "api.a", "db-v1")->calls == 60);
  CHECK(service_edge(g, "api.a", "db-v1")->errors == 30);
  CHECK(r.diagnostics.count("namespace-qualified") == 2);
  // 0.001/s over 60 s is less than one call: a dependency without calls.
  CHECK(service_edge(g, "api.b", "api.a")->calls == 0);
  CHECK(r.diagnostics.count("rate-below-one-call") == 1);
  CHECK_FALSE(g.window_start_us);  // timestamp 0: no window
}

TEST_CASE("kiali graph: a generated mesh of 200 apps adds up") {
  // App i calls app i+1 and i+7 (mod 200) at (i % 13 + 1) requests/s, 10% errors on every
  // third; the unknown node sends 5/s into app 0. Window 300 s.
  std::string nodes = R"({"data":{"id":"u","nodeType":"unknown","namespace":"unknown"}})";
  std::string edges = R"({"data":{"source":"u","target":"n0","traffic":{"protocol":"http","rates":{"http":"5"}}}})";
  std::uint64_t calls = 0, errors = 0;
  for (int i = 0; i < 200; ++i) {
    nodes += R"(,{"data":{"id":"n)" + std::to_string(i) + R"(","nodeType":"app","namespace":"ns","app":"app)" +
             std::to_string(i) + R"("}})";
    const int rate = i % 13 + 1;
    for (int to : {(i + 1) % 200, (i + 7) % 200}) {
      std::string rates = R"("http":")" + std::to_string(rate) + "\"";
      if (i % 3 == 0) rates += R"(,"http5xx":")" + std::to_string(rate / 10.0) + "\"";
      edges += R"(,{"data":{"source":"n)" + std::to_string(i) + R"(","target":"n)" + std::to_string(to) +
               R"(","traffic":{"protocol":"http","rates":{)" + rates + "}}}}";
      calls += static_cast<std::uint64_t>(rate) * 300;
      if (i % 3 == 0) errors += static_cast<std::uint64_t>(rate) * 30;
    }
  }
  auto r = import_text(R"({"timestamp":1700000000,"duration":300,"graphType":"app","elements":{"nodes":[)" + nodes +
                       R"(],"edges":[)" + edges + "]}}");
  CHECK(r.records == 201 + 401);
  CHECK(r.graph.service_count() == 200);
  CHECK(r.graph.edge_count() == 400);
  std::uint64_t total = 0, failed = 0;
  for (const auto& e : r.graph.edges()) {
    total += e.calls;
    failed += e.errors;
  }
  CHECK(total == calls);
  CHECK(failed == errors);
  CHECK(entries_of(r.graph, "app0") == 1500);
  CHECK(test::service_calls(test::service_graph(r.graph), "app12", "app13") == 13 * 300);
}

TEST_CASE("kiali graph: bad input fails with file and position") {
  SUBCASE("edge naming a missing node") {
    auto e = error_of("{\"duration\":60,\"elements\":{\"nodes\":[{\"data\":{\"id\":\"a\",\"nodeType\":\"app\",\"app\":\"a\"}}],\n"
                      "\"edges\":[{\"data\":{\"source\":\"a\",\"target\":\"zz\"}}]}}");
    CHECK(e.message() == "edge names node \"zz\", which is not among the nodes");
    CHECK(e.position().line == 2u);
    CHECK(e.position().column == 10u);
    CHECK(std::string(e.what()).starts_with("graph.json:2:10:"));
  }
  SUBCASE("rate not a number") {
    auto e = error_of(R"({"duration":60,"elements":{"edges":[{"data":{"source":"a","target":"b",
                        "traffic":{"protocol":"http","rates":{"http":"fast"}}}}]}})");
    CHECK(e.message() == "a rate must be a number, got \"fast\"");
    CHECK(e.position().line == 2u);
  }
  SUBCASE("shapes") {
    CHECK(error_of(R"({"duration":60})").message() == "not a kiali graph: no \"elements\" object");
    CHECK(error_of(R"({"elements":{"nodes":[]}})").message() ==
          "kiali graph has no positive \"duration\": its request rates cannot become calls");
    CHECK(error_of(R"({"duration":60,"elements":{"nodes":{}}})").message() == "\"elements.nodes\" must be an array");
    CHECK(error_of(R"({"duration":60,"elements":{"nodes":[{"id":"a"}]}})").message() ==
          "a graph element has no \"data\" object");
    CHECK(error_of(R"({"duration":60,"elements":{"nodes":[{"data":{"nodeType":"app"}}]}})").message() ==
          "a node has no \"id\"");
    CHECK(error_of(R"({"duration":60,"elements":{"nodes":[{"data":{"id":"a"}},{"data":{"id":"a"}}]}})").message() ==
          "node id \"a\" appears twice");
    CHECK(error_of(R"({"duration":"60","elements":{}})").message() == "\"duration\" must be a number");
    CHECK(error_of(R"({"duration":60,"elements":{"edges":[{"data":{"source":"a","target":"b",
                     "traffic":{"protocol":"http","rates":{"http":"-1"}}}}]}})").message() ==
          "a rate must be a finite non-negative number");
    CHECK(error_of(R"([1])").message() == "a kiali graph must be a json object");
    CHECK(error_of(R"({"duration":60,"elements":{}} {})").message() ==
          "unexpected content after the end of the json document");
    CHECK(error_of(R"({"duration":60,"elements":{"nodes":[)").message().starts_with("invalid json"));
  }
}

TEST_CASE("kiali graph: every truncation and byte flip of a corpus graph imports or fails cleanly") {
  // Each prefix of the app graph, and the graph with one byte replaced by a quote, a brace or
  // a digit at every 7th offset: either a graph or an ImportError, never another exception.
  const std::string text(InputFile::read(test::corpus_path("kiali-graph-app.json")).text());
  std::size_t failed = 0, imported = 0;
  const auto attempt = [&](const std::string& input) {
    try {
      import_text(input);
      ++imported;
    } catch (const ImportError&) {
      ++failed;
    }
  };
  for (std::size_t n = 0; n < text.size(); n += 13) attempt(text.substr(0, n));
  for (std::size_t at = 0; at < text.size(); at += 7)
    for (char c : {'"', '}', '7'}) {
      std::string flipped = text;
      flipped[at] = c;
      attempt(flipped);
    }
  CHECK(failed + imported == (text.size() + 12) / 13 + 3 * ((text.size() + 6) / 7));
  CHECK(failed > 0);
  CHECK(imported > 0);
}
