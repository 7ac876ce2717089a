// The diff under the graph canvas: which sides are compared, the counts of changes, Close
// diff, and the table of changes (diff_table's rows through draw_table; a click selects the
// row's services and frames them in the graph).
#include <imgui.h>

#include <cstdint>
#include <string>

#include "gui/panels/panels.hpp"
#include "gui/viewmodel/diff_table.hpp"

namespace nanoscope::gui {

void draw_diff_panel(AppModel& app, UiState& ui) {
  if (!app.diff_open()) return;
  const auto& diff = app.diff().result();
  const auto& rows = app.diff_table();
  if (ImGui::SmallButton("Close diff")) {
    app.close_diff();
    return;
  }
  ImGui::SameLine();
  ImGui::Text("Diff: %s  ->  %s", diff.before.label.c_str(), diff.after.label.c_str());
  ImGui::TextDisabled("%s", diff_summary(diff).c_str());
  TableSpec spec;
  spec.id = "changes";
  spec.headers = &diff_headers();
  spec.widths = {115, -1.2f, -1.2f, 70, 70, 55, 115, 135, -1.0f};
  const auto exposure = diff.exposure;
  spec.rows = [&](const std::string& filter, const auto& sort) { return diff_row_order(rows, filter, sort); };
  spec.cell = [&](std::uint32_t r, std::size_t c) { return diff_cell(rows[r], static_cast<DiffColumn>(c), exposure); };
  spec.colour = [&](std::uint32_t r, std::size_t c) -> Colour { return c == 0 ? diff_row_colour(rows[r]) : 0; };
  spec.selected = [&](std::uint32_t r) {
    const auto& m = app.selection_mask();
    for (const auto& s : rows[r].services) {
      const int n = app.document().find_node(s);
      if (n < 0 || static_cast<std::size_t>(n) >= m.size() || !m[static_cast<std::size_t>(n)]) return false;
    }
    return !rows[r].services.empty();
  };
  spec.clicked = [&](std::uint32_t r, bool) {
    app.focus_diff_row(r);
    app.view = ViewKind::Graph;
  };
  draw_table(spec, ui.diff_table, reinterpret_cast<std::uintptr_t>(rows.data()) ^ rows.size(),
             ImGui::GetContentRegionAvail().y);
}

}  // namespace nanoscope::gui
