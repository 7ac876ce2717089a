// GraphScene -> one triangle list: a quad per node and per edge, a triangle per arrowhead.
#include "gui/viewmodel/scene_mesh.hpp"

#include <cmath>

namespace nanoscope::gui {
namespace {

// One quad as two triangles; corners in order around the quad.
void push_quad(std::vector<MeshVertex>& out, const MeshVertex (&c)[4]) {
  for (int i : {0, 1, 2, 0, 2, 3}) out.push_back(c[i]);
}

MeshVertex vertex(float x, float y, float u, float v, Colour fill, Colour outline, float radius, float outline_width,
                  MeshShape shape) {
  return {x, y, u, v, fill, outline, radius, outline_width, static_cast<std::uint32_t>(shape), 0.0f};
}

}  // namespace

SceneMesh build_mesh(const GraphScene& scene) {
  SceneMesh mesh;
  mesh.vertices.reserve(6 * (scene.edges.size() + scene.nodes.size()) + 3 * scene.edges.size());
  for (const auto& e : scene.edges) {
    float dx = e.to.x - e.from.x, dy = e.to.y - e.from.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (!(len > 0.0f)) continue;
    dx /= len;
    dy /= len;
    const float half = 0.5f * e.width;
    const float reach = half + 1.0f;  // one pixel beyond the line for the anti-aliased rim
    const float nx = -dy * reach, ny = dx * reach;
    const float arrow = e.arrow ? 1.6f * (5.0f + e.width) : 0.0f;
    // The line stops where the arrowhead starts, so the two never blend over each other.
    const float tx = e.to.x - dx * arrow * 0.8f, ty = e.to.y - dy * arrow * 0.8f;
    push_quad(mesh.vertices, {vertex(e.from.x + nx, e.from.y + ny, 0, reach, e.colour, 0, half, 0, MeshShape::Stroke),
                              vertex(tx + nx, ty + ny, 0, reach, e.colour, 0, half, 0, MeshShape::Stroke),
                              vertex(tx - nx, ty - ny, 0, -reach, e.colour, 0, half, 0, MeshShape::Stroke),
                              vertex(e.from.x - nx, e.from.y - ny, 0, -reach, e.colour, 0, half, 0, MeshShape::Stroke)});
    ++mesh.edge_quads;
    if (e.arrow) {
      const float s = 5.0f + e.width;
      const float bx = e.to.x - dx * s * 1.6f, by = e.to.y - dy * s * 1.6f;
      // Solid triangle: v = 0 everywhere is the stroke's centre line, fully opaque.
      for (const auto& [x, y] : {std::pair{e.to.x, e.to.y}, std::pair{bx - dy * s * 0.7f, by + dx * s * 0.7f},
                                 std::pair{bx + dy * s * 0.7f, by - dx * s * 0.7f}})
        mesh.vertices.push_back(vertex(x, y, 0, 0, e.colour, 0, 1.0f, 0, MeshShape::Stroke));
      ++mesh.arrow_triangles;
    }
  }
  for (const auto& n : scene.nodes) {
    const bool square = n.segments == 0;
    const float outline = square ? 0.0f : (n.outline ? n.outline_width : 0.0f);
    const float reach = square ? n.radius : n.radius + outline + 1.0f;
    const auto shape = square ? MeshShape::Square : MeshShape::Disc;
    auto corner = [&](float sx, float sy) {
      return vertex(n.at.x + sx * reach, n.at.y + sy * reach, sx * reach, sy * reach, n.fill, n.outline, n.radius, outline,
                    shape);
    };
    push_quad(mesh.vertices, {corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)});
    ++mesh.node_quads;
  }
  return mesh;
}

}  // namespace nanoscope::gui
