// Format names and detection from content (file name only breaks ties).
#include "importers/formats.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <utility>

#include "importers/byte_source.hpp"
#include "importers/otlp_wire.hpp"

namespace nanoscope::importers {
namespace {

bool contains(std::string_view text, std::string_view word) { return text.find(word) != std::string_view::npos; }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view file_name(std::string_view path) {
  auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// True if some line starts (column 0) with `key`.
bool has_top_level_key(std::string_view text, std::string_view key) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text.substr(pos, key.size()) == key) return true;
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) break;
    ++pos;
  }
  return false;
}

std::optional<Format> detect_json(std::string_view head) {
  if (contains(head, "\"format\"") && contains(head, "nanoscope-graph")) return Format::NanoscopeGraph;
  if (contains(head, "\"resourceSpans\"") || contains(head, "\"batches\"") || contains(head, "\"resource_spans\""))
    return Format::OtlpJson;
  // Jaeger /api/v3's error answer ({"error":{"grpcCode","httpCode","message"}}): the OTLP reader
  // turns it into an error that says what the server said.
  if (contains(head, "\"error\"") && contains(head, "\"httpCode\"") && contains(head, "\"grpcCode\""))
    return Format::OtlpJson;
  if (contains(head, "\"callCount\"") && contains(head, "\"parent\"") && contains(head, "\"child\""))
    return Format::JaegerDependencies;
  if (contains(head, "\"localEndpoint\"") || contains(head, "\"remoteEndpoint\"") ||
      (contains(head, "\"traceId\"") && contains(head, "\"id\"") && !contains(head, "\"spanID\"")))
    return Format::ZipkinJson;
  // A Kiali / Cytoscape graph ({"elements":{"nodes":[{"data":...}]}}) is no trace: tested before
  // Jaeger, whose /api/traces wrapper its "data" keys would pass for.
  if (contains(head, "\"elements\"") && (contains(head, "\"graphType\"") || contains(head, "\"nodes\"")) &&
      !contains(head, "\"spanID\""))
    return Format::KialiGraph;
  if (contains(head, "\"traceID\"") || contains(head, "\"spanID\"") || contains(head, "\"data\""))
    return Format::JaegerJson;
  return std::nullopt;
}

namespace wire = otlp_wire;
using google::protobuf::io::CodedInputStream;

/// Reads one field header, and for a length-delimited field its length. nullopt when the
/// bytes are not a field header or the varints are cut short.
struct FieldHeader {
  std::uint32_t tag = 0;
  std::uint32_t length = 0;  ///< length-delimited fields only
};
std::optional<FieldHeader> read_header(CodedInputStream& in) {
  FieldHeader h;
  h.tag = in.ReadTag();
  if (h.tag == 0) return std::nullopt;
  if (google::protobuf::internal::WireFormatLite::GetTagWireType(h.tag) == wire::kLen && !in.ReadVarint32(&h.length))
    return std::nullopt;
  return h;
}

