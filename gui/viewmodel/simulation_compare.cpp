// Before/after simulation of a partition change, replication by replication.
#include "gui/viewmodel/simulation_compare.hpp"

#include <chrono>

#include "sim/graph_simulation.hpp"

namespace nanoscope::gui {

SimulationComparison compare_partitions(const model::CallGraph& graph, const model::Partition& after,
                                        const sim::Scenario& scenario, int replications, JobProgress& progress) {
  const auto started = std::chrono::steady_clock::now();
  SimulationComparison out;
  const auto before = model::Partition::observed(graph);
  const int runs = 2 * replications;
  int done = 0;
  for (int r = 0; r < replications; ++r) {
    for (int side = 0; side < 2; ++side) {
      if (progress.cancel_requested()) {
        out.cancelled = true;
        break;
      }
      progress.set_stage(std::string(side == 0 ? "today's services" : "current partition") + ", run " +
                         std::to_string(r + 1) + " of " + std::to_string(replications));
      auto s = scenario;
      s.seed = scenario.seed + static_cast<std::uint64_t>(r);
      sim::GraphSimulationResult result;
      try {
        result = sim::simulate_graph(graph, side == 0 ? before : after, s, {}, progress.cancel_token());
      } catch (const model::Cancelled&) {  // mid-run: keep the runs that finished
        out.cancelled = true;
        break;
      }
      if (out.entries.size() < result.entries.size()) out.entries.resize(result.entries.size());
      for (std::size_t i = 0; i < result.entries.size(); ++i) {
        out.entries[i].operation = result.entries[i].operation;
        (side == 0 ? out.entries[i].before_us : out.entries[i].after_us).merge(result.entries[i].latency_us);
      }
      const double overhead = result.cpu_serialization_s + result.cpu_stack_s + result.cpu_sidecar_s;
      (side == 0 ? out.remote_calls_before : out.remote_calls_after) += result.remote_calls;
      (side == 0 ? out.cpu_overhead_s_before : out.cpu_overhead_s_after) += overhead;
      progress.set(static_cast<double>(++done) / runs);
    }
    if (out.cancelled) break;
    ++out.replications;
  }
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace nanoscope::gui
