// OTLP/JSON importer: the corpus files (facts from MANIFEST.md), id encodings, kinds, Tempo
// batches and snake_case, attributes that name peers, JSON lines, and malformed input.
#include <doctest/doctest.h>

#include <string>

#include "importers/formats.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

using test::Imported;

Imported import_file(const importers::InputFile& file) { return test::import_with(importers::import_otlp_json, file); }

Imported import_corpus(std::string_view name) { return import_file(importers::InputFile::read(test::corpus_path(name))); }
Imported import_text(std::string_view text) { return import_file(importers::InputFile::from_string("o.json", text)); }

std::string error_of(std::string_view text) {
  try {
    import_text(text);
  } catch (const importers::ImportError& e) {
    return e.what();
  }
  return "no error";
}

/// One resourceSpans block of `service` holding the given span objects.
std::string block(std::string_view service, std::string_view spans) {
  return R"({"resource":{"attributes":[{"key":"service.name","value":{"stringValue":")" + std::string(service) +
         R"("}}]},"scopeSpans":[{"scope":{"name":"lib"},"spans":[)" + std::string(spans) + "]}]}";
}

std::string export_of(std::initializer_list<std::string> blocks) {
  std::string out = R"({"resourceSpans":[)";
  bool first = true;
  for (const auto& b : blocks) {
    out += (first ? "" : ",") + b;
    first = false;
  }
  return out + "]}";
}

model::ServiceKind kind_of(const model::CallGraph& g, std::string_view name) {
  auto id = g.find_service(name);
  REQUIRE(id.has_value());
  return g.service(*id).kind;
}

std::optional<model::EdgeId> op_edge(const model::CallGraph& g, std::string_view from_service, std::string_view from_op,
                                     std::string_view to_service, std::string_view to_op, model::InteractionKind kind) {
  auto fs = g.find_service(from_service), ts = g.find_service(to_service);
  if (!fs || !ts) return std::nullopt;
  auto fo = g.find_operation(*fs, from_op), to = g.find_operation(*ts, to_op);
  if (!fo || !to) return std::nullopt;
  return g.find_edge(*fo, *to, kind);
}

}  // namespace

TEST_CASE("otlp-json: every corpus file imports with the manifest's span and service counts") {
  struct Fact {
    const char* file;
    std::uint64_t spans;
    const char* service;
  };
  const Fact facts[] = {
      {"otlp-proto-example-trace.json", 1, "my.service"},
      {"otlp-jaeger-memory-fixture-traces.json", 4, "service-x"},
      {"otlp-jaeger-ui-multi-in-combined.json", 4, "example-trace"},
      {"otlp-jaeger-telemetrygen-trace.json", 2, "telemetrygen"},
  };
  for (const auto& f : facts) {
    CAPTURE(f.file);
    auto r = import_corpus(f.file);
    CHECK(r.records == f.spans);
    CHECK(kind_of(r.graph, f.service) == model::ServiceKind::Service);
    std::size_t observed_local = 0;
    for (const auto& s : r.graph.services()) observed_local += s.kind == model::ServiceKind::Service;
    CHECK(observed_local == 1);  // each file has one resource service
  }
}

TEST_CASE("otlp-json: telemetrygen's two spans both have missing parents, counted as dangling") {
  auto r = import_corpus("otlp-jaeger-telemetrygen-trace.json");
  CHECK(r.records == 2);
  CHECK(r.diagnostics.count("dangling-parent") == 2);
  CHECK(r.graph.edge_count() == 0);
  // kind 2 (server): its peer.service names the caller and must not become a node.
  CHECK(r.graph.service_count() == 1);
}

TEST_CASE("otlp-json: four resourceSpans blocks of one trace merge into one tree") {
  auto r = import_corpus("otlp-jaeger-ui-multi-in-combined.json");
  CHECK(r.records == 4);
  CHECK(r.diagnostics.count("dangling-parent") == 0);
  CHECK(r.graph.trace_count == 1);
  CHECK(r.graph.operation_count() == 3);
  auto info = op_edge(r.graph, "example-trace", "info", "example-trace", "ohboy.do", model::InteractionKind::Sync);
  REQUIRE(info.has_value());
  CHECK(r.graph.edge(*info).calls == 2);
  CHECK(op_edge(r.graph, "example-trace", "main", "example-trace", "info", model::InteractionKind::Sync).has_value());
  auto main = *r.graph.find_operation(*r.graph.find_service("example-trace"), "main");
  CHECK(r.graph.operation(main).entry_count == 1);
  // 1711138246940000000 ns .. 1711138247116321958 ns = 176321 us
  CHECK(r.graph.operation(main).duration.max_us() == doctest::Approx(176321));
}

