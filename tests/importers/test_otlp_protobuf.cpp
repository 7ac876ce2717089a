// OTLP protobuf importer: the corpus example gives the graph of its JSON form; generated traces
// give one graph as OTLP/JSON, one TracesData message, a length-prefixed stream (plain,
// zstd-compressed per message as the Collector's file exporter writes it, and zstd-compressed
// whole); detection by content; truncated and bad messages are one-line errors with the byte
// offset; kinds and times out of range are reported like the JSON path's.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>

#include "bench/otlp_synthetic.hpp"
#include "compression_support.hpp"
#include "importers/formats.hpp"
#include "importers/graph_writers.hpp"
#include "importers/import_set.hpp"
#include "importers/otlp_wire.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
namespace fs = std::filesystem;
namespace wire = importers::otlp_wire;

namespace {

using test::Imported;

Imported import_protobuf(const importers::InputFile& file) {
  return test::import_with([](const importers::InputFile& f, importers::GraphBuilder& b) {
    return importers::import_otlp_protobuf(f, b);
  }, file);
}
Imported import_protobuf(std::string_view bytes) {
  return import_protobuf(importers::InputFile::from_string("t.binpb", bytes));
}
Imported import_json(std::string_view text) {
  return test::import_with(importers::import_otlp_json, importers::InputFile::from_string("t.json", text));
}

std::string graph_json(const model::CallGraph& graph) {
  std::ostringstream out;
  importers::write_graph_json(out, graph, nullptr);
  return out.str();
}

std::string error_of(std::string_view bytes) {
  try {
    import_protobuf(bytes);
  } catch (const importers::ImportError& e) {
    return e.what();
  }
  return "no error";
}

/// Generated exports: `spans` spans over 12 services, 5 traces per export.
std::vector<bench::SynthExport> generated(std::uint64_t spans, std::uint64_t seed = 7) {
  return bench::OtlpSynthesizer(seed, 12).generate(spans, 5);
}

std::string json_lines(const std::vector<bench::SynthExport>& exports) {
  std::string out;
  for (const auto& e : exports) out += bench::otlp_json(e) + "\n";
  return out;
}

/// All exports as one message: protobuf concatenation appends the repeated resource_spans.
std::string one_message(const std::vector<bench::SynthExport>& exports) {
  std::string out;
  for (const auto& e : exports) out += bench::otlp_protobuf(e);
  return out;
}

std::string stream(const std::vector<bench::SynthExport>& exports, bool zstd_each) {
  std::string out;
  for (const auto& e : exports) {
    const std::string message = bench::otlp_protobuf(e);
    out += wire::length_prefixed(zstd_each ? test::zstd_bytes(message) : message);
  }
  return out;
}

/// A span message with the given extra bytes appended (fields of the test's choosing).
std::string span_export(const wire::MessageWriter& span) {
  wire::MessageWriter scope, resource, traces;
  scope.message(wire::kSpans, span);
  resource.string_attribute(wire::kResourceAttributes, "service.name", "svc");
  traces.message(wire::kResourceSpans, wire::MessageWriter().message(wire::kResource, resource).message(wire::kScopeSpans, scope));
  return traces.data();
}

}  // namespace

TEST_CASE("otlp-protobuf: the corpus example is detected and gives the graph of its JSON form") {
  const auto binary = importers::InputFile::read(test::corpus_path("otlp-proto-example-trace.protobuf-bin"));
  CHECK(importers::detect_format(binary.path(), binary.text()) == importers::Format::OtlpProtobuf);
  CHECK(importers::detect_otlp_protobuf(binary.text()) == importers::OtlpFraming::Single);
  const auto from_protobuf = import_protobuf(binary);
  const auto from_json = test::import_with(
      importers::import_otlp_json, importers::InputFile::read(test::corpus_path("otlp-proto-example-trace.json")));
  // From the text form beside it: one span "I'm a server span" of my.service, kind 2, 1 s.
  CHECK(from_protobuf.records == 1);
  const auto service = from_protobuf.graph.find_service("my.service");
  REQUIRE(service.has_value());
  const auto op = from_protobuf.graph.find_operation(*service, "I'm a server span");
  REQUIRE(op.has_value());
  CHECK(from_protobuf.graph.operation(*op).invocations == 1);
  CHECK(graph_json(from_protobuf.graph) == graph_json(from_json.graph));
  CHECK(from_protobuf.diagnostics.count("dangling-parent") == from_json.diagnostics.count("dangling-parent"));
}

