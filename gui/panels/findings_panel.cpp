// The tables view: findings, services and edges as sortable, filterable tables over
// fixed-height rows, scrolled virtually (only the rows in view are drawn, with spacer rows
// for the rest), so 10,000+ rows scroll like 10. Row orders and cell texts come from
// data_tables; the finding's full text sits in a details pane under its table.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>
#include <functional>
#include <string>

#include "gui/panels/panels.hpp"
#include "gui/viewmodel/data_tables.hpp"

namespace nanoscope::gui {
namespace {

/// The analysis the rows were ordered for: a new Document builds new node and finding vectors.
std::uint64_t data_key(const Document& doc) {
  if (doc.empty()) return 0;
  return reinterpret_cast<std::uintptr_t>(doc.report().services.nodes.data()) ^
         (reinterpret_cast<std::uintptr_t>(doc.report().findings.data()) << 1) ^ doc.report().services.edges.size();
}

std::vector<TableSort> sort_of_table() {
  std::vector<TableSort> out;
  if (const ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
    for (int i = 0; i < specs->SpecsCount; ++i) {
      const auto& s = specs->Specs[i];
      out.push_back({static_cast<std::size_t>(s.ColumnIndex), s.SortDirection == ImGuiSortDirection_Descending});
    }
    const_cast<ImGuiTableSortSpecs*>(specs)->SpecsDirty = false;
  }
  return out;
}

}  // namespace

void draw_table(const TableSpec& spec, TableRows& state, std::uint64_t data, float height) {
  ImGui::SetNextItemWidth(260);
  ImGui::InputTextWithHint("##filter", "filter rows", &state.filter);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable | ImGuiTableFlags_SortMulti |
                                ImGuiTableFlags_SortTristate | ImGuiTableFlags_SizingStretchProp;
  const auto columns = static_cast<int>(spec.headers->size());
  // No vertical cell padding: a row is exactly row_h tall, so spacer rows stand in for the
  // rows out of view exactly.
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, {ImGui::GetStyle().CellPadding.x, 0.0f});
  const bool open = ImGui::BeginTable(spec.id, columns, flags, {0.0f, height});
  if (!open) {
    ImGui::PopStyleVar();
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  for (int c = 0; c < columns; ++c) {
    const float w = spec.widths[static_cast<std::size_t>(c)];
    ImGuiTableColumnFlags f = w > 0 ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch;
    if (c == spec.default_sort) f |= ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending;
    ImGui::TableSetupColumn((*spec.headers)[static_cast<std::size_t>(c)].c_str(), f, w > 0 ? w : -w);
  }
  ImGui::TableHeadersRow();
  const auto sort = sort_of_table();
  const auto key = data;
  if (state.stale(key, sort)) state.assign(key, sort, spec.rows(state.filter, sort));
  const auto& rows = state.rows();
  const float row_h = ImGui::GetFrameHeight();
  const float header_h = ImGui::GetTextLineHeight();
  const auto window = visible_rows(rows.size(), row_h, ImGui::GetScrollY(), ImGui::GetWindowHeight() - header_h);
  // Spacers for the rows above the view; two when needed so that row k keeps the background
  // of an even or odd row as it scrolls (ImGui alternates per row drawn).
  if (window.first % 2 == 0 && window.first > 0) {
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h * static_cast<float>(window.first - 1));
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
  } else if (window.first > 0) {
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h * static_cast<float>(window.first));
  }
  for (std::size_t k = window.first; k < window.end; ++k) {
    const auto row = rows[k];
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
    ImGui::PushID(static_cast<int>(row));
    for (int c = 0; c < columns; ++c) {
      ImGui::TableSetColumnIndex(c);
      ImGui::AlignTextToFramePadding();  // a text line plus the frame padding stays within row_h
      const std::string text = spec.cell(row, static_cast<std::size_t>(c));
      const Colour colour = spec.colour ? spec.colour(row, static_cast<std::size_t>(c)) : 0;
      if (colour) ImGui::PushStyleColor(ImGuiCol_Text, ImColor(colour).Value);
      if (c == 0) {
        if (ImGui::Selectable(text.c_str(), spec.selected(row),
                              ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick))
          spec.clicked(row, ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left));
      } else {
        ImGui::TextUnformatted(text.c_str());
      }
      if (colour) ImGui::PopStyleColor();
      if (c > 0 && ImGui::IsItemHovered() && ImGui::CalcTextSize(text.c_str()).x > ImGui::GetColumnWidth())
        ImGui::SetTooltip("%s", text.c_str());
    }
    ImGui::PopID();
  }
  if (window.end < rows.size())
    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h * static_cast<float>(rows.size() - window.end));
  ImGui::EndTable();
  ImGui::PopStyleVar();
}

namespace {

void draw_finding_details(const AppModel& app) {
  const auto& doc = app.document();
  const int index = app.focused_finding();
  if (index < 0 || static_cast<std::size_t>(index) >= doc.report().findings.size()) {
    ImGui::TextDisabled("Click a finding to show its services and edges in the graph (double-click: and go there).");
    return;
  }
  const auto& f = doc.report().findings[static_cast<std::size_t>(index)];
  ImGui::TextColored(ImColor(severity_colour(f.severity)), "%s %s (%s)", std::string(to_string(f.severity)).c_str(),
                     std::string(to_string(f.kind)).c_str(), f.rule.c_str());
  ImGui::TextWrapped("%s", f.explanation.c_str());
  std::string services;
  for (const auto& s : f.services) services += (services.empty() ? "" : ", ") + s;
  ImGui::TextWrapped("%s: %s", counted(f.services.size(), "service", "services").c_str(), services.c_str());
  std::string edges;
  for (const auto& e : f.edges)
    edges += (edges.empty() ? "" : ", ") + e.from + " -> " + e.to + " (" + std::to_string(e.calls) + ")";
  if (f.edge_count > f.edges.size()) edges += ", ... (" + std::to_string(f.edge_count) + " in all)";
  ImGui::TextWrapped("%s: %s", counted(f.edge_count, "edge", "edges").c_str(), edges.c_str());
}

}  // namespace