TEST_CASE("otlp-json: jaeger memory fixture: kinds 2..5, peer.service on client and producer only") {
  auto r = import_corpus("otlp-jaeger-memory-fixture-traces.json");
  CHECK(r.diagnostics.count("dangling-parent") == 4);
  CHECK(r.graph.trace_count == 2);
  auto sg = test::service_graph(r.graph);
  CHECK(test::service_calls(sg, "service-x", "service-y") == 2);  // the CLIENT and the PRODUCER span
  auto x = *r.graph.find_service("service-x");
  std::uint64_t errors = 0;
  for (auto op : r.graph.operations_of(x)) errors += r.graph.operation(op).errors;
  CHECK(errors == 4);  // status.code 2 on every span
  CHECK(r.diagnostics.count("remote-service-unmatched") == 1);
}

TEST_CASE("otlp-json: base64 and hex ids of the same span link up") {
  // Parent written in hex, child's ids in base64 (as protobuf JSON writes bytes).
  const std::string text = export_of({block("front", R"(
      {"traceId":"0000000000000000000000000000abcd","spanId":"0000000000000001","name":"GET /","kind":2,
       "startTimeUnixNano":"1000000","endTimeUnixNano":"9000000"},
      {"traceId":"AAAAAAAAAAAAAAAAAACrzQ==","spanId":"AAAAAAAAAAI=","parentSpanId":"AAAAAAAAAAE=","name":"call",
       "kind":3,"startTimeUnixNano":2000000,"endTimeUnixNano":5000000})"),
                                      block("back", R"(
      {"traceId":"abcd","spanId":"3","parentSpanId":"0000000000000002","name":"Serve","kind":"SPAN_KIND_SERVER",
       "startTimeUnixNano":"2500000","endTimeUnixNano":"4500000"})")});
  auto r = import_text(text);
  CHECK(r.records == 3);
  CHECK(r.diagnostics.count("dangling-parent") == 0);
  CHECK(r.graph.trace_count == 1);
  auto e = op_edge(r.graph, "front", "GET /", "back", "Serve", model::InteractionKind::Sync);
  REQUIRE(e.has_value());
  CHECK(r.graph.edge(*e).latency.max_us() == doctest::Approx(3000));  // the client span: 2..5 ms
  CHECK(r.graph.operation_count() == 2);                               // the client span collapsed
}

TEST_CASE("otlp-json: kinds as integers, numeric strings and enum names") {
  const std::string text = export_of({block("s", R"(
      {"traceId":"01","spanId":"01","name":"root","kind":"SPAN_KIND_SERVER"},
      {"traceId":"01","spanId":"02","parentSpanId":"01","name":"c1","kind":3,"attributes":[{"key":"server.address","value":{"stringValue":"api.example.com"}}]},
      {"traceId":"01","spanId":"03","parentSpanId":"01","name":"c2","kind":"3","attributes":[{"key":"net.peer.name","value":{"stringValue":"legacy-host"}}]},
      {"traceId":"01","spanId":"04","parentSpanId":"01","name":"c3","kind":"CLIENT","attributes":[{"key":"peer.service","value":{"stringValue":"billing"}}]},
      {"traceId":"01","spanId":"05","parentSpanId":"01","name":"odd","kind":7},
      {"traceId":"01","spanId":"06","parentSpanId":"01","name":"srv","kind":2,"attributes":[{"key":"peer.service","value":{"stringValue":"caller"}}]})")});
  auto r = import_text(text);
  CHECK(kind_of(r.graph, "api.example.com") == model::ServiceKind::External);
  CHECK(kind_of(r.graph, "legacy-host") == model::ServiceKind::External);
  CHECK(kind_of(r.graph, "billing") == model::ServiceKind::External);
  CHECK_FALSE(r.graph.find_service("caller").has_value());
  CHECK(r.diagnostics.count("unknown-span-kind") == 1);
  CHECK(r.diagnostics.count("remote-service-unmatched") == 3);
  CHECK(op_edge(r.graph, "s", "root", "billing", "c3", model::InteractionKind::Sync).has_value());
}

TEST_CASE("otlp-json: Tempo batches with instrumentationLibrarySpans and base64 ids") {
  auto r = import_text(R"({"batches":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"tempo-svc"}}]},
    "instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"x"},"spans":[
      {"traceId":"EjRWeJq83vASNFZ4mrze8A==","spanId":"ESIzRFVmd4g=","name":"root","kind":"SPAN_KIND_SERVER",
       "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000002000000"},
      {"traceId":"EjRWeJq83vASNFZ4mrze8A==","spanId":"mbvM3e7/ABE=","parentSpanId":"ESIzRFVmd4g=","name":"work",
       "kind":"SPAN_KIND_INTERNAL","status":{"code":"STATUS_CODE_ERROR"}}]}]}]})");
  CHECK(r.records == 2);
  CHECK(r.diagnostics.count("dangling-parent") == 0);
  auto e = op_edge(r.graph, "tempo-svc", "root", "tempo-svc", "work", model::InteractionKind::Sync);
  REQUIRE(e.has_value());
  CHECK(r.graph.edge(*e).errors == 1);
  auto root = *r.graph.find_operation(*r.graph.find_service("tempo-svc"), "root");
  CHECK(r.graph.operation(root).duration.max_us() == doctest::Approx(2000));
  CHECK(r.graph.window_start_us == 1700000000000000);
}

