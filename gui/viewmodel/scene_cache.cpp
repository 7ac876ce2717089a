// Rebuild-on-change memos of the graph scene (with its mesh) and of the binned matrix.
#include "gui/viewmodel/scene_cache.hpp"

namespace nanoscope::gui {

const GraphScene& GraphSceneCache::get(const SceneKey& key, const Document& doc, const std::vector<Vec2>& positions,
                                       const std::vector<char>& selected, const std::vector<char>& focus_edges,
                                       const DiffPaint* diff) {
  if (valid_ && key == key_) return scene_;
  scene_ = build_scene(doc, positions, key.camera, key.filters, selected, key.hovered, key.limits, focus_edges, diff);
  mesh_ = build_mesh(scene_);
  key_ = key;
  valid_ = true;
  ++builds_;
  return scene_;
}

const MatrixScene& MatrixSceneCache::get(std::uint64_t revision, std::uint32_t max_bins, const Document& doc,
                                         const std::vector<char>& selected) {
  if (valid_ && revision == revision_ && max_bins == max_bins_) return scene_;
  scene_ = build_matrix_scene(doc, max_bins, selected);
  revision_ = revision;
  max_bins_ = max_bins;
  valid_ = true;
  ++builds_;
  return scene_;
}

}  // namespace nanoscope::gui
