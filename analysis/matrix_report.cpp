// The dependency structure matrix in the text and Markdown reports: every service by name up
// to kMatrixFullServices, else binned (bin_matrix) into at most kMatrixBins groups whose
// members are listed by name. Cells show calls, shortened (12k, 3.4M); exact numbers are in
// the JSON report's matrix.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/report_writers.hpp"

namespace nanoscope::analysis {
namespace {

constexpr std::size_t kNamesPerGroup = 100;  // longer groups end with "and N more"

/// 987, 9876, 12k, 123k, 1.2M, 12M, 1.2G.
std::string short_count(std::uint64_t n) {
  if (n < 10'000) return std::to_string(n);
  const auto v = static_cast<double>(n);
  if (n < 1'000'000) return fmt::format("{:.0f}k", v / 1e3);
  if (n < 10'000'000) return fmt::format("{:.1f}M", v / 1e6);
  if (n < 1'000'000'000) return fmt::format("{:.0f}M", v / 1e6);
  return fmt::format("{:.1f}G", v / 1e9);
}

/// The grid to print: labels per row (= column) and cell text, "" where empty.
struct Grid {
  std::vector<std::string> labels;  // row names (services or groups)
  std::vector<std::string> tags;    // knot tag per row ("K1"), or ""
  std::vector<std::vector<std::string>> cells;
  bool binned = false;
  std::uint32_t per_bin = 1;
  std::vector<std::string> members;  // binned: the names in each group, one line each
};

Grid make_grid(const AnalysisReport& r) {
  const auto& m = r.matrix;
  const auto size = static_cast<std::uint32_t>(m.order.size());
  const auto binned = bin_matrix(m, size <= kMatrixFullServices ? size : kMatrixBins);
  Grid g;
  g.binned = binned.per_bin > 1;
  g.per_bin = binned.per_bin;
  g.cells.assign(binned.bins, std::vector<std::string>(binned.bins));
  g.tags.assign(binned.bins, "");
  for (std::uint32_t b = 0; b < binned.bins; ++b) {
    if (!g.binned) {
      g.labels.push_back(r.services.nodes[m.order[b]].name);
      continue;
    }
    g.labels.push_back("G" + std::to_string(b + 1));
    std::string line = "G" + std::to_string(b + 1) + " (" + std::to_string(binned.first_of(b) + 1) + "-" +
                       std::to_string(binned.end_of(b)) + "): ";
    const auto count = binned.end_of(b) - binned.first_of(b);
    for (std::uint32_t p = binned.first_of(b), k = 0; p < binned.end_of(b) && k < kNamesPerGroup; ++p, ++k)
      line += (k ? ", " : "") + r.services.nodes[m.order[p]].name;
    if (count > kNamesPerGroup) line += " and " + std::to_string(count - kNamesPerGroup) + " more";
    g.members.push_back(std::move(line));
  }
  if (!g.binned)
    for (std::size_t k = 0; k < m.blocks.size(); ++k)
      for (auto p = m.blocks[k].first; p < m.blocks[k].first + m.blocks[k].size; ++p) g.tags[p] = "K" + std::to_string(k + 1);
  for (std::uint32_t b = 0; b < binned.bins; ++b) g.cells[b][b] = "-";
  for (const auto& c : binned.cells) g.cells[c.row][c.column] = c.declared_only ? "d" : short_count(c.calls);
  return g;
}

std::string legend(const AnalysisReport& r, const Grid& g) {
  std::string text = "row depends on column; cells are calls (d: only declared), numbered columns follow the rows";
  if (g.binned)
    text = std::to_string(r.matrix.order.size()) + " services in " + std::to_string(g.labels.size()) +
           " groups of up to " + std::to_string(g.per_bin) + " consecutive services in matrix order; " + text +
           ", summed per group";
  else if (!r.matrix.blocks.empty())
    text += "; rows marked K1, K2, ... are knots (blocks on the diagonal)";
  return text;
}

}  // namespace

void write_matrix_text(std::ostream& out, const AnalysisReport& r) {
  if (r.matrix.order.empty()) return;
  const auto g = make_grid(r);
  out << "dependency structure matrix (" << legend(r, g) << ")\n";
  std::size_t name_width = 4, width = std::to_string(g.labels.size()).size();
  for (const auto& label : g.labels) name_width = std::max(name_width, std::min<std::size_t>(label.size(), 40));
  for (const auto& row : g.cells)
    for (const auto& cell : row) width = std::max(width, cell.size());
  const auto number_width = std::to_string(g.labels.size()).size();
  auto pad_left = [](const std::string& s, std::size_t w) { return std::string(w > s.size() ? w - s.size() : 0, ' ') + s; };
  auto pad_right = [](const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); };
  const std::size_t tag_width = r.matrix.blocks.empty() || g.binned ? 0 : 4;
  std::string header = "  " + std::string(number_width + 1 + name_width + 1 + tag_width, ' ');
  for (std::size_t c = 0; c < g.labels.size(); ++c) header += " " + pad_left(std::to_string(c + 1), width);
  while (!header.empty() && header.back() == ' ') header.pop_back();
  out << header << '\n';
  for (std::size_t row = 0; row < g.labels.size(); ++row) {
    std::string line = "  " + pad_left(std::to_string(row + 1), number_width) + " " + pad_right(g.labels[row], name_width) + " " +
                       (tag_width ? pad_right(g.tags[row], tag_width) : "");
    for (const auto& cell : g.cells[row]) line += " " + pad_left(cell.empty() ? "." : cell, width);
    out << line << '\n';
  }
  for (const auto& members : g.members) out << "  " << members << '\n';
}

void write_matrix_markdown(std::ostream& out, const AnalysisReport& r) {
  if (r.matrix.order.empty()) return;
  const auto g = make_grid(r);
  out << "\n## Dependency structure matrix\n\n" << legend(r, g) << ".\n\n| # | " << (g.binned ? "group" : "service");
  const bool tags = !g.binned && !r.matrix.blocks.empty();
  if (tags) out << " | knot";
  for (std::size_t c = 0; c < g.labels.size(); ++c) out << " | " << c + 1;
  out << " |\n|---:|---" << (tags ? "|---" : "");
  for (std::size_t c = 0; c < g.labels.size(); ++c) out << "|---:";
  out << "|\n";
  for (std::size_t row = 0; row < g.labels.size(); ++row) {
    out << "| " << row + 1 << " | " << g.labels[row];
    if (tags) out << " | " << g.tags[row];
    for (const auto& cell : g.cells[row]) out << " | " << cell;
    out << " |\n";
  }
  if (!g.members.empty()) out << '\n';
  for (const auto& members : g.members) out << "- " << members << '\n';
}

}  // namespace nanoscope::analysis
