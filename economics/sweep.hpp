// Granularity sweep of one era: every level of the granularity family measured once (with
// the simulator) and priced at the nominal parameters and at every Monte-Carlo sample,
// giving P10/P50/P90 bands, the best granularity and the nanoservice verdict.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "economics/breakeven.hpp"
#include "economics/cost_models.hpp"
#include "economics/era.hpp"
#include "economics/granularity.hpp"
#include "economics/partition_measures.hpp"

namespace nanoscope::economics {

/// 10th, 50th and 90th percentile of Monte-Carlo samples.
struct Band {
  double p10 = 0.0, p50 = 0.0, p90 = 0.0;
};
/// Percentiles of `values` (nearest rank on the sorted values; +inf sorts last).
[[nodiscard]] Band band_of(std::vector<double> values);

/// One partition priced in one era.
struct LevelResult {
  std::size_t services = 0;
  std::string label;                 ///< "monolith", "observed", "nanoservices", "what-if", ...
  PartitionMeasures measures;
  Evaluation nominal;                ///< at the midpoints of every range
  Band network, operational, development, design, overhead, utility, net;  ///< USD/year
  Band scaling, isolation, deployability, verifiability;                   ///< USD/year
  Band overhead_person_hours;
  Band median_ratio, share_above_one;
  /// Per business service (aligned with measures.groups): bands of overhead, utility, ratio.
  std::vector<Band> service_overhead, service_utility, service_ratio;
};

/// One era's sweep.
struct EraSweep {
  Era era;
  std::vector<LevelResult> levels;   ///< fewest services first
  std::size_t observed_level = 0;
  std::size_t nanoservice_level = 0; ///< one operation per service
  std::size_t best_level = 0;        ///< highest P50 net value
  std::vector<std::uint32_t> best_counts;  ///< per level: samples in which it had the highest net
  Band best_services;                ///< service count of the best level across samples
  /// Finest level whose P50 median per-service ratio is at most 1 (none if every split level is above).
  std::optional<std::size_t> finest_viable_level;
  double nanoservice_antipattern_probability = 0.0;  ///< samples with median ratio > 1 at one operation per service
  bool nanoservice_antipattern = true;               ///< P50 median ratio > 1 at one operation per service
  /// Where that verdict flips, one parameter at a time from the nominal point (nearest first).
  std::vector<Breakeven> nanoservice_breakevens;
  /// The suggested boundaries (boundary_suggestion.hpp) priced like a level, label "suggested";
  /// not one of `levels` and not a candidate for `best_level`.
  std::optional<LevelResult> suggested;
};

/// Progress: (what, done, total).
using SweepProgress = std::function<void(const std::string&, std::size_t, std::size_t)>;

/// Prices one measured partition in `era` (nominal and every sample).
[[nodiscard]] LevelResult price_level(const PartitionMeasures& m, const PartitionMeasures& reference, const Era& era);

/// Sweeps the granularity family in one era; also prices `suggested` when given.
[[nodiscard]] EraSweep sweep_era(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels,
                                 const Era& era, const SweepProgress& progress = {},
                                 const model::Partition* suggested = nullptr);

}  // namespace nanoscope::economics
