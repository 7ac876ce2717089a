// The options `report`, `sweep` and `whatif` share: the eras (--scenario files, else the
// bundled scenarios/eras), Monte-Carlo --samples and worker --threads, and what they make of
// them: the loaded eras, the thread count and progress on a terminal.
#pragma once

#include <string>
#include <vector>

#include "cli/output_options.hpp"
#include "economics/era.hpp"
#include "economics/sweep.hpp"

namespace CLI {
class App;
}

namespace nanoscope::cli {

struct RunContext;

/// What the economics commands read besides their inputs.
struct EconomicsOptions {
  std::vector<std::string> scenarios;  ///< era files; empty: scenarios/eras/*.yaml
  unsigned samples = 0;                ///< Monte-Carlo samples per era; 0: the era file's
  unsigned threads = 0;                ///< worker threads; 0: NANOSCOPE_THREADS, else every core
};

/// Adds --scenario (repeatable), --samples and --threads (typed and range-checked) to `command`.
void add_economics_options(CLI::App* command, EconomicsOptions& options);

/// The eras of the --scenario files (in order), or the bundled three; --samples overrides each
/// era's Monte-Carlo sample count.
[[nodiscard]] std::vector<economics::Era> load_eras(const EconomicsOptions& options);

/// Worker threads: --threads when given, else NANOSCOPE_THREADS when set (both typed and
/// range-checked by CLI11, 1 to 4096: a bad value is a usage error, exit 2), else the run
/// context's default (nanoscope-mpi: 1 per rank), else 0 (every core).
[[nodiscard]] unsigned economics_threads(const EconomicsOptions& options, const RunContext* context = nullptr);

/// Progress on standard error when it is a terminal and not `quiet`.
[[nodiscard]] economics::SweepProgress terminal_progress(bool quiet);

/// The formats of the economics reports (json, markdown, csv; html when `html`), writing
/// `fallback` by default. Their names are economics::parse_report_format's.
[[nodiscard]] OutputFormats economics_formats(bool html, const std::string& fallback);

}  // namespace nanoscope::cli
