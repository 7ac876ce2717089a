// Jaeger JSON importer: every corpus shape, inline quirks (processes, embedded process,
// references, tags, escapes, old parentSpanID) and bad input failing with a position.
#include <doctest/doctest.h>

#include <string>

#include "importers/formats.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using importers::ImportError;
using importers::InputFile;

namespace {

using test::Imported;

Imported import_file(const InputFile& file) { return test::import_with(importers::import_jaeger_json, file); }

Imported import_text(std::string_view text) { return import_file(InputFile::from_string("inline.json", text)); }
Imported import_corpus(std::string_view name) { return import_file(InputFile::read(test::corpus_path(name))); }

/// Service edges between two different services.
std::size_t cross_service_edges(const model::ServiceGraph& sg) {
  std::size_t n = 0;
  for (const auto& e : sg.edges) n += e.from != e.to;
  return n;
}

bool has_edge_of_kind(const model::ServiceGraph& sg, const std::string& from, const std::string& to,
                      model::InteractionKind kind) {
  for (const auto& e : sg.edges)
    if (static_cast<int>(e.from) == sg.find(from) && static_cast<int>(e.to) == sg.find(to) && e.kind == kind) return true;
  return false;
}

/// The ImportError `text` raises (what() and byte offset); fails the test if none.
ImportError error_of(std::string_view text) {
  auto e = test::import_error(importers::import_jaeger_json, "inline.json", text);
  if (!e) FAIL("no ImportError for: " << text);
  return e.value_or(ImportError("", {}, ""));
}

// A minimal span; `extra` is spliced in before the closing brace.
std::string span_json(const std::string& id, const std::string& pid, const std::string& extra = "") {
  return R"({"traceID":"t1","spanID":")" + id + R"(","operationName":"op-)" + id +
         R"(","startTime":1000,"duration":10,"processID":")" + pid + "\"" + extra + "}";
}

std::string child_of(const std::string& parent, const char* type = "CHILD_OF") {
  return std::string(R"(,"references":[{"refType":")") + type + R"(","traceID":"t1","spanID":")" + parent + "\"}]";
}

}  // namespace

TEST_CASE("jaeger json: deathstarbench social network, 20 traces in a ui export") {
  auto r = import_corpus("jaeger-deathstarbench-social-20traces.json");
  CHECK(r.records == 660);
  CHECK(r.graph.trace_count == 20);
  CHECK(r.graph.service_count() == 12);
  auto sg = test::service_graph(r.graph);
  CHECK(cross_service_edges(sg) == 11);
  const char* const edges[][2] = {
      {"nginx-web-server", "compose-post-service"},      {"compose-post-service", "home-timeline-service"},
      {"compose-post-service", "media-service"},         {"compose-post-service", "post-storage-service"},
      {"compose-post-service", "text-service"},          {"compose-post-service", "unique-id-service"},
      {"compose-post-service", "user-service"},          {"compose-post-service", "user-timeline-service"},
      {"home-timeline-service", "social-graph-service"}, {"text-service", "url-shorten-service"},
      {"text-service", "user-mention-service"},
  };
  for (const auto& e : edges) {
    CAPTURE(e[0]);
    CAPTURE(e[1]);
    CHECK(test::service_calls(sg, e[0], e[1]) == 20);  // once per trace
  }
  // nginx's /wrk2-api/post/compose span under one of the same name, once per trace: folded.
  CHECK(r.diagnostics.count("self-call") == 20);
  CHECK(r.diagnostics.count("infrastructure-recognised") == 1);  // nginx-web-server: gateway
  CHECK(r.diagnostics.sorted().size() == 2);
}

TEST_CASE("jaeger json: query-service ui model fixture (follows_from, duplicate ids, cross-trace ref)") {
  auto r = import_corpus("jaeger-uimodel-ui-01.json");
  CHECK(r.records == 5);
  CHECK(r.graph.service_count() == 2);
  CHECK(r.diagnostics.count("duplicate-span-id") == 1);
  CHECK(r.diagnostics.count("cross-trace-reference") == 1);
  auto sg = test::service_graph(r.graph);
  // span 3 is CHILD_OF span 2; span 4 has CHILD_OF and FOLLOWS_FROM to span 2: asynchronous.
  CHECK(has_edge_of_kind(sg, "service-x", "service-y", model::InteractionKind::Sync));
  CHECK(has_edge_of_kind(sg, "service-x", "service-y", model::InteractionKind::Async));
  CHECK(test::service_calls(sg, "service-x", "service-y") == 2);
}

