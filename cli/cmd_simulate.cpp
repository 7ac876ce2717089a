// `nanoscope simulate`: import inputs, build the partition (observed, from a file, with
// merges and splits), run replications under it and as one process, write the report.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/input_options.hpp"
#include "cli/output_options.hpp"
#include "cli/partition_options.hpp"
#include "session/comparison.hpp"
#include "sim/analytic_report.hpp"
#include "sim/graph_workload.hpp"
#include "sim/replications.hpp"
#include "sim/scenario_yaml.hpp"
#include "sim/simulation_report.hpp"

namespace nanoscope::cli {
namespace {

/// The options of `simulate`; an option not given keeps the scenario's value.
struct SimulateCommand {
  InputOptions input;
  OutputOptions output;
  PartitionOptions partition;
  std::string scenario;                       ///< scenario YAML (section `simulation:`); empty: defaults
  std::optional<double> duration_s;
  std::optional<std::uint64_t> seed;
  std::optional<std::uint32_t> replications;
  std::string arrivals;                       ///< poisson or replay; empty: the scenario's
  std::optional<double> rate;                 ///< total requests/s over every entry (keeps the mix)
  std::string concurrency;                    ///< async or blocking; empty: the scenario's
  std::string method = "des";                 ///< des (discrete events) or analytic (queueing formulas)
  bool allow_empty = false;                   ///< a run that would see no request is not an error
  std::uint32_t threads = 2;
};

const OutputFormats& simulation_formats() {
  static const OutputFormats formats{{{"text", {}, {".txt"}}, {"json", {}, {".json"}}}, "text"};
  return formats;
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

// A run that cannot see a request (entry rates too low for the measured period: a single
// long trace, a short --duration) is refused before it starts, with the model's reason.
void check_expected_requests(const model::CallGraph& graph, const sim::Workload& workload,
                             const sim::Scenario& scenario, bool allow_empty) {
  const auto traffic = session::expected_traffic(graph, workload, scenario);
  if (traffic.no_request_reason.empty() || allow_empty) return;
  if (traffic.entries == 0) throw std::runtime_error(traffic.no_request_reason);
  throw std::runtime_error("the simulation would see no request: " + traffic.no_request_reason +
                           " (--rate R, --duration S; --allow-empty runs it anyway)");
}

// What the reader needs besides the numbers: requests that never finished (on any side: a
// comparison with a side that lost requests is not trustworthy), runs without data, thread
// waits, per-request figures without drain.
void add_notes(sim::SimulationReport& report, const std::vector<std::pair<std::string, const sim::ReplicationResult*>>& sides,
               bool allow_empty) {
  const sim::Scenario& sc = report.scenario;
  for (const auto& [name, result] : sides) {
    std::uint64_t in_flight = 0, measured = 0, waits = 0;
    for (const auto& run : result->runs) {
      in_flight += run.requests_in_flight;
      measured += run.requests_measured;
      waits += run.thread_waits;
    }
    if (in_flight > 0 && sc.drain)
      report.notes.push_back(fmt::format(
          "{}: {} requests never finished over {} replications: every thread of a service was held by requests "
          "waiting on calls that need a thread of the same service (a call cycle under blocking concurrency); "
          "its latency and every difference with it count only the requests that finished. Add "
          "threads_per_replica or a timeout",
          name, in_flight, result->runs.size()));
    if (measured == 0) {
      if (!allow_empty)
        throw std::runtime_error("the simulation saw no request after the warm-up (" + name +
                                 "); raise --duration or --rate");
      report.notes.push_back(name + ": no request was measured: its figures are empty");
    }
    if (waits > 0 && sc.concurrency == sim::Concurrency::Blocking)
      report.notes.push_back(fmt::format("{}: {} requests waited for a free thread after the warm-up, over {} "
                                         "replications",
                                         name, waits, result->runs.size()));
  }
  if (!sc.drain)
    report.notes.push_back("drain is off: requests still in flight at the end did work that the per-request "
                           "figures count but did not finish; keep drain on for exact per-request figures");
}

// --method analytic: the queueing formulas for the same three sides, in milliseconds.
int run_analytic(const model::CallGraph& graph, const model::Partition& partition, const sim::SimulationReport& base,
                 bool edited, const std::vector<OutputTarget>& targets) {
  sim::AnalyticReport report;
  report.partition_name = base.partition_name;
  report.services = base.services;
  report.operations = base.operations;
  report.scenario = base.scenario;
  report.partition = sim::solve_analytic(graph, partition, base.scenario);
  report.one_process = sim::solve_analytic(graph, model::Partition::monolith(graph, "one process"), base.scenario);
  if (edited) report.before = sim::solve_analytic(graph, model::Partition::observed(graph), base.scenario);
  write_outputs(targets, [&](std::ostream& out, const std::string& format) {
    if (format == "json") sim::write_analytic_json(out, report);
    else sim::write_analytic_text(out, report);
  });
  return 0;
}

int run_simulate(const SimulateCommand& options) {
  const auto targets = resolve_outputs(options.output, simulation_formats());
  sim::Scenario scenario = options.scenario.empty() ? sim::Scenario{} : sim::load_scenario_file(options.scenario);
  if (options.duration_s) {
    scenario.duration_s = *options.duration_s;
    if (scenario.warmup_s >= scenario.duration_s) scenario.warmup_s = scenario.duration_s / 10.0;
  }
  if (options.seed) scenario.seed = *options.seed;
  if (!options.arrivals.empty())
    scenario.arrivals = options.arrivals == "replay" ? sim::Arrivals::Replay : sim::Arrivals::Poisson;
  if (options.rate) scenario.total_rate_per_s = *options.rate;
  if (!options.concurrency.empty())
    scenario.concurrency = options.concurrency == "blocking" ? sim::Concurrency::Blocking : sim::Concurrency::Async;
  if (options.replications) scenario.replications = *options.replications;

  const importers::ImportResult imported = load_one_system(options.input);
  const model::CallGraph& graph = imported.graph;
  if (graph.operation_count() == 0) throw std::runtime_error("the inputs hold no operations to simulate");

  sim::SimulationReport report;
  const ChosenPartition chosen = choose_partition(options.partition, graph);
  const model::Partition& partition = chosen.partition;
  const bool edited = options.partition.edited();
  report.partition_name = edited ? chosen.description : "observed";
  report.services = static_cast<std::uint32_t>(partition.non_empty_groups());
  report.operations = static_cast<std::uint32_t>(graph.operation_count());
  report.scenario = scenario;

  if (options.method == "analytic") return run_analytic(graph, partition, report, edited, targets);

  const sim::Workload workload = sim::build_workload(graph, scenario);
  if (const auto skipped = workload.cycle_edges_skipped; skipped > 0 && !options.input.quiet)
    std::cerr << "note: " << skipped << " declared edge" << (skipped == 1 ? "" : "s")
              << " closing a cycle not followed (no traced calls: each declared edge is taken as one call)\n";
  const double measured_s = scenario.duration_s - scenario.warmup_s;
  check_expected_requests(graph, workload, scenario, options.allow_empty);

  // Every side runs the same seeds: common random numbers, so their differences are paired.
  // An edit is compared with today's services by session::compare_partitions (the GUI's too).
  const std::uint32_t r = scenario.replications;
  const std::uint32_t sides = edited ? 3 : 2;
  ProgressBar bar(!options.input.quiet);
  sim::ReplicationResult with_services, before_runs;
  if (edited) {
    session::ComparisonOptions compare;
    compare.replications = r;
    compare.threads = options.threads;
    compare.progress = [&](double fraction, const std::string&) { bar.update(fraction * 2 * r, sides * r); };
    auto change = session::compare_partitions(graph, model::Partition::observed(graph), partition, scenario, compare);
    with_services = std::move(change.after);
    before_runs = std::move(change.before);
    report.has_before = true;
    report.before = sim::summarise(before_runs, measured_s);
    report.vs_before = std::move(change.paired);
  } else {
    with_services = sim::simulate_replications(graph, partition, scenario, r, options.threads,
                                               [&](double done, std::uint32_t) { bar.update(done, sides * r); });
  }
  const std::uint32_t ran_before = sides - 1;
  const auto one_process =
      sim::simulate_replications(graph, model::Partition::monolith(graph, "one process"), scenario, r,
                                 options.threads, [&](double done, std::uint32_t) { bar.update(ran_before * r + done, sides * r); });
  report.partition = sim::summarise(with_services, measured_s);
  report.one_process = sim::summarise(one_process, measured_s);
  report.vs_one_process = sim::compare(with_services, one_process, measured_s);
  std::vector<std::pair<std::string, const sim::ReplicationResult*>> ran = {{"services", &with_services},
                                                                             {"one process", &one_process}};
  if (edited) ran.emplace_back("today's services", &before_runs);
  add_notes(report, ran, options.allow_empty);

  write_outputs(targets, [&](std::ostream& out, const std::string& format) {
    if (format == "json") sim::write_simulation_json(out, report);
    else sim::write_simulation_text(out, report);
  });
  return 0;
}

}  // namespace

Command add_simulate_command(CLI::App& app) {
  auto state = std::make_shared<SimulateCommand>();
  auto& o = *state;
  CLI::App* command = app.add_subcommand("simulate", "Simulate request traffic under a partition and as one process");
  add_input_options(command, o.input);
  add_output_options(command, o.output, simulation_formats(), "the report");
  add_partition_options(command, o.partition);
  command->add_option("--scenario", o.scenario, "Scenario YAML (section simulation:, see docs/scenarios.md)");
  command->add_option("--duration", o.duration_s, "Simulated seconds of arrivals (overrides the scenario)")
      ->check(CLI::PositiveNumber);
  command->add_option("--seed", o.seed, "Seed of the first replication, 0 to 2^64-1 (overrides the scenario)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--replications", o.replications, "Independent replications (overrides the scenario)")
      ->check(CLI::Range(1u, 100'000u));
  command->add_option("--arrivals", o.arrivals, "poisson or replay (the traces' root start times; overrides the scenario)")
      ->check(CLI::IsMember({"poisson", "replay"}));
  command->add_option("--rate", o.rate, "Total requests/s over every entry operation, keeping their mix (also "
                                        "scales replayed arrivals)")
      ->check(CLI::PositiveNumber);
  command->add_option("--concurrency", o.concurrency, "async (a waiting request holds no core) or blocking (thread "
                                                      "per request); overrides the scenario")
      ->check(CLI::IsMember({"async", "blocking"}));
  command->add_option("--method", o.method, "des (discrete-event simulation, default) or analytic (queueing "
                                            "formulas, milliseconds)")
      ->check(CLI::IsMember({"des", "analytic"}));
  command->add_flag("--allow-empty", o.allow_empty, "Exit 0 even when the run would see no request");
  command->add_option("--threads", o.threads, "Worker threads for replications (default 2)")
      ->check(CLI::Range(1u, 4096u));
  return {command, [state] { return run_simulate(*state); }};
}

}  // namespace nanoscope::cli
