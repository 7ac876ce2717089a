// The dependency structure matrix (DSM) of services, ordered so that cycles show as blocks on
// the diagonal: strongly connected components in topological order, names inside each.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/condensation.hpp"
#include "analysis/service_digraph.hpp"

namespace nanoscope::analysis {

/// A non-empty cell: row `row` depends on column `column` (positions in `order`).
struct MatrixCell {
  std::uint32_t row = 0;
  std::uint32_t column = 0;
  std::uint64_t calls = 0;
  bool declared_only = false;
};

/// A diagonal block of mutually dependent services (an SCC of two or more).
struct MatrixBlock {
  std::uint32_t first = 0;  ///< position in `order`
  std::uint32_t size = 0;
};

/// Sparse DSM: callers come before callees, so every cell outside a block is above the diagonal.
struct DependencyMatrix {
  std::vector<std::uint32_t> order;   ///< service node index at each position
  std::vector<MatrixCell> cells;      ///< sorted by (row, column)
  std::vector<MatrixBlock> blocks;    ///< in position order
};

/// Builds the DSM from the digraph and its condensation.
[[nodiscard]] DependencyMatrix build_dependency_matrix(const ServiceDigraph& digraph, const Condensation& components);

}  // namespace nanoscope::analysis
