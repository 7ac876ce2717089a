// The dependency structure matrix (DSM) of services, ordered so that cycles show as blocks on
// the diagonal: strongly connected components in topological order, names inside each.
#pragma once

#include <algorithm>
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

/// One non-empty cell of a binned matrix: bin `row` depends on bin `column`.
struct BinnedCell {
  std::uint32_t row = 0;
  std::uint32_t column = 0;
  std::uint64_t calls = 0;         ///< summed over the dependencies in it
  std::uint32_t dependencies = 0;  ///< matrix cells merged into it
  bool declared_only = true;       ///< every one of them is only declared
};

/// The matrix with consecutive positions grouped into equal bins (the last may be smaller):
/// bin b holds positions [b * per_bin, min(size, (b + 1) * per_bin)).
struct BinnedMatrix {
  std::uint32_t size = 0;           ///< services
  std::uint32_t per_bin = 1;
  std::uint32_t bins = 0;
  std::vector<BinnedCell> cells;    ///< sorted by (row, column)

  [[nodiscard]] std::uint32_t first_of(std::uint32_t bin) const { return bin * per_bin; }
  [[nodiscard]] std::uint32_t end_of(std::uint32_t bin) const { return std::min(size, (bin + 1) * per_bin); }
};

/// Groups the matrix into at most `max_bins` bins (at least one) along its order, so
/// knots stay together as far as bin edges allow. With max_bins >= size every bin is one service.
[[nodiscard]] BinnedMatrix bin_matrix(const DependencyMatrix& matrix, std::uint32_t max_bins);

}  // namespace nanoscope::analysis
