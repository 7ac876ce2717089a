// Imports any mix of files and directories into one graph: walks directories in sorted
// order, detects each file's format, dispatches to its importer, and summarises.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "importers/formats.hpp"
#include "model/call_graph.hpp"
#include "model/diagnostics.hpp"

namespace nanoscope::importers {

/// What happened to one file.
struct FileSummary {
  std::string path;
  std::string format;       ///< to_string(Format), or "skipped"
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

/// Size limits of an import (docs/limits.md); exceeding one is an ImportError naming the file.
struct ImportLimits {
  /// Largest input file in bytes; 0: no limit (`nanoscope import --max-input-size`).
  std::uint64_t max_file_bytes = 0;
  /// Largest YAML manifest or .env file in bytes (they are parsed into a tree in memory);
  /// 0: no limit (`--max-manifest-size`).
  std::uint64_t max_manifest_bytes = std::uint64_t{64} << 20;
};

/// Options of an import.
struct ImportOptions {
  /// Size limits checked before a file is read.
  ImportLimits limits;
  /// Called with (bytes done, bytes total) while reading; may be empty.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
};

/// Imports every input. A file named explicitly whose format is not recognised is an
/// ImportError; unrecognised files met while walking a directory are skipped and reported.
/// An empty input set gives an empty graph and a warning.
[[nodiscard]] ImportResult import_inputs(const std::vector<std::string>& inputs, const ImportOptions& options = {});

}  // namespace nanoscope::importers
