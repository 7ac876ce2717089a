// Imports any mix of files and directories into one graph: walks directories in sorted
// order, detects each file's format, dispatches to its importer, and summarises.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "importers/formats.hpp"
#include "importers/import_limits.hpp"
#include "importers/trace_window.hpp"
#include "model/call_graph.hpp"
#include "model/cancellation.hpp"
#include "model/diagnostics.hpp"

namespace nanoscope::importers {

/// What happened to one file.
struct FileSummary {
  std::string path;
  std::string format;       ///< to_string(Format), or "skipped", "empty", "empty-archive"
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;
};

/// Result of an import: the graph, per-file summaries and diagnostics.
struct ImportResult {
  model::CallGraph graph;
  std::vector<FileSummary> files;
  model::Diagnostics diagnostics;
  std::uint64_t spans = 0;
};

/// Options of an import.
struct ImportOptions {
  /// Limits (docs/limits.md): sizes are checked before a file is read, the others while it is.
  ImportLimits limits;
  /// Called with (bytes done, bytes total) while reading; may be empty.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
  /// Checked before every file and every few thousand records: throws model::Cancelled.
  model::CancelToken cancel;
  /// Keep only the span traces starting in this window (trace_window.hpp); inputs without trace
  /// start times are then an ImportError. None: keep everything.
  std::optional<TraceWindow> trace_window;
};

/// Imports every input. A file named explicitly whose format is not recognised is an
/// ImportError; unrecognised files met while walking a directory are skipped and reported.
/// An empty input set gives an empty graph and a warning.
[[nodiscard]] ImportResult import_inputs(const std::vector<std::string>& inputs, const ImportOptions& options = {});

}  // namespace nanoscope::importers
