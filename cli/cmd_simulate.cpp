// `nanoscope simulate`: import inputs, build the partition (observed, from a file, with
// merges and splits), run replications under it and as one process, write the report.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "cli/commands.hpp"
#include "importers/atomic_output.hpp"
#include "importers/import_set.hpp"
#include "sim/graph_workload.hpp"
#include "sim/partition_file.hpp"
#include "sim/replications.hpp"
#include "sim/scenario_yaml.hpp"
#include "sim/simulation_report.hpp"

namespace nanoscope::cli {
namespace {

template <typename T>
T parse_number(const std::string& text, const char* option) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    throw std::runtime_error(std::string(option) + ": '" + text + "' is not a valid number");
  return value;
}

// A one-line progress bar on a terminal; nothing otherwise.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled && isatty(fileno(stderr))) {}
  // `done` of `total` replications (fractional while one runs); redraws only on change.
  void update(double done, std::uint32_t total) {
    if (!enabled_ || total == 0) return;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * done / total);
    const int percent = static_cast<int>(100.0 * done / total);
    if (percent == last_percent_) return;
    last_percent_ = percent;
    std::fprintf(stderr, "\rsimulating [%.*s%*s] %3d%% of %u runs", filled, "##############################",
                 kWidth - filled, "", percent, total);
    if (percent >= 100) std::fprintf(stderr, "\r%*s\r", 60, "");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  int last_percent_ = -1;
};

}  // namespace

int run_simulate(const SimulateOptions& options) {
  sim::Scenario scenario = options.scenario.empty() ? sim::Scenario{} : sim::load_scenario_file(options.scenario);
  if (!options.duration.empty()) {
    scenario.duration_s = parse_number<double>(options.duration, "--duration");
    if (!(scenario.duration_s > 0.0)) throw std::runtime_error("--duration must be positive");
    if (scenario.warmup_s >= scenario.duration_s) scenario.warmup_s = scenario.duration_s / 10.0;
  }
  if (!options.seed.empty()) scenario.seed = parse_number<std::uint64_t>(options.seed, "--seed");
  if (!options.arrivals.empty())
    scenario.arrivals = options.arrivals == "replay" ? sim::Arrivals::Replay : sim::Arrivals::Poisson;
  if (!options.replications.empty()) {
    scenario.replications = parse_number<std::uint32_t>(options.replications, "--replications");
    if (scenario.replications == 0) throw std::runtime_error("--replications must be at least 1");
  }
  std::string format = options.format;
  if (format.empty()) format = options.output.ends_with(".json") ? "json" : "text";
  if (format != "text" && format != "json") throw std::runtime_error("unknown report format '" + format + "'");

  const importers::ImportOptions import_options{importers::parse_limit_settings(options.limits), {}};
  const importers::ImportResult imported = importers::import_inputs(options.inputs, import_options);
  const model::CallGraph& graph = imported.graph;
  if (graph.operation_count() == 0) throw std::runtime_error("the inputs hold no operations to simulate");

  sim::SimulationReport report;
  model::Partition partition = model::Partition::observed(graph);
  report.partition_name = "observed";
  if (!options.partition.empty()) {
    partition = sim::load_partition_file(options.partition, graph);
    report.partition_name = options.partition;
  }
  for (const auto& spec : options.merges) {
    sim::apply_merge_spec(partition, spec);
    report.partition_name += " + merge " + spec;
  }
  for (const auto& name : options.splits) {
    sim::split_group(partition, graph, name);
    report.partition_name += " + split " + name;
  }
  report.services = static_cast<std::uint32_t>(partition.non_empty_groups());
  report.operations = static_cast<std::uint32_t>(graph.operation_count());
  report.scenario = scenario;

  if (const auto skipped = sim::build_workload(graph, scenario).cycle_edges_skipped; skipped > 0 && !options.quiet)
    std::cerr << "note: " << skipped << " declared edge" << (skipped == 1 ? "" : "s")
              << " closing a cycle not followed (no traced calls: each declared edge is taken as one call)\n";
  const std::uint32_t r = scenario.replications;
  ProgressBar bar(!options.quiet);
  const double measured_s = scenario.duration_s - scenario.warmup_s;
  const auto with_services = sim::simulate_replications(graph, partition, scenario, r, options.threads,
                                                        [&](double done, std::uint32_t) { bar.update(done, 2 * r); });
  const auto one_process =
      sim::simulate_replications(graph, model::Partition::monolith(graph, "one process"), scenario, r, options.threads,
                                 [&](double done, std::uint32_t) { bar.update(r + done, 2 * r); });
  report.partition = sim::summarise(with_services, measured_s);
  report.one_process = sim::summarise(one_process, measured_s);

  auto write = [&](std::ostream& out) {
    if (format == "json") sim::write_simulation_json(out, report);
    else sim::write_simulation_text(out, report);
  };
  if (options.output.empty() || options.output == "-") write(std::cout);
  else importers::write_file_atomically(options.output, write);
  return 0;
}

}  // namespace nanoscope::cli