void draw_findings_panel(AppModel& app, UiState& ui) {
  const auto& doc = app.document();
  if (doc.empty()) {
    ImGui::TextDisabled("No graph open.");
    return;
  }
  if (!ImGui::BeginTabBar("tables")) return;
  const auto& findings = doc.report().findings;
  if (ImGui::BeginTabItem(("Findings (" + std::to_string(findings.size()) + ")###findings").c_str())) {
    int counts[3] = {0, 0, 0};
    for (const auto& f : findings) ++counts[static_cast<int>(f.severity)];
    for (auto s : {analysis::Severity::High, analysis::Severity::Medium, analysis::Severity::Low}) {
      ImGui::TextColored(ImColor(severity_colour(s)), "%d %s", counts[static_cast<int>(s)], std::string(to_string(s)).c_str());
      ImGui::SameLine();
    }
    ImGui::NewLine();
    TableSpec spec;
    spec.id = "findings";
    spec.headers = &finding_headers();
    spec.widths = {70, 230, -1.2f, 55, 60, -3.0f};
    spec.rows = [&](const std::string& filter, const auto& sort) { return finding_rows(doc, filter, sort); };
    spec.cell = [&](std::uint32_t r, std::size_t c) { return finding_cell(doc, r, static_cast<FindingColumn>(c)); };
    spec.colour = [&](std::uint32_t r, std::size_t c) -> Colour {
      const auto& f = findings[r];
      if (c == 0) return severity_colour(f.severity);
      if (c == 1 && f.kind == analysis::FindingKind::Knot && !f.services.empty()) {
        const int node = doc.find_node(f.services.front());
        if (node >= 0 && doc.facts()[static_cast<std::size_t>(node)].knot >= 0)
          return knot_colour(static_cast<std::size_t>(doc.facts()[static_cast<std::size_t>(node)].knot));
      }
      return 0;
    };
    spec.selected = [&](std::uint32_t r) { return app.focused_finding() == static_cast<int>(r); };
    spec.clicked = [&](std::uint32_t r, bool go) {
      const auto view = app.view;
      app.focus_finding(r);
      if (!go) app.view = view;  // a single click keeps the table in view
    };
    const float details_h = ImGui::GetTextLineHeightWithSpacing() * 6.0f;
    draw_table(spec, ui.findings_table, data_key(doc), ImGui::GetContentRegionAvail().y - details_h - 8.0f);
    ImGui::BeginChild("finding-details", {0, 0}, true);
    draw_finding_details(app);
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  const auto& nodes = doc.report().services.nodes;
  if (ImGui::BeginTabItem(("Services (" + std::to_string(nodes.size()) + ")###services").c_str())) {
    TableSpec spec;
    spec.id = "services";
    spec.headers = &service_headers();
    spec.widths = {-2.0f, 90, 45, 80, 80, 80, 55, 60, 95, 40};
    spec.default_sort = static_cast<int>(ServiceColumn::Traffic);
    spec.rows = [&](const std::string& filter, const auto& sort) { return service_rows(doc, filter, sort); };
    spec.cell = [&](std::uint32_t r, std::size_t c) { return service_cell(doc, r, static_cast<ServiceColumn>(c)); };
    spec.colour = [&](std::uint32_t r, std::size_t c) -> Colour {
      if (c == static_cast<std::size_t>(ServiceColumn::Latency) && !doc.facts()[r].has_latency) return kNoData;
      return 0;
    };
    spec.selected = [&](std::uint32_t r) { return r < app.selection_mask().size() && app.selection_mask()[r]; };
    spec.clicked = [&](std::uint32_t r, bool go) {
      app.select(r, ImGui::GetIO().KeyCtrl || ImGui::GetIO().KeyShift);
      if (go) {
        app.fit_camera({r});
        app.user_moved_camera();
        app.view = ViewKind::Graph;
      }
    };
    draw_table(spec, ui.services_table, data_key(doc), ImGui::GetContentRegionAvail().y);
    ImGui::EndTabItem();
  }
  const auto& edges = doc.report().services.edges;
  if (ImGui::BeginTabItem(("Edges (" + std::to_string(edges.size()) + ")###edges").c_str())) {
    TableSpec spec;
    spec.id = "edges";
    spec.headers = &edge_headers();
    spec.widths = {-1.0f, -1.0f, 110, 80, 100, 80, 80};
    spec.default_sort = static_cast<int>(EdgeColumn::Calls);
    spec.rows = [&](const std::string& filter, const auto& sort) { return edge_rows(doc, filter, sort); };
    spec.cell = [&](std::uint32_t r, std::size_t c) { return edge_cell(doc, r, static_cast<EdgeColumn>(c)); };
    spec.selected = [&](std::uint32_t r) {
      const auto& m = app.selection_mask();
      return edges[r].from < m.size() && m[edges[r].from] && m[edges[r].to];
    };
    spec.clicked = [&](std::uint32_t r, bool go) {
      app.select(edges[r].from, false);
      app.select(edges[r].to, true);
      if (go) {
        app.fit_camera({edges[r].from, edges[r].to});
        app.user_moved_camera();
        app.view = ViewKind::Graph;
      }
    };
    draw_table(spec, ui.edges_table, data_key(doc), ImGui::GetContentRegionAvail().y);
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

}  // namespace nanoscope::gui
