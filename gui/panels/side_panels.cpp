// Side-column panels: granularity slider with undo/redo and filters, background simulation,
// export, and the file browser window.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/panels/panels.hpp"
#include "sim/simulation_report.hpp"

namespace nanoscope::gui {

void draw_controls_panel(AppModel& app) {
  const auto& doc = app.document();
  const auto& slider = app.slider();
  if (!doc.empty() && slider.positions() > 0) {
    // One position per level of the economics family: every position is a priced level.
    int level = static_cast<int>(app.level());
    const int hi = static_cast<int>(slider.positions()) - 1;
    ImGui::Text("Granularity: monolith .. one operation per service");
    ImGui::SetNextItemWidth(-1);
    const bool changed = ImGui::SliderInt("##granularity", &level, 0, hi, "");
    const bool released = ImGui::IsItemDeactivatedAfterEdit();
    const ImVec2 lo_corner = ImGui::GetItemRectMin(), hi_corner = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string text = slider.text(static_cast<std::size_t>(level));
    const ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
    dl->AddText({(lo_corner.x + hi_corner.x - text_size.x) * 0.5f, (lo_corner.y + hi_corner.y - text_size.y) * 0.5f},
                ImGui::GetColorU32(ImGuiCol_Text), text.c_str());
    const auto best = app.best_level();
    if (best && hi > 0) {
      // The best level as a green tick under the slider, where its grab would stand (ImGui's
      // slider geometry: 2 px padding, a grab of width / (positions) at least GrabMinSize).
      const float pad = 2.0f, width = hi_corner.x - lo_corner.x - 2 * pad;
      const float grab = std::max(width / static_cast<float>(hi + 1), ImGui::GetStyle().GrabMinSize);
      const float x = lo_corner.x + pad + grab * 0.5f + (width - grab) * static_cast<float>(*best) / static_cast<float>(hi);
      dl->AddTriangleFilled({x, hi_corner.y - 1}, {x - 5, hi_corner.y + 6}, {x + 5, hi_corner.y + 6}, IM_COL32(110, 200, 120, 255));
      ImGui::Dummy({0, 4});
    }
    // Large graphs re-analyse on release only, so dragging stays fluid.
    const bool large = doc.report().services.nodes.size() > 3000;
    if (changed && !large) app.set_level(static_cast<std::size_t>(level), true);
    if (released) {
      if (large) app.set_level(static_cast<std::size_t>(level), false);
      app.end_drag();
    }
    ImGui::TextDisabled("today: %s", slider.text(slider.observed_position()).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("reset")) app.set_level(slider.observed_position());
    if (best) {
      ImGui::BeginDisabled(app.at_level() && app.level() == *best);
      if (ImGui::SmallButton("apply best")) app.apply_best_level();
      ImGui::EndDisabled();
      ImGui::SameLine();
      ImGui::TextColored(ImColor(110, 200, 120), "%s in %s", slider.text(*best).c_str(),
                         app.economics.eras()[app.economics.era()].name.c_str());
    }
    if (!app.at_level())
      ImGui::TextDisabled("current: %s, edited (not a level)", business_services_text(business_services(doc.graph(), doc.partition())).c_str());
  }
  ImGui::BeginDisabled(!app.history().can_undo());
  if (ImGui::Button("Undo")) app.undo();
  ImGui::EndDisabled();
  if (app.history().can_undo()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", app.history().undo_label().c_str());
  }
  ImGui::BeginDisabled(!app.history().can_redo());
  if (ImGui::Button("Redo")) app.redo();
  ImGui::EndDisabled();
  if (app.history().can_redo()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", app.history().redo_label().c_str());
  }
  ImGui::Separator();
  // The search box is on the graph canvas (Ctrl+F), with its ranked match list.
  ImGui::Checkbox("hide databases, caches, brokers, infrastructure", &app.filters.hide_infrastructure);
  int min_calls = static_cast<int>(app.filters.min_calls);
  ImGui::SetNextItemWidth(120);
  if (ImGui::InputInt("minimum calls", &min_calls, 1, 100)) app.filters.min_calls = static_cast<std::uint64_t>(std::max(0, min_calls));
  int colour = static_cast<int>(app.filters.colour);
  ImGui::Text("colour by");
  ImGui::SameLine();
  ImGui::RadioButton("latency", &colour, static_cast<int>(ColourMode::Latency));
  ImGui::SameLine();
  ImGui::RadioButton("kind", &colour, static_cast<int>(ColourMode::Kind));
  if (app.diff_open()) {  // the diff's colours are offered only while a diff is open
    ImGui::SameLine();
    ImGui::RadioButton("diff", &colour, static_cast<int>(ColourMode::Diff));
  }
  app.filters.colour = static_cast<ColourMode>(colour);
}

namespace {

const ImColor kWarning(240, 190, 80);

// One row of the results table: what, before -> after -> change with its 95% interval; a
// change whose interval holds zero is greyed and says "n.s.".
void delta_row(const char* what, const session::Delta& d, const char* format) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(what);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", what);
  ImGui::TableNextColumn();
  ImGui::Text(format, d.before);
  ImGui::TableNextColumn();
  ImGui::Text(format, d.after);
  ImGui::TableNextColumn();
  const std::string change = sim::change_text(d.change);
  if (d.significant()) ImGui::TextUnformatted(change.c_str());
  else ImGui::TextDisabled("%s", change.c_str());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("after - before, paired by seed: %+.4g, 95%% interval [%.4g, %.4g] over %u replications%s",
                      d.change.mean, d.low(), d.high(), d.change.samples,
                      d.significant() ? "" : "\nnot significant: the interval contains 0");
}

void draw_simulation_controls(AppModel& app) {
  auto& controls = app.simulation_controls;
  const float field = std::max(90.0f, ImGui::GetContentRegionAvail().x * 0.35f);
  double rate = controls.rate_per_s();
  ImGui::SetNextItemWidth(field);
  if (ImGui::InputDouble("requests/s", &rate, 0.0, 0.0, "%.4g")) controls.set_rate(rate);
  ImGui::SameLine();
  ImGui::TextDisabled("input %.3g", controls.input_rate_per_s());
  double duration = controls.duration_s();
  ImGui::SetNextItemWidth(field);
  if (ImGui::InputDouble("simulated s", &duration, 0.0, 0.0, "%.4g")) controls.set_duration(duration);
  int replications = controls.replications();
  ImGui::SetNextItemWidth(field);
  if (ImGui::InputInt("replications", &replications, 1, 5)) controls.set_replications(replications);
  ImGui::SameLine();
  if (ImGui::SmallButton("defaults")) controls.restore_defaults();
  if (!controls.error().empty()) ImGui::TextColored(ImColor(235, 80, 70), "%s", controls.error().c_str());
  else if (!controls.traffic().no_request_reason.empty())
    ImGui::TextColored(kWarning, "%s", controls.traffic().no_request_reason.c_str());
  else
    ImGui::TextDisabled("about %.0f measured requests per replication", controls.traffic().expected_requests);
}

}  // namespace

