// `nanoscope report` and `nanoscope sweep`: import, sweep the granularity family in every era,
// write the report (report: HTML by default, with per-service tables; sweep: JSON levels) and,
// with --suggest-partition, Leiden's suggested boundaries as a partition file.
#include <iostream>
#include <stdexcept>

#include "cli/commands.hpp"
#include "cli/economics_inputs.hpp"
#include "economics/report.hpp"
#include "importers/atomic_output.hpp"
#include "importers/import_set.hpp"

namespace nanoscope::cli {
namespace {

int run(const EconomicsOptions& o, bool sweep) {
  const auto fallback = sweep ? economics::ReportFormat::Json : economics::ReportFormat::Html;
  const auto format = choose_economics_format(o.format, o.output, fallback);
  if (!sweep && format == economics::ReportFormat::Html && (o.output.empty() || o.output == "-"))
    throw std::runtime_error("an HTML report needs -o FILE");
  const auto eras = load_eras(o.scenarios, o.samples);
  const importers::ImportOptions import_options{importers::parse_limit_settings(o.limits), {}};
  const importers::ImportResult imported = importers::import_inputs(o.inputs, import_options);
  economics::ReportOptions options;
  options.system_name = system_name(o.inputs);
  options.granularity.max_levels = o.max_levels;
  options.progress = terminal_progress(o.quiet);
  options.threads = economics_threads(o.threads);
  // `sweep` prints no per-service tables, so it keeps no per-service samples either.
  options.service_bands = sweep ? economics::ServiceBands::None : economics::ServiceBands::Printed;
  const economics::EconomicsReport report = economics::build_report(imported.graph, eras, options);
  economics::WriteOptions write;
  write.services = !sweep;
  write_output(o.output, [&](std::ostream& out) { economics::write_report(out, report, format, write); });
  if (!o.suggest_partition.empty()) {
    importers::write_file_atomically(o.suggest_partition,
                                     [&](std::ostream& out) { economics::write_partition_file(out, *report.suggestion); });
    if (!o.quiet) std::cerr << "wrote " << o.suggest_partition << " (suggested boundaries, " << report.suggestion->groups.size()
                            << " groups)\n";
  }
  if (!o.quiet && !o.output.empty() && o.output != "-") {
    std::cerr << "wrote " << o.output << "\n";
    economics::write_headline(std::cerr, report);
  }
  return 0;
}

}  // namespace

int run_report(const EconomicsOptions& options) { return run(options, false); }
int run_sweep(const EconomicsOptions& options) { return run(options, true); }

}  // namespace nanoscope::cli
