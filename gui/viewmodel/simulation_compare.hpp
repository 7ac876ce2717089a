// The simulation panel's view-model: its rate and duration controls (defaults from the scenario
// and the input, validated ranges, the predicted "no request" reason) and the thin adapter that
// runs session::compare_partitions (today's services against the current partition) as a
// background job, with progress and cancellation through JobProgress. The comparison itself,
// with its intervals and "not significant" flags, lives in session/comparison (shared with
// `nanoscope simulate`).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "gui/viewmodel/background_job.hpp"
#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "session/comparison.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::gui {

/// What the simulation panel shows after a run.
using SimulationComparison = session::PartitionComparison;

/// Runs `replications` seeded runs of today's services and of `after` (seeds scenario.seed,
/// +1, ...), reporting progress and the stage into `progress`. A cancel stops the runs in
/// progress within a few thousand events; the result then holds the pairs that finished.
[[nodiscard]] SimulationComparison compare_partitions(const model::CallGraph& graph, const model::Partition& after,
                                                      const sim::Scenario& scenario, int replications,
                                                      JobProgress& progress);

/// Which latency of each entry the panel's table shows.
enum class LatencyFigure { Mean, P50, P99 };
[[nodiscard]] const session::Delta& latency_delta(const session::EntryDelta& entry, LatencyFigure figure);
[[nodiscard]] const char* latency_name(LatencyFigure figure);

/// The panel's controls. Rate and duration are what the user typed; scenario() applies them
/// once they are valid. The defaults come from the scenario (duration) and the input (the rate
/// its traces imply, or the scenario's default rate for a manifest).
class SimulationControls {
 public:
  /// A new document: defaults from `base` and `graph` (null: no document).
  void reset(std::shared_ptr<const model::CallGraph> graph, const sim::Scenario& base = {});

  [[nodiscard]] double rate_per_s() const { return rate_per_s_; }
  [[nodiscard]] double duration_s() const { return duration_s_; }
  [[nodiscard]] int replications() const { return replications_; }
  void set_rate(double rate_per_s);
  void set_duration(double duration_s);
  void set_replications(int replications);
  /// The latency the results table shows (a view choice; no new run).
  LatencyFigure figure = LatencyFigure::P99;
  /// Back to the defaults of the current document.
  void restore_defaults();

  /// The input's own total entry rate (requests/s) and the scenario's duration: the defaults.
  [[nodiscard]] double input_rate_per_s() const { return input_rate_per_s_; }
  [[nodiscard]] double default_duration_s() const { return base_.duration_s; }

  /// "" when the controls are inside their ranges, else what is wrong (the Run button is off).
  [[nodiscard]] const std::string& error() const { return error_; }
  /// The scenario a run uses (the base with the rate and duration applied).
  [[nodiscard]] sim::Scenario scenario() const;
  /// The traffic the current settings would give, with the reason when no request would arrive
  /// (recomputed when a control changes, not every frame).
  [[nodiscard]] const session::Traffic& traffic() const { return traffic_; }

 private:
  void refresh();

  std::shared_ptr<const model::CallGraph> graph_;
  sim::Scenario base_;
  double input_rate_per_s_ = 0.0;
  double rate_per_s_ = 0.0;
  double duration_s_ = 0.0;
  int replications_ = 3;
  std::string error_;
  session::Traffic traffic_;
};

}  // namespace nanoscope::gui
