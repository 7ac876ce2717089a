// The graph canvas: paints GraphScene records, turns mouse input into camera moves,
// hover and selection, and shows tooltips (services and edges), a legend and the search box
// (Ctrl+F) with its ranked match list.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cmath>
#include <cstdio>

#include "gui/app/scene_renderer.hpp"
#include "gui/panels/panels.hpp"
#include "gui/viewmodel/data_tables.hpp"
#include "gui/viewmodel/graph_scene.hpp"

namespace nanoscope::gui {
namespace {

ImVec2 im(Vec2 v) { return {v.x, v.y}; }

// Fallback when the scene renderer is unavailable: ImGui's own shapes (many more triangles).
void paint_with_imgui(ImDrawList* dl, const GraphScene& scene) {
  const auto flags = dl->Flags;
  if (!scene.antialias_edges) dl->Flags &= ~ImDrawListFlags_AntiAliasedLines;
  for (const auto& e : scene.edges) {
    dl->AddLine(im(e.from), im(e.to), e.colour, e.width);
    if (e.arrow) {
      const float dx = e.to.x - e.from.x, dy = e.to.y - e.from.y, len = std::sqrt(dx * dx + dy * dy);
      const float ux = dx / len, uy = dy / len, s = 5.0f + e.width;
      dl->AddTriangleFilled(im(e.to), {e.to.x - ux * s * 1.6f - uy * s * 0.7f, e.to.y - uy * s * 1.6f + ux * s * 0.7f},
                            {e.to.x - ux * s * 1.6f + uy * s * 0.7f, e.to.y - uy * s * 1.6f - ux * s * 0.7f}, e.colour);
    }
  }
  dl->Flags = flags;
  for (const auto& n : scene.nodes) {
    if (n.segments == 0) {
      dl->AddRectFilled({n.at.x - n.radius, n.at.y - n.radius}, {n.at.x + n.radius, n.at.y + n.radius}, n.fill);
    } else {
      dl->AddCircleFilled(im(n.at), n.radius, n.fill, n.segments);
      if (n.outline) dl->AddCircle(im(n.at), n.radius + n.outline_width * 0.5f, n.outline, n.segments, n.outline_width);
    }
  }
}

void draw_legend(ImDrawList* dl, const AppModel& app, ImVec2 corner) {
  const float w = 160.0f, h = 10.0f;
  const ImVec2 at(corner.x + 12, corner.y - 40);
  if (app.filters.colour == ColourMode::Diff) {
    // Two rows: what the nodes and edges' colours mean, then the ring of a formed knot.
    struct Key { Colour colour; const char* text; bool line; };
    const Key rows[2][3] = {{{kDiffAdded, "added", false}, {kDiffRemoved, "removed", false}, {kDiffUnchanged, "on both sides", false}},
                            {{kDiffGrew, "edge grew (width: by how much)", true}, {kDiffShrank, "edge shrank", true}, {kDiffUnchanged, "edge unchanged", true}}};
    for (int row = 0; row < 2; ++row) {
      float x = at.x;
      const float y = at.y - 16.0f * static_cast<float>(1 - row);
      for (const auto& k : rows[row]) {
        if (k.line) dl->AddLine({x, y + 5}, {x + 16, y + 5}, k.colour, 3.0f);
        else dl->AddCircleFilled({x + 5, y + 5}, 5, k.colour);
        dl->AddText({x + (k.line ? 20 : 13), y - 2}, kLabelColour, k.text);
        x += (k.line ? 30 : 22) + ImGui::CalcTextSize(k.text).x;
      }
    }
    const ImVec2 k(at.x + 6, at.y + 26);
    dl->AddCircleFilled(k, 6, kDiffUnchanged);
    dl->AddCircle(k, 7, kDiffKnotRing, 16, 3.0f);
    dl->AddText({k.x + 14, k.y - 8}, kLabelColour, "in a knot that formed");
    return;
  }
  if (app.filters.colour == ColourMode::Latency) {
    for (int i = 0; i < 32; ++i) {
      const float x = at.x + w * i / 32.0f;
      dl->AddRectFilled({x, at.y}, {x + w / 32.0f + 1, at.y + h}, heat(i / 31.0));
    }
    dl->AddText({at.x, at.y + h + 2}, kLabelColour, "100us");
    dl->AddText({at.x + w * 0.5f - 12, at.y + h + 2}, kLabelColour, "10ms");
    dl->AddText({at.x + w - 18, at.y + h + 2}, kLabelColour, "1s");
    dl->AddText({at.x, at.y - 18}, kLabelColour, "mean latency");
    dl->AddRectFilled({at.x + w + 12, at.y}, {at.x + w + 22, at.y + h}, kNoData);  // no latency samples
    dl->AddText({at.x + w + 26, at.y - 3}, kLabelColour, "no data");
  } else {
    // Two rows: application and storage kinds, then infrastructure kinds.
    const model::ServiceKind rows[2][5] = {
        {model::ServiceKind::Service, model::ServiceKind::Database, model::ServiceKind::Cache,
         model::ServiceKind::Broker, model::ServiceKind::External},
        {model::ServiceKind::Telemetry, model::ServiceKind::FeatureFlags, model::ServiceKind::Registry,
         model::ServiceKind::Gateway, model::ServiceKind::Sidecar}};
    for (int row = 0; row < 2; ++row) {
      float x = at.x;
      const float y = at.y - 16.0f * static_cast<float>(1 - row);
      for (auto k : rows[row]) {
        dl->AddCircleFilled({x + 5, y + 5}, 5, kind_colour(k));
        const auto name = model::to_string(k);
        dl->AddText({x + 13, y - 2}, kLabelColour, name.data(), name.data() + name.size());
        x += 22 + ImGui::CalcTextSize(name.data(), name.data() + name.size()).x;
      }
    }
  }
  if (app.document().knot_count() > 0) {
    const ImVec2 k(at.x + w + 100, at.y + 5);
    dl->AddCircleFilled(k, 6, knot_colour(0));
    dl->AddCircle(k, 6, kKnotOutline, 16, 2.0f);
    dl->AddText({k.x + 12, k.y - 8}, kLabelColour, "knot (services in a cycle)");
  }
}

void draw_tooltip(const AppModel& app, std::uint32_t node) {
  const auto& doc = app.document();
  const auto& n = doc.report().services.nodes[node];
  const auto& f = doc.facts()[node];
  const auto& m = doc.report().metrics[node];
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(n.name.c_str());
  ImGui::Separator();
  ImGui::Text("kind %s, %s", std::string(model::to_string(n.kind)).c_str(), counted(n.operations.size(), "operation", "operations").c_str());
  if (f.has_latency)
    ImGui::Text("traffic %llu, mean latency %.2f ms", static_cast<unsigned long long>(f.traffic), f.latency_us / 1000.0);
  else
    ImGui::Text("traffic %llu, no latency data", static_cast<unsigned long long>(f.traffic));
  ImGui::Text("calls in %llu from %s", static_cast<unsigned long long>(f.calls_in), counted(m.fan_in, "service", "services").c_str());
  ImGui::Text("calls out %llu to %s", static_cast<unsigned long long>(f.calls_out), counted(m.fan_out, "service", "services").c_str());
  if (f.knot >= 0) ImGui::TextColored(ImColor(knot_colour(static_cast<std::size_t>(f.knot))), "member of knot %d", f.knot + 1);
  ImGui::TextDisabled(app.node_pinned(node) ? "pinned (drag to move; unpin in the inspector)" : "drag to move and pin");
  ImGui::EndTooltip();
}

void draw_edge_tooltip(const AppModel& app, std::uint32_t edge) {
  const auto lines = edge_summary(app.document(), edge);
  if (lines.empty()) return;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(lines.front().c_str());
  ImGui::Separator();
  for (std::size_t i = 1; i < lines.size(); ++i) ImGui::TextUnformatted(lines[i].c_str());
  ImGui::EndTooltip();
}

void frame_node(AppModel& app, std::uint32_t node) {
  app.select(node, false);
  app.fit_camera({node});
  app.user_moved_camera();
}

// The search row above the canvas: the box, the match count, previous/next, and while the
// box is in use the ranked match list (click or Enter frames a match).
void draw_search(AppModel& app, UiState& ui) {
  if (ui.focus_search) {
    ImGui::SetKeyboardFocusHere();
    ui.focus_search = false;
  }
  ImGui::SetNextItemWidth(260);
  const bool enter = ImGui::InputTextWithHint("##search", "find service (Ctrl+F)", &app.filters.search,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  const bool typing = ImGui::IsItemActive();
  const ImVec2 below(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y + 2);
  const auto& matches = ui.search.update(app.document(), app.revision(), app.filters.search);
  if (app.filters.search.empty() || matches.empty()) ui.search_list_hovered = false;
  if (app.filters.search.empty()) return;
  ImGui::SameLine();
  ImGui::TextDisabled("%s", ui.search.count_text().c_str());
  if (matches.empty()) return;
  ImGui::SameLine();
  if (ImGui::SmallButton("<")) if (auto n = ui.search.step(-1)) frame_node(app, *n);
  ImGui::SameLine();
  if (ImGui::SmallButton(">")) if (auto n = ui.search.step(1)) frame_node(app, *n);
  ImGui::SameLine();
  if (ImGui::SmallButton("clear")) app.filters.search.clear();
  if (enter) {
    if (auto n = ui.search.choose(ui.search.current())) frame_node(app, *n);
    ImGui::SetKeyboardFocusHere(-1);  // stay in the box for the next query
  }
  static constexpr const char* kKinds[] = {"exact", "prefix", "contains"};
  // Open while typing, and while the pointer is over it (so a click on a match lands).
  if (typing || ui.search_list_hovered) {
    ImGui::SetNextWindowPos(below);
    ImGui::SetNextWindowSizeConstraints({260, 0}, {420, ImGui::GetTextLineHeightWithSpacing() * 12.5f});
    ImGui::SetNextWindowBgAlpha(0.92f);
    ImGui::Begin("##search-matches", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing |
                     ImGuiWindowFlags_NoSavedSettings);
    ui.search_list_hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    const auto& nodes = app.document().report().services.nodes;
    ImGuiListClipper clipper;  // one-line rows: the clipper's fixed height is right
    clipper.Begin(static_cast<int>(matches.size()), ImGui::GetTextLineHeightWithSpacing());
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const auto& m = matches[static_cast<std::size_t>(i)];
        ImGui::PushID(i);
        if (ImGui::Selectable(nodes[m.node].name.c_str(), static_cast<std::size_t>(i) == ui.search.current()))
          if (auto n = ui.search.choose(static_cast<std::size_t>(i))) frame_node(app, *n);
        ImGui::SameLine(300);
        ImGui::TextDisabled("%s", kKinds[static_cast<int>(m.kind)]);
        ImGui::PopID();
      }
    ImGui::End();
  } else {
    ui.search_list_hovered = false;
  }
}

}  // namespace

void draw_graph_panel(AppModel& app, UiState& ui) {
  SceneRenderer* renderer = ui.renderer;
  if (!app.document().empty()) draw_search(app, ui);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.x = std::max(size.x, 50.0f);
  size.y = std::max(size.y, 50.0f);
  app.set_canvas({origin.x, origin.y}, {size.x, size.y});
  ImGui::InvisibleButton("graph-canvas", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered();
  const auto& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0.0f) {
    app.camera.zoom_at({io.MousePos.x, io.MousePos.y}, std::pow(1.15f, io.MouseWheel));
    app.user_moved_camera();
  }
  // Left-press on a node drags it (and pins it where dropped); elsewhere, or with the right
  // button, dragging pans.
  if (ImGui::IsItemActivated()) {
    ui.dragged_node = ImGui::IsMouseDown(ImGuiMouseButton_Left) ? app.hovered : -1;
    ui.node_moved = false;
  }
  if (ImGui::IsItemActive() && ui.dragged_node >= 0 && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
    app.drag_node(static_cast<std::uint32_t>(ui.dragged_node), app.camera.to_world({io.MousePos.x, io.MousePos.y}));
    ui.node_moved = true;
  } else if (ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f) ||
                                       ImGui::IsMouseDragging(ImGuiMouseButton_Right, 3.0f))) {
    app.camera.pan(io.MouseDelta.x, io.MouseDelta.y);
    app.user_moved_camera();
  }
  if (ImGui::IsItemDeactivated()) {
    if (ui.dragged_node >= 0 && ui.node_moved) app.end_node_drag();
    ui.dragged_node = -1;
  }

  const auto& scene = app.graph_scene();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 corner(origin.x + size.x, origin.y + size.y);
  dl->PushClipRect(origin, corner, true);
  // The window background already is the canvas colour: no extra full-size fill.
  draw_group_boxes(dl, app);
  if (renderer && renderer->ok()) {
    renderer->queue(dl, app.graph_mesh(), app.graph_scene_builds());
  } else {
    paint_with_imgui(dl, scene);
  }
  const auto& nodes = app.document().report().services.nodes;
  for (const auto& n : scene.nodes) {
    if (!n.label) continue;
    const char* text = nodes[n.node].name.c_str();
    const ImVec2 extent = ImGui::CalcTextSize(text);
    // The scene estimated the label's width; centre the real text on the estimate's side.
    float x = n.label_at.x;
    if (n.label_side == LabelSide::Left) x = n.at.x - n.radius - 4 - extent.x;
    if (n.label_side == LabelSide::Above || n.label_side == LabelSide::Below) x = n.at.x - extent.x * 0.5f;
    const ImVec2 at(x, n.label_at.y);
    // A dark backdrop keeps labels readable over dense nodes and edges.
    dl->AddRectFilled({at.x - 2, at.y}, {at.x + extent.x + 2, at.y + extent.y}, IM_COL32(20, 22, 28, 170), 3.0f);
    dl->AddText(at, kLabelColour, text);
  }
  char stats[320];
  std::snprintf(stats, sizeof stats, "%s shown (%zu filtered, %zu off screen, %zu hidden under others), %s (%zu thinned)%s",
                counted(scene.shown_nodes, "service", "services").c_str(), scene.filtered_nodes, scene.culled_nodes,
                scene.covered_nodes, counted(scene.shown_edges, "edge", "edges").c_str(), scene.thinned_edges,
                app.layout_settled() ? "" : ", layout running");
  dl->AddText({origin.x + 10, origin.y + 8}, IM_COL32(170, 175, 185, 255), stats);
  if (app.document().empty())
    dl->AddText({origin.x + size.x * 0.5f - 170, origin.y + size.y * 0.5f}, kLabelColour,
                "Drop trace, metrics or manifest files here, or use File > Open");
  else
    draw_legend(dl, app, {origin.x, corner.y});
  dl->PopClipRect();

  draw_graph_overlays(app, origin, size);

  const auto under = hovered ? pick_node(scene, {io.MousePos.x, io.MousePos.y}) : std::nullopt;
  app.hovered = under ? static_cast<int>(*under) : -1;
  if (under) draw_tooltip(app, *under);
  else if (hovered && !ImGui::IsItemActive())
    if (const auto edge = pick_edge(scene, {io.MousePos.x, io.MousePos.y})) draw_edge_tooltip(app, *edge);
  if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
      ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x * ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x +
              ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).y * ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).y <
          9.0f) {
    if (under) app.select(*under, io.KeyCtrl || io.KeyShift);
    else if (!io.KeyCtrl && !io.KeyShift) app.clear_selection();
  }
}

}  // namespace nanoscope::gui
