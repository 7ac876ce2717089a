// The conventions every nanoscope command follows: exit codes (0 success, 1 failed run, 2 usage
// error), one-line errors, "did you mean" for mistyped commands and options, and the text of
// the top-level --help that documents them.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.hpp"

namespace nanoscope::cli {

/// Exit codes of every command (README "Exit codes").
enum ExitCode : int {
  kExitSuccess = 0,
  kExitFailedRun = 1,   ///< bad or empty input, nothing to analyse, a file that cannot be written
  kExitUsageError = 2,  ///< unknown command or option, bad option value, unknown output extension
};

/// A mistake in the command line found after parsing (a format, an output name, a missing
/// change): exits 2 like CLI11's own parse errors.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The candidate closest to `typed` by edit distance (insertions, deletions, substitutions and
/// swaps of neighbours), if it is close enough to be a typo: at most 2 edits and fewer than
/// half of `typed`'s length. Ties go to the first in name order.
[[nodiscard]] std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates);

/// The footer of the top-level --help: conventions and exit codes.
[[nodiscard]] std::string conventions_help();

/// Parses the command line and runs the chosen command: --help and --version exit 0; a
/// mistyped command or option is "unknown command 'analyse'; did you mean 'analyze'?" and,
/// with every other parse error or UsageError, exit 2; any other exception is one line
/// "nanoscope: error: ..." and exit 1.
[[nodiscard]] int run_command_line(CLI::App& app, const std::vector<Command>& commands, int argc, char** argv);

}  // namespace nanoscope::cli
