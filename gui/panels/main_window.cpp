// The main window: menu bar, the four views as tabs, the side column and a status bar with
// import progress and messages.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/panels/panels.hpp"

namespace nanoscope::gui {
namespace {

// The session file Save writes: the one opened or saved last, else the Export panel's field.
std::string session_file(const AppModel& app, const UiState& ui) {
  return app.session_path().empty() ? ui.session_path : app.session_path();
}

// "Discard unsaved edits?" while an open, a drop or closing waits (AppModel decides; this asks).
void draw_discard_prompt(AppModel& app, UiState& ui) {
  if (app.pending() == PendingKind::None) return;
  if (!ImGui::IsPopupOpen("Discard unsaved edits?")) ImGui::OpenPopup("Discard unsaved edits?");
  if (!ImGui::BeginPopupModal("Discard unsaved edits?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const char* what = app.pending() == PendingKind::Close ? "Closing" : "Opening another file";
  ImGui::Text("%s discards the edits made since the document was opened or saved.", what);
  ImGui::TextDisabled("Save session writes %s", session_file(app, ui).c_str());
  if (ImGui::Button("Save session")) app.resolve_pending(DiscardChoice::SaveSession, session_file(app, ui));
  ImGui::SameLine();
  if (ImGui::Button("Discard")) app.resolve_pending(DiscardChoice::Discard);
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
    app.resolve_pending(DiscardChoice::Cancel);
  if (app.pending() == PendingKind::None) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void draw_menu(AppModel& app, UiState& ui) {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open...", "Ctrl+O")) ui.show_browser = true;
    if (ImGui::MenuItem("Open session...")) ui.show_browser = true;  // pick the file, then "Open as session"
    if (ImGui::BeginMenu("Recent files", !app.recent.entries().empty())) {
      for (const auto& entry : app.recent.entries()) {
        if (!ImGui::MenuItem(RecentFiles::label(entry).c_str())) continue;
        if (entry.session) app.request_open_session(entry.paths.front());
        else app.request_open(entry.paths);
        break;  // the list may change under the loop
      }
      ImGui::EndMenu();
    }
    const bool open = !app.document().empty();
    // The open graph is "before"; the file chosen in the browser ("Compare with selected") is "after".
    if (ImGui::MenuItem("Compare with...", nullptr, false, open)) ui.show_browser = true;
    if (ImGui::MenuItem("Close diff", nullptr, false, app.diff_open())) app.close_diff();
    ImGui::Separator();
    if (ImGui::MenuItem("Save session", "Ctrl+S", false, open)) app.save_session(session_file(app, ui));
    if (ImGui::MenuItem("Export partition", nullptr, false, open)) app.export_partition(ui.partition_path);
    if (ImGui::MenuItem("Export report", nullptr, false, open)) app.export_report(ui.export_path);
    if (ImGui::MenuItem("Export PNG of view")) ui.png_request = ui.png_path;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) app.request_close();
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
    if (ImGui::MenuItem("Find service", "Ctrl+F")) {
      app.view = ViewKind::Graph;
      ui.focus_search = true;
    }
    ImGui::EndMenu();
  }
  const auto& doc = app.document();
  if (!doc.empty()) {
    // One definition of each count for the whole window (service_counts.hpp).
    ImGui::TextDisabled("   %s%s", header_text(doc).c_str(), app.dirty() ? " (unsaved edits)" : "");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("services: every node of the service graph (databases, infrastructure... included)\n"
                        "business services: those the slider and the economics count and price\n"
                        "knots: knot findings (cycles and near-cliques of services)");
  }
  ImGui::EndMenuBar();
}

void handle_shortcuts(AppModel& app, UiState& ui) {
  const auto& io = ImGui::GetIO();
  if (io.KeyCtrl && ImGui::IsKeyPressed('F', false)) {  // GLFW letter keys are their ASCII codes
    app.view = ViewKind::Graph;
    ui.focus_search = true;
  }
  if (io.WantTextInput) return;
  if (io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) app.undo();
  if (io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), false)) app.redo();
  if (io.KeyCtrl && ImGui::IsKeyPressed('M', false)) app.merge_selected();
  if (io.KeyCtrl && ImGui::IsKeyPressed('O', false)) ui.show_browser = true;
  if (io.KeyCtrl && ImGui::IsKeyPressed('Q', false)) app.request_close();
  if (io.KeyCtrl && ImGui::IsKeyPressed('S', false) && !app.document().empty()) app.save_session(session_file(app, ui));
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
  if (app.diffing()) {
    const auto& p = app.diff_progress();
    ImGui::ProgressBar(static_cast<float>(p.fraction()), {260, 0}, ("diff: " + p.stage()).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("cancel diff")) app.cancel_diff();
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

// The vertical bar between the views and the side column: dragging it resizes the column.
void draw_splitter(UiState& ui, ImVec2 size) {
  ImGui::InvisibleButton("##side-splitter", size);
  const bool active = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
  if (active || hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  if (active) ui.side_width -= ImGui::GetIO().MouseDelta.x;
  const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
  const float x = (lo.x + hi.x) * 0.5f;
  ImGui::GetWindowDrawList()->AddLine({x, lo.y}, {x, hi.y},
                                      ImGui::GetColorU32(active ? ImGuiCol_SeparatorActive
                                                                : hovered ? ImGuiCol_SeparatorHovered : ImGuiCol_Separator),
                                      2.0f);
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

  const float status_height = ImGui::GetFrameHeightWithSpacing() + 4;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // The side column is as wide as the user dragged the splitter, leaving the views at least
  // kMinViews pixels (a narrow window shrinks the column first).
  constexpr float kSplitter = 8.0f, kMinSide = 240.0f, kMinViews = 320.0f;
  ui.side_width = std::clamp(ui.side_width, kMinSide, std::max(kMinSide, avail.x - kSplitter - kMinViews));
  const float side_width = ui.side_width;
  ImGui::BeginChild("views", {avail.x - side_width - kSplitter, avail.y - status_height});
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
          case ViewKind::Graph:
            if (app.diff_open()) {  // the diff's graph above its table of changes
              ImGui::BeginChild("diff-graph", {0, ImGui::GetContentRegionAvail().y * 0.64f});
              draw_graph_panel(app, ui);
              ImGui::EndChild();
              draw_diff_panel(app, ui);
            } else {
              draw_graph_panel(app, ui);
            }
            break;
          case ViewKind::Matrix: draw_matrix_panel(app); break;
          case ViewKind::Findings: draw_findings_panel(app, ui); break;
          case ViewKind::Economics: draw_economics_panel(app); break;
        }
        ImGui::EndTabItem();
      }
    }
    ui.force_view = false;
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ImGui::SameLine(0.0f, 0.0f);
  draw_splitter(ui, {kSplitter, avail.y - status_height});
  ImGui::SameLine(0.0f, 0.0f);
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
  draw_discard_prompt(app, ui);
  if (app.close_allowed()) ui.quit = true;
}

}  // namespace nanoscope::gui
