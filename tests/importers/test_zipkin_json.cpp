// Zipkin v2 JSON importer: the corpus files (facts from MANIFEST.md), the shared-span model,
// remote endpoints as peers, tags, and malformed input.
#include <doctest/doctest.h>

#include <string>

#include "importers/formats.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

using test::Imported;

Imported import_file(const importers::InputFile& file) { return test::import_with(importers::import_zipkin_json, file); }

Imported import_corpus(std::string_view name) { return import_file(importers::InputFile::read(test::corpus_path(name))); }
Imported import_text(std::string_view text) { return import_file(importers::InputFile::from_string("z.json", text)); }

/// Services of kind Service (the local, instrumented ones plus peers that match them).
std::size_t local_services(const model::CallGraph& g) {
  std::size_t n = 0;
  for (const auto& s : g.services()) n += s.kind == model::ServiceKind::Service;
  return n;
}

model::ServiceKind kind_of(const model::CallGraph& g, std::string_view name) {
  auto id = g.find_service(name);
  REQUIRE(id.has_value());
  return g.service(*id).kind;
}

bool has_kind_edge(const model::ServiceGraph& sg, const std::string& from, const std::string& to, model::InteractionKind kind) {
  const int f = sg.find(from), t = sg.find(to);
  for (const auto& e : sg.edges)
    if (static_cast<int>(e.from) == f && static_cast<int>(e.to) == t && e.kind == kind) return true;
  return false;
}