TEST_CASE("otlp-protobuf: generated traces give one graph as JSON, one message, and every stream form") {
  const auto exports = generated(3000);
  const auto expected = import_json(json_lines(exports));
  REQUIRE(expected.records == 3000);
  REQUIRE(expected.graph.service_count() > 12);  // the services plus databases, kafka, the gateway
  const std::string want = graph_json(expected.graph);

  const auto single = import_protobuf(one_message(exports));
  CHECK(single.records == 3000);
  CHECK(graph_json(single.graph) == want);
  CHECK(importers::detect_otlp_protobuf(one_message(exports)) == importers::OtlpFraming::Single);

  for (bool zstd_each : {false, true}) {
    CAPTURE(zstd_each);
    const std::string bytes = stream(exports, zstd_each);
    CHECK(importers::detect_otlp_protobuf(bytes) == importers::OtlpFraming::LengthPrefixed);
    const auto r = import_protobuf(bytes);
    CHECK(r.records == 3000);
    CHECK(graph_json(r.graph) == want);
  }
  // The exporter's `format: json` with `compression: zstd` frames JSON exports the same way.
  std::string json_frames;
  for (const auto& e : exports) json_frames += wire::length_prefixed(test::zstd_bytes(bench::otlp_json(e)));
  CHECK(importers::detect_otlp_protobuf(json_frames) == importers::OtlpFraming::LengthPrefixed);
  const auto framed_json = import_protobuf(json_frames);
  CHECK(framed_json.records == 3000);
  CHECK(graph_json(framed_json.graph) == want);
  // Every attribute mapping was exercised: databases, a cache, the broker, the external peer.
  CHECK(expected.graph.service(*expected.graph.find_service("kafka")).kind == model::ServiceKind::Broker);
  CHECK(expected.graph.service(*expected.graph.find_service("payments-gateway")).kind == model::ServiceKind::External);
}

TEST_CASE("otlp-protobuf: files are detected by content and imported through import_inputs, zstd whole or not") {
  const auto dir = test::fresh_temp_dir("otlp-protobuf-files");
  const auto exports = generated(800, 11);
  test::write_bytes(dir / "traces.json", json_lines(exports));
  const std::string plain = stream(exports, false);
  test::write_bytes(dir / "traces.data", plain);
  test::write_bytes(dir / "traces-per-message.data", stream(exports, true));
  test::write_bytes(dir / "traces.data.zst", test::zstd_bytes(plain));
  test::write_bytes(dir / "single.bin", one_message(exports));
  // The graph JSON with the input's path and format left out (the rest, counts and window
  // included, must match).
  auto anonymous = [](importers::ImportResult result) {
    for (auto& input : result.graph.inputs) input.path = input.format = "-";
    return graph_json(result.graph);
  };
  const std::string want = anonymous(importers::import_inputs({(dir / "traces.json").string()}));
  for (const char* name : {"traces.data", "traces-per-message.data", "traces.data.zst", "single.bin"}) {
    CAPTURE(name);
    auto result = importers::import_inputs({(dir / name).string()});
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].format == "otlp-protobuf");
    CHECK(result.files[0].records == 800);
    CHECK(anonymous(std::move(result)) == want);
  }
  fs::remove_all(dir);
}

