// The ImGui panels of nanoscope-gui. Each draws part of the AppModel and forwards the
// user's actions to it; none holds analysis logic.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gui/viewmodel/app_model.hpp"
#include "gui/viewmodel/file_browser.hpp"
#include "gui/viewmodel/search_ranking.hpp"
#include "gui/viewmodel/table_rows.hpp"

struct ImDrawList;
struct ImVec2;

namespace nanoscope::gui {

class SceneRenderer;

/// State that only the window keeps (which popups are open, text fields).
struct UiState {
  bool show_browser = false;
  FileBrowser browser;
  std::string export_path = "nanoscope-report.md";
  std::string png_path = "nanoscope-view.png";
  std::string partition_path = "nanoscope-partition.yaml";  ///< File > Export partition
  std::string session_path = "nanoscope-session.json";      ///< File > Save session (until one is opened)
  std::string png_request;        ///< set by the panels; the app writes it after rendering
  ViewKind shown = ViewKind::Graph;
  bool force_view = true;         ///< select `app.view` in the tab bar on the next frame
  bool quit = false;
  SceneRenderer* renderer = nullptr;  ///< the canvas's own OpenGL path (null: ImGui shapes)
  float side_width = 400.0f;      ///< the side column, resized by dragging the splitter
  ServiceSearch search;           ///< ranked matches of app.filters.search
  bool focus_search = false;      ///< Ctrl+F: put the keyboard in the search box next frame
  bool search_list_hovered = false;  ///< keeps the match list open while the pointer is on it
  TableRows findings_table, services_table, edges_table, diff_table;
  int dragged_node = -1;          ///< node being dragged on the canvas (pinned where dropped)
  bool node_moved = false;        ///< the drag moved it (else the press was a click)
};

/// One data table's columns and behaviour (draw_table).
struct TableSpec {
  const char* id = "";
  const std::vector<std::string>* headers = nullptr;
  std::vector<float> widths;         ///< > 0: fixed pixels; <= 0: stretch weight -w
  int default_sort = -1;             ///< column sorted at first (descending), -1: the data's order
  std::function<std::vector<std::uint32_t>(const std::string& filter, const std::vector<TableSort>&)> rows;
  std::function<std::string(std::uint32_t row, std::size_t column)> cell;
  std::function<Colour(std::uint32_t row, std::size_t column)> colour;  ///< 0: default text colour
  std::function<bool(std::uint32_t row)> selected;
  std::function<void(std::uint32_t row, bool double_click)> clicked;
};

/// A sortable, filterable table of fixed-height rows scrolled virtually, with its filter box;
/// `data` identifies the rows' source (re-ordered when it changes).
void draw_table(const TableSpec& spec, TableRows& state, std::uint64_t data, float height);

/// The whole window: menu, views, side column, status bar.
void draw_main_window(AppModel& app, UiState& ui);
/// The service graph canvas (fills the available region).
void draw_graph_panel(AppModel& app, UiState& ui);
/// Group boxes behind the services (call before the nodes are painted).
void draw_group_boxes(ImDrawList* dl, const AppModel& app);
/// The layout and grouping selector with the groups' legend, and the minimap, over the canvas
/// at `origin` of `size` (call after the canvas).
void draw_graph_overlays(AppModel& app, ImVec2 origin, ImVec2 size);
/// The dependency structure matrix heatmap.
void draw_matrix_panel(AppModel& app);
/// Findings, services and edges as sortable, filterable tables; a finding's row focuses the
/// graph on the finding.
void draw_findings_panel(AppModel& app, UiState& ui);
/// The open diff's summary, Close diff and the table of changes (a row selects and frames it).
void draw_diff_panel(AppModel& app, UiState& ui);
/// The selected service: metrics, operations, findings, merge and split.
void draw_inspector_panel(AppModel& app);
/// Granularity slider, undo/redo and filters.
void draw_controls_panel(AppModel& app);
/// Background simulation with progress, cancel and before/after latencies.
void draw_simulation_panel(AppModel& app);
/// Export of the report, a PNG of the view, the partition and the session.
void draw_export_panel(AppModel& app, UiState& ui);
/// The file browser window (when open).
void draw_file_browser(AppModel& app, UiState& ui);
/// The economics view: overheads along the granularity sweep.
void draw_economics_panel(AppModel& app);

}  // namespace nanoscope::gui