std::string error_of(std::string_view text) {
  try {
    import_text(text);
  } catch (const importers::ImportError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("zipkin-json: every corpus file imports with the manifest's span and service counts") {
  struct Fact {
    const char* file;
    std::uint64_t spans;
    std::size_t local;
  };
  const Fact facts[] = {
      {"zipkin-yelp.json", 16, 6},          {"zipkin-smartthings-oauth-authorization.json", 175, 8},
      {"zipkin-messaging-kafka.json", 28, 2}, {"zipkin-skew.json", 4, 2},
      {"zipkin-ascend.json", 8, 3},         {"zipkin-benchmark-client.json", 1, 1},
      {"zipkin-messaging.json", 4, 2},
  };
  for (const auto& f : facts) {
    CAPTURE(f.file);
    auto r = import_corpus(f.file);
    CHECK(r.records == f.spans);
    CHECK(local_services(r.graph) == f.local);
    CHECK(r.graph.trace_count == 1);
  }
}

TEST_CASE("zipkin-json: smartthings oauth trace keeps 8 services; the bouncer span's 5 fragments are one call") {
  auto r = import_corpus("zipkin-smartthings-oauth-authorization.json");
  CHECK(r.graph.service_count() == 8);  // its 3 remote names (auth, bouncer, pusher) are all local
  auto sg = test::service_graph(r.graph);
  // One CLIENT half and five SERVER records of pusher under the same id: fragments of one span.
  CHECK(test::service_calls(sg, "bouncer", "pusher") == 1);
  CHECK(r.diagnostics.count("span-fragments-merged") == 4);
  CHECK(test::service_calls(sg, "datamgmt", "auth") == 20);
  CHECK(test::has_service_edge(sg, "stlogin", "auth"));
  CHECK_FALSE(test::has_service_edge(sg, "pusher", "bouncer"));  // a SERVER's remote endpoint is its caller
}

TEST_CASE("zipkin-json: kafka messaging goes through a broker node with async edges in and out") {
  auto r = import_corpus("zipkin-messaging-kafka.json");
  CHECK(kind_of(r.graph, "kafka") == model::ServiceKind::Broker);
  auto sg = test::service_graph(r.graph);
  CHECK(has_kind_edge(sg, "servicea", "kafka", model::InteractionKind::Async));
  CHECK(has_kind_edge(sg, "kafka", "servicea", model::InteractionKind::Async));
  CHECK(has_kind_edge(sg, "kafka", "serviceb", model::InteractionKind::Async));
  CHECK(test::service_calls(sg, "servicea", "kafka") == 9);  // nine PRODUCER spans
  CHECK(test::service_calls(sg, "kafka", "serviceb") == 3);
  CHECK_FALSE(test::has_service_edge(sg, "servicea", "serviceb"));  // only via the broker
  // The topic (kafka.topic) is the broker's operation, so producer and consumer meet there.
  auto kafka = *r.graph.find_service("kafka");
  CHECK(r.graph.find_operation(kafka, "messages").has_value());
  CHECK(r.graph.find_operation(kafka, "command-messages").has_value());
}

TEST_CASE("zipkin-json: rabbitmq messaging without a topic meets at the broker's * operation") {
  auto r = import_corpus("zipkin-messaging.json");
  CHECK(kind_of(r.graph, "rabbitmq") == model::ServiceKind::Broker);
  auto sg = test::service_graph(r.graph);
  CHECK(has_kind_edge(sg, "frontend", "rabbitmq", model::InteractionKind::Async));
  CHECK(has_kind_edge(sg, "rabbitmq", "backend", model::InteractionKind::Async));
  CHECK(r.graph.find_operation(*r.graph.find_service("rabbitmq"), "*").has_value());
}

TEST_CASE("zipkin-json: skew trace's shared span gives exactly one edge between its 2 services") {
  auto r = import_corpus("zipkin-skew.json");
  auto sg = test::service_graph(r.graph);
  REQUIRE(sg.edges.size() == 1);
  CHECK(test::service_calls(sg, "servicea", "serviceb") == 1);
  // The async child of the shared id hangs under serviceb's SERVER half.
  auto b = *r.graph.find_service("serviceb");
  auto post = *r.graph.find_operation(b, "post");
  auto async = *r.graph.find_operation(b, "async");
  CHECK(r.graph.find_edge(post, async, model::InteractionKind::Sync).has_value());
  CHECK(r.diagnostics.count("duplicate-span-id") == 0);
}

TEST_CASE("zipkin-json: a single span object (benchmark client) gives frontend -> backend") {
  auto r = import_corpus("zipkin-benchmark-client.json");
  CHECK(r.records == 1);
  auto sg = test::service_graph(r.graph);
  CHECK(test::service_calls(sg, "frontend", "backend") == 1);
  CHECK(kind_of(r.graph, "backend") == model::ServiceKind::External);
  CHECK(r.diagnostics.count("dangling-parent") == 1);  // its parent is not in the file
  REQUIRE(r.graph.edge_count() == 1);
  CHECK(r.graph.edge(0).protocol == model::Protocol::Http);  // http.path tag
}

TEST_CASE("zipkin-json: yelp remote names become typed peers and the naming mismatch is reported") {
  auto r = import_corpus("zipkin-yelp.json");
  CHECK(kind_of(r.graph, "memcache") == model::ServiceKind::Cache);
  CHECK(kind_of(r.graph, "mysql") == model::ServiceKind::Database);
  CHECK(kind_of(r.graph, "blt") == model::ServiceKind::External);
  CHECK(kind_of(r.graph, "spectre") == model::ServiceKind::Service);
  CHECK(kind_of(r.graph, "unknown") == model::ServiceKind::Service);  // a local service really called so
  CHECK_FALSE(r.graph.find_service("yelp-main.mobile_api").has_value());  // its SERVER half answers
  CHECK(r.graph.service_count() == 9);
  auto sg = test::service_graph(r.graph);
  CHECK(test::service_calls(sg, "mobile_api", "spectre") == 1);
  CHECK(test::service_calls(sg, "unknown", "yelp_main/api_proxy") == 1);
  CHECK(test::service_calls(sg, "yelp-main", "mysql") == 2);
  CHECK(test::service_calls(sg, "mobile_api", "memcache") == 2);
  CHECK(r.diagnostics.count("remote-service-unmatched") == 3);  // blt, memcache, mysql
  CHECK(r.diagnostics.count("remote-name-mismatch") == 1);
  bool named = false;
  for (const auto& d : r.diagnostics.sorted())
    if (d.code == "remote-name-mismatch")
      named = d.message.find("'yelp-main.mobile_api' answered by 'yelp_main/api_proxy'") != std::string::npos;
  CHECK(named);
}

TEST_CASE("zipkin-json: shared span ids split into a CLIENT half and a SERVER half") {
  auto r = import_text(R"([
    {"traceId":"t1","id":"1","name":"get /","kind":"SERVER","localEndpoint":{"serviceName":"web"},"timestamp":100,"duration":100},
    {"traceId":"t1","id":"2","parentId":"1","name":"call api","kind":"CLIENT","localEndpoint":{"serviceName":"web"},
     "remoteEndpoint":{"serviceName":"api"},"timestamp":110,"duration":60},
    {"traceId":"t1","id":"2","parentId":"1","name":"handle","kind":"SERVER","shared":true,"localEndpoint":{"serviceName":"api"},"timestamp":120,"duration":40},
    {"traceId":"t1","id":"3","parentId":"2","name":"query","localEndpoint":{"serviceName":"api"},"timestamp":125,"duration":10},
    {"traceId":"t1","id":"4","parentId":"2","name":"retry-timer","localEndpoint":{"serviceName":"web"},"timestamp":111,"duration":5}
  ])");
  const auto& g = r.graph;
  CHECK(r.diagnostics.count("duplicate-span-id") == 0);
  CHECK(r.diagnostics.count("dangling-parent") == 0);
  auto web = *g.find_service("web"), api = *g.find_service("api");
  auto get = *g.find_operation(web, "get /"), handle = *g.find_operation(api, "handle");
  auto query = *g.find_operation(api, "query");
  // web's CLIENT half collapses into the edge; its latency is the caller's view (60 us).
  auto e = g.find_edge(get, handle, model::InteractionKind::Sync);
  REQUIRE(e.has_value());
  CHECK(g.edge(*e).latency.max_us() == doctest::Approx(60));
  CHECK(g.find_edge(handle, query, model::InteractionKind::Sync).has_value());  // child of the shared id -> SERVER
  CHECK_FALSE(g.find_operation(web, "call api").has_value());
  CHECK_FALSE(g.find_operation(api, "call api").has_value());
  // A child of the shared id that runs only in the client's service belongs to the CLIENT half.
  auto timer = g.find_operation(web, "retry-timer");
  REQUIRE(timer.has_value());
  CHECK(g.in_edges(*timer).size() == 1);
  CHECK(g.operation(g.edge(g.in_edges(*timer)[0]).from).name == "get /");
  auto sg = test::service_graph(g);
  CHECK(sg.edges.size() == 1);
  CHECK(kind_of(g, "api") == model::ServiceKind::Service);
}

TEST_CASE("zipkin-json: remote endpoints by span kind") {
  auto r = import_text(R"([
    {"traceId":"a","id":"1","name":"in","kind":"SERVER","localEndpoint":{"serviceName":"svc"},"remoteEndpoint":{"serviceName":"the-caller"}},
    {"traceId":"a","id":"2","parentId":"1","name":"get","kind":"CLIENT","localEndpoint":{"serviceName":"svc"},"remoteEndpoint":{"serviceName":"Redis-Main"}},
    {"traceId":"a","id":"3","parentId":"1","name":"q","kind":"CLIENT","localEndpoint":{"serviceName":"svc"},"remoteEndpoint":{"serviceName":"orders-db"}},
    {"traceId":"a","id":"4","parentId":"1","name":"post","kind":"CLIENT","localEndpoint":{"serviceName":"svc"},"remoteEndpoint":{"serviceName":"other"}},
    {"traceId":"a","id":"5","parentId":"1","name":"local","localEndpoint":{"serviceName":"svc"},"remoteEndpoint":{"serviceName":"ignored-peer"}},
    {"traceId":"b","id":"9","name":"serve","kind":"SERVER","localEndpoint":{"serviceName":"other"}}
  ])");
  const auto& g = r.graph;
  CHECK_FALSE(g.find_service("the-caller").has_value());   // a SERVER's remote endpoint is its caller
  CHECK_FALSE(g.find_service("ignored-peer").has_value()); // kind-less spans name no peer
  CHECK(kind_of(g, "Redis-Main") == model::ServiceKind::Cache);
  CHECK(kind_of(g, "orders-db") == model::ServiceKind::Database);
  CHECK(kind_of(g, "other") == model::ServiceKind::Service);  // a local service elsewhere in the file
  auto sg = test::service_graph(g);
  CHECK(has_kind_edge(sg, "svc", "orders-db", model::InteractionKind::Database));
  CHECK(has_kind_edge(sg, "svc", "other", model::InteractionKind::Sync));
  CHECK(r.diagnostics.count("remote-service-unmatched") == 2);
}

