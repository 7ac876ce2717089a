// The overhead-economics report model: one call turns a graph and a list of eras into
// everything the writers (JSON, Markdown, CSV, HTML) print: per-era granularity sweeps with
// bands, best granularity, the nanoservice verdict and where it inverts, per-service ratio
// tables, knots, and latency of the observed system against one process.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/finding.hpp"
#include "economics/boundary_suggestion.hpp"
#include "economics/era.hpp"
#include "economics/sweep.hpp"
#include "model/call_graph.hpp"
#include "model/cancellation.hpp"

namespace nanoscope::economics {
class UnitDistributor;
}

namespace nanoscope::economics {

/// What the report is about.
struct SystemSummary {
  std::string name;                  ///< inputs, as given
  std::uint32_t operations = 0;
  std::uint32_t business_operations = 0;
  std::uint32_t observed_services = 0;  ///< business services
  std::uint32_t entry_operations = 0;
  std::uint64_t traces = 0;
};

/// Where the nanoservice verdict flips between two consecutive eras.
struct Inversion {
  std::string from_era;              ///< last era in which one operation per service is an anti-pattern
  std::string to_era;                ///< first later era in which it is not
};

/// The whole report.
struct EconomicsReport {
  SystemSummary system;
  std::vector<EraSweep> eras;        ///< in the order given
  std::vector<analysis::Finding> knots;  ///< knot findings of the observed services
  std::optional<Inversion> inversion;
  /// Leiden's suggested boundaries (each era prices them in EraSweep::suggested).
  std::optional<BoundarySuggestion> suggestion;
};

/// Options of build_report.
struct ReportOptions {
  std::string system_name;
  GranularityOptions granularity;
  bool suggest_boundaries = true;    ///< run Leiden and price its partition in every era
  BoundaryOptions boundaries;
  SweepProgress progress;
  unsigned threads = 0;              ///< worker threads (0: every core); results do not depend on it
  ServiceBands service_bands = ServiceBands::Printed;
  /// Deals the units of work to processes (nanoscope-mpi); null: this process's threads only.
  UnitDistributor* distributor = nullptr;
};

/// Runs every era's sweep over the granularity family of `graph`. Throws std::invalid_argument
/// when the graph has no Service-kind operation.
[[nodiscard]] EconomicsReport build_report(const model::CallGraph& graph, const std::vector<Era>& eras,
                                           const ReportOptions& options = {});

/// After minus before, sample by sample over the same Monte-Carlo samples (common random
/// numbers), as bands: the P50 of the differences, not the difference of the P50s.
struct WhatIfDelta {
  Band network, operational, development, design, overhead, utility, net;
};

/// A partition change priced before and after in one era.
struct WhatIfEra {
  std::string era;
  LevelResult before;
  LevelResult after;
  WhatIfDelta delta;
  std::vector<SanityFlag> flags;     ///< of the partition after the change
};

/// The what-if report.
struct WhatIfReport {
  SystemSummary system;
  std::string change;                ///< e.g. "merge a,b; split c"
  std::vector<WhatIfEra> eras;
};

/// Prices `before` and `after` (partitions of `graph`) in every era.
[[nodiscard]] WhatIfReport build_whatif(const model::CallGraph& graph, const model::Partition& before,
                                        const model::Partition& after, const std::vector<Era>& eras,
                                        const std::string& change, const std::string& system_name = "",
                                        unsigned threads = 0, const model::CancelToken& cancel = {},
                                        UnitDistributor* distributor = nullptr);

/// Summary facts of a graph.
[[nodiscard]] SystemSummary summarize_system(const model::CallGraph& graph, const std::string& name);

}  // namespace nanoscope::economics
