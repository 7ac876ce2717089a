// Draws the graph canvas's SceneMesh with one OpenGL call from inside ImGui's draw list
// (ImDrawList::AddCallback): its own small shader shades discs, squares and anti-aliased
// strokes per pixel, and the vertex buffer is uploaded only when the mesh changed.
#pragma once

#include <cstdint>
#include <string>

#include "gui/viewmodel/scene_mesh.hpp"

struct ImDrawList;
struct ImDrawCmd;

namespace nanoscope::gui {

class SceneRenderer {
 public:
  /// Loads the OpenGL 3.3 entry points and builds the shader; needs a current context.
  /// On failure ok() is false and error() says why (the canvas then paints with ImGui).
  SceneRenderer();
  ~SceneRenderer();
  SceneRenderer(const SceneRenderer&) = delete;
  SceneRenderer& operator=(const SceneRenderer&) = delete;

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] const std::string& error() const { return error_; }
  /// Queues `mesh` into `list` at the current clip rectangle; `generation` identifies the
  /// mesh (same generation: no re-upload). The mesh must live until the frame is rendered.
  void queue(ImDrawList* list, const SceneMesh& mesh, std::uint64_t generation);
  /// Call at the start of every frame (frame statistics count what that frame drew).
  void begin_frame() { last_triangles_ = 0; }
  /// Triangles drawn in the last frame (frame statistics).
  [[nodiscard]] std::size_t last_triangles() const { return last_triangles_; }
  [[nodiscard]] std::uint64_t uploads() const { return uploads_; }

 private:
  static void on_draw(const ImDrawList* list, const ImDrawCmd* cmd);
  void draw(const float clip[4]);

  bool ok_ = false;
  std::string error_;
  unsigned program_ = 0, vao_ = 0, vbo_ = 0;
  int projection_ = -1;
  const SceneMesh* mesh_ = nullptr;
  std::uint64_t generation_ = 0, uploaded_ = ~std::uint64_t{0};
  std::size_t capacity_ = 0, last_triangles_ = 0;
  std::uint64_t uploads_ = 0;
};

}  // namespace nanoscope::gui
