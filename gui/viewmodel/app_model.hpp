// The whole GUI state without any drawing: the document and its edit history, selection,
// filters, camera, the background layout, import and simulation jobs, the granularity
// slider and the messages shown in the window. Panels read it and call its actions; tests
// drive it without a window.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gui/viewmodel/background_job.hpp"
#include "gui/viewmodel/camera.hpp"
#include "gui/viewmodel/diff_table.hpp"
#include "gui/viewmodel/diff_view.hpp"
#include "gui/viewmodel/document.hpp"
#include "gui/viewmodel/economics_view.hpp"
#include "gui/viewmodel/partition_pricing.hpp"
#include "gui/viewmodel/recent_files.hpp"
#include "gui/viewmodel/edit_history.hpp"
#include "gui/viewmodel/granularity_slider.hpp"
#include "gui/viewmodel/graph_scene.hpp"
#include "gui/viewmodel/layout_engine.hpp"
#include "gui/viewmodel/node_groups.hpp"
#include "gui/viewmodel/node_pins.hpp"
#include "gui/viewmodel/scene_cache.hpp"
#include "gui/viewmodel/simulation_compare.hpp"
#include "gui/viewmodel/split_editor.hpp"
#include "importers/import_set.hpp"
#include "session/session_document.hpp"

namespace nanoscope::gui {

/// The views of the main window.
enum class ViewKind { Graph, Matrix, Findings, Economics };
/// "graph", "matrix", "findings", "economics"; nullopt for anything else.
[[nodiscard]] std::optional<ViewKind> parse_view(const std::string& text);
/// The name parse_view reads back.
[[nodiscard]] std::string view_name(ViewKind view);

/// What an import job hands back.
struct LoadedInputs {
  Document document;
  GranularitySlider slider;
  std::vector<importers::FileSummary> files;
  std::vector<std::string> warnings;  ///< one line per diagnostic
  std::uint64_t spans = 0;
  std::vector<std::string> requested;  ///< the paths asked for (the recent-files entry)
  session::Selection selection;        ///< the services kept from the inputs
  std::optional<session::SessionDocument> session;  ///< the session file being opened, if any
  std::string session_path;
};

/// What waits for an answer to "Discard unsaved edits?".
enum class PendingKind { None, Open, OpenSession, Close };
/// The answers to "Discard unsaved edits?".
enum class DiscardChoice { SaveSession, Discard, Cancel };

/// A message shown in the window (import errors, warnings, export results).
struct Message {
  bool error = false;
  std::string text;
};

class AppModel {
 public:
  /// Loads the bundled eras ($NANOSCOPE_ROOT, the install prefix, the source tree: session/).
  AppModel();
  /// Cancels every job at once, so their stops overlap, before the members join them.
  ~AppModel();
  AppModel(const AppModel&) = delete;
  AppModel& operator=(const AppModel&) = delete;

  // --- loading ---
  /// Starts importing files and folders in the background (a running import is not replaced).
  /// An import that fails or finds no service is an error message and keeps the open document
  /// and its undo history. Does not ask about unsaved edits (request_open does).
  bool open(std::vector<std::string> paths);
  /// Installs an already-built graph (tests, generated graphs), analysing it on this thread.
  void load_graph(std::shared_ptr<const model::CallGraph> graph, const std::string& label);
  [[nodiscard]] bool importing() const { return import_.running(); }
  /// Stops the running import (the open document stays; a message says it was cancelled).
  void cancel_import() { import_.cancel(); }
  [[nodiscard]] const JobProgress& import_progress() const { return import_.progress(); }
  [[nodiscard]] const std::vector<std::string>& sources() const { return sources_; }

  /// Once per frame: takes finished jobs and the newest layout positions.
  void tick();
  /// Whether something the window shows moves on its own: the layout of the open graph, or a
  /// job with a progress bar (import, simulation, sweep, pricing). The window draws every frame
  /// while true and otherwise sleeps until input arrives.
  [[nodiscard]] bool busy() const;
  /// Blocks until no import runs and, with `layout`, the layout settled (headless mode);
  /// false on timeout.
  bool wait_idle(int timeout_ms, bool layout = true);

