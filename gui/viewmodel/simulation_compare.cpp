// The simulation panel's controls and its adapter over session::compare_partitions.
#include "gui/viewmodel/simulation_compare.hpp"

#include <algorithm>
#include <utility>

namespace nanoscope::gui {

SimulationComparison compare_partitions(const model::CallGraph& graph, const model::Partition& after,
                                        const sim::Scenario& scenario, int replications, JobProgress& progress) {
  session::ComparisonOptions options;
  options.replications = static_cast<std::uint32_t>(std::max(replications, 1));
  options.threads = 1;  // the UI thread and the layout worker keep a core
  options.progress = [&progress](double fraction, const std::string& stage) {
    progress.set_stage(stage);
    progress.set(fraction);
  };
  options.stop = [&progress] { return progress.cancel_requested(); };
  options.cancel = progress.cancel_token();  // stops a run in progress, not only between runs
  auto result = session::compare_partitions(graph, model::Partition::observed(graph), after, scenario, options);
  if (!result.cancelled) progress.set(1.0);
  return result;
}

const session::Delta& latency_delta(const session::EntryDelta& entry, LatencyFigure figure) {
  switch (figure) {
    case LatencyFigure::Mean: return entry.mean_ms;
    case LatencyFigure::P50: return entry.p50_ms;
    case LatencyFigure::P99: break;
  }
  return entry.p99_ms;
}

const char* latency_name(LatencyFigure figure) {
  switch (figure) {
    case LatencyFigure::Mean: return "mean";
    case LatencyFigure::P50: return "p50";
    case LatencyFigure::P99: break;
  }
  return "p99";
}

void SimulationControls::reset(std::shared_ptr<const model::CallGraph> graph, const sim::Scenario& base) {
  graph_ = std::move(graph);
  base_ = base;
  base_.total_rate_per_s = 0.0;
  input_rate_per_s_ = graph_ ? session::expected_traffic(*graph_, base_).input_rate_per_s : 0.0;
  restore_defaults();
}

void SimulationControls::restore_defaults() {
  // A manifest-only input or an unknown window gives the scenario's default rate; an input
  // with no entry at all keeps it too, so the control starts at a valid value.
  rate_per_s_ = input_rate_per_s_ > 0.0 ? input_rate_per_s_ : base_.default_total_rate_per_s;
  duration_s_ = base_.duration_s;
  refresh();
}

void SimulationControls::set_rate(double rate_per_s) {
  rate_per_s_ = rate_per_s;
  refresh();
}

void SimulationControls::set_duration(double duration_s) {
  duration_s_ = duration_s;
  refresh();
}

void SimulationControls::set_replications(int replications) { replications_ = std::clamp(replications, 1, 50); }

sim::Scenario SimulationControls::scenario() const {
  return session::apply_load(base_, {.rate_per_s = rate_per_s_, .duration_s = duration_s_});
}

void SimulationControls::refresh() {
  error_ = session::load_error({.rate_per_s = rate_per_s_, .duration_s = duration_s_});
  traffic_ = graph_ && error_.empty() ? session::expected_traffic(*graph_, scenario()) : session::Traffic{};
}

}  // namespace nanoscope::gui
