// The dependency structure matrix: binned heatmap, knot blocks, selected rows, hover details.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/panels/panels.hpp"
#include "gui/viewmodel/matrix_scene.hpp"

namespace nanoscope::gui {

namespace {

// How to read the matrix, and under it the colour scale of the cells.
void draw_matrix_key() {
  ImGui::TextDisabled("rows call columns; services in a cycle are outlined diagonal blocks (the header's knots also count near-cliques)");
  ImGui::TextDisabled("cell colour: calls   1");
  ImGui::SameLine();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float w = 120.0f, h = 10.0f, top = at.y + 3;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int i = 0; i < 24; ++i) {
    const float x = at.x + w * static_cast<float>(i) / 24.0f;
    dl->AddRectFilled({x, top}, {x + w / 24.0f + 1, top + h}, heat(0.15 + 0.85 * i / 23.0));
  }
  ImGui::Dummy({w, h});
  ImGui::SameLine();
  ImGui::TextDisabled("most (log scale)");
}

}  // namespace

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
  // Rows and columns are numbered in the matrix order (column numbers on top, row numbers
  // left, every k-th when they would overlap); row names too when every row gets a line.
  const float digit = ImGui::CalcTextSize("0").x;
  const float number_w = static_cast<float>(std::to_string(std::max<std::size_t>(1, n)).size()) * digit + 8.0f;
  const float label_w = (n > 0 && (avail.y - 4 * text_h) / static_cast<float>(n) >= ImGui::GetFontSize()) ? 240.0f : number_w;
  const float side = std::max(60.0f, std::min(avail.x - label_w - 20.0f, avail.y - 4 * text_h));
  const auto& scene = app.matrix_scene(static_cast<std::uint32_t>(std::max(1.0f, side / 3.0f)));
  ImGui::Text("%s, %s, %s%s", counted(scene.size, "service", "services").c_str(),
              counted(doc.report().matrix.cells.size(), "dependency", "dependencies").c_str(),
              counted(doc.report().matrix.blocks.size(), "cycle block", "cycle blocks").c_str(), scene.per_bin > 1 ? " (binned)" : "");
  ImGui::SameLine();
  draw_matrix_key();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 grid(origin.x + label_w, origin.y + text_h);
  if (scene.bins == 0) return;
  const float cell = side / static_cast<float>(scene.bins);
  const auto ticks = matrix_ticks(scene, cell, digit, ImGui::GetFontSize());
  ImGui::InvisibleButton("matrix", {label_w + side, side + text_h});
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
  const float font = ImGui::GetFontSize();
  for (const auto& t : ticks) {  // column numbers above the grid, centred on their column
    const float w = ImGui::CalcTextSize(t.text.c_str()).x;
    dl->AddText({grid.x + (t.bin + 0.5f) * cell - w * 0.5f, origin.y + 1}, kLabelColour, t.text.c_str());
  }
  const bool names = !scene.labels.empty() && label_w > number_w;
  if (!names)
    for (const auto& t : ticks) {  // row numbers left of the grid
      const float w = ImGui::CalcTextSize(t.text.c_str()).x;
      dl->AddText({grid.x - 6 - w, grid.y + (t.bin + 0.5f) * cell - font * 0.5f}, kLabelColour, t.text.c_str());
    }
  if (names) {
    for (std::uint32_t i = 0; i < scene.bins; ++i) {
      const std::string name = std::to_string(i + 1) + "  " + scene.labels[i];
      const bool sel = std::binary_search(scene.highlighted.begin(), scene.highlighted.end(), i);
      const auto node = doc.report().matrix.order[i];
      const int knot = doc.facts()[node].knot;
      const Colour colour = sel ? kSelectionOutline : knot >= 0 ? knot_colour(static_cast<std::size_t>(knot)) : kLabelColour;
      const float w = ImGui::CalcTextSize(name.c_str()).x;
      dl->PushClipRect({origin.x, grid.y}, {grid.x - 4, grid.y + side}, true);
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
        ImGui::Text("%s", matrix_bin_names(doc, scene, row).c_str());
        ImGui::TextDisabled("  call");
        ImGui::Text("%s", matrix_bin_names(doc, scene, column).c_str());
      }
      if (it != scene.cells.end()) ImGui::Text("%s", counted(it->calls, "call", "calls").c_str());
      else ImGui::TextDisabled("no dependency");
      ImGui::EndTooltip();
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
        if (const auto node = matrix_node_at(doc, scene, row)) app.select(*node, io.KeyCtrl || io.KeyShift);
    }
  }
}

}  // namespace nanoscope::gui
