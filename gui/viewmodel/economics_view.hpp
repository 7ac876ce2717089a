// The economics view-model: the bundled eras, a background granularity sweep of the current
// graph in the chosen era (economics/sweep.hpp, with progress and cancel) over the slider's
// levels (granularity_slider.hpp: every slider position is a priced level), kept per era
// (switching back is instant; while a new era is swept the previous one stays shown), and the
// chart of the four overheads, the utility and the net value along the sweep as normalised
// plot coordinates with the current partition's position marked, the level under a point of
// the chart (hover values, click to apply), plus the per-service ratio table of a level.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "economics/era.hpp"
#include "economics/granularity.hpp"
#include "economics/sweep.hpp"
#include "gui/viewmodel/background_job.hpp"
#include "gui/viewmodel/colours.hpp"
#include "gui/viewmodel/service_counts.hpp"
#include "model/call_graph.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::gui {

/// The levels of a granularity family, shared (the slider's positions and the priced levels).
using SharedLevels = std::shared_ptr<const std::vector<economics::GranularityLevel>>;

/// A finished sweep: the priced levels and the partitions they priced (sweep.levels[i] prices
/// (*levels)[i]).
struct EconomicsResult {
  economics::EraSweep sweep;
  SharedLevels levels;
};

/// A point of a chart in [0,1] x [0,1] (x: log of services; y: USD per year on a signed log
/// scale, sign(v) log10(1 + |v| / $1k), so overheads of very different sizes stay visible).
struct PlotPoint {
  float x = 0.0f;
  float y = 0.0f;
};

/// One line of a chart, optionally with its P10..P90 band.
struct PlotSeries {
  std::string name;
  Colour colour = 0;
  std::vector<PlotPoint> p50;
  std::vector<PlotPoint> p10;  ///< empty: no band
  std::vector<PlotPoint> p90;
};

/// A whole chart with its axes' ranges and the marks.
struct PlotChart {
  std::vector<PlotSeries> series;
  double min_services = 1.0, max_services = 1.0;
  double min_usd = 0.0, max_usd = 1.0;
  float current_x = -1.0f;   ///< the current partition (negative: off the chart)
  float observed_x = 0.0f;
  float best_x = 0.0f;
  float zero_y = 0.0f;       ///< where 0 USD is
  std::vector<std::pair<float, std::string>> y_ticks;  ///< positions and labels ("$10k", "-$1M")
  std::vector<std::pair<float, std::string>> x_ticks;  ///< powers of ten of services
};

/// The chart's y scale: sign(v) log10(1 + |v| / 1000).
[[nodiscard]] double signed_log_usd(double usd);

/// USD for people: "$950", "$12k", "$3.4M", "$62.8B", "-$1M" (one decimal above a million,
/// dropped when it is 0).
[[nodiscard]] std::string money_text(double usd);

/// Where a services count sits on the chart's x axis.
[[nodiscard]] float plot_x(const PlotChart& chart, double services);

/// The priced level under a point of the chart (hover values; a click applies it): P50 figures,
/// USD per year, exactly the sweep's LevelResult bands' P50.
struct LevelReadout {
  std::size_t level = 0;     ///< index into the sweep's levels
  std::size_t services = 0;  ///< business services
  std::string label;         ///< "monolith", "observed", "nanoservices" or ""
  float x = 0.0f;            ///< where the level sits on the chart
  double network = 0.0, operational = 0.0, development = 0.0, design = 0.0;
  double overhead = 0.0, utility = 0.0, net = 0.0;
};

/// One row of the per-service table.
struct ServiceRatioRow {
  std::string name;
  double overhead_usd = 0.0;  ///< P50, per year
  double utility_usd = 0.0;
  double ratio = 0.0;         ///< P50 overhead / utility (may be +inf)
};

/// Per business service of a priced partition: P50 overhead, utility and ratio, worst ratio first.
[[nodiscard]] std::vector<ServiceRatioRow> ratio_rows(const economics::LevelResult& level);

/// Eras, the sweep job and the results per era for one graph.
class EconomicsModel {
 public:
  /// Loads the bundled eras from `root`; false and error() on failure.
  bool load_eras(const std::string& root);
  /// Loads the bundled eras from session::scenarios_root(); false and error() when not found.
  bool load_eras();
  [[nodiscard]] const std::vector<economics::Era>& eras() const { return eras_; }
  [[nodiscard]] std::size_t era() const { return era_; }
  /// Chooses an era; the era shown so far stays shown (shown_result()) until this one is swept.
  void set_era(std::size_t index);
  /// Forgets results (a new graph was opened). The sweeps price `levels` (the slider's);
  /// without them, the family's levels with the default options, built by the first sweep.
  void reset(std::shared_ptr<const model::CallGraph> graph, SharedLevels levels = nullptr);
  /// Starts sweeping the graph in the chosen era; false when running, done or impossible.
  bool start();
  void cancel() { job_.cancel(); }
  [[nodiscard]] bool running() const { return job_.running(); }
  [[nodiscard]] const JobProgress& progress() const { return job_.progress(); }
  /// Once per frame: collects a finished sweep.
  void tick();
  /// Blocks until the running sweep ends (headless mode).
  void wait() { job_.wait(); tick(); }
  /// The chosen era's sweep, if computed.
  [[nodiscard]] const EconomicsResult* result() const;
  /// What the view shows: the chosen era's sweep, else (while it is being swept) the era shown
  /// before the switch, else nothing.
  [[nodiscard]] const EconomicsResult* shown_result() const;
  /// Whether shown_result() is the previous era's (draw it greyed, with the progress).
  [[nodiscard]] bool showing_previous_era() const { return !result() && shown_result(); }
  /// Eras swept so far (each kept until reset()).
  [[nodiscard]] std::size_t cached_eras() const { return results_.size(); }
  [[nodiscard]] const std::string& error() const { return error_; }

  /// Overheads (network, operational, development, design, total with band), utility (with
  /// band) and net value against business services, of shown_result(); `current_services`
  /// marks the current partition.
  [[nodiscard]] std::optional<PlotChart> overhead_chart(std::size_t current_services) const;
  /// The level of shown_result() nearest chart position `x` in [0,1] (ties: the coarser).
  [[nodiscard]] std::optional<LevelReadout> level_at(float x) const;
  /// Index of the chosen era's best level (the lowest expected overhead net of utility), if swept.
  [[nodiscard]] std::optional<std::size_t> best_level() const;
  /// Index of shown_result()'s level whose service count is nearest `services` (ties: the coarser).
  [[nodiscard]] std::optional<std::size_t> nearest_level(std::size_t services) const;
  /// Per business service of level `level`: P50 overhead, utility and ratio, worst ratio first.
  [[nodiscard]] std::vector<ServiceRatioRow> ratio_table(std::size_t level) const;

 private:
  std::vector<economics::Era> eras_;
  std::size_t era_ = 0;
  std::string error_;
  std::shared_ptr<const model::CallGraph> graph_;
  SharedLevels levels_;
  std::map<std::size_t, EconomicsResult> results_;
  std::optional<std::size_t> previous_era_;  // shown while the chosen era is swept
  std::size_t running_era_ = 0;
  BackgroundJob<EconomicsResult> job_;
};

}  // namespace nanoscope::gui
