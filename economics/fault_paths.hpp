// Which operations each request needs synchronously, sampled from the simulator's workload:
// the basis of failure isolation (a request fails when a service it needs synchronously is
// down; asynchronous branches do not fail it). Sampled once per graph, reused by partitions.
#pragma once

#include <cstdint>
#include <vector>

#include "model/call_graph.hpp"
#include "sim/graph_workload.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::economics {

/// One distinct set of synchronously needed operations and how often it was drawn.
struct NeededSet {
  std::vector<model::OperationId> operations;  ///< sorted
  std::uint32_t count = 0;
};

/// Sampled request trees per entry operation.
struct FaultPaths {
  struct Entry {
    model::OperationId operation = 0;
    double rate_per_s = 0.0;
    std::vector<NeededSet> sets;  ///< sorted by operations
    std::uint32_t samples = 0;
  };
  std::vector<Entry> entries;  ///< in operation-id order
  double total_rate_per_s = 0.0;
};

/// Draws `samples` request trees per entry (seeded by scenario.seed): calls per invocation as
/// floor + Bernoulli of the workload's mean, async calls not followed, each operation expanded
/// once per tree, depth capped at scenario.max_call_depth.
[[nodiscard]] FaultPaths sample_fault_paths(const model::CallGraph& graph, const sim::Scenario& scenario,
                                            std::uint32_t samples = 256);
/// The same from the graph's workload already built (sim::build_workload(graph, scenario)).
[[nodiscard]] FaultPaths sample_fault_paths(const sim::Workload& workload, const sim::Scenario& scenario,
                                            std::uint32_t samples = 256);

}  // namespace nanoscope::economics
