// nanoscope command-line driver: parses arguments and calls one library function per step.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "importers/import_limits.hpp"
#include "importers/interrupt_cleanup.hpp"

namespace {

/// `--limit NAME=VALUE` (repeatable): the import limits of docs/limits.md, on every command that imports.
void add_limit_option(CLI::App* command, std::vector<std::string>& limits) {
  std::string help = "Set an import limit, NAME=VALUE (repeatable; sizes take K, M, G suffixes; docs/limits.md):";
  const char* separator = " ";
  for (const auto& limit : nanoscope::importers::describe(nanoscope::importers::ImportLimits{})) {
    help += separator + std::string(limit.name) + " (" + std::string(limit.unit) + ")";
    separator = ", ";
  }
  command->add_option("--limit", limits, help)->allow_extra_args(false);
}

}  // namespace

int main(int argc, char** argv) {
  // Ctrl-C while an output is written removes its temporary file; the old output stays.
  nanoscope::importers::install_interrupt_cleanup();
  CLI::App app{"nanoscope: architecture analysis and overhead economics for service-based systems"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "nanoscope 0.1.0");

  nanoscope::cli::ImportOptions import;
  auto* cmd = app.add_subcommand("import", "Import traces and manifests into one service graph");
  cmd->add_option("inputs", import.inputs, "Files or directories (Jaeger, Zipkin, OTLP, call-graph CSV, "
                                           "service-graph metrics, Kubernetes, compose, nanoscope graph JSON)")
      ->required();
  cmd->add_option("-o,--output", import.output, "Write the graph here (- for standard output); without it a "
                                                "summary is printed");
  cmd->add_option("--format", import.format, "Graph format: json (default), dot, graphml, csv")
      ->check(CLI::IsMember({"json", "dot", "graphml", "csv"}));
  cmd->add_flag("-q,--quiet", import.quiet, "No progress or summary on standard error");
  cmd->add_option("--max-input-size", import.max_input_mb, "Refuse input files larger than this many MB "
                                                           "(default 0: no limit; see docs/limits.md)");
  cmd->add_option("--max-manifest-size", import.max_manifest_mb, "Refuse YAML manifests and .env files larger "
                                                                 "than this many MB (default 64; 0: no limit)");
  add_limit_option(cmd, import.limits);

  nanoscope::cli::AnalyzeOptions analyze;
  auto* analyze_cmd = app.add_subcommand("analyze", "Coupling metrics and anti-pattern findings of the service graph");
  analyze_cmd->add_option("inputs", analyze.inputs, "Files or directories, anything `import` reads (a graph JSON too)")
      ->required();
  analyze_cmd->add_option("-o,--output", analyze.output, "Write the report here (default: standard output)");
  analyze_cmd->add_option("--format", analyze.format, "Report format: text (default), json, markdown")
      ->check(CLI::IsMember({"text", "json", "markdown", "md"}));
  analyze_cmd->add_option("--threshold", analyze.thresholds, "Set a detector threshold, name=value (repeatable; "
                                                             "see docs/analysis.md)")
      ->allow_extra_args(false);
  analyze_cmd->add_option("--scenario", analyze.scenario, "Scenario YAML; its analysis.thresholds apply before "
                                                          "--threshold settings");
  add_limit_option(analyze_cmd, analyze.limits);

  nanoscope::cli::SimulateOptions simulate;
  auto* simulate_cmd = app.add_subcommand("simulate", "Simulate request traffic under a partition and as one process");
  simulate_cmd->add_option("inputs", simulate.inputs, "Files or directories, anything `import` reads")->required();
  simulate_cmd->add_option("--scenario", simulate.scenario, "Scenario YAML (section simulation:, see docs/scenarios.md)");
  simulate_cmd->add_option("--partition", simulate.partition, "Partition file grouping services/operations into services");
  simulate_cmd->add_option("--merge", simulate.merges, "Merge two services: A,B (repeatable)")->allow_extra_args(false);
  simulate_cmd->add_option("--split", simulate.splits, "Split a service into one per operation (repeatable)")
      ->allow_extra_args(false);
  simulate_cmd->add_option("--duration", simulate.duration, "Simulated seconds of arrivals (overrides the scenario)");
  simulate_cmd->add_option("--seed", simulate.seed, "Seed of the first replication (overrides the scenario)");
  simulate_cmd->add_option("--replications", simulate.replications, "Independent replications (overrides the scenario)");
  simulate_cmd->add_option("--arrivals", simulate.arrivals, "poisson or replay (the traces' root start times; overrides the scenario)")
      ->check(CLI::IsMember({"poisson", "replay"}));
  simulate_cmd->add_option("--rate", simulate.rate, "Total requests/s over every entry operation, keeping their mix "
                                                   "(also scales replayed arrivals)")
      ->check(CLI::PositiveNumber);
  simulate_cmd->add_option("--concurrency", simulate.concurrency,
                           "async (a waiting request holds no core) or blocking (thread per request); overrides "
                           "the scenario")
      ->check(CLI::IsMember({"async", "blocking"}));
  simulate_cmd->add_option("--method", simulate.method, "des (discrete-event simulation, default) or analytic "
                                                       "(queueing formulas, milliseconds)")
      ->check(CLI::IsMember({"des", "analytic"}));
  simulate_cmd->add_flag("--allow-empty", simulate.allow_empty, "Exit 0 even when the run would see no request");
  simulate_cmd->add_option("--threads", simulate.threads, "Worker threads for replications (default 2)");
  simulate_cmd->add_option("--format", simulate.format, "Report format: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  simulate_cmd->add_option("-o,--output", simulate.output, "Write the report here (default: standard output)");
  simulate_cmd->add_flag("-q,--quiet", simulate.quiet, "No progress bar on standard error");
  add_limit_option(simulate_cmd, simulate.limits);

  nanoscope::cli::EconomicsOptions report, sweep;
  auto* report_cmd = app.add_subcommand("report", "Overhead economics report: granularity sweep per era, verdicts, "
                                                  "per-service overhead/utility (html, markdown, json, csv)");
  auto* sweep_cmd = app.add_subcommand("sweep", "Granularity sweep: the four overheads, utility and net value from "
                                                "monolith to one operation per service, per era");
  for (auto [c, o] : {std::pair{report_cmd, &report}, std::pair{sweep_cmd, &sweep}}) {
    c->add_option("inputs", o->inputs, "Files or directories, anything `import` reads")->required();
    c->add_option("--scenario", o->scenarios, "Era scenario file (repeatable; default: scenarios/eras/*.yaml)")
        ->allow_extra_args(false);
    c->add_option("--format", o->format, "html, markdown, json or csv (default: from -o's extension)")
        ->check(CLI::IsMember({"html", "markdown", "md", "json", "csv"}));
    c->add_option("-o,--output", o->output, "Write here, atomically (default: standard output)");
    c->add_option("--samples", o->samples, "Monte-Carlo samples per era (default: the era file's)");
    c->add_option("--levels", o->max_levels, "Granularity levels at most (0: every level; default 48)");
    c->add_option("--threads", o->threads,
                  "Worker threads (default: NANOSCOPE_THREADS, else every core; results do not depend on it)");
    c->add_option("--suggest-partition", o->suggest_partition,
                  "Also write the suggested boundaries (Leiden) as a partition file for `whatif --partition`");
    c->add_flag("-q,--quiet", o->quiet, "No progress or headline on standard error");
    add_limit_option(c, o->limits);
  }

  nanoscope::cli::WhatIfOptions whatif;
  auto* whatif_cmd = app.add_subcommand("whatif", "Split or merge services and compare every overhead, utility and "
                                                  "latency before and after, per era");
  whatif_cmd->add_option("inputs", whatif.inputs, "Files or directories, anything `import` reads")->required();
  whatif_cmd->add_option("--scenario", whatif.scenarios, "Era scenario file (repeatable; default: scenarios/eras)")
      ->allow_extra_args(false);
  whatif_cmd->add_option("--merge", whatif.merges, "Merge two services: A,B (repeatable)")->allow_extra_args(false);
  whatif_cmd->add_option("--split", whatif.splits, "Split SERVICE into one per operation, or SERVICE:op1,op2 into a "
                                                   "new service (repeatable)")
      ->allow_extra_args(false);
  whatif_cmd->add_option("--partition", whatif.partition, "Partition file to compare with the observed services");
  whatif_cmd->add_option("--format", whatif.format, "markdown (default), json or csv")
      ->check(CLI::IsMember({"markdown", "md", "json", "csv"}));
  whatif_cmd->add_option("-o,--output", whatif.output, "Write here, atomically (default: standard output)");
  whatif_cmd->add_option("--samples", whatif.samples, "Monte-Carlo samples per era (default: the era file's)");
  whatif_cmd->add_option("--threads", whatif.threads,
                         "Worker threads (default: NANOSCOPE_THREADS, else every core; results do not depend on it)");
  add_limit_option(whatif_cmd, whatif.limits);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (cmd->parsed()) return nanoscope::cli::run_import(import);
    if (analyze_cmd->parsed()) return nanoscope::cli::run_analyze(analyze);
    if (simulate_cmd->parsed()) return nanoscope::cli::run_simulate(simulate);
    if (report_cmd->parsed()) return nanoscope::cli::run_report(report);
    if (sweep_cmd->parsed()) return nanoscope::cli::run_sweep(sweep);
    if (whatif_cmd->parsed()) return nanoscope::cli::run_whatif(whatif);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nanoscope: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
