// Input formats nanoscope reads, detection from content, and one entry point per importer.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/graph_builder.hpp"
#include "importers/import_limits.hpp"
#include "importers/input_file.hpp"

namespace nanoscope::importers {

struct CallTableEdges;  // trace_joiner.hpp

enum class Format {
  JaegerJson,              ///< Jaeger /api/traces, bare trace, bare span array, UI exports
  JaegerDependencies,      ///< [{parent, child, callCount}]
  ZipkinJson,              ///< Zipkin v2 span array or single span
  OtlpJson,                ///< OTLP/JSON resourceSpans, Tempo batches, Jaeger /api/v3
  OtlpProtobuf,            ///< OTLP TracesData / ExportTraceServiceRequest, one or a stream
                           ///< (also a stream of zstd-compressed OTLP/JSON exports)
  CallGraphCsv,            ///< Alibaba v2021/v2022, DeathStarBench call-graph CSV
  PrometheusServiceGraph,  ///< traces_service_graph_* text exposition
  KubernetesYaml,          ///< Deployment, StatefulSet, DaemonSet, Job, CronJob, Service ...
  ComposeYaml,             ///< docker-compose / compose.yaml
  DotEnv,                  ///< KEY=VALUE companion of a compose file
  NanoscopeGraph,          ///< nanoscope's own graph JSON (docs/graph-format.md)
  KialiGraph,              ///< Kiali graph API JSON (app, versionedApp, workload, service graphs)
};

/// Stable lower-case name, e.g. "jaeger-json".
[[nodiscard]] std::string_view to_string(Format format);

/// Whether an input of this format is one of the graph's inputs (provenance): every format
/// but .env files, which only feed compose, and saved graphs, whose own inputs come in with them.
[[nodiscard]] constexpr bool is_graph_input(Format format) {
  return format != Format::DotEnv && format != Format::NanoscopeGraph;
}

/// Detects a format from the file name and the first bytes of its content (a few KiB are
/// enough). nullopt when nothing matches.
[[nodiscard]] std::optional<Format> detect_format(std::string_view path, std::string_view head);

/// A name to detect a format from: the file or archive member name without a trailing .gz,
/// .zst or .zstd (the content decides the compression; the rest of the name still hints).
[[nodiscard]] std::string format_hint(std::string_view name);

/// How OTLP protobuf messages are laid out in a file.
enum class OtlpFraming {
  Single,          ///< one TracesData / ExportTraceServiceRequest message, the whole file
  LengthPrefixed,  ///< the Collector file exporter's: each message (or zstd frame of one)
                   ///< preceded by its size as 4 big-endian bytes
};

/// The framing of OTLP protobuf content starting with `head`, or nullopt when it is not OTLP
/// protobuf: the first message must have the shape of a TracesData as far as `head` goes.
[[nodiscard]] std::optional<OtlpFraming> detect_otlp_protobuf(std::string_view head);

// One entry point per format. Each throws ImportError for malformed input and reports
// recoverable problems through builder.warn(); each returns the number of records it read
// (spans, rows, links, manifest objects).
std::uint64_t import_jaeger_json(const InputFile& file, GraphBuilder& builder);
std::uint64_t import_jaeger_dependencies(const InputFile& file, GraphBuilder& builder);
std::uint64_t import_zipkin_json(const InputFile& file, GraphBuilder& builder);
std::uint64_t import_otlp_json(const InputFile& file, GraphBuilder& builder);
/// Zstd-compressed messages of a stream are decompressed, at most `limits.max_file_bytes` in all.
std::uint64_t import_otlp_protobuf(const InputFile& file, GraphBuilder& builder, const ImportLimits& limits = {});
/// Streams the CSV from disk in chunks (bounded memory); `path` is read directly (decompressed
/// as it is read when it is gzip or zstd, up to `limits.max_file_bytes`). Rows longer than
/// `limits.max_csv_row_bytes` are an error.
std::uint64_t import_callgraph_csv(const std::string& path, GraphBuilder& builder, const ImportLimits& limits = {});
/// The same for a file with neighbours in an import: the traces at its edges go to the joiner.
std::uint64_t import_callgraph_csv(const std::string& path, GraphBuilder& builder, const ImportLimits& limits,
                                   const CallTableEdges& edges);
/// The same from a stream (an archive member, import_unit.hpp); source->name() names it.
std::uint64_t import_callgraph_csv(std::unique_ptr<ByteSource> source, GraphBuilder& builder,
                                   const ImportLimits& limits = {});
/// A stream with neighbours in an import (an archive member among call tables).
std::uint64_t import_callgraph_csv(std::unique_ptr<ByteSource> source, GraphBuilder& builder,
                                   const ImportLimits& limits, const CallTableEdges& edges);
std::uint64_t import_prometheus_service_graph(const InputFile& file, GraphBuilder& builder);
/// All Kubernetes files of one import together, so Services resolve across files.
/// Returns the number of objects read from each file, in the order given.
std::vector<std::uint64_t> import_kubernetes_yaml(const std::vector<InputFile>& files, GraphBuilder& builder);
/// One compose file; a `.env` or `<stem>.env` beside it supplies interpolation values.
std::uint64_t import_compose_yaml(const InputFile& file, GraphBuilder& builder);
std::uint64_t import_nanoscope_graph(const InputFile& file, GraphBuilder& builder);
/// Kiali graph JSON: request rates x the window become calls (kiali_graph.cpp).
std::uint64_t import_kiali_graph(const InputFile& file, GraphBuilder& builder);

}  // namespace nanoscope::importers
