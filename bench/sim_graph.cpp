// Simulator benchmark on an imported graph: imports the given files, then simulates the
// observed partition and the one-process reference, printing latency, call counts and
// events per second. Usage: nanoscope-sim-graph DURATION_S TOTAL_RATE_PER_S FILE...
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "importers/import_set.hpp"
#include "model/partition.hpp"
#include "sim/graph_simulation.hpp"

namespace {

void print(const char* label, const nanoscope::sim::GraphSimulationResult& r) {
  std::printf(
      "%s: requests=%llu remote_calls=%llu inprocess_calls=%llu events=%llu wall_s=%.3f events_per_s=%.0f "
      "cpu_s=%.3f events_per_cpu_s=%.0f\n",
      label, static_cast<unsigned long long>(r.requests_completed), static_cast<unsigned long long>(r.remote_calls),
      static_cast<unsigned long long>(r.inprocess_calls), static_cast<unsigned long long>(r.events), r.wall_seconds,
      r.events_per_second, r.cpu_seconds, r.events_per_cpu_second);
  for (const auto& e : r.entries)
    std::printf("  %-50s n=%-8llu mean=%.3fms p50=%.3fms p95=%.3fms p99=%.3fms\n", e.operation.c_str(),
                static_cast<unsigned long long>(e.requests), e.latency_us.mean_us() / 1e3,
                e.latency_us.quantile_us(0.5) / 1e3, e.latency_us.quantile_us(0.95) / 1e3,
                e.latency_us.quantile_us(0.99) / 1e3);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: nanoscope-sim-graph DURATION_S TOTAL_RATE_PER_S FILE...\n");
    return 2;
  }
  nanoscope::sim::Scenario scenario;
  scenario.duration_s = std::atof(argv[1]);
  scenario.total_rate_per_s = std::atof(argv[2]);
  const std::vector<std::string> inputs(argv + 3, argv + argc);
  const auto imported = nanoscope::importers::import_inputs(inputs);
  const auto& g = imported.graph;
  std::printf("graph: %zu services, %zu operations, %zu edges\n", g.service_count(), g.operation_count(),
              g.edge_count());
  print("observed", nanoscope::sim::simulate_graph(g, nanoscope::model::Partition::observed(g), scenario));
  print("one process", nanoscope::sim::simulate_graph(g, nanoscope::model::Partition::monolith(g), scenario));
  return 0;
}
