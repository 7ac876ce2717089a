// Writing the economics report and the what-if report: JSON (schema in docs/economics.md),
// Markdown for pull requests, CSV (one long table), and one self-contained HTML page with
// inline SVG charts.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "economics/report.hpp"

namespace nanoscope::economics {

/// Output format of a report.
enum class ReportFormat { Json, Markdown, Csv, Html };

/// Parses "json", "markdown" (or "md"), "csv", "html".
[[nodiscard]] std::optional<ReportFormat> parse_report_format(std::string_view text);
/// From a file name's extension; nullopt when it says nothing.
[[nodiscard]] std::optional<ReportFormat> format_from_extension(std::string_view path);

/// What to include.
struct WriteOptions {
  bool services = true;  ///< per-service ratio tables (off for `nanoscope sweep`)
};

void write_json(std::ostream& out, const EconomicsReport& report, const WriteOptions& options = {});
void write_markdown(std::ostream& out, const EconomicsReport& report, const WriteOptions& options = {});
void write_csv(std::ostream& out, const EconomicsReport& report, const WriteOptions& options = {});
void write_html(std::ostream& out, const EconomicsReport& report);
/// Dispatches on the format.
void write_report(std::ostream& out, const EconomicsReport& report, ReportFormat format, const WriteOptions& options = {});

void write_whatif_json(std::ostream& out, const WhatIfReport& report);
void write_whatif_markdown(std::ostream& out, const WhatIfReport& report);
void write_whatif_csv(std::ostream& out, const WhatIfReport& report);
/// Dispatches on the format (HTML falls back to Markdown wrapped in a page).
void write_whatif(std::ostream& out, const WhatIfReport& report, ReportFormat format);

/// The headline of a report in a few lines (for the terminal).
void write_headline(std::ostream& out, const EconomicsReport& report);

namespace detail {
/// Rounds to 6 significant digits (stable, readable output).
[[nodiscard]] double round6(double x);
/// "1.23M", "45.6k", "789" style money without the unit.
[[nodiscard]] std::string short_number(double x);
/// short_number with a "+" in front of positive values.
[[nodiscard]] std::string signed_number(double x);
/// A parameter value as printf's %g writes it (e.g. a Leiden resolution).
[[nodiscard]] std::string plain_number(double x);
/// A share as a whole percentage, "37%".
[[nodiscard]] std::string percent(double share);
/// Levels whose load curves the reports show: monolith, observed, nanoservices, best (each once).
[[nodiscard]] std::vector<std::size_t> curve_levels(const EraSweep& era);
/// "a (3), b (1)": names with counts, each name passed through `escape` (identity by default).
[[nodiscard]] std::string counts_text(const std::vector<std::pair<std::string, std::size_t>>& counts,
                                      std::string (*escape)(std::string_view) = nullptr);

// The sentences the Markdown and HTML reports share (report_sentences.cpp), as plain text.
/// "12 (observed)": a level's service count and label.
[[nodiscard]] std::string level_name(const LevelResult& level);
/// "5, 8 (observed), 12": the levels within noise of the best.
[[nodiscard]] std::string within_noise_text(const EraSweep& era);
/// What the report covers and how to read its money and bands.
[[nodiscard]] std::string scope_sentence(const EconomicsReport& report);
/// The era's description with its samples, seed and file.
[[nodiscard]] std::string era_note(const EraSweep& era);
/// The best level, how often it is best, and the levels within noise of it.
[[nodiscard]] std::string best_level_sentence(const EraSweep& era);
/// The finest level whose median service is worth its overhead, and the nanoservice verdict.
[[nodiscard]] std::string viability_sentence(const EraSweep& era);
/// Where the nanoservice verdict flips, at most `shown_at_most` parameters; empty when nowhere.
[[nodiscard]] std::string breakeven_sentence(const EraSweep& era, std::size_t shown_at_most = 5);
}  // namespace detail

}  // namespace nanoscope::economics
