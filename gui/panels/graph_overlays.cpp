// Overlays of the graph canvas: group boxes behind the services, the layout and grouping
// selector with the groups' legend (top right), and the minimap (bottom right; a click or drag
// in it moves the camera). Geometry comes from the view-models (node_groups, minimap).
#include <imgui.h>

#include <string>

#include "gui/panels/panels.hpp"
#include "gui/viewmodel/minimap.hpp"

namespace nanoscope::gui {
namespace {

ImVec2 im(Vec2 v) { return {v.x, v.y}; }

constexpr ImGuiWindowFlags kOverlayFlags = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;

void draw_selector(AppModel& app, ImVec2 origin, ImVec2 size) {
  const float width = 400.0f;
  const auto& groups = app.groups();
  const bool legend = app.group_mode() != GroupMode::None && !groups.names.empty();
  const std::size_t shown = legend ? std::min<std::size_t>(groups.names.size(), 10) : 0;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float rows = static_cast<float>(shown + (legend && groups.names.size() > shown ? 1 : 0));
  const float height = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y * 2 + line * rows;
  ImGui::SetCursorScreenPos({origin.x + size.x - width - 10.0f, origin.y + 30.0f});
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(22, 24, 30, 225));
  if (ImGui::BeginChild("graph-layout-selector", {width, height}, true, kOverlayFlags)) {
    int kind = app.layout_kind() == LayoutKind::Layered ? 1 : 0;
    ImGui::SetNextItemWidth(90);
    if (ImGui::Combo("layout", &kind, "force\0layered\0")) app.set_layout_kind(kind ? LayoutKind::Layered : LayoutKind::Force);
    ImGui::SameLine();
    int mode = static_cast<int>(app.group_mode());
    ImGui::SetNextItemWidth(80);
    if (ImGui::Combo("group", &mode, "none\0system\0kind\0")) app.set_group_mode(static_cast<GroupMode>(mode));
    ImGui::SameLine();
    ImGui::Checkbox("minimap", &app.show_minimap);
    for (std::size_t g = 0; g < shown; ++g) {
      const ImVec2 at = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddRectFilled({at.x, at.y + 3}, {at.x + 12, at.y + 15}, with_alpha(group_colour(g), 200));
      ImGui::SetCursorScreenPos({at.x + 18, at.y});
      ImGui::Text("%s (%s)", groups.names[g].c_str(), counted(groups.sizes[g], "service", "services").c_str());
    }
    if (groups.names.size() > shown && legend) ImGui::TextDisabled("and %zu more groups", groups.names.size() - shown);
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

void draw_minimap(AppModel& app) {
  const auto& positions = app.positions();
  if (!app.show_minimap || positions.size() < kMinimapMinNodes) return;
  const auto map = make_minimap(positions, app.camera);
  if (!map) return;
  const ImVec2 lo = im(map->frame.min), hi = im(map->frame.max);
  ImGui::SetCursorScreenPos(lo);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(16, 18, 22, 235));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
  if (ImGui::BeginChild("graph-minimap", {hi.x - lo.x, hi.y - lo.y}, true, kOverlayFlags)) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& nodes = app.document().report().services.nodes;
    const auto& mask = app.selection_mask();
    for (std::size_t i = 0; i < positions.size() && i < nodes.size(); ++i) {
      const Vec2 p = map->to_frame(positions[i]);
      const bool selected = i < mask.size() && mask[i];
      const float r = selected ? 2.5f : 1.2f;
      dl->AddRectFilled({p.x - r, p.y - r}, {p.x + r, p.y + r}, selected ? kSelectionOutline : kind_colour(nodes[i].kind));
    }
    const Rect view = map->viewport(app.camera);
    dl->AddRect(im(view.min), im(view.max), IM_COL32(255, 255, 255, 200), 0.0f, 0, 1.5f);
    if (ImGui::IsWindowHovered() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      const ImVec2 mouse = ImGui::GetIO().MousePos;
      map->centre_camera(app.camera, {mouse.x, mouse.y});
      app.user_moved_camera();
    }
  }
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
}

}  // namespace

void draw_group_boxes(ImDrawList* dl, const AppModel& app) {
  if (app.group_mode() == GroupMode::None) return;
  const auto& groups = app.groups();
  for (const auto& box : group_boxes(groups, app.positions())) {
    const Vec2 lo = app.camera.to_screen(box.lo), hi = app.camera.to_screen(box.hi);
    const Colour c = group_colour(box.group);
    dl->AddRectFilled(im(lo), im(hi), with_alpha(c, 36), 6.0f);
    dl->AddRect(im(lo), im(hi), with_alpha(c, 150), 6.0f, 0, 1.5f);
    dl->AddText({lo.x + 6, lo.y + 4}, with_alpha(c, 230), groups.names[box.group].c_str());
  }
}

void draw_graph_overlays(AppModel& app, ImVec2 origin, ImVec2 size) {
  if (app.document().empty()) return;
  const ImVec2 cursor = ImGui::GetCursorScreenPos();
  draw_selector(app, origin, size);
  draw_minimap(app);
  ImGui::SetCursorScreenPos(cursor);
}

}  // namespace nanoscope::gui
