// Minimap geometry: bounds, fit, transforms, viewport, clicks.
#include "gui/viewmodel/minimap.hpp"

#include <algorithm>

namespace nanoscope::gui {

Vec2 Minimap::to_frame(Vec2 w) const {
  return {frame.min.x + (w.x - world.min.x) * scale, frame.min.y + (w.y - world.min.y) * scale};
}

Vec2 Minimap::to_world(Vec2 f) const {
  return {world.min.x + (f.x - frame.min.x) / scale, world.min.y + (f.y - frame.min.y) / scale};
}

Rect Minimap::viewport(const Camera& camera) const {
  const Vec2 lo = to_frame(camera.to_world(camera.origin));
  const Vec2 hi = to_frame(camera.to_world({camera.origin.x + camera.size.x, camera.origin.y + camera.size.y}));
  auto clamp = [&](Vec2 p) {
    return Vec2{std::clamp(p.x, frame.min.x, frame.max.x), std::clamp(p.y, frame.min.y, frame.max.y)};
  };
  return {clamp(lo), clamp(hi)};
}

std::optional<Minimap> make_minimap(const std::vector<Vec2>& positions, const Camera& camera, float max_side,
                                    float inset) {
  if (positions.empty() || max_side <= 0.0f) return std::nullopt;
  if (camera.size.x < 2 * (max_side + inset) || camera.size.y < 2 * (max_side + inset)) return std::nullopt;
  Vec2 lo = positions[0], hi = positions[0];
  for (const auto& p : positions) {
    lo = {std::min(lo.x, p.x), std::min(lo.y, p.y)};
    hi = {std::max(hi.x, p.x), std::max(hi.y, p.y)};
  }
  // A margin of half the ideal link length, and never a zero-width world (one node, a line).
  const float margin = 0.5f * kLayoutSpacing;
  lo = {lo.x - margin, lo.y - margin};
  hi = {hi.x + margin, hi.y + margin};
  const float w = hi.x - lo.x, h = hi.y - lo.y;
  Minimap m;
  m.scale = max_side / std::max(w, h);
  const Vec2 size{w * m.scale, h * m.scale};
  const Vec2 corner{camera.origin.x + camera.size.x - inset, camera.origin.y + camera.size.y - inset};
  m.frame = {{corner.x - size.x, corner.y - size.y}, corner};
  m.world = {lo, hi};
  return m;
}

}  // namespace nanoscope::gui