TEST_CASE("zipkin-json: error and http tags, missing names and ids, unknown kinds") {
  auto r = import_text(R"([
    {"traceId":"a","id":"1","name":"in","kind":"SERVER","localEndpoint":{"serviceName":"svc"},"tags":{"error":""}},
    {"traceId":"a","id":"2","parentId":"1","kind":"client","localEndpoint":{"serviceName":"svc"},
     "remoteEndpoint":{"serviceName":"ext"},"tags":{"http.method":"GET","error":"500"}},
    {"traceId":"a","id":"3","parentId":"1","name":"x","kind":"SIDEWAYS","localEndpoint":{"serviceName":"svc"}},
    {"traceId":"a","name":"no id","localEndpoint":{"serviceName":"svc"}}
  ])");
  const auto& g = r.graph;
  CHECK(r.records == 4);
  CHECK(r.diagnostics.count("span-without-id") == 1);
  CHECK(r.diagnostics.count("unknown-span-kind") == 1);
  auto in = *g.find_operation(*g.find_service("svc"), "in");
  CHECK(g.operation(in).errors == 1);  // "error" with an empty value still marks an error
  auto ext = *g.find_service("ext");
  auto target = g.find_operation(ext, "*");  // the nameless CLIENT span's operation is "*"
  REQUIRE(target.has_value());
  auto e = g.find_edge(in, *target, model::InteractionKind::Sync);
  REQUIRE(e.has_value());
  CHECK(g.edge(*e).errors == 1);
  CHECK(g.edge(*e).protocol == model::Protocol::Http);
}