void draw_simulation_panel(AppModel& app) {
  if (app.simulating()) {
    const auto& p = app.simulation_progress();
    ImGui::ProgressBar(static_cast<float>(p.fraction()), {-1, 0}, p.stage().c_str());
    if (ImGui::Button("Cancel simulation")) app.cancel_simulation();
    return;
  }
  ImGui::PushTextWrapPos(0.0f);
  if (!app.document().empty()) draw_simulation_controls(app);
  ImGui::BeginDisabled(app.document().empty() || !app.simulation_controls.error().empty());
  if (ImGui::Button("Simulate: today vs current partition")) app.start_simulation();
  ImGui::EndDisabled();
  const auto& result = app.simulation();
  if (!result) {
    ImGui::PopTextWrapPos();
    return;
  }
  ImGui::TextDisabled("%u replication%s per side%s, %.1f s", result->replications, result->replications == 1 ? "" : "s",
                      result->cancelled ? " (cancelled)" : "", result->wall_seconds);
  if (!result->no_request_reason.empty()) ImGui::TextColored(kWarning, "%s", result->no_request_reason.c_str());
  ImGui::PopTextWrapPos();
  if (result->replications == 0) return;
  auto& figure = app.simulation_controls.figure;
  int shown = static_cast<int>(figure);
  ImGui::Text("latency");
  for (const auto f : {LatencyFigure::Mean, LatencyFigure::P50, LatencyFigure::P99}) {
    ImGui::SameLine();
    ImGui::RadioButton(latency_name(f), &shown, static_cast<int>(f));
  }
  figure = static_cast<LatencyFigure>(shown);
  // Columns fit their contents and can be dragged wider; the table scrolls sideways rather
  // than clip a number when the column is narrow.
  const float rows = static_cast<float>(std::min<std::size_t>(result->entries.size() + 4, 14));
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable("sim", 4, flags, {0, ImGui::GetTextLineHeightWithSpacing() * (rows + 1.5f)})) {
    ImGui::TableSetupScrollFreeze(1, 1);
    // The name column starts at a third of the panel (long operation names are cut, whole in
    // the tooltip); the number columns fit their contents.
    ImGui::TableSetupColumn("per request", ImGuiTableColumnFlags_WidthFixed, ImGui::GetContentRegionAvail().x * 0.34f);
    ImGui::TableSetupColumn("before");
    ImGui::TableSetupColumn("after");
    ImGui::TableSetupColumn("change ±95%");
    ImGui::TableHeadersRow();
    delta_row("remote calls", result->remote_calls_per_request, "%.2f");
    delta_row("CPU ms", result->cpu_ms_per_request, "%.3f");
    delta_row("throughput /s", result->throughput_per_s, "%.1f");
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s ms of", latency_name(figure));
    for (const auto& e : result->entries) delta_row(e.operation.c_str(), latency_delta(e, figure), "%.2f");
    ImGui::EndTable();
  }
}

