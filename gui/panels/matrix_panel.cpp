// The dependency structure matrix: binned heatmap, knot blocks, selected rows, hover details.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/panels/panels.hpp"
#include "gui/viewmodel/matrix_scene.hpp"

namespace nanoscope::gui {

void draw_matrix_panel(AppModel& app) {
  const auto& doc = app.document();
  if (doc.empty()) {
    ImGui::TextDisabled("No graph open.");
    return;
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const std::size_t n = doc.report().matrix.order.size();
  const float text_h = ImGui::GetTextLineHeightWithSpacing();
  // Labels only fit when every row gets at least a line of text.
  const float label_w = (n > 0 && (avail.y - 2 * text_h) / static_cast<float>(n) >= ImGui::GetFontSize()) ? 220.0f : 0.0f;
  const float side = std::max(60.0f, std::min(avail.x - label_w - 20.0f, avail.y - 2 * text_h));
  const auto scene = build_matrix_scene(doc, static_cast<std::uint32_t>(std::max(1.0f, side / 3.0f)), app.selection_mask());
  ImGui::Text("%u services, %zu dependencies, %zu knots%s  (rows call columns; callers above callees, cycles as diagonal blocks)",
              scene.size, doc.report().matrix.cells.size(), doc.report().matrix.blocks.size(),
              scene.per_bin > 1 ? " - binned" : "");
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 grid(origin.x + label_w, origin.y);
  if (scene.bins == 0) return;
  const float cell = side / static_cast<float>(scene.bins);
  ImGui::InvisibleButton("matrix", {label_w + side, side});
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(grid, {grid.x + side, grid.y + side}, kCanvasBackground);
  for (auto bin : scene.highlighted) {
    const float p = bin * cell;
    dl->AddRectFilled({grid.x, grid.y + p}, {grid.x + side, grid.y + p + cell}, IM_COL32(255, 214, 10, 40));
    dl->AddRectFilled({grid.x + p, grid.y}, {grid.x + p + cell, grid.y + side}, IM_COL32(255, 214, 10, 40));
  }
  if (cell >= 6.0f)
    for (std::uint32_t i = 0; i <= scene.bins; ++i) {
      dl->AddLine({grid.x, grid.y + i * cell}, {grid.x + side, grid.y + i * cell}, IM_COL32(255, 255, 255, 18));
      dl->AddLine({grid.x + i * cell, grid.y}, {grid.x + i * cell, grid.y + side}, IM_COL32(255, 255, 255, 18));
    }
  for (std::uint32_t i = 0; i < scene.bins; ++i)  // the diagonal: a service and itself
    dl->AddRectFilled({grid.x + i * cell, grid.y + i * cell}, {grid.x + (i + 1) * cell, grid.y + (i + 1) * cell},
                      IM_COL32(60, 64, 74, 255));
  const float gap = cell >= 6.0f ? 1.0f : 0.0f;
  for (const auto& c : scene.cells)
    dl->AddRectFilled({grid.x + c.column * cell + gap, grid.y + c.row * cell + gap},
                      {grid.x + (c.column + 1) * cell - gap, grid.y + (c.row + 1) * cell - gap}, c.colour);
  for (const auto& b : scene.blocks)
    dl->AddRect({grid.x + b.first * cell, grid.y + b.first * cell}, {grid.x + b.end * cell, grid.y + b.end * cell},
                b.colour, 0.0f, 0, 2.5f);
  if (!scene.labels.empty() && label_w > 0) {
    const float font = ImGui::GetFontSize();
    for (std::uint32_t i = 0; i < scene.bins; ++i) {
      const auto& name = scene.labels[i];
      const bool sel = std::binary_search(scene.highlighted.begin(), scene.highlighted.end(), i);
      const auto node = doc.report().matrix.order[i];
      const int knot = doc.facts()[node].knot;
      const Colour colour = sel ? kSelectionOutline : knot >= 0 ? knot_colour(static_cast<std::size_t>(knot)) : kLabelColour;
      const float w = ImGui::CalcTextSize(name.c_str()).x;
      dl->PushClipRect(origin, {grid.x - 4, origin.y + side}, true);
      dl->AddText({std::max(origin.x, grid.x - 6 - w), grid.y + i * cell + (cell - font) * 0.5f}, colour, name.c_str());
      dl->PopClipRect();
    }
  }
  if (hovered) {
    const auto& io = ImGui::GetIO();
    const float fx = (io.MousePos.x - grid.x) / cell, fy = (io.MousePos.y - grid.y) / cell;
    if (fx >= 0 && fy >= 0 && fx < scene.bins && fy < scene.bins) {
      const auto row = static_cast<std::uint32_t>(fy), column = static_cast<std::uint32_t>(fx);
      const auto it = std::find_if(scene.cells.begin(), scene.cells.end(),
                                   [&](const auto& c) { return c.row == row && c.column == column; });
      ImGui::BeginTooltip();
      if (scene.per_bin == 1) {
        ImGui::Text("%s -> %s", scene.labels[row].c_str(), scene.labels[column].c_str());
      } else {
        ImGui::Text("rows %u-%u -> columns %u-%u", row * scene.per_bin + 1, (row + 1) * scene.per_bin,
                    column * scene.per_bin + 1, (column + 1) * scene.per_bin);
      }
      if (it != scene.cells.end()) ImGui::Text("%llu calls", static_cast<unsigned long long>(it->calls));
      else ImGui::TextDisabled("no dependency");
      ImGui::EndTooltip();
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
        if (const auto node = matrix_node_at(doc, scene, row)) app.select(*node, io.KeyCtrl || io.KeyShift);
    }
  }
}

}  // namespace nanoscope::gui
