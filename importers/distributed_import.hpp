// An import spread over several processes (MPI ranks; importers knows nothing of MPI): rank 0
// plans the inputs and sends the plan to every rank; the call tables and the archives (e.g. the
// Alibaba v2022 MSCallGraph_*.tar.gz) are dealt to ranks in contiguous blocks balanced by bytes
// (an archive with a member that is not a call table goes back to rank 0, which alone assembles
// traces and manifests); each rank imports its blocks into partial results and
// joins the traces that straddle files inside its blocks; the traces at a block's turn go to an
// owner rank by trace id (one all-to-all), which joins them; rank 0 gathers the partials and
// joined calls and merges them in plan order while it imports every other unit itself. The
// result is the single-process import_inputs() result, byte for byte, for any number of ranks.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "importers/import_plan.hpp"
#include "importers/import_set.hpp"

namespace nanoscope::importers {

/// The collectives a distributed import needs, on byte strings. Every rank makes the same calls
/// in the same order; a call throws on every rank once any rank reported a failure.
class ImportExchange {
 public:
  virtual ~ImportExchange() = default;
  /// This process, 0 .. ranks() - 1.
  [[nodiscard]] virtual std::size_t rank() const = 0;
  [[nodiscard]] virtual std::size_t ranks() const = 0;
  /// Rank 0's bytes, on every rank (the argument is ignored elsewhere).
  [[nodiscard]] virtual std::string broadcast(std::string bytes) = 0;
  /// Every rank's bytes, by rank, on rank 0; an empty vector elsewhere.
  [[nodiscard]] virtual std::vector<std::string> gather(const std::string& mine) = 0;
  /// `to_each[r]` goes to rank r (one element per rank); returns what each rank sent this one.
  [[nodiscard]] virtual std::vector<std::string> all_to_all(std::vector<std::string> to_each) = 0;
  /// Reports this rank's failure in place of its next collective and throws the agreed failure
  /// (the lowest failing rank's message) -- on every rank, at its next collective.
  [[noreturn]] virtual void fail(const std::string& message) = 0;
};

/// A block of consecutive call-table units, or of archives, [first, end) of a plan, imported by one rank.
struct UnitBlock {
  std::size_t first = 0;
  std::size_t end = 0;
  std::size_t rank = 0;
  bool operator==(const UnitBlock&) const = default;
};

/// Deals the call-table and archive units of `plan` to `ranks` ranks: contiguous in plan order,
/// balanced by bytes (a unit goes to the rank whose share of the total holds its middle byte;
/// an archive's bytes are as on disk), and cut wherever another kind of unit (imported by rank 0)
/// lies between two, and between a call table and an archive. In plan order.
[[nodiscard]] std::vector<UnitBlock> deal_call_tables(const ImportPlan& plan, std::size_t ranks);

/// Imports `inputs` with every rank of `exchange` taking part. Returns the result on rank 0 (on
/// every rank with `result_on_every_rank`: rank 0 broadcasts it) and nullopt elsewhere. Throws
/// on every rank when any rank fails (an ImportError's message names the file and position).
[[nodiscard]] std::optional<ImportResult> import_distributed(const std::vector<std::string>& inputs,
                                                             const ImportOptions& options, ImportExchange& exchange,
                                                             bool result_on_every_rank = false);

}  // namespace nanoscope::importers