TEST_CASE("otlp-json: snake_case fields, the resource after its spans, Tempo's trace wrapper") {
  auto r = import_text(R"({"trace":{"resource_spans":[{"scope_spans":[{"spans":[
      {"trace_id":"aa","span_id":"01","name":"a","kind":2},
      {"trace_id":"aa","span_id":"02","parent_span_id":"01","name":"b","kind":1,
       "start_time_unix_nano":1000,"end_time_unix_nano":4000}]}],
    "resource":{"attributes":[{"value":{"string_value":"late"},"key":"service.name"}]}}]}})");
  CHECK(r.records == 2);
  CHECK(op_edge(r.graph, "late", "a", "late", "b", model::InteractionKind::Sync).has_value());
  CHECK(r.diagnostics.count("span-without-service") == 0);
}

TEST_CASE("otlp-json: Jaeger api/v3 result wrapper") {
  auto r = import_text(R"({"result":{"resourceSpans":[)" + block("svc", R"({"traceId":"t","spanId":"1","name":"x"})") +
                       "]}}");
  CHECK(r.records == 1);
  CHECK(r.graph.find_service("svc").has_value());
}

// Jaeger /api/v3 (query service, GET /api/v3/traces/{id} and /api/v3/traces?query...): the v1
// query service's grpc-gateway wrote protobuf's JSON mapping (ids in base64, enums by name,
// int64 as strings); Jaeger v2 writes OTLP/JSON (hex ids, enums as numbers). Both are one graph.
TEST_CASE("otlp-json: Jaeger api/v3 responses, gateway style and v2 style, give one graph") {
  // Trace 5b8efff798038103d269b633813fc60c; spans eee19b7ec3c1b174 (server) -> eee19b7ec3c1b175 (client).
  const std::string gateway = R"({"result":{"resourceSpans":[{"resource":{"attributes":[
      {"key":"service.name","value":{"stringValue":"frontend"}}]},"scopeSpans":[{"scope":{},"spans":[
      {"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"7uGbfsPBsXQ=","name":"GET /","kind":"SPAN_KIND_SERVER",
       "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","status":{}},
      {"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"7uGbfsPBsXU=","parentSpanId":"7uGbfsPBsXQ=","name":"SELECT",
       "kind":"SPAN_KIND_CLIENT","startTimeUnixNano":"1544712660100000000","endTimeUnixNano":"1544712660200000000",
       "attributes":[{"key":"db.system","value":{"stringValue":"mysql"}}],
       "status":{"code":"STATUS_CODE_ERROR","message":"timeout"}}]}]}]}})";
  const std::string v2 = R"({"result":{"resourceSpans":[{"resource":{"attributes":[
      {"key":"service.name","value":{"stringValue":"frontend"}}]},"scopeSpans":[{"scope":{},"spans":[
      {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"","name":"GET /",
       "kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","status":{}},
      {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","parentSpanId":"eee19b7ec3c1b174",
       "name":"SELECT","kind":3,"startTimeUnixNano":"1544712660100000000","endTimeUnixNano":"1544712660200000000",
       "attributes":[{"key":"db.system","value":{"stringValue":"mysql"}}],
       "status":{"code":2,"message":"timeout"}}]}]}]}})";
  CHECK(importers::detect_format("trace.json", gateway) == importers::Format::OtlpJson);
  CHECK(importers::detect_format("trace.json", v2) == importers::Format::OtlpJson);
  const auto a = import_text(gateway), b = import_text(v2);
  CHECK(a.records == 2);
  CHECK(a.diagnostics.count("unrecognized-id") == 0);
  const auto e = op_edge(a.graph, "frontend", "GET /", "mysql", "SELECT", model::InteractionKind::Database);
  REQUIRE(e.has_value());
  CHECK(a.graph.edge(*e).errors == 1);
  CHECK(a.graph.edge(*e).calls == 1);
  const auto f = op_edge(b.graph, "frontend", "GET /", "mysql", "SELECT", model::InteractionKind::Database);
  REQUIRE(f.has_value());
  CHECK(b.graph.edge(*f).errors == 1);
  CHECK(a.graph.service_count() == b.graph.service_count());
  CHECK(a.graph.edge_count() == b.graph.edge_count());
}