TEST_CASE("zipkin-json: an array of traces (as /api/v2/traces answers) reads every span") {
  auto r = import_text(R"([
    [{"traceId":"a","id":"1","name":"in","kind":"SERVER","localEndpoint":{"serviceName":"web"}},
     {"traceId":"a","id":"2","parentId":"1","name":"get","kind":"SERVER","localEndpoint":{"serviceName":"api"}}],
    [{"traceId":"b","id":"1","name":"in","kind":"SERVER","localEndpoint":{"serviceName":"web"}}]
  ])");
  CHECK(r.records == 3);
  CHECK(r.graph.trace_count == 2);
  CHECK(test::service_calls(test::service_graph(r.graph), "web", "api") == 1);
}

TEST_CASE("zipkin-json: malformed input raises ImportError with file and position") {
  CHECK(error_of("") == "z.json:1:1: empty input");
  CHECK(error_of("[{\"traceId\":\"a\",\"id\":\"b\"},\n{\"traceId\":\"a\"") ==
        "z.json:2:15: unexpected end of input: an object or array is not closed");
  CHECK(error_of("[{\"traceId\":\"a\" \"id\":\"b\"}]").starts_with("z.json:1:17: malformed json"));
  CHECK(error_of("[{\"traceId\":\"a\",\"name\":\"open}]") == "z.json:1:31: unterminated string");  // end of input
  CHECK(error_of("[{\"traceId\":\"a\",\"name\":\"x\xff\"}]") == "z.json:1:26: invalid utf-8");
  CHECK(error_of("[{\"traceId\":\"a\",\"id\":\"b\"}] [1]") == "z.json:1:28: unexpected content after the json document");
  CHECK(error_of("[{\"traceId\":\"a\",\"id\":\"b\"}]]") == "z.json:1:27: unexpected content after the json document");
  CHECK(error_of("[{\"traceId\":\"a\",\"id\":\"b\"]]").starts_with("z.json:1:25: malformed json"));
}