TEST_CASE("otlp-protobuf: other inputs are not taken for protobuf") {
  for (const auto& name : test::corpus_inputs()) {
    const std::string path = test::corpus_path(name);
    if (!fs::is_regular_file(path) || name.ends_with(".protobuf-bin")) continue;
    CAPTURE(name);
    CHECK_FALSE(importers::detect_otlp_protobuf(test::read_text(path).substr(0, 64 * 1024)).has_value());
  }
  CHECK_FALSE(importers::detect_otlp_protobuf("\n\n\n\n\n\n\n\n\n\n\n\n").has_value());
  CHECK_FALSE(importers::detect_otlp_protobuf("\n{\"resourceSpans\":[]}").has_value());
  CHECK_FALSE(importers::detect_otlp_protobuf("").has_value());
  CHECK(importers::detect_format("x.json", "\n{\"resourceSpans\":[]}") == importers::Format::OtlpJson);
}

TEST_CASE("otlp-protobuf: a truncated single message is one error naming the file and byte offset") {
  const std::string whole = one_message(generated(200));
  for (std::size_t cut : {whole.size() - 1, whole.size() / 2, std::size_t{3}}) {
    CAPTURE(cut);
    const std::string e = error_of(whole.substr(0, cut));
    CHECK(e.starts_with("t.binpb: byte "));
    CHECK(e.find("truncated otlp protobuf") != std::string::npos);
    CHECK(std::count(e.begin(), e.end(), '\n') == 0);
  }
}

TEST_CASE("otlp-protobuf: a truncated stream names the message and the byte where it starts") {
  const auto exports = generated(300);
  const std::string bytes = stream(exports, false);
  const std::size_t first = 4 + bench::otlp_protobuf(exports[0]).size();  // where message 2's size is
  CHECK(error_of(bytes.substr(0, first + 2)) ==
        "t.binpb: byte " + std::to_string(first) +
            ": truncated otlp protobuf stream: 2 bytes after message 1, less than a 4-byte size");
  const std::string e = error_of(bytes.substr(0, first + 10));
  CHECK(e.starts_with("t.binpb: byte " + std::to_string(first) + ": truncated otlp protobuf stream: message 2 says "));
  CHECK(e.ends_with("the file has 6 after its size"));
  // A zstd frame cut short inside the stream's own sizes: the frame's error, at the frame.
  std::string zstd_stream = stream(exports, true);
  const std::uint32_t frame = (static_cast<unsigned char>(zstd_stream[2]) << 8) | static_cast<unsigned char>(zstd_stream[3]);
  zstd_stream.erase(4 + frame / 2, frame - frame / 2);
  zstd_stream[2] = static_cast<char>((frame / 2) >> 8);
  zstd_stream[3] = static_cast<char>((frame / 2) & 0xFF);
  const std::string z = error_of(zstd_stream);
  CHECK(z.starts_with("t.binpb: byte 4: zstd-compressed otlp message of "));
}

TEST_CASE("otlp-protobuf: zstd-compressed messages are held to the input-size limit all together") {
  const auto exports = generated(600);
  const std::string bytes = stream(exports, true);
  std::uint64_t total = 0;
  for (const auto& e : exports) total += bench::otlp_protobuf(e).size();
  importers::ImportLimits limits;
  limits.max_file_bytes = total;
  auto with_limit = [&](const importers::InputFile& f, importers::GraphBuilder& b) {
    return importers::import_otlp_protobuf(f, b, limits);
  };
  const auto file = importers::InputFile::from_string("t.binpb", bytes);
  CHECK(test::import_with(with_limit, file).records == 600);
  limits.max_file_bytes = total - 1;
  try {
    (void)test::import_with(with_limit, file);
    FAIL("no error");
  } catch (const importers::ImportError& e) {
    CHECK(std::string(e.what()).starts_with("t.binpb: byte "));
    CHECK(std::string(e.what()).find("zstd-compressed otlp message of ") != std::string::npos);
    CHECK(std::string(e.what()).find("more than the limit") != std::string::npos);
  }
}

