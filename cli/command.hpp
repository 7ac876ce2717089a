// One subcommand of the nanoscope CLI: each cmd_*.cpp registers its options on the top-level
// app and hands back what to run once the command line has been parsed.
#pragma once

#include <functional>
#include <vector>

namespace CLI {
class App;
}

namespace nanoscope::cli {

struct RunContext;

/// A registered subcommand: `run` is called when `app` was the parsed subcommand, after every
/// option was read into the state it captured. It returns the exit code (cli/usage.hpp) or
/// throws (a UsageError exits 2, any other exception 1).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// `context` (cli/run_context.hpp; it must outlive the command) makes the command one rank of
// nanoscope-mpi; null (`nanoscope`) runs it alone.
Command add_import_command(CLI::App& app, const RunContext* context = nullptr);
Command add_analyze_command(CLI::App& app);
Command add_simulate_command(CLI::App& app);
/// `report` and `sweep` (one computation, two defaults).
Command add_report_command(CLI::App& app, const RunContext* context = nullptr);
Command add_sweep_command(CLI::App& app, const RunContext* context = nullptr);
Command add_whatif_command(CLI::App& app, const RunContext* context = nullptr);
/// `diff BEFORE... -- AFTER...` (cli/cmd_diff.cpp).
Command add_diff_command(CLI::App& app);
/// argv with the `--` between diff's two sides turned into its after-side option (CLI11 reads a
/// bare `--` as "positionals follow" without saying where it stood); other commands untouched.
[[nodiscard]] std::vector<char*> mark_diff_sides(int argc, char** argv);

}  // namespace nanoscope::cli
