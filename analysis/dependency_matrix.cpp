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

}  // namespace nanoscope::analysis
