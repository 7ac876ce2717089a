// The graph canvas as one triangle list for a single draw call: every node is one quad
// (a disc or square shaded per pixel, outline and anti-aliased rim included) and every edge
// one quad (anti-aliased across its width) plus an optional arrowhead triangle. Software
// OpenGL pays per triangle, so this replaces ImGui's tens of triangles per circle.
#pragma once

#include <cstdint>
#include <vector>

#include "gui/viewmodel/graph_scene.hpp"

namespace nanoscope::gui {

/// How the fragment shader shades a vertex's shape.
enum class MeshShape : std::uint32_t {
  Disc = 0,    ///< filled circle of `radius` with an `outline_width` ring outside it
  Square = 1,  ///< solid fill, no rim
  Stroke = 2,  ///< line: `v` is the distance from the centre line, `radius` the half width
};

/// One vertex (screen pixels). 40 bytes, laid out for glVertexAttribPointer.
struct MeshVertex {
  float x = 0.0f, y = 0.0f;  ///< screen position
  float u = 0.0f, v = 0.0f;  ///< offset from the disc centre, or (along, across) a stroke
  Colour fill = 0;           ///< RGBA, red in the lowest byte
  Colour outline = 0;
  float radius = 0.0f;       ///< disc radius or stroke half width, pixels
  float outline_width = 0.0f;
  std::uint32_t shape = 0;   ///< MeshShape
  float pad = 0.0f;
};
static_assert(sizeof(MeshVertex) == 40, "MeshVertex is uploaded as is");

/// Triangles of one scene, back to front (edges, then nodes in the scene's order).
struct SceneMesh {
  std::vector<MeshVertex> vertices;  ///< three per triangle
  std::size_t node_quads = 0;
  std::size_t edge_quads = 0;
  std::size_t arrow_triangles = 0;
  [[nodiscard]] std::size_t triangles() const { return vertices.size() / 3; }
};

/// Builds the mesh of `scene` (pixels are the scene's screen coordinates).
[[nodiscard]] SceneMesh build_mesh(const GraphScene& scene);

}  // namespace nanoscope::gui