TEST_CASE("jaeger json: bare trace objects and the /api/traces wrapper from jaeger ui") {
  auto clinic = import_corpus("jaeger-ui-petclinic-trace.json");
  CHECK(clinic.records == 17);
  CHECK(clinic.graph.service_count() == 2);
  CHECK(test::has_service_edge(test::service_graph(clinic.graph), "api-gateway", "customers-service"));

  auto normal = import_corpus("jaeger-ui-petclinic-normal.json");
  CHECK(normal.records == 5);
  CHECK(normal.graph.service_count() == 2);
  CHECK(test::has_service_edge(test::service_graph(normal.graph), "api-gateway", "customers-service"));

  auto otlp = import_corpus("jaeger-ui-otlp2jaeger-multi-out.json");
  CHECK(otlp.records == 4);
  CHECK(otlp.graph.service_count() == 1);
  CHECK(otlp.graph.find_service("example-trace").has_value());
  CHECK(otlp.diagnostics.empty());
}

TEST_CASE("jaeger json: processes before or after spans, unknown process ids") {
  const std::string spans = "[" + span_json("1", "p1") + "," + span_json("2", "p2", child_of("1")) + "," +
                            span_json("3", "p9", child_of("2")) + "]";
  const std::string processes = R"({"p1":{"serviceName":"front"},"p2":{"serviceName":"cart","tags":[]}})";
  for (const std::string& doc : {R"({"data":[{"traceID":"t1","spans":)" + spans + R"(,"processes":)" + processes + "}]}",
                                 R"({"data":[{"processes":)" + processes + R"(,"spans":)" + spans + "}]}"}) {
    CAPTURE(doc);
    auto r = import_text(doc);
    CHECK(r.records == 3);
    auto sg = test::service_graph(r.graph);
    CHECK(test::service_calls(sg, "front", "cart") == 1);
    CHECK(test::service_calls(sg, "cart", std::string(importers::kUnknownService)) == 1);
    CHECK(r.diagnostics.count("unknown-process") == 1);
  }
}

TEST_CASE("jaeger json: bare span array with embedded processes and a follows_from link") {
  const std::string doc = R"([
    {"traceID":"00AB","spanID":"1","operationName":"publish","startTime":1,"duration":5,
     "tags":[{"key":"span.kind","type":"string","value":"producer"}],
     "process":{"serviceName":"orders","tags":[]}},
    {"traceID":"ab","spanID":"2","operationName":"consume","startTime":9,"duration":5,
     "references":[{"refType":"FOLLOWS_FROM","traceID":"AB","spanID":"0001"}],
     "process":{"serviceName":"billing"}}
  ])";
  auto r = import_text(doc);
  CHECK(r.records == 2);
  CHECK(r.graph.trace_count == 1);  // "00AB" and "ab" are one trace
  auto sg = test::service_graph(r.graph);
  CHECK(has_edge_of_kind(sg, "orders", "billing", model::InteractionKind::Async));
}

TEST_CASE("jaeger json: single trace under data, a lone span object, empty data") {
  auto one = import_text(R"({"data":{"traceID":"t1","spans":[)" + span_json("1", "p1") +
                         R"(],"processes":{"p1":{"serviceName":"solo"}}}})");
  CHECK(one.records == 1);
  CHECK(one.graph.find_service("solo").has_value());

  auto lone = import_text(R"({"traceID":"t1","spanID":"5","operationName":"x","process":{"serviceName":"a"}})");
  CHECK(lone.records == 1);
  CHECK(lone.graph.find_service("a").has_value());

  auto empty = import_text("\xEF\xBB\xBF  {\"total\":0,\"data\":[],\"limit\":0,\"offset\":0,\"errors\":null}\n");
  CHECK(empty.records == 0);
  CHECK(empty.diagnostics.empty());

  auto errors = import_text(R"({"data":null,"errors":[{"code":500,"msg":"storage down"}]})");
  CHECK(errors.diagnostics.count("jaeger-errors") == 1);
}

