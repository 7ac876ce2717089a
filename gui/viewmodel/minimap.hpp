// The minimap's geometry: the graph's world bounds fitted into a small frame in a corner of the
// graph view, world <-> minimap transforms, the camera's viewport as a rectangle in the frame,
// and the camera centre a click in the frame asks for. The drawing is panels/minimap_panel.cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "gui/viewmodel/camera.hpp"

namespace nanoscope::gui {

/// An axis-aligned rectangle.
struct Rect {
  Vec2 min, max;
  bool operator==(const Rect&) const = default;
  [[nodiscard]] bool contains(Vec2 p) const { return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y; }
};

/// The minimap of one frame.
struct Minimap {
  Rect frame;         ///< on screen: the bottom-right corner of the camera's viewport
  Rect world;         ///< the world shown: the nodes' bounds plus a margin, centred in the frame
  float scale = 1.0f; ///< frame pixels per world unit (the same on both axes)

  [[nodiscard]] Vec2 to_frame(Vec2 world_point) const;
  [[nodiscard]] Vec2 to_world(Vec2 frame_point) const;
  /// What the camera sees, in frame pixels, clipped to the frame.
  [[nodiscard]] Rect viewport(const Camera& camera) const;
  /// Moves the camera so that the world point under `frame_point` is at the view's centre.
  void centre_camera(Camera& camera, Vec2 frame_point) const { camera.center = to_world(frame_point); }
};

/// Graphs with at least this many nodes show a minimap.
inline constexpr std::size_t kMinimapMinNodes = 20;

/// The minimap for `positions` in `camera`'s viewport: a frame at most `max_side` pixels on
/// its longer side (the world's aspect kept), `inset` pixels from the viewport's bottom-right
/// corner. Nullopt without nodes or when the viewport is too small to hold it.
[[nodiscard]] std::optional<Minimap> make_minimap(const std::vector<Vec2>& positions, const Camera& camera,
                                                  float max_side = 180.0f, float inset = 12.0f);

}  // namespace nanoscope::gui
