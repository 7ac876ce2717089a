// The granularity slider's regroupings, from one monolith through today's services to one
// operation per service. Coarser than today: services merge along their heaviest
// connections (agglomerative, deterministic). Finer than today: the reverse of the same
// merging among the operations inside each service, so each step splits off the operation
// most loosely tied to the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::gui {

/// One merge of an agglomerative sequence: `absorbed` joins `kept` (item indices).
struct MergeStep {
  std::uint32_t kept = 0;
  std::uint32_t absorbed = 0;
};

/// Merges `items` (those with active[i]) along the heaviest undirected weights first, then
/// merges what is left unconnected lightest-into-heaviest within each `block` (items may only
/// merge within their block). Ties break on (heavier traffic, lower index). Deterministic.
[[nodiscard]] std::vector<MergeStep> agglomerate(const std::vector<bool>& active, const std::vector<double>& traffic,
                                                 const std::vector<std::uint32_t>& block,
                                                 const std::vector<std::tuple<std::uint32_t, std::uint32_t, double>>& weights);

/// The slider's partitions for one call graph. Levels count non-empty groups: 1 (monolith)
/// up to max_level() (one operation per group); observed_level() is today's services.
class GranularitySweep {
 public:
  [[nodiscard]] static GranularitySweep build(const model::CallGraph& graph);
  [[nodiscard]] std::size_t min_level() const { return max_level_ ? 1 : 0; }
  [[nodiscard]] std::size_t max_level() const { return max_level_; }
  [[nodiscard]] std::size_t observed_level() const { return observed_level_; }
  /// The partition with `level` groups (clamped to [min_level, max_level]).
  [[nodiscard]] model::Partition at(const model::CallGraph& graph, std::size_t level) const;

 private:
  std::vector<MergeStep> service_merges_;    // over observed service ids, observed -> monolith
  std::vector<MergeStep> operation_merges_;  // over operation ids, per-operation -> observed
  std::size_t max_level_ = 0;
  std::size_t observed_level_ = 0;
};

}  // namespace nanoscope::gui
