// `nanoscope report` and `nanoscope sweep`: import, sweep the granularity family in every era
// once, write it to every output (report: HTML by default, with per-service tables; sweep:
// JSON levels) and, with --suggest-partition, Leiden's suggested boundaries as a partition file.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/economics_options.hpp"
#include "cli/input_options.hpp"
#include "cli/output_options.hpp"
#include "cli/run_context.hpp"
#include "economics/report.hpp"
#include "economics/report_writers.hpp"
#include "importers/atomic_output.hpp"

namespace nanoscope::cli {
namespace {

struct ReportCommand {
  bool sweep = false;  ///< `sweep`: JSON by default, no per-service tables
  InputOptions input;
  OutputOptions output;
  EconomicsOptions economics;
  std::size_t max_levels = 48;        ///< granularity levels at most (0: all)
  std::string suggest_partition;      ///< write Leiden's suggested partition file here (empty: don't)
  const RunContext* context = nullptr;  ///< one rank of nanoscope-mpi; null: alone

  [[nodiscard]] OutputFormats formats() const { return economics_formats(true, sweep ? "json" : "html"); }
};

int run_report(const ReportCommand& o) {
  const auto targets = resolve_outputs(o.output, o.formats());
  const bool writes = writes_outputs(o.context);
  InputOptions input = o.input;
  input.quiet = input.quiet || !writes;
  const auto eras = load_eras(o.economics);
  const importers::ImportResult imported = load_one_system(input);
  economics::ReportOptions options;
  options.system_name = system_name(o.input.inputs);
  options.granularity.max_levels = o.max_levels;
  options.progress = terminal_progress(input.quiet);
  options.threads = economics_threads(o.economics, o.context);
  options.distributor = o.context ? o.context->units : nullptr;
  // `sweep` prints no per-service tables, so it keeps no per-service samples either.
  options.service_bands = o.sweep ? economics::ServiceBands::None : economics::ServiceBands::Printed;
  const economics::EconomicsReport report = economics::build_report(imported.graph, eras, options);
  if (!writes) return 0;
  economics::WriteOptions write;
  write.services = !o.sweep;
  write_outputs(targets, [&](std::ostream& out, const std::string& format) {
    economics::write_report(out, report, *economics::parse_report_format(format), write);
  });
  if (!o.suggest_partition.empty()) {
    importers::write_file_atomically(o.suggest_partition,
                                     [&](std::ostream& out) { economics::write_partition_file(out, *report.suggestion); });
    if (!o.input.quiet)
      std::cerr << "wrote " << o.suggest_partition << " (suggested boundaries, " << report.suggestion->groups.size()
                << " groups)\n";
  }
  if (!o.input.quiet && !writes_to_stdout(targets)) {
    for (const auto& t : targets) std::cerr << "wrote " << t.path << "\n";
    economics::write_headline(std::cerr, report);
  }
  return 0;
}

Command add(CLI::App& app, bool sweep, const char* name, const char* description, const RunContext* context) {
  auto state = std::make_shared<ReportCommand>();
  state->sweep = sweep;
  state->context = context;
  state->input.exchange = context ? context->imports : nullptr;
  CLI::App* command = app.add_subcommand(name, description);
  add_input_options(command, state->input);
  add_output_options(command, state->output, state->formats(), sweep ? "the sweep" : "the report");
  add_economics_options(command, state->economics);
  command->add_option("--levels", state->max_levels, "Granularity levels at most (0: every level; default 48)");
  command->add_option("--suggest-partition", state->suggest_partition,
                      "Also write the suggested boundaries (Leiden) as a partition file for `whatif --partition`");
  return {command, [state] { return run_report(*state); }};
}

}  // namespace

Command add_report_command(CLI::App& app, const RunContext* context) {
  return add(app, false, "report",
             "Overhead economics report: granularity sweep per era, verdicts, per-service overhead/utility "
             "(html, markdown, json, csv)",
             context);
}

Command add_sweep_command(CLI::App& app, const RunContext* context) {
  return add(app, true, "sweep",
             "Granularity sweep: the four overheads, utility and net value from monolith to one operation per "
             "service, per era",
             context);
}

}  // namespace nanoscope::cli
