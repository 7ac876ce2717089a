// A small line-chart renderer producing inline SVG (no scripts, no external files), for the
// self-contained HTML report: series with optional shaded P10..P90 bands and marked points,
// logarithmic or linear axes (a logarithmic axis leaves out values at or below zero, so one
// huge series does not flatten the others), vertical markers and a horizontal reference line.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace nanoscope::economics::detail {

/// One line; `low`/`high` (same length as y, may be empty) shade a band; points whose `marked`
/// entry is true get a hollow circle (drawn at the top edge when y is infinite).
struct Series {
  std::string name;
  std::string color;
  std::vector<double> x, y, low, high;
  bool dashed = false;
  std::vector<bool> marked;
};

/// A vertical marker at x with a label.
struct Marker {
  double x = 0.0;
  std::string label;
  std::string color = "#555";
};

/// The chart.
struct LineChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  bool log_x = true;
  bool log_y = false;
  int width = 560;
  int height = 320;
  std::vector<Series> series;
  std::vector<Marker> markers;
  std::optional<double> reference_y;  ///< e.g. ratio = 1
};

/// Renders the chart as an <svg> element.
[[nodiscard]] std::string render_svg(const LineChart& chart);

/// Escapes &, <, >, " for HTML text and attributes.
[[nodiscard]] std::string html_escape(const std::string& text);

}  // namespace nanoscope::economics::detail
