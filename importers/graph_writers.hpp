// Writers of an imported graph: nanoscope graph JSON (re-importable, docs/graph-format.md),
// Graphviz DOT, GraphML (yEd, Gephi), GEXF (Gephi), Kiali-style graph JSON (re-importable by
// the Kiali importer) and a CSV table of service edges.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string_view>

#include "importers/graph_level.hpp"
#include "model/call_graph.hpp"
#include "model/diagnostics.hpp"

namespace nanoscope::importers {

/// The graph formats `nanoscope import --format` writes.
enum class GraphFormat { Json, Dot, GraphMl, Csv, Gexf, Kiali };

/// Parses "json", "dot", "graphml", "csv", "gexf", "kiali".
[[nodiscard]] std::optional<GraphFormat> parse_graph_format(std::string_view text);
/// Whether the format draws the graph at a GraphLevel (DOT, GraphML, GEXF, Kiali); JSON is
/// always the whole operation graph, CSV always service edges.
[[nodiscard]] bool has_levels(GraphFormat format);

/// nanoscope graph JSON: services with operations, service edges, operation edges with full
/// latency histograms (so a re-import loses nothing), and the diagnostics of the import.
/// Returns how many strings were not valid UTF-8: each is written with U+FFFD for every
/// malformed sequence and counted in an "invalid-utf8" warning at the end of "diagnostics".
std::size_t write_graph_json(std::ostream& out, const model::CallGraph& graph, const model::Diagnostics* diagnostics);
/// Digraph for Graphviz; declared-only edges dashed, async dotted, node shape by kind. At
/// operation level each service is a cluster of its operations.
void write_graph_dot(std::ostream& out, const model::CallGraph& graph, GraphLevel level = GraphLevel::Service);
/// GraphML with node kind and edge calls, errors, latency percentiles; at operation level the
/// nodes also carry their service and operation.
void write_graph_graphml(std::ostream& out, const model::CallGraph& graph, GraphLevel level = GraphLevel::Service);
/// GEXF 1.3 (Gephi): nodes with kind, invocations and entries (and service, operation at
/// operation level), edges weighted by calls with errors, protocol, latency percentiles.
/// Service level draws calls inside a service as a self-loop.
void write_graph_gexf(std::ostream& out, const model::CallGraph& graph, GraphLevel level = GraphLevel::Service);
/// Kiali graph JSON (graphType "app"): nodes with hashed ids, edges with request and error
/// rates over the graph's window, responseTime (p95 ms) where latency is known; operations as
/// Kiali aggregate nodes at operation level. The Kiali importer reads it back.
void write_graph_kiali(std::ostream& out, const model::CallGraph& graph, GraphLevel level = GraphLevel::Service);
/// One row per service edge: from,to,kind,protocol,calls,errors,declared,mean_ms,p50_ms,p95_ms,p99_ms.
void write_graph_csv(std::ostream& out, const model::CallGraph& graph);

/// Dispatches on `format`; returns write_graph_json's count for JSON, 0 for the others.
/// `level` applies to the formats has_levels() names.
std::size_t write_graph(std::ostream& out, GraphFormat format, const model::CallGraph& graph,
                        const model::Diagnostics* diagnostics, GraphLevel level = GraphLevel::Service);

}  // namespace nanoscope::importers
