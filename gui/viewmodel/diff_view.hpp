// The GUI's diff of two graphs (`nanoscope-gui --diff BEFORE -- AFTER`, File > Compare with...):
// the union graph the canvas draws (every service and service edge of either side), the
// DiffResult of session::diff_graphs computed off the UI thread, and the diff colours of each
// node and edge of the union (added green, removed red, changed edges orange when they grew and
// blue when they shrank, wider and stronger by magnitude, unchanged grey, formed knots ringed).
// The canvas paints the colours as ColourMode::Diff; the table of changes is diff_table.hpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gui/viewmodel/background_job.hpp"
#include "gui/viewmodel/colours.hpp"
#include "gui/viewmodel/document.hpp"
#include "gui/viewmodel/granularity_slider.hpp"
#include "gui/viewmodel/graph_scene.hpp"
#include "model/call_graph.hpp"
#include "session/graph_diff.hpp"

namespace nanoscope::gui {

/// The graph that holds both sides: `after` plus the services, operations and service edges
/// only `before` has (with before's figures, so removed edges keep their width). Inputs of the
/// copied parts are dropped (they index `before`'s input list).
[[nodiscard]] model::CallGraph union_graph(const model::CallGraph& before, const model::CallGraph& after);

/// Whether a changed common edge grew (more calls, else a higher error rate, else a slower
/// flagged percentile): orange; otherwise blue.
[[nodiscard]] bool edge_grew(const session::EdgeChange& change);

/// The colours of `doc` (built from union_graph) for `diff`: node and edge masks indexed like
/// the document's services and service edges.
[[nodiscard]] DiffPaint diff_paint(const Document& doc, const session::DiffResult& diff);

/// Where each side of a diff comes from: inputs to import, or a graph already in memory.
struct DiffSideSource {
  std::vector<std::string> paths;                   ///< imported when `graph` is null
  std::shared_ptr<const model::CallGraph> graph;
  std::string label;                                ///< "" : the paths joined by ", "
};

/// What the diff job hands back.
struct LoadedDiff {
  std::shared_ptr<const model::CallGraph> before, after;
  Document document;          ///< the union, analysed on its observed services
  GranularitySlider slider;   ///< of the union
  session::DiffResult result;
  DiffPaint paint;            ///< of `document`
  Document before_document;   ///< `before` alone, what Close diff shows
  GranularitySlider before_slider;
  std::vector<std::string> before_paths;  ///< the before side's inputs (empty: a graph in memory)
  std::vector<std::string> warnings;  ///< import diagnostics of either side, one per line
};

/// Imports what needs importing, builds the union document and diffs the sides. Runs on the
/// diff job's thread; throws model::Cancelled on cancel and std::runtime_error when a side
/// holds no service ("before: no service in a.json").
[[nodiscard]] LoadedDiff load_diff(const DiffSideSource& before, const DiffSideSource& after, JobProgress& progress);

/// The diff the window shows: a background job, then the loaded diff until closed.
class DiffView {
 public:
  /// Starts diffing in the background; a running diff is discarded first (its result dropped).
  void start(DiffSideSource before, DiffSideSource after);
  [[nodiscard]] bool running() const { return job_.running(); }
  void cancel() { job_.cancel(); }
  /// Drops a running job and its result (another graph was opened).
  void discard() { job_.discard(); }
  [[nodiscard]] const JobProgress& progress() const { return job_.progress(); }
  /// Blocks until the job ends (headless mode and tests only).
  void wait() { job_.wait(); }
  /// The finished job's result, error ("" if none) and cancellation (each once).
  std::optional<LoadedDiff> take_result() { return job_.take_result(); }
  std::string take_error() { return job_.take_error(); }
  bool take_cancelled() { return job_.take_cancelled(); }

  /// Whether a diff is shown (installed and not closed).
  [[nodiscard]] bool open() const { return shown_.has_value(); }
  /// The diff shown (call only when open()).
  [[nodiscard]] const session::DiffResult& result() const { return shown_->result; }
  [[nodiscard]] const DiffPaint& paint() const { return shown_->paint; }
  [[nodiscard]] const std::shared_ptr<const model::CallGraph>& before() const { return shown_->before; }
  [[nodiscard]] const std::shared_ptr<const model::CallGraph>& after() const { return shown_->after; }
  /// Keeps `loaded` as the diff shown (its document moved out by the caller first).
  void show(LoadedDiff loaded) { shown_ = std::move(loaded); }
  /// Forgets the diff shown, handing it back (its before_document is what the window shows next).
  std::optional<LoadedDiff> close() { return std::exchange(shown_, std::nullopt); }

 private:
  std::optional<LoadedDiff> shown_;
  BackgroundJob<LoadedDiff> job_;  // last: joined before the state above goes
};

}  // namespace nanoscope::gui