  // --- documents and sessions (app_model_session.cpp) ---
  /// Whether the partition differs from the one last opened or saved (undoing back to it is clean).
  [[nodiscard]] bool dirty() const;
  /// Opens files like open(), unless that would discard unsaved edits: then nothing starts,
  /// pending() says what waits and the window asks (resolve_pending). True when the import started.
  bool request_open(std::vector<std::string> paths);
  /// Opens a session file like open_session(), asking first when edits would be discarded.
  bool request_open_session(const std::string& path);
  /// The window wants to close: true when it may; false when the user must be asked first.
  bool request_close();
  [[nodiscard]] PendingKind pending() const { return pending_; }
  /// Answers the question: SaveSession saves to `save_path`, else session_path(), else
  /// "nanoscope-session.json"
  /// and goes on only when saved; Discard goes on; Cancel forgets the request. True when the
  /// waiting action went ahead (for Close: close_allowed() turns true).
  bool resolve_pending(DiscardChoice choice, const std::string& save_path = {});
  /// True once closing was allowed; the window then closes.
  [[nodiscard]] bool close_allowed() const { return close_allowed_; }
  /// Saves a session file (inputs, partition, era, selection, view); a failure is a message.
  bool save_session(const std::string& path);
  /// Opens a session file: imports its inputs in the background, then applies its selection,
  /// partition, era and view. A bad file or a failed import is a message and keeps the document.
  bool open_session(const std::string& path);
  /// Writes the current partition as the file `simulate --partition` and `whatif --partition` read.
  bool export_partition(const std::string& path);
  /// The session file last saved or opened ("" when none).
  [[nodiscard]] const std::string& session_path() const { return session_path_; }
  /// The session as it would be saved now.
  [[nodiscard]] session::SessionDocument session_document() const;
  /// Recently opened inputs and sessions (in memory until the window gives it a file).
  RecentFiles recent{""};

  // --- diff of two graphs (app_model_diff.cpp) ---
  /// Imports both sides in the background, diffs them and shows the union graph in
  /// ColourMode::Diff with the table of changes (a running diff is replaced).
  bool open_diff(std::vector<std::string> before, std::vector<std::string> after);
  /// File > Compare with...: the open graph is "before", `after` is imported; false with no graph open.
  bool compare_with(std::vector<std::string> after);
  /// Diffs two graphs already in memory (tests, generated graphs), in the background too.
  void diff_graphs(std::shared_ptr<const model::CallGraph> before, std::shared_ptr<const model::CallGraph> after);
  [[nodiscard]] bool diffing() const { return diff_.running(); }
  void cancel_diff() { diff_.cancel(); }
  [[nodiscard]] const JobProgress& diff_progress() const { return diff_.progress(); }
  /// Whether a diff is shown; its result, colours and table rows.
  [[nodiscard]] bool diff_open() const { return diff_.open(); }
  [[nodiscard]] const DiffView& diff() const { return diff_; }
  [[nodiscard]] const std::vector<DiffRow>& diff_table() const { return diff_rows_; }
  /// Selects what row `row` of diff_table() names and frames it in the graph.
  void focus_diff_row(std::size_t row);
  /// Returns to the before graph alone, in the colour mode used before the diff.
  void close_diff();

  // --- document ---
  [[nodiscard]] const Document& document() const { return doc_; }
  /// The granularity slider: the economics family's levels, the ones the economics view prices.
  [[nodiscard]] const GranularitySlider& slider() const { return slider_; }
  /// The slider position (an index into slider().levels()): the level last set, or after any
  /// other edit, undo or redo the level nearest the partition's business services.
  [[nodiscard]] std::size_t level() const { return level_; }
  /// Whether the current partition is exactly the level at the slider position (false after
  /// a merge or split of its own).
  [[nodiscard]] bool at_level() const { return at_level_; }

  // --- selection ---
  /// Selects node `node`; `additive` toggles it in the current selection instead.
  void select(std::uint32_t node, bool additive);
  void select_names(const std::vector<std::string>& names);
  void clear_selection();
  [[nodiscard]] const std::vector<char>& selection_mask() const { return mask_; }
  [[nodiscard]] std::vector<std::uint32_t> selected_nodes() const;
  /// The node the inspector shows (last clicked), or -1.
  [[nodiscard]] int primary() const;

