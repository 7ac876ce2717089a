// Simulating the current partition against today's services in the background: several
// seeded replications of each, with progress counted in finished runs and cancellation
// between runs; the result compares end-to-end latency percentiles per entry operation.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gui/viewmodel/background_job.hpp"
#include "model/call_graph.hpp"
#include "model/latency_summary.hpp"
#include "model/partition.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::gui {

/// Latency of one entry operation before (observed services) and after (current partition).
struct EntryComparison {
  std::string operation;
  model::LatencySummary before_us;
  model::LatencySummary after_us;
};

/// What the simulation panel shows.
struct SimulationComparison {
  std::vector<EntryComparison> entries;  ///< in operation-id order
  int replications = 0;                  ///< finished per side
  bool cancelled = false;
  std::uint64_t remote_calls_before = 0;
  std::uint64_t remote_calls_after = 0;
  double cpu_overhead_s_before = 0.0;    ///< serialization + stack + sidecar
  double cpu_overhead_s_after = 0.0;
  double wall_seconds = 0.0;
};

/// Runs `replications` seeded runs of each side (seeds scenario.seed, +1, ...), reporting
/// progress as finished runs / all runs. A cancel stops the run in progress within a few
/// thousand events; the result then holds the runs that finished and says `cancelled`.
[[nodiscard]] SimulationComparison compare_partitions(const model::CallGraph& graph, const model::Partition& after,
                                                      const sim::Scenario& scenario, int replications,
                                                      JobProgress& progress);

}  // namespace nanoscope::gui
