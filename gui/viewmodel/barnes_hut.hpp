// Barnes-Hut quadtree for the layout's node-node repulsion: every pair of nodes pushes apart,
// far groups of nodes act as one mass at their centre, so a step costs O(n log n) however
// densely the nodes are packed. Flat arrays, rebuilt each step, deterministic.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "gui/viewmodel/layout_engine.hpp"

namespace nanoscope::gui {

/// The tree over one step's positions, and the repulsion it sums.
class BarnesHutTree {
 public:
  /// Rebuilds the tree over `positions` (kept by reference until the next build).
  void build(const std::vector<Vec2>& positions);

  /// Adds to `force` the repulsion strength/d (along the unit vector away from each other
  /// node) that node `i` feels from every other node, grouping cells whose side is less than
  /// `theta` times their distance. Beyond `reach` the push fades linearly to nothing at
  /// twice the reach. `direction(i, j)` gives a unit vector for coincident
  /// nodes i and j (seeded, so the result stays deterministic).
  void repel(std::uint32_t i, float strength, float theta, float reach, Vec2& force,
             const std::function<Vec2(std::uint32_t, std::uint32_t)>& direction) const;

  /// The nodes leaf by leaf, depth first: neighbours in space are neighbours in this order, so
  /// walking the tree for the nodes in this order keeps the same cells in cache.
  [[nodiscard]] const std::vector<std::uint32_t>& spatial_order() const { return order_; }

  /// Cells in the tree (for tests).
  [[nodiscard]] std::size_t cells() const { return cells_.size(); }

 private:
  struct Cell {
    float x = 0, y = 0, half = 0;      ///< centre and half side of the square
    float mx = 0, my = 0, mass = 0;    ///< centre of mass (a sum until build ends) and body count
    std::int32_t child[4] = {-1, -1, -1, -1};
    std::int32_t first = -1;           ///< a leaf's bodies: first, then next_[...]
    bool leaf = true;
  };

  [[nodiscard]] std::int32_t make_cell(float x, float y, float half);
  void insert(std::uint32_t body);
  [[nodiscard]] int quadrant(const Cell& c, Vec2 p) const { return (p.x >= c.x ? 1 : 0) | (p.y >= c.y ? 2 : 0); }

  const std::vector<Vec2>* pos_ = nullptr;
  std::vector<Cell> cells_;
  std::vector<std::int32_t> next_;     ///< next body in the same leaf
  std::vector<std::uint32_t> order_;
  mutable std::vector<std::int32_t> stack_;
};

}  // namespace nanoscope::gui
