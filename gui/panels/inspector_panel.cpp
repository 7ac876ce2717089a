// The inspector: the selected service's metrics, operations and findings, with merge and
// split (operations dragged between groups).
#include <imgui.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "gui/panels/panels.hpp"
#include "gui/viewmodel/inspector_view.hpp"

namespace nanoscope::gui {
namespace {

void draw_split_editor(AppModel& app) {
  auto& split = app.split_editor();
  const auto& graph = app.document().graph();
  ImGui::Separator();
  ImGui::Text("Split %s: drag operations between groups", split.service().c_str());
  const auto& groups = split.groups();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    ImGui::PushID(static_cast<int>(g));
    // The title line, one line per operation (at least one empty drop line) and the border padding.
    const float height = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(std::max<std::size_t>(2, groups[g].size() + 1)) +
                         ImGui::GetStyle().WindowPadding.y * 2;
    ImGui::BeginChild("group", {0, height}, true);
    ImGui::TextColored(ImColor(kSelectionOutline), "%s", split.group_name(app.document(), g).c_str());
    for (auto op : groups[g]) {
      ImGui::PushID(static_cast<int>(op));
      ImGui::Selectable(graph.operation(op).name.c_str());
      if (ImGui::BeginDragDropSource()) {
        ImGui::SetDragDropPayload("NANOSCOPE_OP", &op, sizeof op);
        ImGui::TextUnformatted(graph.operation(op).name.c_str());
        ImGui::EndDragDropSource();
      }
      ImGui::PopID();
    }
    ImGui::EndChild();
    if (ImGui::BeginDragDropTarget()) {
      if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload("NANOSCOPE_OP")) {
        model::OperationId op = 0;
        std::memcpy(&op, payload->Data, sizeof op);
        split.move(op, g);
      }
      ImGui::EndDragDropTarget();
    }
    ImGui::PopID();
  }
  if (ImGui::Button("Add group")) split.add_group();
  ImGui::SameLine();
  if (ImGui::Button("Apply split") && !app.apply_split()) app.add_message(true, "a split needs two non-empty groups");
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) split.cancel();
}

}  // namespace

void draw_inspector_panel(AppModel& app) {
  const auto& doc = app.document();
  const auto selected = app.selected_nodes();
  if (selected.size() >= 2) {
    ImGui::Text("%zu services selected", selected.size());
    if (ImGui::Button("Merge selected services")) app.merge_selected();
    ImGui::SameLine();
  }
  const int primary = app.primary();
  if (primary < 0) {
    ImGui::TextDisabled("Click a service to inspect it; ctrl-click to select several.");
    return;
  }
  const auto view = build_inspector(doc, static_cast<std::uint32_t>(primary));
  if (!view.valid) return;
  if (view.operations.size() >= 2 && !app.split_editor().active()) {
    if (ImGui::Button("Split...")) app.begin_split();
  } else if (selected.size() >= 2) {
    ImGui::NewLine();  // no Split button after the merge button: end its line
  }
  ImGui::TextColored(ImColor(kSelectionOutline), "%s", view.name.c_str());
  if (app.node_pinned(view.node)) {
    ImGui::SameLine();
    if (ImGui::SmallButton("unpin")) app.unpin_node(view.node);
  }
  if (doc.facts()[view.node].has_latency)
    ImGui::Text("%s, %s, mean latency %.2f ms", view.kind.c_str(), counted(view.operations.size(), "operation", "operations").c_str(),
                view.latency_us / 1000.0);
  else
    ImGui::Text("%s, %s, no latency data", view.kind.c_str(), counted(view.operations.size(), "operation", "operations").c_str());
  if (view.knot >= 0) ImGui::TextColored(ImColor(knot_colour(static_cast<std::size_t>(view.knot))), "in knot %d", view.knot + 1);
  const auto& m = view.metrics;
  if (ImGui::BeginTable("metrics", 4, ImGuiTableFlags_SizingStretchSame)) {
    auto cell = [](const char* label, const char* fmt, double v) {
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", label);
      ImGui::TableNextColumn();
      ImGui::Text(fmt, v);
    };
    cell("fan-in", "%.0f", m.fan_in);
    cell("fan-out", "%.0f", m.fan_out);
    cell("calls in", "%.0f", static_cast<double>(m.calls_in));
    cell("calls out", "%.0f", static_cast<double>(m.calls_out));
    cell("instability", "%.2f", m.instability);
    cell("chattiness", "%.2f", m.chattiness);
    cell("sync depth", "%.0f", m.sync_depth);
    cell("entry share", "%.0f%%", m.entry_share * 100.0);
    ImGui::EndTable();
  }
  if (app.split_editor().active()) {
    draw_split_editor(app);
    return;
  }
  if (!view.findings.empty()) {
    ImGui::Separator();
    ImGui::Text("Findings");
    for (auto i : view.findings) {
      const auto& f = doc.report().findings[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::PushStyleColor(ImGuiCol_Text, ImColor(severity_colour(f.severity)).Value);
      const std::string label = std::string(to_string(f.severity)) + " " + std::string(to_string(f.kind)) + " (" + f.rule + ")";
      if (ImGui::Selectable(label.c_str(), app.focused_finding() == static_cast<int>(i))) app.focus_finding(i);
      ImGui::PopStyleColor();
      ImGui::PopID();
    }
  }
  ImGui::Separator();
  if (ImGui::BeginTable("operations", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp,
                        {0, ImGui::GetTextLineHeightWithSpacing() * 9})) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("operation", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("calls", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("p95 ms", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(view.operations.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const auto& op = view.operations[static_cast<std::size_t>(i)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(op.name.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(op.invocations));
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", op.p95_us / 1000.0);
      }
    ImGui::EndTable();
  }
}

}  // namespace nanoscope::gui
