// Helpers shared by the tests: corpus and golden paths, in-memory imports, golden compare.
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/graph_builder.hpp"
#include "importers/input_file.hpp"
#include "importers/records.hpp"
#include "model/call_graph.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::test {

/// A graph of one-operation services ("op") whose calls per invocation are set exactly: every
/// operation has 1000 invocations, an edge with mean m has 1000 m calls (a share `parallel` of
/// them overlapping), an entry 1000 entries.
struct ExactGraph {
  model::CallGraph graph;
  model::OperationId add(const std::string& service, bool is_entry = false) {
    const auto op = graph.add_operation(graph.add_service(service), "op");
    graph.operation(op).invocations = 1000;
    if (is_entry) entry(op);
    return op;
  }
  void call(model::OperationId from, model::OperationId to, double mean, double parallel = 0.0,
            model::InteractionKind kind = model::InteractionKind::Sync) {
    auto& e = graph.edge(graph.add_edge(from, to, kind));
    e.calls = static_cast<std::uint64_t>(std::llround(1000.0 * mean));
    e.traces = 1000;
    e.parallel_calls = static_cast<std::uint64_t>(std::llround(static_cast<double>(e.calls) * parallel));
  }
  void entry(model::OperationId op) { graph.operation(op).entry_count = 1000; }
};

/// Absolute path of a file in ../shared/corpus.
std::string corpus_path(std::string_view name);
/// Every input of the shared corpus that imports on its own (names as in its MANIFEST.md; the
/// .env is read with its compose file, the two k8s directories are one input each), sorted.
const std::vector<std::string>& corpus_inputs();
/// Of those, the trace and call-graph files (no manifests).
std::vector<std::string> corpus_trace_inputs();
/// Absolute path of a golden file under tests/golden.
std::string golden_path(std::string_view name);
/// A new empty directory under the system's temporary folder, "nanoscope-NAME-PID" (removed
/// first if a previous run left it).
std::filesystem::path fresh_temp_dir(std::string_view name);
/// Whole content of a file ("" if missing).
std::string read_text(const std::string& path);
/// Compares `actual` with the golden file; with UPDATE_GOLDEN=1 in the environment it
/// rewrites the golden file instead. Returns "" when equal, else a short description.
std::string check_golden(std::string_view name, const std::string& actual);

/// Service-level graph of a CallGraph under its observed partition.
model::ServiceGraph service_graph(const model::CallGraph& graph);
/// Calls on the service edge from -> to (0 if absent; sums over interaction kinds).
std::uint64_t service_calls(const model::ServiceGraph& graph, const std::string& from, const std::string& to);
/// Whether a service edge from -> to exists (any kind, observed or declared).
bool has_service_edge(const model::ServiceGraph& graph, const std::string& from, const std::string& to);

/// A span for GraphBuilder::add_span (no start time when `start` is empty).
importers::SpanRecord span_record(std::string_view trace, std::string_view id, std::string_view parent,
                                  std::string_view service, std::string_view op, std::optional<std::int64_t> start,
                                  std::int64_t duration,
                                  importers::SpanKind kind = importers::SpanKind::Unspecified);
/// The operation edge service/op -> service/op of `kind`, or nullptr.
const model::Edge* find_edge(const model::CallGraph& g, std::string_view from_service, std::string_view from_op,
                             std::string_view to_service, std::string_view to_op,
                             model::InteractionKind kind = model::InteractionKind::Sync);

/// What one importer made of one file: the graph, its diagnostics and the importer's count of
/// records read (spans, links, ...).
struct Imported {
  model::CallGraph graph;
  model::Diagnostics diagnostics;
  std::uint64_t records = 0;
};
/// Runs one importer entry point, `records = import(file, builder)`, on a fresh builder.
template <class ImportFn>
Imported import_with(ImportFn&& import, const importers::InputFile& file) {
  importers::GraphBuilder builder;
  builder.set_source(file.path());
  Imported r;
  r.records = import(file, builder);
  r.graph = builder.finish();
  r.diagnostics = builder.diagnostics();
  return r;
}

/// The ImportError one importer entry point throws for `text` read as the file `name`; nullopt
/// when it imports without one (the caller fails the test, naming the text).
template <class ImportFn>
std::optional<importers::ImportError> import_error(ImportFn&& import, std::string_view name, std::string_view text) {
  try {
    (void)import_with(import, importers::InputFile::from_string(std::string(name), text));
  } catch (const importers::ImportError& e) {
    return e;
  }
  return std::nullopt;
}

/// Exit code and output of one run of the nanoscope binary.
struct CliRun {
  int code = -1;
  std::string out;  ///< standard output, then standard error when with_stderr
};
/// Runs `nanoscope ARGS` through the shell; standard error joins the output when with_stderr,
/// else it is discarded.
CliRun run_cli(const std::string& args, bool with_stderr = true);

}  // namespace nanoscope::test
