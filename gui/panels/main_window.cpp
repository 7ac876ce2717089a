// The main window: menu bar, the four views as tabs, the side column and a status bar with
// import progress and messages.
#include <imgui.h>

#include <cstdio>
#include <string>

#include "gui/panels/panels.hpp"

namespace nanoscope::gui {
namespace {

void draw_menu(AppModel& app, UiState& ui) {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open...", "Ctrl+O")) ui.show_browser = true;
    if (ImGui::MenuItem("Export report", nullptr, false, !app.document().empty())) app.export_report(ui.export_path);
    if (ImGui::MenuItem("Export PNG of view")) ui.png_request = ui.png_path;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) ui.quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Edit")) {
    if (ImGui::MenuItem("Undo", "Ctrl+Z", false, app.history().can_undo())) app.undo();
    if (ImGui::MenuItem("Redo", "Ctrl+Y", false, app.history().can_redo())) app.redo();
    if (ImGui::MenuItem("Merge selected", "Ctrl+M", false, app.selected_nodes().size() >= 2)) app.merge_selected();
    if (ImGui::MenuItem("Split selected...", nullptr, false, app.primary() >= 0)) app.begin_split();
    if (ImGui::MenuItem("Clear selection", "Esc")) app.clear_selection();
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Fit graph", "F")) app.fit_camera();
    ImGui::EndMenu();
  }
  const auto& doc = app.document();
  if (!doc.empty()) {
    const std::string text = "   " + counted(doc.report().services.nodes.size(), "service", "services") + ", " +
                             counted(doc.report().services.edges.size(), "dependency", "dependencies") + ", " +
                             counted(doc.report().findings.size(), "finding", "findings") + ", " +
                             counted(doc.knot_count(), "knot", "knots");
    ImGui::TextDisabled("%s", text.c_str());
  }
  ImGui::EndMenuBar();
}

void handle_shortcuts(AppModel& app, UiState& ui) {
  const auto& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) app.undo();
  if (io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), false)) app.redo();
  if (io.KeyCtrl && ImGui::IsKeyPressed('M', false)) app.merge_selected();
  if (io.KeyCtrl && ImGui::IsKeyPressed('O', false)) ui.show_browser = true;
  if (io.KeyCtrl && ImGui::IsKeyPressed('Q', false)) ui.quit = true;
  if (!io.KeyCtrl && ImGui::IsKeyPressed('F', false)) app.fit_camera();
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) app.clear_selection();
}

void draw_status(AppModel& app) {
  if (app.importing()) {
    const auto& p = app.import_progress();
    ImGui::ProgressBar(static_cast<float>(p.fraction()), {260, 0}, p.stage().c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("cancel")) app.cancel_import();
    ImGui::SameLine();
  }
  const auto& messages = app.messages();
  if (messages.empty()) {
    ImGui::TextDisabled("%s", app.sources().empty() ? "no input" : app.sources().front().c_str());
    return;
  }
  const auto& last = messages.back();
  ImGui::TextColored(last.error ? ImColor(235, 80, 70) : ImColor(240, 190, 80), "%s%s", last.text.c_str(),
                     messages.size() > 1 ? "  (more in Messages)" : "");
  ImGui::SameLine();
  if (ImGui::SmallButton("dismiss")) app.clear_messages();
}

}  // namespace

void draw_main_window(AppModel& app, UiState& ui) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings |
                                 // glClear paints the background: a full-window quad would cost a screen of
                                 // blending per frame under software rendering.
                                 ImGuiWindowFlags_NoBackground;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("nanoscope", nullptr, flags);
  ImGui::PopStyleVar();
  draw_menu(app, ui);
  handle_shortcuts(app, ui);

  const float side_width = 360.0f;
  const float status_height = ImGui::GetFrameHeightWithSpacing() + 4;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ImGui::BeginChild("views", {avail.x - side_width - 8, avail.y - status_height});
  if (ImGui::BeginTabBar("view-tabs")) {
    const char* names[] = {"Graph", "Matrix", "Findings", "Economics"};
    const ViewKind kinds[] = {ViewKind::Graph, ViewKind::Matrix, ViewKind::Findings, ViewKind::Economics};
    // A programmatic switch (command line, focusing a finding) selects the tab once.
    if (app.view != ui.shown) ui.force_view = true;
    for (int i = 0; i < 4; ++i) {
      const ImGuiTabItemFlags tab_flags = ui.force_view && app.view == kinds[i] ? ImGuiTabItemFlags_SetSelected : 0;
      if (ImGui::BeginTabItem(names[i], nullptr, tab_flags)) {
        if (!ui.force_view) app.view = kinds[i];
        ui.shown = app.view;
        switch (kinds[i]) {
          case ViewKind::Graph: draw_graph_panel(app, ui.renderer); break;
          case ViewKind::Matrix: draw_matrix_panel(app); break;
          case ViewKind::Findings: draw_findings_panel(app); break;
          case ViewKind::Economics: draw_economics_panel(app); break;
        }
        ImGui::EndTabItem();
      }
    }
    ui.force_view = false;
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("side", {side_width, avail.y - status_height}, true);
  if (ImGui::CollapsingHeader("Inspector", ImGuiTreeNodeFlags_DefaultOpen)) draw_inspector_panel(app);
  if (ImGui::CollapsingHeader("Granularity, filters", ImGuiTreeNodeFlags_DefaultOpen)) draw_controls_panel(app);
  if (ImGui::CollapsingHeader("Simulation", ImGuiTreeNodeFlags_DefaultOpen)) draw_simulation_panel(app);
  if (ImGui::CollapsingHeader("Export")) draw_export_panel(app, ui);
  if (!app.messages().empty() && ImGui::CollapsingHeader("Messages")) {
    for (const auto& m : app.messages())
      ImGui::TextColored(m.error ? ImColor(235, 80, 70) : ImColor(240, 190, 80), "%s", m.text.c_str());
  }
  ImGui::EndChild();
  draw_status(app);
  ImGui::End();
  draw_file_browser(app, ui);
}

}  // namespace nanoscope::gui
