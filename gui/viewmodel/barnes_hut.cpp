// Barnes-Hut quadtree: insertion with leaf splitting (coincident nodes share a leaf once the
// cell is tiny), centres of mass accumulated on the way down, and the repulsion walk.
#include "gui/viewmodel/barnes_hut.hpp"

#include <algorithm>
#include <cmath>

namespace nanoscope::gui {
namespace {

constexpr float kMinHalf = 1e-3f;  // below this a leaf keeps all its nodes in one list
constexpr int kMaxDepth = 48;

}  // namespace

std::int32_t BarnesHutTree::make_cell(float x, float y, float half) {
  Cell cell;
  cell.x = x;
  cell.y = y;
  cell.half = half;
  cells_.push_back(cell);
  return static_cast<std::int32_t>(cells_.size() - 1);
}

void BarnesHutTree::build(const std::vector<Vec2>& positions) {
  pos_ = &positions;
  cells_.clear();
  next_.assign(positions.size(), -1);
  if (positions.empty()) {
    order_.clear();
    return;
  }
  float lo_x = positions[0].x, hi_x = lo_x, lo_y = positions[0].y, hi_y = lo_y;
  for (const auto& p : positions) {
    lo_x = std::min(lo_x, p.x); hi_x = std::max(hi_x, p.x);
    lo_y = std::min(lo_y, p.y); hi_y = std::max(hi_y, p.y);
  }
  const float half = std::max(hi_x - lo_x, hi_y - lo_y) * 0.5f * 1.001f + 1.0f;
  cells_.reserve(positions.size() * 2 + 1);
  (void)make_cell((lo_x + hi_x) * 0.5f, (lo_y + hi_y) * 0.5f, half);
  // Insert in the previous build's spatial order when it covers the same nodes: the cells
  // then come out in memory roughly as they lie in space.
  if (order_.size() == positions.size()) {
    for (const auto i : order_) insert(i);
  } else {
    for (std::uint32_t i = 0; i < positions.size(); ++i) insert(i);
  }
  for (auto& c : cells_)
    if (c.mass > 0) {
      c.mx /= c.mass;
      c.my /= c.mass;
    }
  order_.clear();
  stack_.assign(1, 0);
  while (!stack_.empty()) {
    const Cell& cell = cells_[static_cast<std::size_t>(stack_.back())];
    stack_.pop_back();
    for (auto j = cell.first; j >= 0; j = next_[static_cast<std::size_t>(j)]) order_.push_back(static_cast<std::uint32_t>(j));
    for (int q = 3; q >= 0; --q)
      if (cell.child[q] >= 0) stack_.push_back(cell.child[q]);
  }
}

void BarnesHutTree::insert(std::uint32_t body) {
  const auto& pos = *pos_;
  const Vec2 p = pos[body];
  std::int32_t c = 0;
  for (int depth = 0;; ++depth) {
    {
      Cell& cell = cells_[static_cast<std::size_t>(c)];
      cell.mx += p.x;
      cell.my += p.y;
      cell.mass += 1.0f;
      if (cell.leaf) {
        if (cell.first < 0 || cell.half < kMinHalf || depth >= kMaxDepth) {
          next_[body] = cell.first;
          cell.first = static_cast<std::int32_t>(body);
          return;
        }
        // A leaf with one node splits: that node moves down into its quadrant.
        const auto other = static_cast<std::uint32_t>(cell.first);
        cell.first = -1;
        cell.leaf = false;
        const Cell parent = cell;  // copy: make_cell may reallocate
        const int q = quadrant(parent, pos[other]);
        const float h = parent.half * 0.5f;
        const auto child = make_cell(parent.x + (q & 1 ? h : -h), parent.y + (q & 2 ? h : -h), h);
        Cell& moved = cells_[static_cast<std::size_t>(child)];
        moved.mx = pos[other].x;
        moved.my = pos[other].y;
        moved.mass = 1.0f;
        moved.first = static_cast<std::int32_t>(other);
        next_[other] = -1;
        cells_[static_cast<std::size_t>(c)].child[q] = child;
      }
    }
    const Cell parent = cells_[static_cast<std::size_t>(c)];
    const int q = quadrant(parent, p);
    if (parent.child[q] < 0) {
      const float h = parent.half * 0.5f;
      const auto child = make_cell(parent.x + (q & 1 ? h : -h), parent.y + (q & 2 ? h : -h), h);
      cells_[static_cast<std::size_t>(c)].child[q] = child;
    }
    c = cells_[static_cast<std::size_t>(c)].child[q];
  }
}

void BarnesHutTree::repel(std::uint32_t i, float strength, float theta, float reach, Vec2& force,
                          const std::function<Vec2(std::uint32_t, std::uint32_t)>& direction) const {
  if (cells_.empty()) return;
  const auto& pos = *pos_;
  const Vec2 p = pos[i];
  const float theta2 = theta * theta;
  const float reach2 = reach * reach, fade2 = 4.0f * reach2;
  auto push = [&](float ex, float ey, float d2, float mass) {
    float f = strength * mass / d2;  // |F| = strength * mass / d, times the unit vector e/d
    if (d2 > reach2) f *= std::max(0.0f, 2.0f - std::sqrt(d2) / reach);  // fades out by 2 * reach
    force.x += ex * f;
    force.y += ey * f;
  };
  stack_.clear();
  stack_.push_back(0);
  while (!stack_.empty()) {
    const Cell& cell = cells_[static_cast<std::size_t>(stack_.back())];
    stack_.pop_back();
    if (cell.leaf) {
      for (auto j = cell.first; j >= 0; j = next_[static_cast<std::size_t>(j)]) {
        const auto other = static_cast<std::uint32_t>(j);
        if (other == i) continue;
        float ex = p.x - pos[other].x, ey = p.y - pos[other].y;
        float d2 = ex * ex + ey * ey;
        if (d2 >= fade2) continue;
        if (d2 < 1e-4f) {  // coincident: push apart along a seeded direction
          const Vec2 u = direction(i, other);
          ex = u.x * 0.01f;
          ey = u.y * 0.01f;
          d2 = 1e-4f;
        }
        push(ex, ey, d2, 1.0f);
      }
      continue;
    }
    // Skip a cell that lies wholly beyond the fade.
    const float gx = std::max(0.0f, std::abs(p.x - cell.x) - cell.half), gy = std::max(0.0f, std::abs(p.y - cell.y) - cell.half);
    if (gx * gx + gy * gy >= fade2) continue;
    const float ex = p.x - cell.mx, ey = p.y - cell.my;
    const float d2 = ex * ex + ey * ey;
    const float side = 2.0f * cell.half;
    const bool inside = std::abs(p.x - cell.x) <= cell.half && std::abs(p.y - cell.y) <= cell.half;
    if (!inside && side * side < theta2 * d2) {
      if (d2 < fade2) push(ex, ey, d2, cell.mass);
      continue;
    }
    for (const auto child : cell.child)
      if (child >= 0) stack_.push_back(child);
  }
}

}  // namespace nanoscope::gui
