// Imports the units of an ImportPlan into one GraphBuilder, in plan order: the whole import
// (then finish() gives the ImportResult), or a run of call-table units making a partial result
// that another UnitImporter merges in its place (absorb()) -- the two give the same graph, which
// is what lets an MPI rank import a block of files for rank 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "importers/graph_builder.hpp"
#include "importers/import_plan.hpp"
#include "importers/input_file.hpp"
#include "importers/joined_calls.hpp"
#include "importers/trace_joiner.hpp"

namespace nanoscope::importers {

/// The result of importing units [first_unit, end_unit) of a plan, all call tables or all
/// archives: the graph as built (not finished) with its inputs in order (one per call table, one
/// per archive member that adds to the graph), the file summaries, which summary belongs to which
/// input, and the diagnostics. `declined`: an archive held a member that is not a call table
/// (traces and manifests are assembled at the end of the whole import), so nothing was kept and
/// the whole import imports the units itself.
struct ImportPartial {
  std::size_t first_unit = 0;
  std::size_t end_unit = 0;
  bool declined = false;
  model::CallGraph graph;
  std::vector<FileSummary> files;
  std::vector<std::pair<std::uint32_t, std::size_t>> input_files;  ///< graph input -> files entry
  model::Diagnostics diagnostics;
};

class UnitImporter {
 public:
  /// The whole import of `plan` (units are imported or absorbed in order, then finish()).
  UnitImporter(const ImportPlan& plan, const ImportOptions& options);
  /// A part: units [first_unit, end_unit), all call tables or all archives, then take_partial().
  /// The traces at the edges of its call-table files go to `joiner` (which must outlive it).
  UnitImporter(const ImportPlan& plan, const ImportOptions& options, std::size_t first_unit, std::size_t end_unit,
               TraceJoiner& joiner);
  ~UnitImporter();
  UnitImporter(const UnitImporter&) = delete;
  UnitImporter& operator=(const UnitImporter&) = delete;

  /// Imports one unit (the next one in plan order). Throws ImportError for a malformed file.
  void import_unit(std::size_t unit);
  /// In place of importing its units one by one: merges a partial of the same plan.
  void absorb(const ImportPartial& partial);
  /// What traces joined elsewhere added (applied by finish(), after every unit).
  void absorb_joined(const JoinedCalls& joined);

  /// The part's result (the part constructor only); the importer is spent afterwards.
  [[nodiscard]] ImportPartial take_partial();
  /// The traces joined across call-table files, Kubernetes files (which resolve across files),
  /// the empty-input warning, trace assembly and canonical numbering (the whole constructor
  /// only); the importer is spent afterwards.
  [[nodiscard]] ImportResult finish();

 private:
  const ImportPlan& plan_;
  const ImportOptions& options_;
  bool whole_ = true;
  std::size_t first_unit_ = 0;
  std::size_t end_unit_ = 0;
  bool declined_ = false;
  GraphBuilder builder_;
  TraceJoiner own_joiner_;   // the whole import's
  TraceJoiner* joiner_;      // own_joiner_ or a part's
  JoinedCalls joined_;       // absorbed from elsewhere
  std::vector<std::uint32_t> input_of_unit_;  // the builder's input of each plan unit
  ImportResult result_;
  std::vector<InputFile> kubernetes_;
  std::vector<std::pair<std::uint32_t, std::size_t>> input_files_;  // graph input -> result_.files entry
  std::uint64_t done_bytes_ = 0;
};

}  // namespace nanoscope::importers