/// Whether the fields of `bytes` (a message's content, cut short at the head's end when
/// `cut`) all have one of `tags`; every length-delimited field must end inside `bytes` unless
/// the content is cut. Returns the content of the first field, empty when there is none.
std::optional<std::string_view> fields_fit(std::string_view bytes, bool cut, std::initializer_list<std::uint32_t> tags) {
  CodedInputStream in(reinterpret_cast<const std::uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  std::optional<std::string_view> first;
  while (in.CurrentPosition() < static_cast<int>(bytes.size())) {
    auto h = read_header(in);
    if (!h) return cut ? first.value_or(std::string_view{}) : std::optional<std::string_view>{};
    if (std::find(tags.begin(), tags.end(), h->tag) == tags.end()) return std::nullopt;
    const auto begin = static_cast<std::size_t>(in.CurrentPosition());
    std::size_t length = h->length;
    if (google::protobuf::internal::WireFormatLite::GetTagWireType(h->tag) == wire::kVarint) {
      std::uint64_t ignored = 0;
      if (!in.ReadVarint64(&ignored)) return cut ? first.value_or(std::string_view{}) : std::optional<std::string_view>{};
      length = 0;
    } else if (begin + length > bytes.size()) {
      if (!cut) return std::nullopt;
      length = bytes.size() - begin;
    }
    if (!first) first = bytes.substr(begin, length);
    if (!in.Skip(static_cast<int>(length))) break;
  }
  return first.value_or(std::string_view{});
}

/// Whether `message` (possibly cut at the end of the head) has the shape of a TracesData:
/// only resource_spans fields, whose first one holds only ResourceSpans fields, whose first
/// one in turn is a Resource or ScopeSpans with fields of the right types.
bool looks_like_traces_data(std::string_view message, bool cut) {
  using wire::tag;
  if (message.empty() || message.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return false;
  auto resource_spans = fields_fit(message, cut, {tag(wire::kResourceSpans, wire::kLen)});
  if (!resource_spans || resource_spans->empty()) return false;
  const bool inner_cut = cut && resource_spans->data() + resource_spans->size() == message.data() + message.size();
  const std::uint32_t first_tag = static_cast<std::uint8_t>((*resource_spans)[0]);
  auto first = fields_fit(*resource_spans, inner_cut,
                          {tag(wire::kResource, wire::kLen), tag(wire::kScopeSpans, wire::kLen),
                           tag(wire::kSchemaUrl, wire::kLen), tag(wire::kInstrumentationLibrarySpans, wire::kLen)});
  if (!first) return false;
  if (first->empty()) return true;
  const bool deep_cut = inner_cut && first->data() + first->size() == resource_spans->data() + resource_spans->size();
  if (first_tag == tag(wire::kResource, wire::kLen))
    return fields_fit(*first, deep_cut, {tag(wire::kResourceAttributes, wire::kLen), tag(2, wire::kVarint)}).has_value();
  if (first_tag == tag(wire::kScopeSpans, wire::kLen))
    return fields_fit(*first, deep_cut,
                      {tag(wire::kScope, wire::kLen), tag(wire::kSpans, wire::kLen), tag(wire::kSchemaUrl, wire::kLen)})
        .has_value();
  return true;
}

}  // namespace

std::optional<OtlpFraming> detect_otlp_protobuf(std::string_view head) {
  // Protobuf's first bytes hold sizes and tags below 0x20 that text has not (a stream's first
  // size byte, the size of "service.name", the tag of a value); text of newlines alone nests
  // like messages, so it is ruled out here.
  const std::string_view start = head.substr(0, 256);
  const bool binary = std::any_of(start.begin(), start.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F;
  });
  // A stream: 4 big-endian size bytes, then a message or a zstd frame of one. A single
  // message cannot start with a 0 byte (no field 0), so small first sizes are unambiguous.
  if (head.size() > 4) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(head[i])); };
    const std::uint32_t length = byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
    const std::string_view payload = head.substr(4, length);
    if (length > 0 && detect_compression(payload) == CompressionKind::Zstd) return OtlpFraming::LengthPrefixed;
    if (binary && length > 0 && looks_like_traces_data(payload, payload.size() < length))
      return OtlpFraming::LengthPrefixed;
  }
  // One message: the whole file (the head is the whole file when the file is that short).
  if (binary && looks_like_traces_data(head, true)) return OtlpFraming::Single;
  return std::nullopt;
}

std::string_view to_string(Format format) {
  switch (format) {
    case Format::JaegerJson: return "jaeger-json";
    case Format::JaegerDependencies: return "jaeger-dependencies";
    case Format::ZipkinJson: return "zipkin-json";
    case Format::OtlpJson: return "otlp-json";
    case Format::OtlpProtobuf: return "otlp-protobuf";
    case Format::CallGraphCsv: return "callgraph-csv";
    case Format::PrometheusServiceGraph: return "prometheus-servicegraph";
    case Format::KubernetesYaml: return "kubernetes-yaml";
    case Format::ComposeYaml: return "compose-yaml";
    case Format::DotEnv: return "dotenv";
    case Format::NanoscopeGraph: return "nanoscope-graph";
    case Format::KialiGraph: return "kiali-graph";
  }
  return "unknown";
}

std::optional<Format> detect_format(std::string_view path, std::string_view head) {
  const std::string name = lower(file_name(path));
  if (name == ".env" || name.ends_with(".env")) return Format::DotEnv;

  // Binary OTLP first: its first bytes may be newlines and braces (a field tag and a length).
  if (detect_otlp_protobuf(head)) return Format::OtlpProtobuf;

  std::string_view body = head;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::nullopt;
  body.remove_prefix(first);

  if (body.front() == '{' || body.front() == '[') return detect_json(body);

  std::string_view first_line = body.substr(0, body.find('\n'));
  const std::string header = lower(first_line);
  if (contains(header, ",") && contains(header, "traceid") &&
      (contains(header, "rpcid") || contains(header, "rpc_id") || contains(header, "parentms")))
    return Format::CallGraphCsv;
  if (contains(body, "traces_service_graph_")) return Format::PrometheusServiceGraph;

  const bool yaml_name = name.ends_with(".yaml") || name.ends_with(".yml");
  if (has_top_level_key(body, "services:") &&
      (yaml_name || has_top_level_key(body, "version:") || contains(name, "compose")))
    if (!has_top_level_key(body, "apiVersion:")) return Format::ComposeYaml;
  if (contains(body, "apiVersion:") && contains(body, "kind:")) return Format::KubernetesYaml;
  return std::nullopt;
}

std::string format_hint(std::string_view name) {
  for (std::string_view suffix : {".gz", ".zst", ".zstd", ".GZ", ".ZST"})
    if (name.ends_with(suffix)) return std::string(name.substr(0, name.size() - suffix.size()));
  return std::string(name);
}

}  // namespace nanoscope::importers
