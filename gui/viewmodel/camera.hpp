// The graph canvas camera: world (layout) units to screen pixels, pan, zoom about a point,
// and fitting a set of points into the viewport.
#pragma once

#include <algorithm>
#include <vector>

#include "gui/viewmodel/layout_engine.hpp"

namespace nanoscope::gui {

/// Maps world to screen: screen = (world - center) * zoom + viewport centre.
struct Camera {
  Vec2 center;
  float zoom = 1.0f;          ///< pixels per world unit
  Vec2 origin;                ///< top-left of the viewport on screen
  Vec2 size{800.0f, 600.0f};  ///< viewport size in pixels
  bool operator==(const Camera&) const = default;

  [[nodiscard]] Vec2 to_screen(Vec2 w) const {
    return {(w.x - center.x) * zoom + origin.x + size.x * 0.5f, (w.y - center.y) * zoom + origin.y + size.y * 0.5f};
  }
  [[nodiscard]] Vec2 to_world(Vec2 s) const {
    return {(s.x - origin.x - size.x * 0.5f) / zoom + center.x, (s.y - origin.y - size.y * 0.5f) / zoom + center.y};
  }
  /// Moves the view by a screen-space drag.
  void pan(float dx_px, float dy_px) {
    center.x -= dx_px / zoom;
    center.y -= dy_px / zoom;
  }
  /// Zooms by `factor`, keeping the world point under `screen` where it is.
  void zoom_at(Vec2 screen, float factor) {
    const Vec2 before = to_world(screen);
    zoom = std::clamp(zoom * factor, 1e-4f, 1e3f);
    const Vec2 after = to_world(screen);
    center.x += before.x - after.x;
    center.y += before.y - after.y;
  }
  /// Centres and zooms so every point (plus `margin` world units) is visible.
  void fit(const std::vector<Vec2>& points, float margin = 40.0f) {
    if (points.empty()) return;
    Vec2 lo = points[0], hi = points[0];
    for (const auto& p : points) {
      lo = {std::min(lo.x, p.x), std::min(lo.y, p.y)};
      hi = {std::max(hi.x, p.x), std::max(hi.y, p.y)};
    }
    center = {(lo.x + hi.x) * 0.5f, (lo.y + hi.y) * 0.5f};
    const float w = hi.x - lo.x + 2 * margin, h = hi.y - lo.y + 2 * margin;
    zoom = std::clamp(std::min(size.x / w, size.y / h), 1e-4f, 4.0f);
  }
};

}  // namespace nanoscope::gui
