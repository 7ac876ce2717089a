// nanoscope command-line driver: registers each command (cli/cmd_*.cpp), then parses the
// arguments and runs the chosen one under the conventions of cli/usage.hpp.
#include <CLI/CLI.hpp>

#include <vector>

#include "cli/command.hpp"
#include "cli/usage.hpp"
#include "importers/interrupt_cleanup.hpp"

int main(int argc, char** argv) {
  // Ctrl-C while an output is written removes its temporary file; the old output stays.
  nanoscope::importers::install_interrupt_cleanup();
  CLI::App app{"nanoscope: architecture analysis and overhead economics for service-based systems"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "nanoscope 0.1.0");
  app.footer(nanoscope::cli::conventions_help());
  const std::vector<nanoscope::cli::Command> commands = {
      nanoscope::cli::add_import_command(app),   nanoscope::cli::add_analyze_command(app),
      nanoscope::cli::add_simulate_command(app), nanoscope::cli::add_report_command(app),
      nanoscope::cli::add_sweep_command(app),    nanoscope::cli::add_whatif_command(app),
      nanoscope::cli::add_diff_command(app),
  };
  std::vector<char*> args = nanoscope::cli::mark_diff_sides(argc, argv);
  return nanoscope::cli::run_command_line(app, commands, static_cast<int>(args.size()), args.data());
}
