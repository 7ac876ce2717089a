// Format names and detection from content (file name only breaks ties).
#include "importers/formats.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

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

}  // namespace

std::string_view to_string(Format format) {
  switch (format) {
    case Format::JaegerJson: return "jaeger-json";
    case Format::JaegerDependencies: return "jaeger-dependencies";
    case Format::ZipkinJson: return "zipkin-json";
    case Format::OtlpJson: return "otlp-json";
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

}  // namespace nanoscope::importers
