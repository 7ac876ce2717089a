// Sorting, filtering and virtual scrolling of the window's tables.
#include "gui/viewmodel/table_rows.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

namespace nanoscope::gui {

std::vector<std::uint32_t> order_rows(std::size_t count, const std::function<bool(std::uint32_t)>& keep,
                                      const std::vector<TableSort>& sort, const RowCompare& compare,
                                      const std::function<std::string_view(std::uint32_t)>& name) {
  std::vector<std::uint32_t> rows;
  rows.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i)
    if (!keep || keep(i)) rows.push_back(i);
  std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) {
    for (const auto& s : sort) {
      const int c = compare(a, b, s.column);
      if (c != 0) return s.descending ? c > 0 : c < 0;
    }
    if (name) {
      const int c = name(a).compare(name(b));
      if (c != 0) return c < 0;
    }
    return a < b;
  });
  return rows;
}

bool contains_nocase(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  const auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

RowWindow visible_rows(std::size_t rows, float row_height_px, float scroll_px, float view_px) {
  if (rows == 0 || row_height_px <= 0.0f || view_px <= 0.0f) return {};
  const float top = std::max(0.0f, scroll_px);
  const auto first = std::min(rows, static_cast<std::size_t>(std::floor(top / row_height_px)));
  const auto end = std::min(rows, static_cast<std::size_t>(std::ceil((top + view_px) / row_height_px)));
  return {first, std::max(first, end)};
}

}  // namespace nanoscope::gui