TEST_CASE("otlp-protobuf: a bad message is one error at its byte; unknown fields and wire types are skipped") {
  wire::MessageWriter span;
  span.bytes(wire::kTraceId, std::string(16, '\x01')).bytes(wire::kSpanId, std::string(8, '\x02')).bytes(wire::kName, "op");
  span.varint(wire::kName, 5);          // a known field with an unexpected wire type: skipped
  span.varint(99, 1).bytes(98, "x");    // unknown fields: skipped
  const auto ok = import_protobuf(span_export(span));
  CHECK(ok.records == 1);
  CHECK(ok.graph.find_operation(*ok.graph.find_service("svc"), "op").has_value());

  // Wire type 7 does not exist: the tag byte is the last byte of the span message.
  std::string bad = span_export(wire::MessageWriter(span).bytes(wire::kName, "op2"));
  const std::size_t name_at = bad.rfind("op2") - 2;  // the tag of the last name field
  bad[name_at] = static_cast<char>((wire::kName << 3) | 7);
  const std::string e = error_of(bad);
  CHECK(e.starts_with("t.binpb: byte "));
  CHECK(e.find("bad otlp protobuf message") != std::string::npos);

  // A nested size past its message (not past the file): a bad message, not a truncation.
  std::string overrun = span_export(span);
  const std::size_t op_at = overrun.find("op") - 1;  // the name's size byte
  overrun[op_at] = 0x7F;
  CAPTURE(error_of(overrun));
  CHECK(error_of(overrun).find("bad otlp protobuf message: name of 127 bytes runs past the end of the message holding it") != std::string::npos);
}

TEST_CASE("otlp-protobuf: kinds and times out of range are reported as for OTLP/JSON") {
  auto span = [](std::uint64_t kind, std::uint64_t start, std::uint64_t end) {
    wire::MessageWriter s;
    s.bytes(wire::kTraceId, std::string(16, '\x01')).bytes(wire::kSpanId, std::string(8, '\x02')).bytes(wire::kName, "op");
    s.varint(wire::kKind, kind).fixed64(wire::kStartTimeUnixNano, start).fixed64(wire::kEndTimeUnixNano, end);
    return span_export(s);
  };
  const auto r = import_protobuf(span(9, 2'000'000'000'000'000'000, 1'000'000'000'000'000'000));
  CHECK(r.records == 1);
  CHECK(r.diagnostics.count("unknown-span-kind") == 1);
  CHECK(r.diagnostics.count("negative-duration") == 1);
  const auto json = import_json(R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":[{"traceId":"01010101010101010101010101010101","spanId":"0202020202020202","name":"op","kind":9,"startTimeUnixNano":"2000000000000000000","endTimeUnixNano":"1000000000000000000"}]}]}]})");
  CHECK(graph_json(r.graph) == graph_json(json.graph));
  // Past int64 (which the JSON reader refuses too): an error at the field.
  const std::string e = error_of(span(2, ~std::uint64_t{0}, 1));
  CHECK(e.starts_with("t.binpb: byte "));
  CHECK(e.ends_with("start_time_unix_nano 18446744073709551615 is past the int64 range"));
}

TEST_CASE("otlp-protobuf: a truncated file through the CLI fails with one line and writes nothing") {
  const auto dir = test::fresh_temp_dir("otlp-protobuf-cli");
  const std::string whole = stream(generated(200), false);
  test::write_bytes(dir / "cut.data", whole.substr(0, whole.size() - 7));
  const auto r = test::run_cli("import -q " + (dir / "cut.data").string() + " -o " + (dir / "g.json").string());
  CHECK(r.code != 0);
  CHECK(r.out.find((dir / "cut.data").string() + ": byte ") != std::string::npos);
  CHECK(r.out.find("truncated otlp protobuf stream") != std::string::npos);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(dir / "g.json"));
  fs::remove_all(dir);
}
