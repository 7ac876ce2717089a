// The plan of an import: every input file found (directories walked in sorted order), its
// format detected and its size known, before any is imported. The units of the plan are
// imported one after another (import_set.cpp) or dealt to MPI ranks (distributed_import.hpp);
// both give the same graph.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "importers/formats.hpp"
#include "importers/import_set.hpp"
#include "model/diagnostics.hpp"

namespace nanoscope::importers {

/// One input file of the plan.
struct ImportUnit {
  std::string path;
  std::optional<Format> format;  ///< nullopt: not recognised (met walking a directory; skipped)
  std::uint64_t bytes = 0;
  /// A tar archive (plain, .gz or .zst): each regular member is imported as an input of its
  /// own, `archive:member`, its format detected from its content (import_unit.hpp).
  bool archive = false;
  /// Whether it adds to the graph's provenance (importers::is_graph_input).
  [[nodiscard]] bool is_graph_input() const { return format && importers::is_graph_input(*format); }
  [[nodiscard]] bool is_call_table() const { return format == Format::CallGraphCsv; }
  /// Call tables and archives are the units dealt to MPI ranks; everything else is imported by
  /// rank 0 (an archive whose members are not all call tables goes back to rank 0 as well).
  [[nodiscard]] bool is_dealt() const { return is_call_table() || archive; }
};

/// Everything known before the first unit is imported.
struct ImportPlan {
  std::vector<ImportUnit> units;       ///< in import order
  std::vector<FileSummary> empty_files;  ///< inputs named explicitly that were empty
  model::Diagnostics diagnostics;      ///< from the walk (unreadable entries) and empty files
  /// The source of the "empty-input" warning when nothing was found ("" when there are inputs).
  std::string empty_input_source;
  /// Bytes of all units.
  [[nodiscard]] std::uint64_t total_bytes() const;
};

/// Walks `inputs`, checks size limits and detects every file's format. Throws ImportError for
/// a missing input, a file over a limit, or an unrecognised file named explicitly.
[[nodiscard]] ImportPlan plan_import(const std::vector<std::string>& inputs, const ImportOptions& options);

}  // namespace nanoscope::importers
