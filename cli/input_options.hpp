// The inputs of every command: positional files and directories, `--limit NAME=VALUE` and `-q`,
// and loading them into one graph. Loading fails (exit 1) when nothing was imported, naming
// what was skipped and why, so no command ever runs on an empty graph. Options that choose
// which services of the inputs to keep belong here, in one place for every command.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "importers/import_set.hpp"
#include "model/systems.hpp"

namespace CLI {
class App;
}
namespace nanoscope::importers {
class ImportExchange;
}

namespace nanoscope::cli {

/// What every command reads.
struct InputOptions {
  std::vector<std::string> inputs;  ///< files or directories
  std::vector<std::string> limits;  ///< "NAME=VALUE" (importers/import_limits.hpp), checked while parsing
  bool quiet = false;               ///< -q: no progress or notes on standard error
  /// Which services of the inputs a command works on (docs/infrastructure.md, docs/analysis.md
  /// "Systems"); `import` keeps everything and has none of these options.
  bool selects = true;
  std::vector<std::string> exclude;   ///< --exclude NAME|GLOB (repeatable)
  bool include_infrastructure = false;  ///< --include-infrastructure
  std::string system;                 ///< --system NAME|INDEX|FILE; empty: every system
  /// Under nanoscope-mpi: the ranks the import is spread over (RunContext::imports; null: this
  /// process alone), and whether every rank needs the result (sweeps deal work to all ranks;
  /// `import` only writes it on rank 0, where load_inputs returns it -- elsewhere an empty result).
  importers::ImportExchange* exchange = nullptr;
  /// Keep only the span traces starting in this window (`diff --window-split`; importers/trace_window.hpp).
  std::optional<importers::TraceWindow> trace_window;
  bool result_on_every_rank = true;
};

/// What a command that analyses works on: the import, its graph reduced to the selected
/// services, and the systems that graph holds (one when --system was given).
struct LoadedSystems {
  importers::ImportResult imported;
  std::vector<model::System> systems;
};

/// Adds the positional inputs (required), --limit (repeatable, each setting checked by the
/// parser: a wrong name or value is a usage error) and -q,--quiet to `command`; when
/// `options.selects`, also --exclude, --include-infrastructure and --system.
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

/// load_inputs, then (when `options.selects`) leaves out infrastructure unless included and the
/// services --exclude names (one note on standard error says what went; a pattern matching no
/// service is a warning), splits the rest into systems (warnings for several systems and far-apart
/// windows go to the diagnostics) and keeps only the --system one when given (an unknown name
/// is a UsageError listing the systems).
[[nodiscard]] LoadedSystems load_systems(const InputOptions& options, ImportNotes notes = ImportNotes::Print);

/// load_systems for commands that model one system: several systems without --system are a
/// std::runtime_error listing them (pick one with --system).
[[nodiscard]] importers::ImportResult load_one_system(const InputOptions& options);

/// The inputs joined for a report's title ("a.json + traces").
[[nodiscard]] std::string system_name(const std::vector<std::string>& inputs);

}  // namespace nanoscope::cli
