// What every data table of the window shares, without ImGui: the order of its rows (a stable
// sort on the user's columns, ties by name), a case-insensitive text filter, and virtual
// scrolling over fixed-height rows (which rows a frame draws for a scroll position).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace nanoscope::gui {

/// One sort column of a table (the first decides, later ones break its ties).
struct TableSort {
  std::size_t column = 0;
  bool descending = false;
  bool operator==(const TableSort&) const = default;
};

/// Compares rows `a` and `b` on `column`: negative, zero or positive.
using RowCompare = std::function<int(std::uint32_t a, std::uint32_t b, std::size_t column)>;

/// The rows of `count` that `keep` accepts (all when `keep` is empty), stably sorted by
/// `sort` (compare per column), remaining ties by `name` and then by index.
[[nodiscard]] std::vector<std::uint32_t> order_rows(std::size_t count, const std::function<bool(std::uint32_t)>& keep,
                                                    const std::vector<TableSort>& sort, const RowCompare& compare,
                                                    const std::function<std::string_view(std::uint32_t)>& name);

/// Whether `text` contains `needle`, ignoring ASCII case (empty needle: true).
[[nodiscard]] bool contains_nocase(std::string_view text, std::string_view needle);

/// -1, 0 or 1 for a three-way comparison of two values.
template <typename T>
[[nodiscard]] int compare3(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

/// The rows a scrolled table shows: [first, end) of the sorted rows.
struct RowWindow {
  std::size_t first = 0;
  std::size_t end = 0;
  [[nodiscard]] std::size_t count() const { return end - first; }
};

/// Rows of `row_height_px` each, `rows` of them, scrolled down by `scroll_px`, seen through
/// `view_px` of height (below any frozen header): the rows at least partly visible.
[[nodiscard]] RowWindow visible_rows(std::size_t rows, float row_height_px, float scroll_px, float view_px);

/// A table's rows, re-ordered only when the data (`revision`), the filter or the sort changed.
class TableRows {
 public:
  std::string filter;  ///< bound to the table's filter box

  /// Whether the rows are stale for `revision` and `sort` (then call assign()).
  [[nodiscard]] bool stale(std::uint64_t revision, const std::vector<TableSort>& sort) const {
    return !valid_ || revision != revision_ || sort != sort_ || filter != filtered_;
  }
  void assign(std::uint64_t revision, std::vector<TableSort> sort, std::vector<std::uint32_t> rows) {
    revision_ = revision;
    sort_ = std::move(sort);
    filtered_ = filter;
    rows_ = std::move(rows);
    valid_ = true;
  }
  [[nodiscard]] const std::vector<std::uint32_t>& rows() const { return rows_; }
  [[nodiscard]] const std::vector<TableSort>& sort() const { return sort_; }

 private:
  bool valid_ = false;
  std::uint64_t revision_ = 0;
  std::vector<TableSort> sort_;
  std::string filtered_;
  std::vector<std::uint32_t> rows_;
};

}  // namespace nanoscope::gui
