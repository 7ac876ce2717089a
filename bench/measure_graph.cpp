// Cost of measuring partitions for the economics (economics::measure_partition) on an
// imported graph, per era: the context (analytic model, reference curve, reference
// simulation, fault paths), every level of the granularity family (structure, expectations
// and the load curve), and the discrete-event check of the observed and finest levels with its
// agreement with the analytic added latency. Wall and CPU time of this thread.
// Usage: nanoscope-measure-graph GRAPH ERA.yaml... [--des]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "economics/era.hpp"
#include "economics/granularity.hpp"
#include "economics/partition_measures.hpp"
#include "importers/import_set.hpp"

namespace {

struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu = now_cpu();
  static double now_cpu() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
  }
  [[nodiscard]] double wall_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  }
  [[nodiscard]] double cpu_s() const { return now_cpu() - cpu; }
};

void print_check(const char* label, const nanoscope::economics::PartitionMeasures& m) {
  if (!m.des_check) return;
  const auto& c = *m.des_check;
  std::printf("  %-13s DES added mean %.3f ms, analytic %.3f ms (p50 %.3f, p99 %.3f ms simulated; "
              "curve p50 %.3f, p99 %.3f); %llu requests\n",
              label, c.des_added_mean_ms, c.analytic_added_mean_ms, c.des_added_p50_ms, c.des_added_p99_ms,
              m.added_p50_ms, m.added_p99_ms, static_cast<unsigned long long>(c.requests));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace nanoscope;
  if (argc < 3) {
    std::fprintf(stderr, "usage: nanoscope-measure-graph GRAPH ERA.yaml... [--des]\n");
    return 2;
  }
  bool des = false;
  std::vector<std::string> eras;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--des") des = true;
    else eras.push_back(arg);
  }
  Clock import_clock;
  const auto graph = importers::import_inputs({argv[1]}).graph;
  std::printf("import: %.2f s wall, %.2f s CPU (%zu operations, %zu edges)\n", import_clock.wall_s(),
              import_clock.cpu_s(), graph.operation_count(), graph.edge_count());
  Clock family_clock;
  const auto levels = economics::granularity_levels(graph);
  std::printf("granularity family: %zu levels, %.2f s wall, %.2f s CPU\n", levels.size(), family_clock.wall_s(),
              family_clock.cpu_s());
  for (const auto& path : eras) {
    const auto era = economics::load_era_file(path);
    const auto& load = era.params[economics::Param::ProductionRatePerS];
    Clock context_clock;
    const auto context = economics::make_measure_context(graph, era.simulation, load.low, load.high, load.mid());
    std::printf("%s: context %.2f s wall, %.2f s CPU; %zu grid rates\n", era.name.c_str(), context_clock.wall_s(),
                context_clock.cpu_s(), context.load.rates.size());
    Clock levels_clock;
    double worst_cpu = 0.0;
    for (const auto& level : levels) {
      Clock one;
      const auto m = economics::measure_partition(context, level.partition);
      worst_cpu = std::max(worst_cpu, one.cpu_s());
      if (!level.label.empty())
        std::printf("  %-13s %zu services: added mean %.3f ms at %.0f/s (p99 %.3f), %.2f ... %.2f ms over the grid, "
                    "remote calls %.2f per request\n",
                    level.label.c_str(), level.services, m.added_mean_ms, load.mid(), m.added_p99_ms,
                    m.load_curve.front().added_mean_ms, m.load_curve.back().added_mean_ms,
                    m.remote_calls_per_request);
    }
    {
      const auto& finest = levels.back().partition;
      Clock once;
      const auto curve = context.load.model->solve_rates(finest, {load.mid()});
      const double one_s = once.cpu_s();
      Clock many;
      const auto grid = context.load.model->solve_rates(finest, context.load.rates);
      std::printf("  analytic solve of the finest level: %.3f s CPU at one rate, %.3f s CPU at the %zu grid rates\n",
                  one_s, many.cpu_s(), grid.loads.size());
    }
    const double n = static_cast<double>(levels.size());
    std::printf("  measure per level: %.3f s wall, %.3f s CPU on average, %.3f s CPU at most\n",
                levels_clock.wall_s() / n, levels_clock.cpu_s() / n, worst_cpu);
    if (!des) continue;
    std::vector<const economics::GranularityLevel*> checked{&levels.back()};
    for (const auto& l : levels)
      if (l.label == "observed") checked.push_back(&l);
    for (const auto* level : checked) {
      Clock check_clock;
      const auto m = economics::measure_partition(context, level->partition, true);
      std::printf("  des check %.2f s wall, %.2f s CPU\n", check_clock.wall_s(), check_clock.cpu_s());
      print_check(level->label.c_str(), m);
    }
  }
  return 0;
}
