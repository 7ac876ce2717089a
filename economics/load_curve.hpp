// A partition at production load: its added latency against the one process over a grid of
// loads (analytic, sim/analytic_model.hpp, each side provisioned by the era's capacity policy at
// each load), its communication per request from expectations, its stations' CPU per request/s,
// and, on request, the discrete-event check at the nominal load. Method: docs/economics.md,
// "Measures of a partition" and "Production load".
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "model/call_graph.hpp"
#include "model/cancellation.hpp"
#include "model/partition.hpp"
#include "sim/analytic_model.hpp"
#include "sim/capacity_plan.hpp"
#include "sim/graph_simulation.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::economics {

/// Added latency of a partition against the one process at one production load: both
/// solved analytically (sim/analytic_model.hpp) with capacity sized at that load.
struct LoadPoint {
  double rate_per_s = 0.0;
  double added_mean_ms = 0.0;   ///< entry-rate-weighted mean latency difference (signed)
  double added_p50_ms = 0.0;    ///< the mean scaled by the simulated shape (SimulationCheck)
  double added_p99_ms = 0.0;
  double max_utilisation = 0.0; ///< the partition's busiest station
  bool saturated = false;       ///< some station at or past utilisation 1
};

/// The discrete-event simulation of a partition and its reference at one rate, set beside
/// the analytic figures at that rate.
struct SimulationCheck {
  double rate_per_s = 0.0;
  double des_added_mean_ms = 0.0, analytic_added_mean_ms = 0.0;
  double des_added_p50_ms = 0.0, des_added_p99_ms = 0.0;
  double p50_ms = 0.0, p99_ms = 0.0, reference_p50_ms = 0.0, reference_p99_ms = 0.0;
  std::uint64_t requests = 0;
};

/// Waits of an overloaded station are taken at this utilisation in the load curve, so a
/// saturated point stays finite (a lower bound of an unbounded mean) and is flagged.
inline constexpr double kSaturatedUtilisation = 0.99;

/// The era's load grid: 7 rates geometric from `low` to `high` (from `low` to `upper` when the
/// range is one point), continued past `high` with the same ratio (at most 8 more, evenly in
/// log) up to `upper`, plus `nominal`; ascending, distinct. Throws std::invalid_argument unless
/// 0 < low <= high <= upper and nominal > 0, all finite.
[[nodiscard]] std::vector<double> load_grid(double low, double high, double nominal, double upper);

/// What stays fixed while partitions vary, on the load side.
struct LoadContext {
  std::shared_ptr<const sim::AnalyticModel> model;  ///< the era's scenario at its own rate
  sim::Scenario des_scenario;                       ///< the era's, at the nominal rate
  double low_rate_per_s = 0.0, high_rate_per_s = 0.0, nominal_rate_per_s = 0.0;
  /// Fixed capacity: the rate at which every business operation alone (one per service)
  /// saturates; autoscale: +infinity (nothing saturates by construction).
  double finest_saturation_rate_per_s = 0.0;
  std::vector<double> rates;                        ///< load_grid(...), the same for every level
  sim::AnalyticCurve reference_curve;               ///< the one process at `rates`
  sim::CommunicationRates reference_communication;  ///< at the model's rate
  sim::GraphSimulationResult reference_simulation;  ///< the one process at the nominal rate
  model::CancelToken cancel;                        ///< stops the discrete-event runs (model::Cancelled)
};

/// Builds the load context (solves the one process over the grid, simulates it once at the
/// nominal rate). `finest` is the partition of every business operation alone.
[[nodiscard]] LoadContext make_load_context(const model::CallGraph& graph, const sim::Scenario& scenario,
                                            const model::Partition& reference, const model::Partition& finest,
                                            double low_rate_per_s, double high_rate_per_s,
                                            double nominal_rate_per_s, const model::CancelToken& cancel = {});

/// Load-side figures of one partition (per request: this partition minus the one process).
struct LoadMeasures {
  std::vector<LoadPoint> curve;                 ///< at LoadContext::rates
  std::optional<SimulationCheck> des_check;
  LoadPoint nominal;                            ///< the curve's point at the nominal rate
  double p50_ms = 0.0, p99_ms = 0.0, reference_p50_ms = 0.0, reference_p99_ms = 0.0;
  double comm_cpu_s_per_request = 0.0, bytes_per_request = 0.0, remote_calls_per_request = 0.0;
  std::vector<double> remote_calls_in_per_request;  ///< per GroupId
  std::vector<double> offered_cpu_per_rps;          ///< per GroupId (0 for empty groups)
  std::vector<std::uint64_t> base_replicas;         ///< per GroupId
  std::uint64_t simulated_requests = 0;             ///< of the DES check (0 without)
};

/// Measures `partition` at every load of the grid; with `des_check`, also simulates it at the
/// nominal rate (one discrete-event run) and takes the added latency's p50 and p99 shape from it.
[[nodiscard]] LoadMeasures measure_load(const LoadContext& context, const model::CallGraph& graph,
                                        const model::Partition& partition, bool des_check);

}  // namespace nanoscope::economics
