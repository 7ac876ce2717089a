// Sanity guards on a priced partition: figures that an expert would question before trusting
// the verdict, each flagged with the cause in one sentence. Checked at the era's nominal point
// (every range at its midpoint, the nominal production rate):
// - timeout: the p99 latency exceeds the era's request_timeout_s;
// - saturated: the busiest station is at or past utilisation 1 at the nominal production rate;
// - dominant_term: one of the four overheads is more than 95% of their sum;
// - dominant_utility: one utility kind is more than 95% of the utility;
// - latency_credit: the network overhead is negative (more cores than one process, less queueing);
// - negative_total: the total overhead came out negative (the models should not allow it).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "economics/cost_models.hpp"
#include "economics/parameters.hpp"
#include "economics/partition_measures.hpp"

namespace nanoscope::economics {

/// One flag of one level.
struct SanityFlag {
  std::string kind;        ///< "timeout", "saturated", "dominant_term", "dominant_utility", "latency_credit", "negative_total"
  std::size_t services = 0;///< the level's business services
  std::string label;       ///< the level's label ("observed", "suggested", ... or "")
  std::string message;     ///< the cause, one sentence
};

/// Share of the overhead sum above which one term is said to dominate.
inline constexpr double kDominantShare = 0.95;

/// The p99 latency (ms) of `m` at `rate_per_s`: the discrete-event check's when it ran at that
/// rate, else the one-process p99 plus the load curve's added p99 there.
[[nodiscard]] double p99_latency_at(const PartitionMeasures& m, double rate_per_s);

/// The flags of one partition priced at the nominal point of `params` (`nominal` is its
/// evaluation there). The timeout check is skipped when the parameter table has no
/// request_timeout_s or its value is not positive.
[[nodiscard]] std::vector<SanityFlag> sanity_flags(const PartitionMeasures& m, const Evaluation& nominal,
                                                   std::size_t services, const std::string& label,
                                                   const ParamRanges& params);

}  // namespace nanoscope::economics
