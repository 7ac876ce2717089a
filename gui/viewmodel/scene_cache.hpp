// Keeps the graph canvas's scene and mesh while nothing they depend on changed (document,
// layout, selection, camera, filters, hover, detail limits), so an idle or static frame only
// repaints: no rebuild, no re-upload. Also keeps the binned matrix per document and size.
#pragma once

#include <cstdint>

#include "gui/viewmodel/graph_scene.hpp"
#include "gui/viewmodel/matrix_scene.hpp"
#include "gui/viewmodel/scene_mesh.hpp"

namespace nanoscope::gui {

/// Everything build_scene reads besides the document, positions, selection and focused edges
/// and the diff's colours (which the owner summarises in `revision`, bumped whenever any of them
/// changes).
struct SceneKey {
  std::uint64_t revision = 0;
  Camera camera;
  GraphFilters filters;
  int hovered = -1;
  DetailLimits limits;
  bool operator==(const SceneKey&) const = default;
};

/// Memo of the last graph scene and its mesh.
class GraphSceneCache {
 public:
  /// The scene for `key`; rebuilt with build_scene (and meshed) only when `key` differs
  /// from the last call's.
  const GraphScene& get(const SceneKey& key, const Document& doc, const std::vector<Vec2>& positions,
                        const std::vector<char>& selected, const std::vector<char>& focus_edges = {},
                        const DiffPaint* diff = nullptr);
  [[nodiscard]] const SceneMesh& mesh() const { return mesh_; }
  /// Number of rebuilds so far; also identifies the mesh (upload when it changes).
  [[nodiscard]] std::uint64_t builds() const { return builds_; }

 private:
  bool valid_ = false;
  SceneKey key_;
  GraphScene scene_;
  SceneMesh mesh_;
  std::uint64_t builds_ = 0;
};

/// Memo of the last binned matrix.
class MatrixSceneCache {
 public:
  const MatrixScene& get(std::uint64_t revision, std::uint32_t max_bins, const Document& doc,
                         const std::vector<char>& selected);
  [[nodiscard]] std::uint64_t builds() const { return builds_; }

 private:
  bool valid_ = false;
  std::uint64_t revision_ = 0;
  std::uint32_t max_bins_ = 0;
  MatrixScene scene_;
  std::uint64_t builds_ = 0;
};

}  // namespace nanoscope::gui
