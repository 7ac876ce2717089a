// Independent replications of a graph simulation, run on worker threads, summarised as
// means with 95% confidence intervals across replications.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/graph_simulation.hpp"

namespace nanoscope::sim {

/// A metric's mean across replications and the half-width of its 95% confidence interval
/// (Student t; 0 with fewer than two replications).
struct Estimate {
  double mean = 0.0;
  double half_width_95 = 0.0;
  std::uint32_t samples = 0;
  /// True when the interval is known (two samples or more) and excludes 0: for a difference,
  /// the change is significant at the 5% level.
  [[nodiscard]] bool excludes_zero() const { return samples > 1 && (mean - half_width_95 > 0.0 || mean + half_width_95 < 0.0); }
};

/// Latency of one entry operation across replications, in milliseconds.
struct EntryEstimate {
  std::string operation;
  std::uint64_t requests = 0;  ///< measured requests summed over replications
  Estimate mean_ms, p50_ms, p95_ms, p99_ms;
  /// Remote-communication time on the requests' critical paths (EntryResult::communication_us).
  Estimate comm_mean_ms, comm_p50_ms, comm_p99_ms;
};

/// All replications and their summary.
struct ReplicationResult {
  std::vector<GraphSimulationResult> runs;  ///< replication i ran with seed scenario.seed + i
  std::vector<EntryEstimate> entries;       ///< same order as GraphSimulationResult::entries
  Estimate remote_calls, inprocess_calls, cpu_serialization_s, cpu_stack_s;
  std::uint64_t events = 0;                 ///< summed over replications
  double wall_seconds = 0.0;                ///< host time of the whole batch (not deterministic)
  double events_per_second = 0.0;           ///< events / wall_seconds (not deterministic)
};

/// Called with (replications done, total) as they run: `done` counts finished replications
/// plus the fractions of running ones, so it grows smoothly to `total`. From worker threads
/// but never concurrently.
using ReplicationProgress = std::function<void(double, std::uint32_t)>;

/// Runs `replications` (at least 1) independent replications on up to `threads` threads.
/// Results do not depend on the thread count. Throws like simulate_graph (model::Cancelled
/// once `cancel` is requested, within a few thousand events of each run in progress).
[[nodiscard]] ReplicationResult simulate_replications(const model::CallGraph& graph,
                                                      const model::Partition& partition, const Scenario& scenario,
                                                      std::uint32_t replications, std::uint32_t threads = 2,
                                                      const ReplicationProgress& progress = {},
                                                      const model::CancelToken& cancel = {});

/// Summarises finished runs (replication i ran with seed + i) into a ReplicationResult:
/// per-entry estimates, call and CPU estimates and summed events (wall time left at 0; the
/// caller that timed the runs sets it). Used by simulate_replications and by callers that
/// run replications in slices (to stop between them).
[[nodiscard]] ReplicationResult summarise_runs(std::vector<GraphSimulationResult> runs);

/// Two-sided 95% Student t quantile with `dof` degrees of freedom (Boost.Math's students_t;
/// 0 for 0 dof).
[[nodiscard]] double t_quantile_95(std::uint32_t dof);

/// Mean and 95% half-width of a sample (t_quantile_95 * standard error).
[[nodiscard]] Estimate estimate(const std::vector<double>& values);

/// Per-run figures the comparisons difference (one definition for every front end).
[[nodiscard]] double remote_calls_per_request(const GraphSimulationResult& run);
/// CPU of every kind (business, serialization, stack, sidecar, broker) per measured request, ms.
[[nodiscard]] double cpu_ms_per_request(const GraphSimulationResult& run);
/// Measured completed requests over every entry.
[[nodiscard]] double completed_requests(const GraphSimulationResult& run);

/// Change of one entry's latency between two sets of replications, in milliseconds.
struct EntryChange {
  std::string operation;
  Estimate mean_ms, p50_ms, p99_ms;
};

/// `after` minus `before`, replication by replication: both ran with the same seeds, so the
/// same arrivals, call trees and service times (common random numbers), and the interval of
/// the paired differences is much narrower than the seed-to-seed noise of either side.
struct Comparison {
  std::vector<EntryChange> entries;   ///< entries present in both, in `after`'s order
  Estimate remote_calls_per_request, cpu_ms_per_request, throughput_per_s;
};

/// Paired differences of two replication sets made with the same scenario seeds and graph
/// (`measured_s`: the measured period, for throughput). Replications where an entry has no
/// measured request on either side are left out of that entry's estimates.
[[nodiscard]] Comparison compare(const ReplicationResult& after, const ReplicationResult& before, double measured_s);

}  // namespace nanoscope::sim
