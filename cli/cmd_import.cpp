// `nanoscope import`: import inputs, then print a summary or write the graph (to standard
// output with `-o -` or `--format`, to files atomically with `-o`).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/input_options.hpp"
#include "cli/output_options.hpp"
#include "cli/run_context.hpp"
#include "cli/usage.hpp"
#include "importers/graph_writers.hpp"
#include "importers/import_summary.hpp"

namespace nanoscope::cli {
namespace {

struct ImportCommand {
  InputOptions input;
  OutputOptions output;
  std::string level;  ///< --level service|operation (DOT, GraphML, GEXF, Kiali); empty: service
  const RunContext* context = nullptr;  ///< one rank of nanoscope-mpi; null: alone
};

const OutputFormats& graph_formats() {
  static const OutputFormats formats{{{"json", {}, {".json"}},
                                      {"dot", {}, {".dot", ".gv"}},
                                      {"graphml", {}, {".graphml"}},
                                      {"csv", {}, {".csv"}},
                                      {"gexf", {}, {".gexf"}},
                                      {"kiali", {}, {}}},
                                     "json"};
  return formats;
}

int run_import(const ImportCommand& o) {
  // Without -o and --format the summary is the output; otherwise the graph is.
  const bool summary = o.output.outputs.empty() && o.output.format.empty();
  const auto targets = summary ? std::vector<OutputTarget>{} : resolve_outputs(o.output, graph_formats());
  const auto level = importers::parse_graph_level(o.level.empty() ? "service" : o.level);
  if (!o.level.empty() && std::none_of(targets.begin(), targets.end(), [](const OutputTarget& t) {
        return importers::has_levels(*importers::parse_graph_format(t.format));
      }))
    throw UsageError("--level applies to dot, graphml, gexf and kiali outputs (json is always the whole operation "
                     "graph, csv always service edges)");
  // Under nanoscope-mpi every rank imports its share of the call tables; rank 0 writes.
  const importers::ImportResult result = load_inputs(o.input, ImportNotes::None);
  if (!writes_outputs(o.context)) return 0;
  if (summary) {
    std::cout << importers::format_import_summary(result);
    return 0;
  }
  std::size_t repaired = 0;  // strings written with U+FFFD (the same for every JSON target)
  write_outputs(targets, [&](std::ostream& out, const std::string& format) {
    repaired = std::max(repaired, importers::write_graph(out, *importers::parse_graph_format(format), result.graph,
                                                         &result.diagnostics, *level));
  });
  if (o.input.quiet) return 0;
  if (repaired > 0)
    std::fprintf(stderr, "nanoscope: warning: %zu names were not valid UTF-8 and were written with U+FFFD\n", repaired);
  std::uint64_t warnings = repaired;
  for (const auto& d : result.diagnostics.sorted())
    if (d.severity == model::Severity::Warning) warnings += d.count;
  for (const auto& t : targets)
    if (t.path != "-")
      std::fprintf(stderr, "nanoscope: wrote %s (%zu services, %zu operations, %zu edges; %llu warnings)\n",
                   t.path.c_str(), result.graph.service_count(), result.graph.operation_count(),
                   result.graph.edge_count(), static_cast<unsigned long long>(warnings));
  return 0;
}

}  // namespace

Command add_import_command(CLI::App& app, const RunContext* context) {
  auto state = std::make_shared<ImportCommand>();
  state->context = context;
  CLI::App* command = app.add_subcommand("import", "Import traces and manifests into one service graph; without -o "
                                                   "or --format, print a summary");
  state->input.selects = false;  // import keeps every service of its inputs
  state->input.exchange = context ? context->imports : nullptr;
  state->input.result_on_every_rank = false;
  add_input_options(command, state->input);
  add_output_options(command, state->output, graph_formats(), "the graph");
  command
      ->add_option("--level", state->level,
                   "Draw services (default) or operations as nodes: dot, graphml, gexf and kiali outputs")
      ->check(CLI::IsMember({"service", "operation"}));
  return {command, [state] { return run_import(*state); }};
}

}  // namespace nanoscope::cli
