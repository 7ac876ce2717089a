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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (cmd->parsed()) return nanoscope::cli::run_import(import);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nanoscope: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
