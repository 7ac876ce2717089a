// Hostile JSON trace files: a million levels of nesting, byte-order marks, invalid UTF-8, NUL
// bytes, CRLF, numbers that overflow, cyclic and self parents, span ids repeated across files.
#include <doctest/doctest.h>

#include <string>

#include "hardening/hostile_support.hpp"
#include "importers/formats.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using namespace nanoscope::test::hostile;

namespace {

using ImportFn = std::uint64_t (*)(const importers::InputFile&, importers::GraphBuilder&);

struct Outcome {
  std::string error;  ///< ImportError::what(), "" on success
  model::CallGraph graph;
  model::Diagnostics diagnostics;
};

Outcome run(ImportFn fn, const std::string& name, const std::string& text) {
  Outcome o;
  importers::GraphBuilder b;
  b.set_source(name);
  const auto file = importers::InputFile::from_string(name, text);
  o.error = import_error([&] { fn(file, b); });
  if (o.error.empty()) {
    o.graph = b.finish();
    o.diagnostics = b.diagnostics();
  }
  return o;
}

std::string nested(char open, char close, std::size_t depth) { return std::string(depth, open) + std::string(depth, close); }

constexpr std::size_t kMillion = 1000000;

std::string zipkin_span(const std::string& id, const std::string& parent, const std::string& service,
                         const std::string& extra = "") {
  std::string s = R"({"traceId":"t1","id":")" + id + R"(","name":"op","timestamp":1000,"duration":10,)";
  if (!parent.empty()) s += R"("parentId":")" + parent + R"(",)";
  return s + extra + R"("localEndpoint":{"serviceName":")" + service + R"("}})";
}

std::string zipkin_pair(const std::string& a = "a", const std::string& b = "b") {
  return "[" + zipkin_span("1", "", a) + "," + zipkin_span("2", "1", b) + "]";
}

}  // namespace

TEST_CASE("hostile json: a million levels of nesting are a one-line error, never a stack overflow") {
  const std::string deep = nested('[', ']', kMillion);
  auto j = run(importers::import_jaeger_json, "deep.json", R"({"data":)" + deep + "}");
  CHECK(j.error == "deep.json:1:10: expected a trace or span object");
  auto t = run(importers::import_jaeger_json, "tags.json",
               R"({"data":[{"traceID":"t","spans":[{"traceID":"t","spanID":"a","operationName":"op","processID":"p",)"
               R"("startTime":1,"duration":2,"tags":)" + deep + R"(}],"processes":{"p":{"serviceName":"s"}}}]})");
  CHECK(t.error.starts_with("tags.json:1:"));
  CHECK(t.error.find("a tag must be an object") != std::string::npos);
  auto o = run(importers::import_otlp_json, "otlp.json", R"({"resourceSpans":)" + deep + "}");
  CHECK(o.error == "otlp.json:1:19: expected an object for a resourceSpans element");
  auto d = run(importers::import_jaeger_dependencies, "deps.json", R"([{"parent":"a","child":"b","callCount":)" + deep + "}]");
  CHECK(d.error.starts_with("deps.json:1:"));
  auto g = run(importers::import_nanoscope_graph, "graph.json", R"({"services":)" + deep + "}");
  CHECK(!g.error.empty());
  CHECK(g.error.starts_with("graph.json"));
  CHECK(one_line(g.error));
}

TEST_CASE("hostile json: deep nesting in a field the importer does not read is skipped in linear time") {
  // The On-Demand parser skips an unread value by counting brackets, without recursion.
  std::string deep_object;
  for (std::size_t i = 0; i < kMillion; ++i) deep_object += R"({"a":)";
  deep_object += "1" + std::string(kMillion, '}');
  auto z = run(importers::import_zipkin_json, "z.json",
               "[" + zipkin_span("1", "", "front", R"("debugBlob":)" + deep_object + ",") + "]");
  CHECK(z.error == "");
  CHECK(z.graph.service_count() == 1);
}

TEST_CASE("hostile json: a UTF-8 byte-order mark is ignored by every JSON importer") {
  const std::string bom = "\xEF\xBB\xBF";
  auto z = run(importers::import_zipkin_json, "bom.json", bom + zipkin_pair());
  CHECK(z.error == "");
  CHECK(test::has_service_edge(test::service_graph(z.graph), "a", "b"));
  auto d = run(importers::import_jaeger_dependencies, "deps.json", bom + R"([{"parent":"a","child":"b","callCount":3}])");
  CHECK(d.error == "");
  auto j = run(importers::import_jaeger_json, "j.json", bom + test::read_text(test::corpus_path("jaeger-ui-petclinic-trace.json")));
  CHECK(j.error == "");
  auto o = run(importers::import_otlp_json, "o.json", bom + test::read_text(test::corpus_path("otlp-proto-example-trace.json")));
  CHECK(o.error == "");
}

