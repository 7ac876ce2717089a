// What the economics commands (report, sweep, whatif) share: importing the inputs, loading
// the eras (the --scenario files, else the bundled scenarios/eras), the worker-thread count,
// progress on a terminal, and writing a report to a file atomically or to standard output.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "economics/era.hpp"
#include "economics/report_writers.hpp"
#include "economics/sweep.hpp"

namespace nanoscope::cli {

/// The eras of `scenarios` (in order), or the bundled three when empty. `samples` > 0 overrides
/// each era's Monte-Carlo sample count.
[[nodiscard]] std::vector<economics::Era> load_eras(const std::vector<std::string>& scenarios, unsigned samples);

/// Output format from --format, else the output's extension, else `fallback`.
[[nodiscard]] economics::ReportFormat choose_economics_format(const std::string& format, const std::string& output,
                                                              economics::ReportFormat fallback);

/// Worker threads: `option` when positive, else NANOSCOPE_THREADS when set (a positive whole
/// number, else an error naming it), else 0 (every core).
[[nodiscard]] unsigned economics_threads(unsigned option);

/// Progress on standard error when it is a terminal and not `quiet`.
[[nodiscard]] economics::SweepProgress terminal_progress(bool quiet);

/// Writes to `output` atomically, or to standard output when it is empty or "-".
void write_output(const std::string& output, const std::function<void(std::ostream&)>& write);

/// The inputs joined for the report's title.
[[nodiscard]] std::string system_name(const std::vector<std::string>& inputs);

}  // namespace nanoscope::cli