TEST_CASE("zipkin-json: wrong types raise ImportError at the value") {
  CHECK(error_of("[{\"traceId\":1,\"id\":\"b\"}]") == "z.json:1:13: expected a string for \"traceId\"");
  CHECK(error_of("[\n  {\"traceId\":\"a\",\"id\":\"b\",\"timestamp\":\"12\"}]") ==
        "z.json:2:39: expected an integer for \"timestamp\"");
  CHECK(error_of("[1]") == "z.json:1:2: expected an object for a zipkin span (array element)");
  CHECK(error_of("\"spans\"") == "z.json:1:1: expected a json array of zipkin spans or one span object");
  CHECK(error_of("{\"traceId\":\"a\",\"id\":\"b\",\"localEndpoint\":\"svc\"}") ==
        "z.json:1:41: expected an object for \"localEndpoint\"");
  CHECK(error_of("[{\"traceId\":\"a\",\"id\":\"b\",\"tags\":[\"error\"]}]") == "z.json:1:33: expected an object for \"tags\"");
  CHECK(error_of("[{\"traceId\":\"a\",\"id\":\"b\",\"duration\":99999999999999999999999}]")
            .starts_with("z.json:1:37: expected an integer for \"duration\""));
  CHECK(error_of("[[1]]") == "z.json:1:3: expected an object for a zipkin span (trace array element)");
  CHECK(error_of("[{\"traceId\":\"a\",\"id\":\"b\",\"binaryAnnotations\":[]}]")
            .starts_with("z.json:1:46: zipkin v1 span (binaryAnnotations)"));
  // Empty input shapes that are valid JSON are not errors.
  CHECK(import_text("[]").records == 0);
  CHECK(import_text("[{\"traceId\":\"a\",\"id\":\"b\",\"parentId\":null,\"name\":null,\"duration\":1.5e3}]").records == 1);
}

TEST_CASE("zipkin-json: calls overlapping a sibling call count as parallel, back-to-back ones do not") {
  // web calls a and b at the same time, then c after both, then d starting 1 us before c ends
  // (skew-sized overlap); the server spans of a and b come from other hosts.
  auto r = import_text(R"([
    {"traceId":"t","id":"1","name":"get","kind":"SERVER","localEndpoint":{"serviceName":"web"},"timestamp":1000,"duration":1000},
    {"traceId":"t","id":"2","parentId":"1","name":"call a","kind":"CLIENT","localEndpoint":{"serviceName":"web"},"remoteEndpoint":{"serviceName":"a"},"timestamp":1010,"duration":300},
    {"traceId":"t","id":"2","parentId":"1","name":"serve a","kind":"SERVER","shared":true,"localEndpoint":{"serviceName":"a"},"timestamp":1020,"duration":280},
    {"traceId":"t","id":"3","parentId":"1","name":"call b","kind":"CLIENT","localEndpoint":{"serviceName":"web"},"remoteEndpoint":{"serviceName":"b"},"timestamp":1012,"duration":200},
    {"traceId":"t","id":"3","parentId":"1","name":"serve b","kind":"SERVER","shared":true,"localEndpoint":{"serviceName":"b"},"timestamp":1020,"duration":180},
    {"traceId":"t","id":"4","parentId":"1","name":"call c","kind":"CLIENT","localEndpoint":{"serviceName":"web"},"remoteEndpoint":{"serviceName":"c"},"timestamp":1320,"duration":300},
    {"traceId":"t","id":"5","parentId":"1","name":"call d","kind":"CLIENT","localEndpoint":{"serviceName":"web"},"remoteEndpoint":{"serviceName":"d"},"timestamp":1619,"duration":300}
  ])");
  const auto& g = r.graph;
  const auto get = *g.find_operation(*g.find_service("web"), "get");
  auto edge_to = [&](std::string_view service) -> const model::Edge& {
    for (const auto id : g.out_edges(get))
      if (g.service(g.operation(g.edge(id).to).service).name == service) return g.edge(id);
    FAIL("no edge to " << service);
    return g.edge(0);
  };
  CHECK(edge_to("a").parallel_calls == 1);
  CHECK(edge_to("b").parallel_calls == 1);
  CHECK(edge_to("c").parallel_calls == 0);  // starts after a and b have ended
  CHECK(edge_to("d").parallel_calls == 0);  // 1 us of overlap is skew, not parallelism
  CHECK(edge_to("a").calls == 1);
  CHECK(g.operation(get).arrivals_us == std::vector<std::int64_t>{1000});  // the root's start, for replay
  CHECK(g.arrivals_kept() == 1);
}