TEST_CASE("hostile json: invalid UTF-8 and NUL bytes are errors at their position") {
  std::string bad = zipkin_pair("a", "XX");
  bad.replace(bad.find("XX"), 2, "\xFF\xFE");
  auto u = run(importers::import_zipkin_json, "u.json", bad);
  CHECK(u.error.starts_with("u.json:1:"));
  CHECK(u.error.find("invalid utf-8") != std::string::npos);
  std::string nul = zipkin_pair("a", "b");
  nul.replace(nul.find(R"("b")"), 3, std::string("\"b\0\"", 4));
  auto n = run(importers::import_zipkin_json, "n.json", nul);
  CHECK(n.error.starts_with("n.json:1:"));
  CHECK(one_line(n.error));
  auto trailing = run(importers::import_zipkin_json, "t.json", zipkin_pair() + std::string(2, '\0'));
  CHECK(trailing.error.find("unexpected content after the json document") != std::string::npos);
}

TEST_CASE("hostile json: CRLF line endings read like LF, and positions count CRLF lines") {
  std::string crlf = zipkin_pair();
  for (std::size_t at = crlf.find(','); at != std::string::npos; at = crlf.find(',', at + 3)) crlf.insert(at + 1, "\r\n");
  auto z = run(importers::import_zipkin_json, "crlf.json", crlf);
  CHECK(z.error == "");
  CHECK(test::has_service_edge(test::service_graph(z.graph), "a", "b"));
  auto bad = run(importers::import_zipkin_json, "crlf.json", "[\r\n{\r\n\"id\": }\r\n]");
  CHECK(bad.error.starts_with("crlf.json:3:"));
}

TEST_CASE("hostile json: durations of 2^63 and beyond are errors; negative times are bounded") {
  auto big = run(importers::import_zipkin_json, "big.json",
                 R"([{"traceId":"t","id":"a","name":"x","timestamp":1,"duration":9223372036854775808,"localEndpoint":{"serviceName":"s"}}])");
  CHECK(big.error == "big.json:1:62: expected an integer for \"duration\", got '9223372036854775808'");
  auto huge = run(importers::import_zipkin_json, "huge.json",
                  R"([{"traceId":"t","id":"a","name":"x","timestamp":1,"duration":1e400,"localEndpoint":{"serviceName":"s"}}])");
  CHECK(huge.error.starts_with("huge.json:1:"));
  auto neg = run(importers::import_zipkin_json, "neg.json",
                 R"([{"traceId":"t","id":"a","name":"x","timestamp":-1000,"duration":-5,"localEndpoint":{"serviceName":"s"}}])");
  CHECK(neg.error == "");
  CHECK(neg.diagnostics.count("negative-duration") == 1);
  auto jbig = run(importers::import_jaeger_json, "j.json",
                  R"({"traceID":"t","spans":[{"traceID":"t","spanID":"a","operationName":"op","processID":"p",)"
                  R"("startTime":1,"duration":18446744073709551616}],"processes":{"p":{"serviceName":"s"}}})");
  CHECK(jbig.error.starts_with("j.json:1:"));
  CHECK(one_line(jbig.error));
}

TEST_CASE("hostile json: cyclic parents and a span that is its own parent are cut and reported") {
  auto cycle = run(importers::import_zipkin_json, "c.json", "[" + zipkin_span("1", "2", "a") + "," + zipkin_span("2", "1", "b") + "]");
  CHECK(cycle.error == "");
  CHECK(cycle.diagnostics.count("parent-cycle") == 1);
  auto self = run(importers::import_zipkin_json, "s.json", "[" + zipkin_span("1", "1", "a") + "," + zipkin_span("2", "1", "b") + "]");
  CHECK(self.error == "");
  CHECK(self.diagnostics.count("self-parent") == 1);
  CHECK(test::has_service_edge(test::service_graph(self.graph), "a", "b"));
  // A longer cycle: 1 -> 2 -> 3 -> 1.
  auto ring = run(importers::import_zipkin_json, "r.json",
                  "[" + zipkin_span("1", "3", "a") + "," + zipkin_span("2", "1", "b") + "," + zipkin_span("3", "2", "c") + "]");
  CHECK(ring.error == "");
  CHECK(ring.diagnostics.count("parent-cycle") >= 1);
}

TEST_CASE("hostile json: span ids repeated across two files are reported, not silently merged") {
  auto dir = scratch("dup-ids");
  write_file(dir / "one.json", zipkin_pair("a", "b"));
  write_file(dir / "two.json", zipkin_pair("c", "d"));
  importers::ImportResult r;
  CHECK(try_import({(dir / "one.json").string(), (dir / "two.json").string()}, &r) == "");
  CHECK(r.diagnostics.count("duplicate-span-id") == 2);
  CHECK(r.spans == 4);
}