TEST_CASE("jaeger json: tags give kind, error, protocol and peers") {
  const std::string tags_client_db = R"(,"tags":[{"key":"span.kind","type":"string","value":"client"},
      {"key":"db.system","type":"string","value":"mongodb"},{"key":"peer.service","type":"string","value":"user-db"}])";
  const std::string tags_grpc = R"(,"tags":[{"key":"span.kind","value":"CLIENT"},{"key":"rpc.system","value":"grpc"},
      {"key":"error","type":"string","value":"true"}])";
  const std::string tags_server = R"(,"tags":[{"key":"span.kind","value":"server"},{"key":"http.method","value":"GET"}])";
  const std::string tags_kafka = R"(,"tags":[{"type":"string","value":"producer","key":"span.kind"},
      {"key":"messaging.system","value":"kafka"},{"key":"messaging.destination","value":"orders"}])";
  const std::string tags_external = R"(,"tags":[{"key":"span.kind","value":"client"},{"key":"peer.service","value":"stripe"}])";
  const std::string doc = R"({"traceID":"t1","spans":[)" + span_json("1", "p1", tags_server) + "," +
                          span_json("2", "p1", child_of("1") + tags_client_db) + "," +
                          span_json("3", "p1", child_of("1") + tags_grpc) + "," +
                          span_json("4", "p2", child_of("3") + tags_server) + "," +
                          span_json("5", "p1", child_of("1") + tags_kafka) + "," +
                          span_json("6", "p1", child_of("1") + tags_external) +
                          R"(],"processes":{"p1":{"serviceName":"api"},"p2":{"serviceName":"users"}}})";
  auto r = import_text(doc);
  CHECK(r.records == 6);
  auto& g = r.graph;
  REQUIRE(g.find_service("user-db").has_value());
  CHECK(g.service(*g.find_service("user-db")).kind == model::ServiceKind::Database);
  REQUIRE(g.find_service("kafka").has_value());
  CHECK(g.service(*g.find_service("kafka")).kind == model::ServiceKind::Broker);
  CHECK(g.find_operation(*g.find_service("kafka"), "orders").has_value());  // the topic
  REQUIRE(g.find_service("stripe").has_value());
  CHECK(g.service(*g.find_service("stripe")).kind == model::ServiceKind::External);
  auto sg = test::service_graph(g);
  CHECK(has_edge_of_kind(sg, "api", "user-db", model::InteractionKind::Database));
  CHECK(has_edge_of_kind(sg, "api", "kafka", model::InteractionKind::Async));
  CHECK(has_edge_of_kind(sg, "api", "users", model::InteractionKind::Sync));
  bool grpc = false;
  for (const auto& e : g.edges())
    if (g.operation(e.to).name == "op-4") {
      grpc = e.protocol == model::Protocol::Grpc;
      CHECK(e.errors == 1);  // the failed client call span
    }
  CHECK(grpc);
}

TEST_CASE("jaeger json: escapes, old parentSpanID, float numbers, deep ui nesting") {
  std::string nested = R"({"traceID":"t1","spanID":"0"})";
  for (int i = 0; i < 300; ++i) nested = R"({"traceID":"t1","spanID":"0","references":[{"span":)" + nested + "}]}";
  const std::string doc = R"({"traceID":"t1","spans":[
      {"traceID":"t1","spanID":"1","operationName":"GET \/caf\u00e9","startTime":1.0,"duration":2.5e1,"processID":"p1"},
      {"traceID":"t1","spanID":"2","parentSpanID":"1","operationName":"old","startTime":1,"duration":1,"processID":"p2"},
      {"traceID":"t1","spanID":"3","operationName":"ui","processID":"p2",
       "references":[{"refType":"CHILD_OF","traceID":"t1","spanID":"2","span":)" + nested + R"(}]}],
    "processes":{"p1":{"serviceName":"web\"front"},"p2":{"serviceName":"back"}}})";
  auto r = import_text(doc);
  CHECK(r.records == 3);
  auto& g = r.graph;
  REQUIRE(g.find_service("web\"front").has_value());
  auto op = g.find_operation(*g.find_service("web\"front"), "GET /caf\xC3\xA9");
  REQUIRE(op.has_value());
  CHECK(g.operation(*op).duration.max_us() == doctest::Approx(25));
  auto sg = test::service_graph(g);
  CHECK(test::service_calls(sg, "web\"front", "back") == 1);
  CHECK(r.diagnostics.count("no-duration") == 1);  // span 3 has none
  CHECK(r.diagnostics.sorted().size() == 1);
}