void draw_export_panel(AppModel& app, UiState& ui) {
  ImGui::SetNextItemWidth(-90);
  ImGui::InputText("##report", &ui.export_path);
  ImGui::SameLine();
  if (ImGui::Button("Report")) app.export_report(ui.export_path);
  ImGui::SetNextItemWidth(-90);
  ImGui::InputText("##png", &ui.png_path);
  ImGui::SameLine();
  if (ImGui::Button("PNG")) ui.png_request = ui.png_path;
  ImGui::SetNextItemWidth(-90);
  ImGui::InputText("##partition", &ui.partition_path);
  ImGui::SameLine();
  if (ImGui::Button("Partition")) app.export_partition(ui.partition_path);
  ImGui::SetNextItemWidth(-90);
  ImGui::InputText("##session", &ui.session_path);
  ImGui::SameLine();
  if (ImGui::Button("Session")) app.save_session(ui.session_path);
}

void draw_file_browser(AppModel& app, UiState& ui) {
  if (!ui.show_browser) return;
  if (ui.browser.folder().empty()) ui.browser.open(".");
  ImGui::SetNextWindowSize({560, 440}, ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Open files", &ui.show_browser)) {
    ImGui::End();
    return;
  }
  ImGui::TextWrapped("%s", ui.browser.folder().c_str());
  if (!ui.browser.error().empty()) ImGui::TextColored(ImColor(235, 80, 70), "%s", ui.browser.error().c_str());
  if (ImGui::Button("Up")) ui.browser.enter("..");
  ImGui::SameLine();
  const auto chosen = ui.browser.selected_paths();
  ImGui::BeginDisabled(chosen.empty() || app.importing());
  if (ImGui::Button("Open selected")) {
    app.request_open(chosen);  // asks first when edits would be lost (the main window's prompt)
    ui.show_browser = false;
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(chosen.empty() || app.document().empty() || app.diffing());
  if (ImGui::Button("Compare with selected")) {  // File > Compare with...: the open graph is "before"
    app.compare_with(chosen);
    ui.show_browser = false;
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(chosen.size() != 1 || app.importing());
  if (ImGui::Button("Open as session")) {
    app.request_open_session(chosen.front());
    ui.show_browser = false;
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("double-click a folder to enter it");
  ImGui::BeginChild("entries");
  std::string enter;
  for (std::size_t i = 0; i < ui.browser.entries().size(); ++i) {
    const auto& e = ui.browser.entries()[i];
    char label[512];
    if (e.directory) std::snprintf(label, sizeof label, "[%s]", e.name.c_str());
    else std::snprintf(label, sizeof label, "%s  (%.1f kB)", e.name.c_str(), static_cast<double>(e.bytes) / 1024.0);
    if (ImGui::Selectable(label, e.selected, ImGuiSelectableFlags_AllowDoubleClick)) {
      if (e.directory && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) enter = e.name;
      else ui.browser.toggle(i);
    }
  }
  ImGui::EndChild();
  if (!enter.empty()) ui.browser.enter(enter);
  ImGui::End();
}

}  // namespace nanoscope::gui