  // --- edits (each re-analyses and updates findings; each is one undo step) ---
  /// Merges the selected services into one; false if fewer than two are selected.
  bool merge_selected();
  /// Starts splitting the primary selection; false if it has fewer than two operations.
  bool begin_split();
  [[nodiscard]] SplitEditor& split_editor() { return split_; }
  /// Applies the split being edited; false if it would not split anything.
  bool apply_split();
  bool undo();
  bool redo();
  [[nodiscard]] const EditHistory& history() const { return history_; }
  /// Regroups to the slider's level `level` (clamped); `dragging` coalesces one drag into one
  /// undo step (call end_drag() when released).
  void set_level(std::size_t level, bool dragging = false);
  /// The slider position of the best level of the economics sweep in the chosen era, once swept.
  [[nodiscard]] std::optional<std::size_t> best_level() const;
  /// Regroups to that best level (one undo step; the slider snaps to it); false before the
  /// sweep has finished.
  bool apply_best_level();
  void end_drag() { history_.seal(); }

  // --- findings ---
  /// Selects the finding's services, highlights its own edges (data_tables' finding_focus)
  /// and frames them in the graph.
  void focus_finding(std::size_t index);
  [[nodiscard]] int focused_finding() const { return focused_finding_; }
  /// Per service edge: 1 for the focused finding's edges (empty when no finding is focused).
  [[nodiscard]] const std::vector<char>& focused_edges() const { return focus_edges_; }

  // --- layout and camera ---
  [[nodiscard]] const std::vector<Vec2>& positions() const { return positions_; }
  [[nodiscard]] const LayoutSnapshot& layout() const { return layout_; }
  [[nodiscard]] bool layout_settled() const { return layout_.job == layout_job_ && layout_.settled; }
  /// Frames the given nodes (all nodes when empty) in the camera.
  void fit_camera(const std::vector<std::uint32_t>& nodes = {});
  /// The canvas' place on screen, each frame; while the camera follows the layout (no user
  /// move yet), a new size frames the graph again (a resized window, the diff's table below it).
  void set_canvas(Vec2 origin, Vec2 size);
  /// The user moved the camera: stop following the layout.
  void user_moved_camera() { auto_fit_ = false; }
  /// Force-directed or layered; a change lays the graph out again and frames it.
  [[nodiscard]] LayoutKind layout_kind() const { return layout_kind_; }
  void set_layout_kind(LayoutKind kind);
  /// Services grouped by system or kind (boxes behind them, a legend; the force layout pulls
  /// a group together, the layered one keeps it side by side).
  [[nodiscard]] GroupMode group_mode() const { return group_mode_; }
  void set_group_mode(GroupMode mode);
  [[nodiscard]] const NodeGroups& groups() const { return groups_; }
  bool show_minimap = true;
  /// Drags node `node` to world position `at` and pins it there (node_pins); the layout
  /// resumes around it when the drag ends.
  void drag_node(std::uint32_t node, Vec2 at);
  /// The drag ended: re-run the layout (warm) with the pinned nodes fixed.
  void end_node_drag();
  /// Releases node `node`'s pin and lets the layout move it again; false if it was not pinned.
  bool unpin_node(std::uint32_t node);
  [[nodiscard]] bool node_pinned(std::uint32_t node) const;
  Camera camera;
  GraphFilters filters;
  DetailLimits limits;
  int hovered = -1;
  ViewKind view = ViewKind::Graph;

  // --- what the views draw (cached) ---
  /// Bumped whenever the document, the layout positions or the selection change.
  [[nodiscard]] std::uint64_t revision() const { return revision_; }
  /// The graph canvas for the current camera, filters, hover, limits and selection; rebuilt
  /// only when one of them, the document or the layout changed since the last call.
  const GraphScene& graph_scene();
  /// The mesh of the last graph_scene() and how many times the scene was built (the
  /// renderer uploads the mesh again when this count changes).
  [[nodiscard]] const SceneMesh& graph_mesh() const { return scene_cache_.mesh(); }
  [[nodiscard]] std::uint64_t graph_scene_builds() const { return scene_cache_.builds(); }
  /// The dependency matrix binned to at most `max_bins` rows (cached like graph_scene()).
  const MatrixScene& matrix_scene(std::uint32_t max_bins);
  [[nodiscard]] std::uint64_t matrix_scene_builds() const { return matrix_cache_.builds(); }

