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
/// Results do not depend on the thread count. Throws like simulate_graph.
[[nodiscard]] ReplicationResult simulate_replications(const model::CallGraph& graph,
                                                      const model::Partition& partition, const Scenario& scenario,
                                                      std::uint32_t replications, std::uint32_t threads = 2,
                                                      const ReplicationProgress& progress = {});

/// Mean and 95% half-width of a sample.
[[nodiscard]] Estimate estimate(const std::vector<double>& values);

}  // namespace nanoscope::sim
