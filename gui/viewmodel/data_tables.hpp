// The findings, services and edges tables as data: their columns, the cell texts a panel
// paints, and row orders (filtered and sorted with table_rows). One home for "what a row of
// each table says", so the panel only lays the strings out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gui/viewmodel/document.hpp"
#include "gui/viewmodel/table_rows.hpp"

namespace nanoscope::gui {

/// Columns of the findings table.
enum class FindingColumn : std::size_t { Severity, Kind, Services, Edges, Traffic, Explanation, Count };
/// Columns of the services table.
enum class ServiceColumn : std::size_t { Name, Kind, Operations, Traffic, CallsIn, CallsOut, FanIn, FanOut, Latency, Knot, Count };
/// Columns of the edges table.
enum class EdgeColumn : std::size_t { From, To, Kind, Calls, Errors, P50, P99, Count };

/// Header texts, indexed by column.
[[nodiscard]] const std::vector<std::string>& finding_headers();
[[nodiscard]] const std::vector<std::string>& service_headers();
[[nodiscard]] const std::vector<std::string>& edge_headers();

/// Findings of the document that mention `filter` (kind, rule, services, explanation), sorted.
/// Ties by the finding's first service name, then by the analysis order (worst first).
[[nodiscard]] std::vector<std::uint32_t> finding_rows(const Document& doc, const std::string& filter,
                                                      const std::vector<TableSort>& sort);
/// Services whose name or kind contains `filter`, sorted; ties by name.
[[nodiscard]] std::vector<std::uint32_t> service_rows(const Document& doc, const std::string& filter,
                                                      const std::vector<TableSort>& sort);
/// Service edges whose caller or callee contains `filter`, sorted; ties by "from -> to".
[[nodiscard]] std::vector<std::uint32_t> edge_rows(const Document& doc, const std::string& filter,
                                                   const std::vector<TableSort>& sort);

/// One cell's text.
[[nodiscard]] std::string finding_cell(const Document& doc, std::uint32_t row, FindingColumn column);
[[nodiscard]] std::string service_cell(const Document& doc, std::uint32_t row, ServiceColumn column);
[[nodiscard]] std::string edge_cell(const Document& doc, std::uint32_t row, EdgeColumn column);

/// The lines of an edge's tooltip: its ends and kind, calls (per second when the traces give
/// a time window), p50/p99 latency or "no latency data" (manifest-only edges), errors.
[[nodiscard]] std::vector<std::string> edge_summary(const Document& doc, std::uint32_t edge);

/// What selecting a finding shows in the graph: its own services and its own edges (the
/// analysis' `edges` list, e.g. only the hops of a cycle), not every edge of its services.
struct FindingFocus {
  std::vector<std::uint32_t> nodes;  ///< sorted node indices
  std::vector<char> edges;           ///< per service edge of the document: 1 if the finding names it
};
[[nodiscard]] FindingFocus finding_focus(const Document& doc, std::size_t finding);

}  // namespace nanoscope::gui
