// Where and in which format a command writes: `-o` (repeatable; `-o -` and no `-o` mean
// standard output) and `--format`, else the output's extension. One computation is written
// to every output, so `report X -o r.html -o r.json` computes the sweep once.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace nanoscope::cli {

/// One format a command writes: its --format name, other names --format accepts for it, and
/// the output extensions that choose it (with the dot: ".md").
struct OutputFormat {
  std::string name;
  std::vector<std::string> aliases;
  std::vector<std::string> extensions;
};

/// The formats of a command and the one it writes when neither --format nor an extension says.
struct OutputFormats {
  std::vector<OutputFormat> formats;
  std::string fallback;
};

/// What the command line said about outputs.
struct OutputOptions {
  std::vector<std::string> outputs;  ///< -o, in order; "-" is standard output
  std::string format;                ///< --format (a name or alias of the command's formats), or empty
};

/// One place to write and the canonical format name to write there.
struct OutputTarget {
  std::string path;  ///< "-": standard output
  std::string format;
};

/// Adds -o,--output (repeatable) and --format (checked against the names and aliases) to
/// `command`. `what` names the output in the help ("the report", "the graph").
void add_output_options(CLI::App* command, OutputOptions& options, const OutputFormats& formats,
                        const std::string& what);

/// Every output with its format: --format for all when given, else each output's extension,
/// else the fallback (standard output, or a name without an extension). Throws UsageError for
/// an unknown extension without --format and for an output named twice.
[[nodiscard]] std::vector<OutputTarget> resolve_outputs(const OutputOptions& options, const OutputFormats& formats);

/// Whether any output is standard output.
[[nodiscard]] bool writes_to_stdout(const std::vector<OutputTarget>& targets);

/// Writes every target with `write(stream, format)`: files atomically
/// (importers::write_file_atomically, which also writes pipes and devices in place), standard
/// output after the whole text is built, so a failing writer prints nothing.
void write_outputs(const std::vector<OutputTarget>& targets,
                   const std::function<void(std::ostream&, const std::string& format)>& write);

}  // namespace nanoscope::cli