  // --- simulation ---
  /// The panel's rate, duration and replications (reset with each new graph).
  SimulationControls simulation_controls;
  /// Simulates today's services against the current partition in the background, under
  /// simulation_controls; false while one runs, with no document or with invalid controls.
  bool start_simulation();
  void cancel_simulation() { simulation_.cancel(); }
  [[nodiscard]] bool simulating() const { return simulation_.running(); }
  [[nodiscard]] const JobProgress& simulation_progress() const { return simulation_.progress(); }
  [[nodiscard]] const std::optional<SimulationComparison>& simulation() const { return simulation_result_; }

  // --- economics ---
  EconomicsModel economics;
  /// The current partition priced against today's in the chosen era (follows every edit).
  PartitionPricing pricing;

  // --- export and messages ---
  /// Writes the analysis report of the current partition (markdown, json or text by the
  /// file's extension) without ever leaving a half-written file; reports in messages().
  bool export_report(const std::string& path);
  /// Writes an image of the view (`encode` streams the PNG bytes) atomically; a failure is
  /// a message and leaves any earlier file at `path`, the document and the history as they were.
  bool export_image(const std::string& path, const std::function<void(std::ostream&)>& encode);
  [[nodiscard]] const std::vector<Message>& messages() const { return messages_; }
  void add_message(bool error, std::string text) { messages_.push_back({error, std::move(text)}); }
  void clear_messages() { messages_.clear(); }

 private:
  void install(Document doc, const std::string& label);
  /// Installs a finished import unless it holds no service (then an error, and the document stays).
  void install_import(LoadedInputs loaded);
  /// Applies a session's era and view after its import was installed.
  void apply_session_view(const session::SessionDocument& session);
  /// Imports `paths` (keeping `selection`'s services) and builds the document, with the
  /// session's partition when one is given. Runs on the import job's thread.
  static LoadedInputs import_inputs(std::vector<std::string> paths, session::Selection selection,
                                    std::optional<session::SessionDocument> session, std::string session_path,
                                    JobProgress& progress);
  /// Shows a finished diff: its union document, colours and rows.
  void install_diff(LoadedDiff loaded);
  /// Runs what waited for the prompt.
  bool run_pending();
  /// Moves the slider to the level nearest the current partition (after an edit that is not the slider's).
  void sync_level();
  /// Regroups to slider level `level` with `label` as its undo step.
  void regroup(std::size_t level, const std::string& label, bool dragging);
  void submit_layout(const Document* previous, const std::vector<Vec2>& previous_positions);
  void refresh_mask();

  Document doc_;
  GranularitySlider slider_;
  std::size_t level_ = 0;
  bool at_level_ = true;
  EditHistory history_;
  SplitEditor split_;
  std::set<std::string> selected_;
  std::string primary_;
  std::vector<char> mask_;
  int focused_finding_ = -1;
  std::vector<char> focus_edges_;
  std::vector<std::string> sources_;
  std::vector<std::string> inputs_;      ///< the paths the document was imported from
  session::Selection selection_;
  model::Partition clean_partition_;     ///< the partition when last opened or saved
  std::string session_path_;
  PendingKind pending_ = PendingKind::None;
  std::vector<std::string> pending_paths_;
  bool close_allowed_ = false;
  std::vector<Message> messages_;
  std::uint64_t revision_ = 0;
  GraphSceneCache scene_cache_;
  MatrixSceneCache matrix_cache_;

  std::vector<Vec2> positions_;
  LayoutSnapshot layout_;
  std::uint64_t layout_job_ = 0;
  bool auto_fit_ = true;
  LayoutKind layout_kind_ = LayoutKind::Force;
  GroupMode group_mode_ = GroupMode::None;
  NodeGroups groups_;
  std::vector<std::uint32_t> pending_focus_;
  NodePins pins_;

  std::optional<SimulationComparison> simulation_result_;
  std::vector<DiffRow> diff_rows_;
  ColourMode colour_before_diff_ = ColourMode::Latency;
  // Jobs last: their threads stop (joined in their destructors) before the state they use goes.
  std::unique_ptr<LayoutEngine> layout_engine_ = std::make_unique<LayoutEngine>();
  BackgroundJob<LoadedInputs> import_;
  BackgroundJob<SimulationComparison> simulation_;
  DiffView diff_;
};

}  // namespace nanoscope::gui
