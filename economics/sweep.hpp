// Granularity sweep of one era: every level of the granularity family measured once (the
// analytic load curve, the discrete-event check where asked) and priced at the nominal
// parameters and at every Monte-Carlo sample, on worker threads with results independent of
// their number. From the samples: P10/P50/P90 bands, each level's probability of being best,
// the levels within noise of the best (paired differences over the same samples), the
// nanoservice verdict and the sanity flags.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "economics/breakeven.hpp"
#include "economics/cost_models.hpp"
#include "economics/era.hpp"
#include "economics/granularity.hpp"
#include "economics/partition_measures.hpp"
#include "economics/sanity_guards.hpp"
#include "model/cancellation.hpp"

namespace nanoscope::economics {

class UnitDistributor;
struct EraMeasures;  // era_measuring.hpp

/// 10th, 50th and 90th percentile of Monte-Carlo samples.
struct Band {
  double p10 = 0.0, p50 = 0.0, p90 = 0.0;
};
/// Percentiles of `values` (nearest rank on the sorted values; +inf sorts last).
[[nodiscard]] Band band_of(std::vector<double> values);

/// Per-sample figures of one priced partition (index = Monte-Carlo sample), USD per year.
/// Two partitions priced in one era share every sample (common random numbers), so their
/// per-sample differences are paired.
struct SampleFigures {
  std::vector<double> network, operational, development, design, overhead, utility, net;
};

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
  /// Empty when the sweep was asked not to keep them for this level (SweepOptions).
  std::vector<Band> service_overhead, service_utility, service_ratio;
  // Set by the sweep (not by price_level):
  double p_best = 0.0;               ///< share of samples in which this level had the highest net value
  Band net_gap;                      ///< best level's net - this level's net, sample by sample (paired)
  bool within_noise = false;         ///< within_noise(net_gap)
};

/// Which levels of a sweep keep per-service bands (20,000 services x samples x 3 figures per
/// level add up; the writers print per-service tables only for a few levels).
enum class ServiceBands {
  None,      ///< no level (`nanoscope sweep`)
  Printed,   ///< observed, nanoservices, the best level and the suggested boundaries
  All,       ///< every level (the GUI's per-level service table)
};

/// Progress: (what, done, total). Called from one thread at a time, counts never decrease.
using SweepProgress = std::function<void(const std::string&, std::size_t, std::size_t)>;

/// How to run a sweep.
struct SweepOptions {
  SweepProgress progress;
  /// Checked between units of work and inside every discrete-event run: throws model::Cancelled.
  model::CancelToken cancel;
  unsigned threads = 0;              ///< worker threads; 0: std::thread::hardware_concurrency()
  /// Deals the units to processes (unit_distributor.hpp); null: this process's threads only.
  UnitDistributor* distributor = nullptr;
  ServiceBands service_bands = ServiceBands::Printed;
  /// The discrete-event check runs on the observed, nanoservice and best levels (spot checks),
  /// and on every level (and the suggested boundaries) when the graph has fewer operations than
  /// this. 0 by default: each check simulates the production rate for the era's duration, and
  /// checking the 32 levels of the bundled example in three eras took 16 CPU-seconds.
  std::size_t des_all_levels_below_operations = 0;
};

/// One era's sweep.
struct EraSweep {
  Era era;
  std::vector<LevelResult> levels;   ///< fewest services first
  std::size_t observed_level = 0;
  std::size_t nanoservice_level = 0; ///< one operation per service
  /// Highest P50 net value; ties go to the level with fewer services (then the earlier level).
  std::size_t best_level = 0;
  std::vector<std::uint32_t> best_counts;  ///< per level: samples in which it had the highest net
  Band best_services;                ///< service count of the per-sample best level across samples
  /// Levels whose net value is within noise of the best (LevelResult::within_noise), fewest
  /// services first; always holds best_level.
  std::vector<std::size_t> within_noise;
  /// Finest level whose P50 median per-service ratio is at most 1 (none if every split level is above).
  std::optional<std::size_t> finest_viable_level;
  double nanoservice_antipattern_probability = 0.0;  ///< samples with median ratio > 1 at one operation per service
  bool nanoservice_antipattern = true;               ///< P50 median ratio > 1 at one operation per service
  /// Where that verdict flips, one parameter at a time from the nominal point (nearest first).
  std::vector<Breakeven> nanoservice_breakevens;
  /// The suggested boundaries (boundary_suggestion.hpp) priced like a level, label "suggested";
  /// not one of `levels` and not a candidate for `best_level`.
  std::optional<LevelResult> suggested;
  /// Sanity flags of every level and of the suggested boundaries (sanity_guards.hpp).
  std::vector<SanityFlag> flags;
};

/// The era's measuring context: its simulation scenario and its production-rate range (the
/// load curve spans it).
/// `cancel` stops its discrete-event runs and those of every measure_level on it (model::Cancelled).
[[nodiscard]] MeasureContext era_measure_context(const model::CallGraph& graph, const Era& era,
                                                 const model::CancelToken& cancel = {});
/// Measures one partition in that context; `des_check` also runs the discrete-event check at
/// the nominal production rate (when partition_measures offers one).
[[nodiscard]] PartitionMeasures measure_level(const MeasureContext& context, const model::Partition& partition,
                                              bool des_check);

/// Prices one measured partition in `era` (nominal and every sample, with per-service bands);
/// `samples`, when given, receives the per-sample figures.
[[nodiscard]] LevelResult price_level(const PartitionMeasures& m, const PartitionMeasures& reference, const Era& era,
                                      unsigned threads = 0, SampleFigures* samples = nullptr);

/// Highest P50 net value; ties to fewer services, then to the earlier index.
[[nodiscard]] std::size_t best_by_p50(const std::vector<LevelResult>& levels);
/// The per-sample winner: highest net; ties to fewer services, then to the earlier index.
/// `net[level][sample]`.
[[nodiscard]] std::size_t best_in_sample(const std::vector<std::vector<double>>& net,
                                         const std::vector<std::size_t>& services, std::size_t sample);
/// The bands of the paired differences net[best][s] - net[i][s] over the samples, per level i.
[[nodiscard]] std::vector<Band> net_gaps(const std::vector<std::vector<double>>& net, std::size_t best);
/// Within noise of the best: the P10 of its paired gap to the best is at most 0, i.e. the level
/// does at least as well as the best level in at least one sample in ten (with a P10..P90 band
/// containing 0 as the usual case; a band wholly below 0 would mean it beats the best in most
/// samples though its P50 net is lower).
[[nodiscard]] inline bool within_noise(const Band& gap) { return gap.p10 <= 0.0; }

/// Sweeps the granularity family in one era; also prices `suggested` when given.
[[nodiscard]] EraSweep sweep_era(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels,
                                 const Era& era, const SweepOptions& options,
                                 const model::Partition* suggested = nullptr);
/// sweep_era after its first pass (era_measuring.hpp): `measured` was taken in `context`.
[[nodiscard]] EraSweep sweep_measured_era(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels,
                                          const Era& era, const SweepOptions& options, const MeasureContext& context,
                                          EraMeasures measured, const model::Partition* suggested = nullptr);
/// The same with per-service bands for every level (the GUI's economics view).
[[nodiscard]] EraSweep sweep_era(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels,
                                 const Era& era, const SweepProgress& progress = {},
                                 const model::Partition* suggested = nullptr);

}  // namespace nanoscope::economics
