// Writers of an imported graph: nanoscope graph JSON (re-importable, docs/graph-format.md),
// Graphviz DOT, GraphML (Gephi, yEd) and a CSV table of service edges.
#pragma once

#include <cstddef>
#include <ostream>
#include <string_view>

#include "model/call_graph.hpp"
#include "model/diagnostics.hpp"

namespace nanoscope::importers {

/// The graph formats `nanoscope import --format` writes.
enum class GraphFormat { Json, Dot, GraphMl, Csv };

/// Parses "json", "dot", "graphml", "csv".
[[nodiscard]] std::optional<GraphFormat> parse_graph_format(std::string_view text);

/// nanoscope graph JSON: services with operations, service edges, operation edges with full
/// latency histograms (so a re-import loses nothing), and the diagnostics of the import.
/// Returns how many strings were not valid UTF-8: each is written with U+FFFD for every
/// malformed sequence and counted in an "invalid-utf8" warning at the end of "diagnostics".
std::size_t write_graph_json(std::ostream& out, const model::CallGraph& graph, const model::Diagnostics* diagnostics);
/// Service-level digraph for Graphviz; declared-only edges dashed, node shape by kind.
void write_graph_dot(std::ostream& out, const model::CallGraph& graph);
/// Service-level GraphML with node kind and edge calls, errors, latency percentiles.
void write_graph_graphml(std::ostream& out, const model::CallGraph& graph);
/// One row per service edge: from,to,kind,protocol,calls,errors,declared,mean_ms,p50_ms,p95_ms,p99_ms.
void write_graph_csv(std::ostream& out, const model::CallGraph& graph);

/// Dispatches on `format`; returns write_graph_json's count for JSON, 0 for the others.
std::size_t write_graph(std::ostream& out, GraphFormat format, const model::CallGraph& graph,
                 const model::Diagnostics* diagnostics);

}  // namespace nanoscope::importers
