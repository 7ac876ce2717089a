// Ordering the DSM by condensation and filling its cells.
#include "analysis/dependency_matrix.hpp"

#include <algorithm>

namespace nanoscope::analysis {

DependencyMatrix build_dependency_matrix(const ServiceDigraph& digraph, const Condensation& components) {
  DependencyMatrix dsm;
  const auto n = digraph.node_count();
  dsm.order.reserve(n);
  for (auto c : components.order) {
    const auto first = static_cast<std::uint32_t>(dsm.order.size());
    for (auto i = components.member_begin[c]; i < components.member_begin[c + 1]; ++i)
      dsm.order.push_back(components.members[i]);  // members ascend by node index = by name
    if (components.size_of(c) >= 2) dsm.blocks.push_back({first, components.size_of(c)});
  }
  std::vector<std::uint32_t> position(n, 0);
  for (std::uint32_t p = 0; p < dsm.order.size(); ++p) position[dsm.order[p]] = p;
  dsm.cells.reserve(digraph.arcs().size());
  for (const auto& arc : digraph.arcs())
    dsm.cells.push_back({position[arc.from], position[arc.to], arc.calls, arc.declared_only});
  std::sort(dsm.cells.begin(), dsm.cells.end(), [](const MatrixCell& a, const MatrixCell& b) {
    return a.row != b.row ? a.row < b.row : a.column < b.column;
  });
  return dsm;
}

BinnedMatrix bin_matrix(const DependencyMatrix& matrix, std::uint32_t max_bins) {
  BinnedMatrix binned;
  binned.size = static_cast<std::uint32_t>(matrix.order.size());
  if (binned.size == 0) return binned;
  max_bins = std::max<std::uint32_t>(1, max_bins);
  binned.per_bin = (binned.size + max_bins - 1) / max_bins;
  binned.bins = (binned.size + binned.per_bin - 1) / binned.per_bin;
  // Cells are sorted by (row, column), so bins of one row band arrive together; a small
  // sorted list per band keeps this linear in the cells for the few bins a row spans.
  std::vector<BinnedCell> band;
  auto flush = [&] {
    std::sort(band.begin(), band.end(), [](const BinnedCell& a, const BinnedCell& b) { return a.column < b.column; });
    for (const auto& c : band) {
      if (!binned.cells.empty() && binned.cells.back().row == c.row && binned.cells.back().column == c.column) {
        auto& last = binned.cells.back();
        last.calls += c.calls;
        last.dependencies += c.dependencies;
        last.declared_only = last.declared_only && c.declared_only;
      } else {
        binned.cells.push_back(c);
      }
    }
    band.clear();
  };
  for (const auto& c : matrix.cells) {
    const auto row = c.row / binned.per_bin;
    if (!band.empty() && band.front().row != row) flush();
    band.push_back({row, c.column / binned.per_bin, c.calls, 1, c.declared_only});
  }
  flush();
  return binned;
}

}  // namespace nanoscope::analysis
