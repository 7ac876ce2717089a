// (I - A) x = b by strongly connected blocks: Tarjan's components once, an Eigen SparseLU per
// cycle, then substitution in the order the components were found (callees before callers).
#include "sim/block_solver.hpp"

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nanoscope::sim {
namespace {

constexpr std::uint32_t kUnreached = 0xFFFFFFFFu;

using Lu = Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>>;

}  // namespace

void throw_diverging_calls() {
  throw std::invalid_argument(
      "expected calls per request are infinite: a cycle of calls makes on average one or more calls of itself");
}

// One strongly connected component: its rows, and either the weight of its single row on
// itself or the factorization of its block.
struct Component {
  std::vector<std::uint32_t> rows;
  double self = 0.0;
  std::unique_ptr<Lu> lu;
};

struct BlockSolver::Impl {
  std::uint32_t n = 0;
  std::vector<std::uint32_t> first;  // CSR of A by row
  std::vector<std::uint32_t> col;
  std::vector<double> val;
  std::vector<std::uint32_t> component_of;
  std::vector<Component> components;  // in solving order
};

BlockSolver::BlockSolver() : BlockSolver(0, {}) {}
BlockSolver::~BlockSolver() = default;
BlockSolver::BlockSolver(BlockSolver&&) noexcept = default;
BlockSolver& BlockSolver::operator=(BlockSolver&&) noexcept = default;

std::uint32_t BlockSolver::size() const { return impl_->n; }

BlockSolver::BlockSolver(std::uint32_t n, const std::vector<BlockEntry>& a) {
  auto impl = std::make_unique<Impl>();
  Impl& s = *impl;
  s.n = n;
  // Dependencies of each row, compressed (entries of a row keep their input order).
  s.first.assign(std::size_t{n} + 1, 0);
  for (const auto& t : a) ++s.first[std::size_t{t.row} + 1];
  for (std::size_t r = 0; r < n; ++r) s.first[r + 1] += s.first[r];
  s.col.resize(a.size());
  s.val.resize(a.size());
  {
    std::vector<std::uint32_t> next(s.first.begin(), s.first.end() - 1);
    for (const auto& t : a) {
      const auto k = next[t.row]++;
      s.col[k] = t.col;
      s.val[k] = t.value;
    }
  }
  s.component_of.assign(n, kUnreached);
  std::vector<std::uint32_t> local(n, 0);  // index of a row within its block

  auto factorize = [&](std::vector<std::uint32_t> rows) {
    Component c;
    const auto id = static_cast<std::uint32_t>(s.components.size());
    for (const auto r : rows) s.component_of[r] = id;
    if (rows.size() == 1) {
      const std::uint32_t r = rows[0];
      for (auto k = s.first[r]; k < s.first[r + 1]; ++k)
        if (s.col[k] == r) c.self += s.val[k];
      if (!(c.self < 1.0)) throw_diverging_calls();
    } else {
      for (std::uint32_t i = 0; i < rows.size(); ++i) local[rows[i]] = i;
      const auto m = static_cast<Eigen::Index>(rows.size());
      std::vector<Eigen::Triplet<double>> entries;
      for (Eigen::Index i = 0; i < m; ++i) {
        const std::uint32_t r = rows[static_cast<std::size_t>(i)];
        entries.emplace_back(i, i, 1.0);
        for (auto k = s.first[r]; k < s.first[r + 1]; ++k)
          if (s.component_of[s.col[k]] == id) entries.emplace_back(i, local[s.col[k]], -s.val[k]);
      }
      Eigen::SparseMatrix<double> block(m, m);
      block.setFromTriplets(entries.begin(), entries.end());
      block.makeCompressed();
      c.lu = std::make_unique<Lu>();
      c.lu->analyzePattern(block);
      c.lu->factorize(block);
      if (c.lu->info() != Eigen::Success) throw_diverging_calls();
    }
    c.rows = std::move(rows);
    s.components.push_back(std::move(c));
  };

  // Iterative Tarjan: a component is emitted after every component it depends on.
  std::vector<std::uint32_t> order(n, kUnreached), lowlink(n, 0), stack, members;
  std::vector<bool> on_stack(n, false);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> path;  // (row, next dependency)
  std::uint32_t counter = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (order[root] != kUnreached) continue;
    path.emplace_back(root, s.first[root]);
    order[root] = lowlink[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!path.empty()) {
      auto& [r, k] = path.back();
      if (k < s.first[r + 1]) {
        const std::uint32_t c = s.col[k++];
        if (order[c] == kUnreached) {
          order[c] = lowlink[c] = counter++;
          stack.push_back(c);
          on_stack[c] = true;
          path.emplace_back(c, s.first[c]);
        } else if (on_stack[c]) {
          lowlink[r] = std::min(lowlink[r], order[c]);
        }
        continue;
      }
      const std::uint32_t done = r;
      path.pop_back();
      if (!path.empty()) lowlink[path.back().first] = std::min(lowlink[path.back().first], lowlink[done]);
      if (lowlink[done] != order[done]) continue;
      members.clear();
      std::uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        members.push_back(w);
      } while (w != done);
      factorize(members);
    }
  }
  impl_ = std::move(impl);
}

Eigen::MatrixXd BlockSolver::solve(const Eigen::MatrixXd& b) const {
  const Impl& s = *impl_;
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(s.n, b.cols());
  const double scale = std::max(1.0, b.size() ? b.cwiseAbs().maxCoeff() : 0.0);
  auto check = [&](std::uint32_t r) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      double& v = x(r, j);
      if (!std::isfinite(v) || v < -1e-9 * scale) throw_diverging_calls();
      v = std::max(v, 0.0);
    }
  };
  for (std::uint32_t id = 0; id < s.components.size(); ++id) {
    const Component& c = s.components[id];
    if (!c.lu) {
      const std::uint32_t r = c.rows[0];
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        double sum = b(r, j);
        for (auto k = s.first[r]; k < s.first[r + 1]; ++k)
          if (s.col[k] != r) sum += s.val[k] * x(s.col[k], j);
        x(r, j) = sum / (1.0 - c.self);
      }
      check(r);
      continue;
    }
    const auto m = static_cast<Eigen::Index>(c.rows.size());
    Eigen::MatrixXd rhs(m, b.cols());
    for (Eigen::Index i = 0; i < m; ++i) {
      const std::uint32_t r = c.rows[static_cast<std::size_t>(i)];
      rhs.row(i) = b.row(r);
      for (auto k = s.first[r]; k < s.first[r + 1]; ++k)
        if (s.component_of[s.col[k]] != id) rhs.row(i) += s.val[k] * x.row(s.col[k]);
    }
    const Eigen::MatrixXd y = c.lu->solve(rhs);
    if (c.lu->info() != Eigen::Success) throw_diverging_calls();
    for (Eigen::Index i = 0; i < m; ++i) {
      x.row(c.rows[static_cast<std::size_t>(i)]) = y.row(i);
      check(c.rows[static_cast<std::size_t>(i)]);
    }
  }
  return x;
}

}  // namespace nanoscope::sim
