// `nanoscope whatif`: price the observed services and a changed partition (merges, splits of
// a service into its operations or into named groups of operations, or a partition file)
// before and after, in every era.
#include <CLI/CLI.hpp>

#include <memory>

#include "cli/command.hpp"
#include "cli/economics_options.hpp"
#include "cli/input_options.hpp"
#include "cli/output_options.hpp"
#include "cli/partition_options.hpp"
#include "cli/run_context.hpp"
#include "cli/usage.hpp"
#include "economics/report.hpp"
#include "economics/report_writers.hpp"

namespace nanoscope::cli {
namespace {

struct WhatIfCommand {
  InputOptions input;
  OutputOptions output;
  EconomicsOptions economics;
  PartitionOptions partition;
  const RunContext* context = nullptr;  ///< one rank of nanoscope-mpi; null: alone
};

const OutputFormats& whatif_formats() {
  static const OutputFormats formats = economics_formats(false, "markdown");
  return formats;
}

int run_whatif(const WhatIfCommand& o) {
  if (!o.partition.edited())
    throw UsageError("whatif needs a change: --merge A,B, --split SERVICE[:op,...] or --partition FILE");
  const auto targets = resolve_outputs(o.output, whatif_formats());
  const bool writes = writes_outputs(o.context);
  InputOptions input = o.input;
  input.quiet = input.quiet || !writes;
  const auto eras = load_eras(o.economics);
  const importers::ImportResult imported = load_one_system(input);
  const model::CallGraph& g = imported.graph;
  const ChosenPartition after = choose_partition(o.partition, g);
  const auto report = economics::build_whatif(g, model::Partition::observed(g), after.partition, eras,
                                              after.description, system_name(o.input.inputs),
                                              economics_threads(o.economics, o.context), {},
                                              o.context ? o.context->units : nullptr);
  if (!writes) return 0;
  write_outputs(targets, [&](std::ostream& out, const std::string& format) {
    economics::write_whatif(out, report, *economics::parse_report_format(format));
  });
  return 0;
}

}  // namespace

Command add_whatif_command(CLI::App& app, const RunContext* context) {
  auto state = std::make_shared<WhatIfCommand>();
  state->context = context;
  state->input.exchange = context ? context->imports : nullptr;
  CLI::App* command = app.add_subcommand("whatif", "Split or merge services and compare every overhead, utility and "
                                                   "latency before and after, per era");
  add_input_options(command, state->input);
  add_output_options(command, state->output, whatif_formats(), "the comparison");
  add_economics_options(command, state->economics);
  add_partition_options(command, state->partition);
  return {command, [state] { return run_whatif(*state); }};
}

}  // namespace nanoscope::cli
