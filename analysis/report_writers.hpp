// Writing an analysis report as text (what a person reads first: the worst findings at the
// top), markdown, or JSON (per-service metrics, the matrix and the findings).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

#include "analysis/analysis.hpp"

namespace nanoscope::analysis {

/// Output format of a report.
enum class ReportFormat { Text, Json, Markdown };

/// Parses "text", "json" or "markdown" (also "md").
[[nodiscard]] std::optional<ReportFormat> parse_report_format(std::string_view text);

/// Writes the report in the given format.
void write_report(std::ostream& out, const AnalysisReport& report, ReportFormat format);
/// JSON: {summary, thresholds, services: [...metrics], matrix, findings: [{kind, rule, severity,
/// services, edges, traffic, traffic_share, explanation}]}.
void write_json_report(std::ostream& out, const AnalysisReport& report);
/// Plain text for a terminal.
void write_text_report(std::ostream& out, const AnalysisReport& report);
/// Markdown for a document.
void write_markdown_report(std::ostream& out, const AnalysisReport& report);

/// The matrix is printed service by service up to this many services, else binned.
inline constexpr std::uint32_t kMatrixFullServices = 40;
/// Groups of a binned matrix in text and Markdown.
inline constexpr std::uint32_t kMatrixBins = 20;
/// The dependency structure matrix as text (the end of the text report).
void write_matrix_text(std::ostream& out, const AnalysisReport& report);
/// The dependency structure matrix as a Markdown section (the end of the Markdown report).
void write_matrix_markdown(std::ostream& out, const AnalysisReport& report);

}  // namespace nanoscope::analysis
