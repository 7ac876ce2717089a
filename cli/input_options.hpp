// The inputs of every command: positional files and directories, `--limit NAME=VALUE` and `-q`,
// and loading them into one graph. Loading fails (exit 1) when nothing was imported, naming
// what was skipped and why, so no command ever runs on an empty graph. Options that choose
// which services of the inputs to keep belong here, in one place for every command.
#pragma once

#include <string>
#include <vector>

#include "importers/import_set.hpp"

namespace CLI {
class App;
}

namespace nanoscope::cli {

/// What every command reads.
struct InputOptions {
  std::vector<std::string> inputs;  ///< files or directories
  std::vector<std::string> limits;  ///< "NAME=VALUE" (importers/import_limits.hpp), checked while parsing
  bool quiet = false;               ///< -q: no progress or notes on standard error
};

/// Adds the positional inputs (required), --limit (repeatable, each setting checked by the
/// parser: a wrong name or value is a usage error) and -q,--quiet to `command`.
void add_input_options(CLI::App* command, InputOptions& options);

/// Whether load_inputs() tells of skipped files and warnings on standard error (`import`
/// lists them in its own summary instead).
enum class ImportNotes { Print, None };

/// Imports every input with the limits set, showing progress on a terminal unless quiet. A
/// graph without a service is a std::runtime_error listing each input's file and why it gave
/// nothing ("notes.txt: not a recognised format", "empty.json: empty file", "traces/: no files
/// in it"). Unless quiet (or `notes` is None), one line on standard error counts the files
/// skipped and the warnings met, when there are any.
[[nodiscard]] importers::ImportResult load_inputs(const InputOptions& options, ImportNotes notes = ImportNotes::Print);

/// The inputs joined for a report's title ("a.json + traces").
[[nodiscard]] std::string system_name(const std::vector<std::string>& inputs);

}  // namespace nanoscope::cli
