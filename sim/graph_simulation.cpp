// simulate_graph: builds the engine and the graph model (sim/graph_model.hpp), runs the
// warm-up, the measured period (in slices when progress is wanted) and, with drain, every
// request to its end.
#include "sim/graph_simulation.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

#include "sim/engine.hpp"
#include "sim/graph_model.hpp"

namespace nanoscope::sim {

GraphSimulationResult simulate_graph(const model::CallGraph& graph, const model::Partition& partition,
                                     const Scenario& scenario) {
  return simulate_graph(graph, partition, scenario, RunProgress{});
}

GraphSimulationResult simulate_graph(const model::CallGraph& graph, const model::Partition& partition,
                                     const Scenario& scenario, const RunProgress& progress) {
  if (partition.operation_count() != graph.operation_count())
    throw std::invalid_argument("partition does not match the graph: " + std::to_string(partition.operation_count()) +
                                " operations assigned, graph has " + std::to_string(graph.operation_count()));
  const auto wall_start = std::chrono::steady_clock::now();
  Engine engine(scenario.seed);
  engine.reserve(4096);
  detail::GraphModel model(engine, graph, partition, scenario);
  model.start();
  if (scenario.warmup_s > 0.0) engine.run_until(scenario.warmup_s);
  model.begin_measurement();
  if (progress) {
    // Run the arrival period in slices; run_until leaves the model exactly as one call would.
    constexpr int kSlices = 50;
    for (int i = 1; i <= kSlices; ++i) {
      const double until = scenario.warmup_s + (scenario.duration_s - scenario.warmup_s) * i / kSlices;
      if (until > engine.now()) engine.run_until(until);
      progress(static_cast<double>(i) / kSlices);
    }
  }
  if (scenario.drain)
    engine.run();
  else
    engine.run_until(scenario.duration_s);
  GraphSimulationResult r = model.result();
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  r.events_per_second = r.wall_seconds > 0.0 ? static_cast<double>(r.events) / r.wall_seconds : 0.0;
  return r;
}

}  // namespace nanoscope::sim
