// Findings list, worst first; selecting one focuses the graph on its services.
#include <imgui.h>

#include <cstdio>
#include <string>

#include "gui/panels/panels.hpp"

namespace nanoscope::gui {

void draw_findings_panel(AppModel& app) {
  const auto& doc = app.document();
  if (doc.empty()) {
    ImGui::TextDisabled("No graph open.");
    return;
  }
  const auto& findings = doc.report().findings;
  int counts[3] = {0, 0, 0};
  for (const auto& f : findings) ++counts[static_cast<int>(f.severity)];
  ImGui::Text("%zu findings:", findings.size());
  const analysis::Severity order[] = {analysis::Severity::High, analysis::Severity::Medium, analysis::Severity::Low};
  for (auto s : order) {
    ImGui::SameLine();
    ImGui::TextColored(ImColor(severity_colour(s)), "%d %s", counts[static_cast<int>(s)], std::string(to_string(s)).c_str());
  }
  ImGui::SameLine();
  ImGui::TextDisabled("   (click a row to show it in the graph)");
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("findings", 5, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("severity", ImGuiTableColumnFlags_WidthFixed, 70.0f);
  ImGui::TableSetupColumn("kind", ImGuiTableColumnFlags_WidthFixed, 170.0f);
  ImGui::TableSetupColumn("services", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("traffic", ImGuiTableColumnFlags_WidthFixed, 60.0f);
  ImGui::TableSetupColumn("explanation", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(findings.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const auto& f = findings[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::PushID(i);
      const bool selected = app.focused_finding() == i;
      ImGui::PushStyleColor(ImGuiCol_Text, ImColor(severity_colour(f.severity)).Value);
      if (ImGui::Selectable(std::string(to_string(f.severity)).c_str(), selected, ImGuiSelectableFlags_SpanAllColumns))
        app.focus_finding(static_cast<std::size_t>(i));
      ImGui::PopStyleColor();
      ImGui::PopID();
      ImGui::TableSetColumnIndex(1);
      if (f.kind == analysis::FindingKind::Knot) {
        int knot = -1;
        if (!f.services.empty()) {
          const int node = doc.find_node(f.services.front());
          if (node >= 0) knot = doc.facts()[node].knot;
        }
        ImGui::TextColored(ImColor(knot_colour(static_cast<std::size_t>(std::max(0, knot)))), "%s",
                           std::string(to_string(f.kind)).c_str());
      } else {
        ImGui::TextUnformatted(std::string(to_string(f.kind)).c_str());
      }
      ImGui::TextDisabled("%s", f.rule.c_str());
      ImGui::TableSetColumnIndex(2);
      std::string services;
      for (std::size_t s = 0; s < f.services.size() && s < 8; ++s) services += (s ? ", " : "") + f.services[s];
      if (f.services.size() > 8) services += ", ... (" + std::to_string(f.services.size()) + ")";
      ImGui::TextWrapped("%s", services.c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::Text("%.1f%%", f.traffic_share * 100.0);
      ImGui::TableSetColumnIndex(4);
      ImGui::TextWrapped("%s", f.explanation.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace nanoscope::gui
