// Where the nanoservice verdict flips: for each economic parameter, the value at which the
// median per-service overhead/utility ratio of one operation per service crosses 1 with every
// other parameter at its nominal value (a one-at-a-time break-even analysis).
#pragma once

#include <optional>
#include <vector>

#include "economics/parameters.hpp"
#include "economics/partition_measures.hpp"

namespace nanoscope::economics {

/// One parameter's break-even point.
struct Breakeven {
  Param param = Param::EngineerUsdPerHour;
  double nominal = 0.0;         ///< the era's midpoint
  double value = 0.0;           ///< where the median ratio crosses 1
  bool raising_helps = false;   ///< above `value` the ratio is below 1 (not an anti-pattern)
};

/// Searches each parameter over [0, max(4 x its range's high, 1)] (fractions over [0, 1]; a few
/// parameters start higher: cores_per_replica 0.5, min_replicas 1, amortization_years 0.5) for a
/// crossing of median ratio = 1 at the `level` measures; returns those found, nearest to their
/// nominal value first (relative distance). Parameters are searched on `threads` workers
/// (0: every core); the result does not depend on their number.
/// The break-even of one parameter (find_breakevens' search for `param`), if it has one.
[[nodiscard]] std::optional<Breakeven> find_breakeven(const PartitionMeasures& level, const PartitionMeasures& reference,
                                                      const ParamRanges& ranges, Param param);
/// Those found, nearest to their nominal value first (relative distance; ties by parameter).
[[nodiscard]] std::vector<Breakeven> sorted_breakevens(const std::vector<std::optional<Breakeven>>& found);

[[nodiscard]] std::vector<Breakeven> find_breakevens(const PartitionMeasures& level, const PartitionMeasures& reference,
                                                     const ParamRanges& ranges, unsigned threads = 0);

}  // namespace nanoscope::economics
