// The first pass of an era's sweep: the one-process reference and every granularity level
// measured once in the era's context, as units of work (unit_distributor.hpp). sweep_era runs
// one era's pass; build_report runs every era's in one batch, with Leiden beside them, so that
// processes (nanoscope-mpi ranks) or threads share the serial parts. Units are dealt by an
// estimated cost: measuring walks the graph once (operations + edges), a discrete-event check
// simulates it once more.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "economics/granularity.hpp"
#include "economics/partition_measures.hpp"
#include "economics/sweep.hpp"
#include "economics/unit_distributor.hpp"

namespace nanoscope::economics {

/// One era's first pass.
struct EraMeasures {
  PartitionMeasures reference;              ///< the one process (MeasureContext::reference)
  std::vector<PartitionMeasures> levels;    ///< aligned with the levels
};

/// Whether level i gets the discrete-event check in the first pass: the observed and the
/// nanoservice levels, and every level of a graph with fewer operations than
/// options.des_all_levels_below_operations.
[[nodiscard]] bool first_pass_des_check(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels,
                                        std::size_t i, const SweepOptions& options);

/// Estimated cost of measuring one partition, in graph walks (1: operations + edges
/// once; a discrete-event check adds kDesCheckCost). Only the ratios matter.
[[nodiscard]] double measure_cost(bool des_check);
/// A discrete-event check against a measure without one (about 1 on the 20,000-service graph:
/// both are dominated by walking the graph).
inline constexpr double kDesCheckCost = 1.0;

/// The first passes of `contexts.size()` eras as one batch: per era (in order) a unit for the
/// reference, then one per level. `out` is resized to one EraMeasures per era and filled when
/// the batch has run; `graph`, `levels`, the contexts and `out` must outlive it. Progress goes
/// to options.progress as `what`.
[[nodiscard]] UnitBatch measure_units(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels,
                                      const std::vector<const MeasureContext*>& contexts, const SweepOptions& options,
                                      const std::string& what, std::vector<EraMeasures>& out);

}  // namespace nanoscope::economics
