// The granularity family of a system: partitions from one service (monolith) to one operation
// per service (nanoservices), passing exactly through the observed services. One home for the
// family: the economics sweep prices its levels, the CLI reports them and the GUI slider's
// positions are the same levels. The family is one merge sequence (merge_sequence.hpp:
// average linkage on call volume, inside observed services first, then across; every tie
// broken by names), computed once; any level is replayed from it on demand, so no more than
// the levels asked for are ever held as partitions.
// Only business operations (see business_operations) are regrouped; an operation that is not
// one stays with its service's first business operation by name (a manifest placeholder beside
// traced operations), else in its observed group (databases, caches, other non-service nodes,
// services without traffic), so the observed level groups every operation as observed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "economics/merge_sequence.hpp"
#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::economics {

/// One partition of the family.
struct GranularityLevel {
  model::Partition partition;
  std::size_t services = 0;  ///< business services (groups holding business operations)
  std::string label;         ///< "monolith", "observed", "nanoservices" or ""
};

/// Options of the family.
struct GranularityOptions {
  /// At most this many levels (monolith, observed and nanoservices always included; the rest
  /// spaced geometrically in service count). 0: every level.
  std::size_t max_levels = 48;
};

/// The whole family of one graph as a merge sequence.
class GranularityFamily {
 public:
  /// Agglomerates `graph`'s business operations once.
  [[nodiscard]] static GranularityFamily build(const model::CallGraph& graph);

  /// Business services at the finest level (one per business operation; 0: none).
  [[nodiscard]] std::size_t finest() const { return sequence_.leaves.size(); }
  /// Business services at the observed level.
  [[nodiscard]] std::size_t observed() const { return sequence_.observed; }
  [[nodiscard]] const MergeSequence& sequence() const { return sequence_; }

  /// The service counts `options` picks, ascending: 1, observed and finest always, the rest
  /// spaced geometrically. Empty when the graph has no business operation.
  [[nodiscard]] std::vector<std::size_t> counts(const GranularityOptions& options) const;
  /// The level with `services` business services (clamped to [1, finest]), replayed from the
  /// merge sequence in time linear in the operations. `graph` is the graph it was built from.
  [[nodiscard]] GranularityLevel level(const model::CallGraph& graph, std::size_t services) const;
  /// The levels `options` picks, fewest services first, in one replay of the sequence.
  [[nodiscard]] std::vector<GranularityLevel> levels(const model::CallGraph& graph,
                                                     const GranularityOptions& options) const;

 private:
  MergeSequence sequence_;
  std::size_t operations_ = 0;  // of the graph it was built from
};

/// "monolith", "observed", "nanoservices" or "" for a level of `services` business services.
[[nodiscard]] std::string level_label(std::size_t services, std::size_t observed, std::size_t finest);

/// The family's levels picked by `options`, fewest services first:
/// GranularityFamily::build(graph).levels(graph, options). Deterministic, and identical for
/// the same graph with its ids renumbered (a JSON round trip): group names and members
/// depend on names only. Groups are ordered by name.
[[nodiscard]] std::vector<GranularityLevel> granularity_levels(const model::CallGraph& graph,
                                                               const GranularityOptions& options = {});

}  // namespace nanoscope::economics
