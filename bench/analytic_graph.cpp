// Analytic solver benchmark: a generated service graph (bench/generated_graph.hpp, as the
// coupling-analysis benchmark makes it) solved by sim::solve_analytic under the observed
// partition and the one-process reference, timing the best of several runs.
// Usage: nanoscope-analytic-graph SERVICES EDGES [--seed S] [--runs R] [--rate R]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>

#include "bench/generated_graph.hpp"
#include "model/partition.hpp"
#include "sim/analytic_model.hpp"
#include "sim/capacity_plan.hpp"
#include "sim/graph_workload.hpp"

namespace {

// The generator draws 1..1000 calls per edge whatever the caller's invocations, so calls per
// invocation would multiply without bound along its layers and around its back edges. Rescale
// each caller's out-edges to `fan_out` expected calls per invocation in total, a fifth of them
// on back edges (to a lower index), so the call graph keeps its shape and every cycle makes
// fewer calls of itself than one.
void normalise_calls(nanoscope::model::CallGraph& graph, double fan_out) {
  for (nanoscope::model::OperationId op = 0; op < graph.operation_count(); ++op) {
    const auto out = graph.out_edges(op);
    if (out.empty()) continue;
    double forward = 0.0, back = 0.0;
    for (const auto id : out) (graph.edge(id).to < op ? back : forward) += static_cast<double>(graph.edge(id).calls);
    const double invocations = 1000.0;
    graph.operation(op).invocations = static_cast<std::uint64_t>(invocations);
    for (const auto id : out) {
      auto& e = graph.edge(id);
      const bool is_back = e.to < op;
      const double share = is_back ? (forward > 0.0 ? 0.2 : 1.0) : (back > 0.0 ? 0.8 : 1.0);
      const double total = is_back ? back : forward;
      e.calls = std::max<std::uint64_t>(
          1, static_cast<std::uint64_t>(std::llround(invocations * fan_out * share * static_cast<double>(e.calls) / total)));
      e.traces = e.calls;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: nanoscope-analytic-graph SERVICES EDGES [--seed S] [--runs R] [--rate R]\n");
    return 2;
  }
  const auto services = static_cast<std::uint32_t>(std::stoul(argv[1]));
  const auto edges = static_cast<std::uint64_t>(std::stoull(argv[2]));
  std::uint64_t seed = 42;
  int runs = 5;
  double rate = 1000.0;
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--seed") seed = std::stoull(argv[i + 1]);
    else if (flag == "--runs") runs = std::stoi(argv[i + 1]);
    else if (flag == "--rate") rate = std::stod(argv[i + 1]);
  }
  auto graph = nanoscope::bench::to_call_graph(services, nanoscope::bench::generate_edges(services, edges, seed));
  normalise_calls(graph, 0.9);
  nanoscope::sim::Scenario scenario;
  scenario.total_rate_per_s = rate;

  auto timed = [&](const nanoscope::model::Partition& partition, const char* label) {
    // Wall time and CPU time (the host may be shared), best of the runs.
    double best = 1e300, best_cpu = 1e300;
    nanoscope::sim::AnalyticResult r;
    for (int k = 0; k < runs; ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      const std::clock_t c0 = std::clock();
      r = nanoscope::sim::solve_analytic(graph, partition, scenario);
      best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    // Of which the shared inputs: workload estimation and capacity plan (solve_analytic runs both).
    double inputs = 1e300;
    for (int k = 0; k < runs; ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto w = nanoscope::sim::build_workload(graph, scenario);
      const auto plan = nanoscope::sim::plan_capacity(graph, partition, scenario, w);
      inputs = std::min(inputs, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      if (plan.stations.empty()) std::printf("no stations\n");
    }
    double worst_latency = 0.0, max_util = 0.0;
    for (const auto& e : r.entries) worst_latency = std::max(worst_latency, e.mean_latency_s);
    for (const auto& s : r.stations) max_util = std::max(max_util, s.utilisation);
    std::printf("%s: services=%u operations=%zu edges=%zu stations=%zu entries=%zu solve_s=%.4f solve_cpu_s=%.4f workload_and_plan_s=%.4f "
                "max_latency_ms=%.3f max_utilisation=%.3f saturation_rate_per_s=%.1f caveats=%zu\n",
                label, services, graph.operation_count(), graph.edge_count(), r.stations.size(), r.entries.size(), best, best_cpu, inputs,
                worst_latency * 1e3, max_util, r.saturation_rate_per_s, r.caveats.size());
  };
  timed(nanoscope::model::Partition::observed(graph), "observed");
  timed(nanoscope::model::Partition::monolith(graph), "one process");
  return 0;
}