TEST_CASE("otlp-json: a streamed Jaeger api/v3 answer (one result object per line) is read whole") {
  const std::string text = R"({"result":{"resourceSpans":[)" + block("a", R"({"traceId":"t1","spanId":"1","name":"x"})") +
                           "]}}\n" + R"({"result":{"resourceSpans":[)" +
                           block("b", R"({"traceId":"t2","spanId":"2","name":"y"})") + "]}}\n";
  const auto r = import_text(text);
  CHECK(r.records == 2);
  CHECK(r.graph.find_service("a").has_value());
  CHECK(r.graph.find_service("b").has_value());
}

TEST_CASE("otlp-json: a Jaeger api/v3 error answer is an error saying what the server said") {
  const std::string text =
      R"({"error":{"grpcCode":5,"httpCode":404,"message":"trace not found","httpStatus":"Not Found"}})";
  CHECK(importers::detect_format("trace.json", text) == importers::Format::OtlpJson);
  CHECK(error_of(text) == "o.json:1:10: a jaeger /api/v3 error response, not traces: http 404: trace not found");
}

TEST_CASE("otlp-json: db.system names a database or cache peer") {
  const std::string text = export_of({block("shop", R"(
      {"traceId":"t","spanId":"1","name":"GET /cart","kind":2},
      {"traceId":"t","spanId":"2","parentSpanId":"1","name":"SELECT orders","kind":3,"attributes":[
        {"key":"db.system","value":{"stringValue":"postgresql"}},{"key":"db.name","value":{"stringValue":"orders"}}]},
      {"traceId":"t","spanId":"3","parentSpanId":"1","name":"HGET","attributes":[
        {"key":"db.system","value":{"stringValue":"redis"}}]},
      {"traceId":"t","spanId":"4","parentSpanId":"1","name":"find","kind":3,"attributes":[
        {"key":"db.system","value":{"stringValue":"mongodb"}},{"key":"peer.service","value":{"stringValue":"user-db"}},
        {"key":"db.name","value":{"stringValue":"users"}}]})")});
  auto r = import_text(text);
  CHECK(kind_of(r.graph, "orders") == model::ServiceKind::Database);
  CHECK(kind_of(r.graph, "redis") == model::ServiceKind::Cache);  // no kind given: still a client call
  CHECK(kind_of(r.graph, "user-db") == model::ServiceKind::Database);
  CHECK_FALSE(r.graph.find_service("users").has_value());
  auto e = op_edge(r.graph, "shop", "GET /cart", "orders", "SELECT orders", model::InteractionKind::Database);
  REQUIRE(e.has_value());
  CHECK(r.graph.edge(*e).protocol == model::Protocol::Db);
  CHECK(r.diagnostics.count("remote-service-unmatched") == 0);  // typed peers are expected, not odd
}

TEST_CASE("otlp-json: messaging.system makes producer -> broker -> consumer on the destination") {
  const std::string text = export_of(
      {block("orders", R"(
      {"traceId":"t","spanId":"1","name":"POST /order","kind":2},
      {"traceId":"t","spanId":"2","parentSpanId":"1","name":"orders publish","kind":4,"attributes":[
        {"key":"messaging.system","value":{"stringValue":"kafka"}},
        {"key":"messaging.destination.name","value":{"stringValue":"orders"}},
        {"key":"messaging.message.body.size","value":{"intValue":"512"}}]})"),
       block("billing", R"(
      {"traceId":"t","spanId":"3","parentSpanId":"2","name":"orders process","kind":5,"attributes":[
        {"key":"messaging.system","value":{"stringValue":"kafka"}},
        {"key":"messaging.destination","value":{"stringValue":"orders"}}]})")});
  auto r = import_text(text);
  CHECK(kind_of(r.graph, "kafka") == model::ServiceKind::Broker);
  auto in = op_edge(r.graph, "orders", "POST /order", "kafka", "orders", model::InteractionKind::Async);
  REQUIRE(in.has_value());
  CHECK(r.graph.edge(*in).request_bytes.mean() == doctest::Approx(512));
  CHECK(op_edge(r.graph, "kafka", "orders", "billing", "orders process", model::InteractionKind::Async).has_value());
  auto sg = test::service_graph(r.graph);
  CHECK_FALSE(test::has_service_edge(sg, "orders", "billing"));
}

TEST_CASE("otlp-json: a client's peer.service answered by a differently named server is no phantom node") {
  const std::string text = export_of({block("web", R"(
      {"traceId":"t","spanId":"1","name":"GET /","kind":2},
      {"traceId":"t","spanId":"2","parentSpanId":"1","name":"GET /api","kind":3,"attributes":[
        {"key":"peer.service","value":{"stringValue":"api-gateway"}},{"key":"http.request.method","value":{"stringValue":"GET"}}]})"),
                                      block("api", R"(
      {"traceId":"t","spanId":"3","parentSpanId":"2","name":"handle","kind":2})")});
  auto r = import_text(text);
  CHECK_FALSE(r.graph.find_service("api-gateway").has_value());
  auto e = op_edge(r.graph, "web", "GET /", "api", "handle", model::InteractionKind::Sync);
  REQUIRE(e.has_value());
  CHECK(r.graph.edge(*e).protocol == model::Protocol::Http);
  CHECK(r.diagnostics.count("remote-name-mismatch") == 1);
}

TEST_CASE("otlp-json: JSON lines hold one export per line") {
  const std::string text = export_of({block("a", R"({"traceId":"t","spanId":"1","name":"x","kind":2})")}) + "\n" +
                           export_of({block("b", R"({"traceId":"t","spanId":"2","parentSpanId":"1","name":"y","kind":2})")}) +
                           "\n";
  auto r = import_text(text);
  CHECK(r.records == 2);
  CHECK(op_edge(r.graph, "a", "x", "b", "y", model::InteractionKind::Sync).has_value());
  CHECK(r.diagnostics.count("dangling-parent") == 0);
}

TEST_CASE("otlp-json: malformed input raises ImportError with file and position") {
  CHECK(error_of("") == "o.json:1:1: empty input");
  CHECK(error_of("{\"resourceSpans\":[\n{\"scopeSpans\":[") ==
        "o.json:2:16: unexpected end of input: an object or array is not closed");
  CHECK(error_of("{\"resourceSpans\":[]}\n{\"resourceSpans\":[") ==
        "o.json:2:19: unexpected end of input: an object or array is not closed");
  CHECK(error_of("{\"resourceSpans\":[] \"x\":1}").starts_with("o.json:1:21: malformed json"));
  CHECK(error_of("{\"resourceSpans\":[]} ]") == "o.json:1:22: unexpected content after the json document");
  CHECK(error_of("{\"foo\":1}") == "o.json:1:1: not an otlp/json trace export: no resourceSpans, resource_spans or batches");
  CHECK(error_of("[]") == "o.json:1:1: expected an otlp/json object with resourceSpans");
}

TEST_CASE("otlp-json: wrong types raise ImportError at the value") {
  auto in_span = [](std::string_view fields) {
    return R"({"resourceSpans":[{"scopeSpans":[{"spans":[{)" + std::string(fields) + "}]}]}]}";
  };
  CHECK(error_of(R"({"resourceSpans":{}})") == "o.json:1:18: expected an array for \"resourceSpans\"");
  CHECK(error_of(in_span(R"("traceId":5)")) == "o.json:1:55: expected a string for \"traceId\"");
  CHECK(error_of(in_span(R"("kind":true)")) == "o.json:1:52: expected an integer for \"kind\"");
  CHECK(error_of(in_span(R"("startTimeUnixNano":"soon")")) ==
        "o.json:1:65: expected an integer for \"startTimeUnixNano\", got 'soon'");
  CHECK(error_of(in_span(R"("attributes":{"k":"v"})")) == "o.json:1:58: expected an array for \"attributes\"");
  CHECK(error_of(in_span(R"("attributes":[{"key":"a","value":"v"}])")) ==
        "o.json:1:78: expected an object for an attribute \"value\" (an AnyValue)");
  CHECK(error_of(in_span(R"("status":{"code":[2]})")) == "o.json:1:62: expected an integer for \"status.code\"");
  // Odd but readable: an unknown id encoding is kept and reported.
  auto r = import_text(in_span(R"("traceId":"not an id!","spanId":"01","name":"x")"));
  CHECK(r.records == 1);
  CHECK(r.diagnostics.count("unrecognized-id") == 1);
}
