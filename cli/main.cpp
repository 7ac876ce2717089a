// nanoscope command-line driver: parses arguments and calls one library function per step.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (cmd->parsed()) return nanoscope::cli::run_import(import);
    if (analyze_cmd->parsed()) return nanoscope::cli::run_analyze(analyze);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nanoscope: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
