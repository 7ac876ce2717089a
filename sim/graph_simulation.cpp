// simulate_graph: builds the engine and the graph model (sim/graph_model.hpp), runs the
// warm-up, the measured period (in slices when progress is wanted) and, with drain, every
// request to its end.
#include "sim/graph_simulation.hpp"

#include <time.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "sim/engine.hpp"
#include "sim/graph_model.hpp"

namespace nanoscope::sim {
namespace {

// CPU time of the calling thread: a replication runs on one thread, so this is its cost
// whatever else the machine is doing.
double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

GraphSimulationResult simulate_graph(const model::CallGraph& graph, const model::Partition& partition,
                                     const Scenario& scenario) {
  return simulate_graph(graph, partition, scenario, RunProgress{});
}

GraphSimulationResult simulate_graph(const model::CallGraph& graph, const model::Partition& partition,
                                     const Scenario& scenario, const RunProgress& progress,
                                     const model::CancelToken& cancel) {
  if (partition.operation_count() != graph.operation_count())
    throw std::invalid_argument("partition does not match the graph: " + std::to_string(partition.operation_count()) +
                                " operations assigned, graph has " + std::to_string(graph.operation_count()));
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = thread_cpu_seconds();
  Engine engine(scenario.seed);
  engine.reserve(4096);
  engine.set_cancel(cancel);
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
  r.cpu_seconds = thread_cpu_seconds() - cpu_start;
  r.events_per_cpu_second = r.cpu_seconds > 0.0 ? static_cast<double>(r.events) / r.cpu_seconds : 0.0;
  return r;
}

}  // namespace nanoscope::sim
