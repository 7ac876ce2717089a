// The graph canvas: paints GraphScene records, turns mouse input into camera moves,
// hover and selection, and shows a tooltip and a legend.
#include <imgui.h>

#include <cmath>
#include <cstdio>

#include "gui/app/scene_renderer.hpp"
#include "gui/panels/panels.hpp"
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
  if (app.filters.colour == ColourMode::Latency) {
    for (int i = 0; i < 32; ++i) {
      const float x = at.x + w * i / 32.0f;
      dl->AddRectFilled({x, at.y}, {x + w / 32.0f + 1, at.y + h}, heat(i / 31.0));
    }
    dl->AddText({at.x, at.y + h + 2}, kLabelColour, "100us");
    dl->AddText({at.x + w * 0.5f - 12, at.y + h + 2}, kLabelColour, "10ms");
    dl->AddText({at.x + w - 18, at.y + h + 2}, kLabelColour, "1s");
    dl->AddText({at.x, at.y - 18}, kLabelColour, "mean latency");
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
    const ImVec2 k(at.x + w + 30, at.y + 5);
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
  ImGui::Text("kind %s, %zu operations", std::string(model::to_string(n.kind)).c_str(), n.operations.size());
  ImGui::Text("traffic %llu, mean latency %.2f ms", static_cast<unsigned long long>(f.traffic), f.latency_us / 1000.0);
  ImGui::Text("calls in %llu from %u services", static_cast<unsigned long long>(f.calls_in), m.fan_in);
  ImGui::Text("calls out %llu to %u services", static_cast<unsigned long long>(f.calls_out), m.fan_out);
  if (f.knot >= 0) ImGui::TextColored(ImColor(knot_colour(static_cast<std::size_t>(f.knot))), "member of knot %d", f.knot + 1);
  ImGui::EndTooltip();
}

}  // namespace

void draw_graph_panel(AppModel& app, SceneRenderer* renderer) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.x = std::max(size.x, 50.0f);
  size.y = std::max(size.y, 50.0f);
  app.camera.origin = {origin.x, origin.y};
  app.camera.size = {size.x, size.y};
  ImGui::InvisibleButton("graph-canvas", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered();
  const auto& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0.0f) {
    app.camera.zoom_at({io.MousePos.x, io.MousePos.y}, std::pow(1.15f, io.MouseWheel));
    app.user_moved_camera();
  }
  if (ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f) ||
                                ImGui::IsMouseDragging(ImGuiMouseButton_Right, 3.0f))) {
    app.camera.pan(io.MouseDelta.x, io.MouseDelta.y);
    app.user_moved_camera();
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
  const float font = ImGui::GetFontSize();
  for (const auto& n : scene.nodes) {
    if (!n.label) continue;
    const char* text = nodes[n.node].name.c_str();
    const ImVec2 at(n.label_left ? n.at.x - n.radius - 4 - ImGui::CalcTextSize(text).x : n.at.x + n.radius + 4,
                    n.at.y - font * 0.5f);
    dl->AddText({at.x + 1, at.y + 1}, IM_COL32(0, 0, 0, 200), text);
    dl->AddText(at, kLabelColour, text);
  }
  char stats[256];
  std::snprintf(stats, sizeof stats, "%zu services shown (%zu filtered, %zu off screen, %zu hidden under others), %zu edges (%zu thinned)%s",
                scene.shown_nodes, scene.filtered_nodes, scene.culled_nodes, scene.covered_nodes, scene.shown_edges, scene.thinned_edges,
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
  if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
      ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x * ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).x +
              ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).y * ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f).y <
          9.0f) {
    if (under) app.select(*under, io.KeyCtrl || io.KeyShift);
    else if (!io.KeyCtrl && !io.KeyShift) app.clear_selection();
  }
}

}  // namespace nanoscope::gui
