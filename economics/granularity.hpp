// The granularity family of a system: partitions from one service (monolith) to one operation
// per service (nanoservices), passing exactly through the observed services. Built by
// agglomerative clustering on call volume (average linkage): first inside each observed
// service (nanoservices -> observed), then across services (observed -> monolith).
// Only business operations (see business_operations) are regrouped; databases, caches, other
// non-service nodes and manifest placeholders keep their observed groups throughout.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::economics {

/// One partition of the family.
struct GranularityLevel {
  model::Partition partition;
  std::size_t services = 0;  ///< business services (groups holding Service-kind operations)
  std::string label;         ///< "monolith", "observed", "nanoservices" or ""
};

/// Options of the family.
struct GranularityOptions {
  /// At most this many levels (monolith, observed and nanoservices always included; the rest
  /// spaced geometrically in service count). 0: every level.
  std::size_t max_levels = 48;
};

/// The family, fewest services first. Deterministic (ties broken by operation id).
[[nodiscard]] std::vector<GranularityLevel> granularity_levels(const model::CallGraph& graph,
                                                               const GranularityOptions& options = {});

}  // namespace nanoscope::economics
