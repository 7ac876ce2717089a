// Binning and colouring of the dependency structure matrix.
#include "gui/viewmodel/matrix_scene.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace nanoscope::gui {

MatrixScene build_matrix_scene(const Document& doc, std::uint32_t max_bins, const std::vector<char>& selected) {
  MatrixScene scene;
  if (doc.empty()) return scene;
  const auto& m = doc.report().matrix;
  scene.size = static_cast<std::uint32_t>(m.order.size());
  if (scene.size == 0) return scene;
  const auto binned = analysis::bin_matrix(m, max_bins);
  scene.per_bin = binned.per_bin;
  scene.bins = binned.bins;
  std::uint64_t max_calls = 1;
  for (const auto& c : binned.cells) max_calls = std::max(max_calls, c.calls);
  const double log_max = std::log1p(static_cast<double>(max_calls));
  for (const auto& c : binned.cells) {
    MatrixBinDraw d{c.row, c.column, 0, c.calls};
    d.colour = c.calls == 0 ? rgba(110, 110, 120) : heat(0.15 + 0.85 * std::log1p(static_cast<double>(c.calls)) / log_max);
    scene.cells.push_back(d);
  }
  // Blocks take the colour of the knot their services were drawn with in the graph.
  for (const auto& block : m.blocks) {
    MatrixBlockDraw d{block.first / scene.per_bin, (block.first + block.size - 1) / scene.per_bin + 1, kKnotOutline};
    const int knot = doc.facts()[m.order[block.first]].knot;
    if (knot >= 0) d.colour = knot_colour(static_cast<std::size_t>(knot));
    scene.blocks.push_back(d);
  }
  for (std::uint32_t pos = 0; pos < scene.size; ++pos) {
    const auto node = m.order[pos];
    if (node < selected.size() && selected[node]) {
      const auto bin = pos / scene.per_bin;
      if (scene.highlighted.empty() || scene.highlighted.back() != bin) scene.highlighted.push_back(bin);
    }
  }
  if (scene.per_bin == 1)
    for (auto node : m.order) scene.labels.push_back(doc.report().services.nodes[node].name);
  return scene;
}

std::vector<MatrixTick> matrix_ticks(const MatrixScene& scene, float cell_px, float digit_px, float min_spacing_px) {
  std::vector<MatrixTick> ticks;
  if (scene.bins == 0 || !(cell_px > 0.0f)) return ticks;
  const auto digits = std::to_string(std::max<std::uint32_t>(1, scene.size)).size();
  const float label_px = std::max(min_spacing_px, static_cast<float>(digits) * digit_px + 4.0f);  // widest number plus a gap
  std::uint32_t step = 1;
  for (std::uint32_t base = 1; static_cast<float>(step) * cell_px < label_px; base *= 10) {
    for (std::uint32_t m : {1u, 2u, 5u}) {
      step = base * m;
      if (static_cast<float>(step) * cell_px >= label_px) break;
    }
    if (base > scene.bins) break;
  }
  // Round numbers: bins step, 2 step, ... (every bin when step is 1).
  for (std::uint32_t bin = step - 1; bin < scene.bins; bin += step)
    ticks.push_back({bin, std::to_string(std::min(scene.size, (bin + 1) * scene.per_bin))});
  return ticks;
}

std::string matrix_bin_names(const Document& doc, const MatrixScene& scene, std::uint32_t bin, std::size_t max_names) {
  const auto& order = doc.report().matrix.order;
  const std::size_t first = std::min<std::size_t>(order.size(), static_cast<std::size_t>(bin) * scene.per_bin);
  const std::size_t end = std::min<std::size_t>(order.size(), first + scene.per_bin);
  std::string out;
  for (std::size_t k = first; k < end && k - first < max_names; ++k)
    out += (k > first ? ", " : "") + doc.report().services.nodes[order[k]].name;
  if (end - first > max_names) out += " and " + std::to_string(end - first - max_names) + " more";
  return out;
}

std::optional<std::uint32_t> matrix_node_at(const Document& doc, const MatrixScene& scene, std::uint32_t bin) {
  if (scene.per_bin != 1 || bin >= scene.size) return std::nullopt;
  return doc.report().matrix.order[bin];
}

}  // namespace nanoscope::gui
