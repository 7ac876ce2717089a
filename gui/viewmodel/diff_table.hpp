// The table of changes of an open diff as data: one row per service added or removed, service
// edge added, removed or changed (flagged), and finding appeared or resolved; its columns, the
// cell texts a panel paints, row orders (filtered and sorted with table_rows) and what a row
// selects in the graph. The diff itself is session::DiffResult; the colours are diff_view's.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gui/viewmodel/colours.hpp"
#include "gui/viewmodel/table_rows.hpp"
#include "session/graph_diff.hpp"

namespace nanoscope::gui {

/// What a row of the table of changes is; also its order in the Change column (headline first).
enum class DiffChangeKind : std::uint8_t {
  KnotFormed,
  FindingAppeared,
  ServiceAdded,
  ServiceRemoved,
  EdgeAdded,
  EdgeRemoved,
  EdgeChanged,
  KnotDissolved,
  FindingResolved,
};
/// "knot formed", "finding appeared", "service added", ... "edge changed", "finding resolved".
[[nodiscard]] const char* to_string(DiffChangeKind kind);

/// Columns of the table of changes.
enum class DiffColumn : std::size_t { Change, From, To, Before, After, Ratio, Errors, P99, Significance, Count };
[[nodiscard]] const std::vector<std::string>& diff_headers();

/// One row: a change and the figures its cells show (NaN where a side has none).
struct DiffRow {
  DiffChangeKind kind = DiffChangeKind::EdgeChanged;
  std::string from;  ///< service, caller, or the finding's kind and rule
  std::string to;    ///< callee, or the finding's services
  std::vector<std::string> services;  ///< what clicking the row selects
  // Every figure is NaN ("-" in the table) unless the row's change has it.
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  double before_rate = kNone, after_rate = kNone;  ///< calls per exposure unit (NaN: side absent)
  double ratio = kNone;                            ///< after / before (NaN: not an edge on both sides)
  double error_before = kNone, error_after = kNone;  ///< error rates 0..1 (NaN: unknown)
  double p99_before_us = kNone, p99_after_us = kNone;  ///< (NaN: not compared)
  bool grew = false;     ///< a changed edge drawn orange (diff_view's edge_grew), else blue
  double p_value = 1.0;  ///< smallest p-value of the flagged measures (1: none)
  std::string significance;  ///< the flagged measures, e.g. "rate p=3e-07, p99"
};

/// The rows of `diff`, in a fixed order: findings (knots first), services, edges (changed ones
/// by magnitude), each group sorted by name.
[[nodiscard]] std::vector<DiffRow> diff_rows(const session::DiffResult& diff);

/// Rows whose change, ends or services contain `filter`, sorted by `sort`; ties by the Change
/// column, then "from -> to".
[[nodiscard]] std::vector<std::uint32_t> diff_row_order(const std::vector<DiffRow>& rows, const std::string& filter,
                                                        const std::vector<TableSort>& sort);

/// One cell's text; rates carry the exposure's unit ("/req", "/s" or none).
[[nodiscard]] std::string diff_cell(const DiffRow& row, DiffColumn column, session::ExposureKind exposure);

/// The colour of a row's Change column (the canvas' diff palette; 0: default text).
[[nodiscard]] Colour diff_row_colour(const DiffRow& row);

/// Short text per diff for the window: "3 services added, 1 removed; 2 edges added, ...".
[[nodiscard]] std::string diff_summary(const session::DiffResult& diff);

}  // namespace nanoscope::gui
