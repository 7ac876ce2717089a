// Writing a diff (graph_diff.hpp): text for the terminal, JSON (schema in docs/diff.md),
// Markdown for pull requests and one self-contained HTML page with the two graphs side by side
// as inline SVG, changes coloured. Every list is in a fixed order, so equal diffs print alike.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "session/graph_diff.hpp"

namespace nanoscope::session {

/// Output format of a diff.
enum class DiffFormat { Text, Json, Markdown, Html };

/// Parses "text", "json", "markdown" (or "md"), "html".
[[nodiscard]] std::optional<DiffFormat> parse_diff_format(std::string_view text);

/// The JSON document's schema name and version (docs/diff.md).
inline constexpr const char* kDiffSchema = "nanoscope-diff/1";

/// Text and Markdown list at most this many rows per section (JSON lists everything).
inline constexpr std::size_t kListedRows = 100;

void write_diff_text(std::ostream& out, const DiffResult& diff);
void write_diff_markdown(std::ostream& out, const DiffResult& diff);
void write_diff_json(std::ostream& out, const DiffResult& diff);
void write_diff_html(std::ostream& out, const DiffResult& diff);
/// Dispatches on the format.
void write_diff(std::ostream& out, const DiffResult& diff, DiffFormat format);

namespace detail {
/// "1.20 -> 2.40 calls per request (x2.00, p 3e-12)": a common edge's flagged changes in one line.
[[nodiscard]] std::string change_summary(const DiffResult& diff, const EdgeChange& edge);
/// "calls per request", "calls per second" or "calls" (rates of the diff's exposure).
[[nodiscard]] std::string rate_unit(ExposureKind kind);
/// The headline in one sentence: knots formed and dissolved, else the biggest structural change.
[[nodiscard]] std::string headline(const DiffResult& diff);
/// How changes were flagged, in one sentence.
[[nodiscard]] std::string significance_sentence(const DiffResult& diff);
/// A side's summary in one line.
[[nodiscard]] std::string side_line(const DiffSide& side, ExposureKind kind);
/// "1.2M [800k..2.1M]": a money band, P50 [P10..P90], with a sign when `sign`.
[[nodiscard]] std::string band_text(const economics::Band& band, bool sign);
/// A latency in the unit that reads best ("850 us", "12.3 ms", "1.52 s").
[[nodiscard]] std::string latency_text(double micros);
}  // namespace detail

}  // namespace nanoscope::session
