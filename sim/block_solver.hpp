// Sparse linear systems (I - A) x = b with A non-negative, as the analytic solver's traffic and
// latency equations are: factorized once in block-triangular order (the strongly connected
// components of A's dependencies, found by Tarjan's algorithm), then solved for any number of
// right-hand sides. A component of one unknown is one substitution; a larger one (a cycle of
// calls) one Eigen SparseLU factorization of its own block. Factorizing the whole matrix at
// once fills in badly on large call graphs (minutes on 20,000 services; this is milliseconds).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <Eigen/Core>

namespace nanoscope::sim {

/// One entry of A: row `row` depends on column `col` with weight `value` (duplicates add up).
struct BlockEntry {
  std::uint32_t row = 0;
  std::uint32_t col = 0;
  double value = 0.0;
};

/// The factorization of I - A, reusable for many right-hand sides (immutable once built, so
/// several threads may solve with one instance).
class BlockSolver {
 public:
  BlockSolver();
  /// Factorizes I - A over `n` unknowns. Throws std::invalid_argument ("expected calls per
  /// request are infinite ...") when a block is singular or an unknown depends on itself with
  /// weight 1 or more: A being non-negative, the Neumann series I + A + A^2 + ... diverges.
  BlockSolver(std::uint32_t n, const std::vector<BlockEntry>& a);
  ~BlockSolver();
  BlockSolver(BlockSolver&&) noexcept;
  BlockSolver& operator=(BlockSolver&&) noexcept;

  [[nodiscard]] std::uint32_t size() const;

  /// X with (I - A) X = B, one column per right-hand side (B: size() rows, B >= 0). Entries
  /// that round below zero are clamped to 0; throws std::invalid_argument as above when a
  /// solution is not finite or clearly negative (the series diverges).
  [[nodiscard]] Eigen::MatrixXd solve(const Eigen::MatrixXd& b) const;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

/// The error both throw: the expected number of calls per request is infinite.
[[noreturn]] void throw_diverging_calls();

}  // namespace nanoscope::sim