TEST_CASE("jaeger json: spans without a service or operation are reported, not dropped") {
  auto r = import_text(R"([{"traceID":"t1","spanID":"1","startTime":1,"duration":1}])");
  CHECK(r.records == 1);
  CHECK(r.diagnostics.count("span-without-service") == 1);
  CHECK(r.diagnostics.count("span-without-operation") == 1);
  CHECK(r.graph.find_service(std::string(importers::kUnknownService)).has_value());
}

TEST_CASE("jaeger json: bad input fails with file and position") {
  SUBCASE("truncated") {
    auto e = error_of(R"({"data":[{"traceID":"t1","spans":[{"spanID":"1")");
    CHECK(std::string(e.what()).starts_with("inline.json:1:"));
    CHECK(std::string(e.what()).find("unexpected end of input") != std::string::npos);
    CHECK(e.position().byte_offset.has_value());
  }
  SUBCASE("spans not an array") {
    auto e = error_of("{\"data\":[\n{\"traceID\":\"t1\",\"spans\":\"none\"}]}");
    CHECK(e.message() == "\"spans\" must be an array");
    CHECK(e.position().line == 2u);
    CHECK(e.position().column == 25u);
  }
  SUBCASE("duration a string") {
    auto e = error_of(R"([{"traceID":"t1","spanID":"1","duration":"12"}])");
    CHECK(e.message() == "\"duration\" must be a number");
    CHECK(e.position().byte_offset == 41u);
  }
  SUBCASE("missing span id") {
    auto e = error_of(R"({"traceID":"t1","spans":[{"operationName":"x"}]})");
    CHECK(e.message() == "span has no spanID");
    CHECK(e.position().byte_offset == 25u);
  }
  SUBCASE("missing trace id") {
    CHECK(error_of(R"({"spans":[{"spanID":"1"}]})").message() == "span has no traceID");
  }
  SUBCASE("malformed json inside a trace") {
    auto e = error_of(R"({"data":[{"traceID" "t1","spans":[]}]})");
    CHECK(e.message().starts_with("invalid json"));
  }
  SUBCASE("wrong shapes") {
    CHECK(error_of("42").message() == "expected a jaeger json object or array");
    CHECK(error_of(R"({"data":7})").message() == "\"data\" must be an array of traces or a trace object");
    CHECK(error_of(R"({"hello":"world"})").message().starts_with("not a jaeger trace document"));
    CHECK(error_of(R"([1,2])").message() == "expected a trace or span object");
    CHECK(error_of(R"({"data":[]} trailing)").message() == "unexpected content after the end of the json document");
    CHECK(error_of(R"({"data":[{"spans":[]} {"spans":[]}]})").message().starts_with("expected ',' or ']'"));
    CHECK(error_of(R"({"data":[{"traceID":"t1","spans":[7]}]})").message() == "a span must be an object");
    CHECK(error_of(R"({"data":[{"traceID":"t1","spans":[{"spanID":"1","tags":{}}]}]})").message() ==
          "\"tags\" must be an array");
    CHECK(error_of(R"({"data":[{"traceID":"t1","spans":[{"spanID":"1","references":[1]}]}]})").message() ==
          "a reference must be an object");
  }
  SUBCASE("unterminated string at top level") {
    auto e = error_of(R"({"data)");
    CHECK(e.message().find("unterminated string") != std::string::npos);
  }
}
