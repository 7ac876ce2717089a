// Coupling metrics per service of a service graph; docs/analysis.md gives each one's source.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/entry_reach.hpp"
#include "analysis/service_digraph.hpp"

namespace nanoscope::analysis {

/// Metrics of one service node. Structural counts include declared-only dependencies;
/// call counts are observed traffic only.
struct ServiceMetrics {
  std::uint32_t fan_in = 0;              ///< AIS: services that call it
  std::uint32_t fan_out = 0;             ///< ADS: services it calls
  std::uint64_t acs = 0;                 ///< ACS = AIS x ADS
  std::uint32_t siy = 0;                 ///< services it depends on in both directions
  double instability = 0.0;              ///< Martin: fan_out / (fan_in + fan_out)
  std::uint64_t calls_in = 0;            ///< volume-weighted AIS
  std::uint64_t calls_out = 0;           ///< volume-weighted ADS
  double acs_weighted = 0.0;             ///< calls_in x calls_out
  double instability_weighted = 0.0;     ///< calls_out / (calls_in + calls_out)
  double chattiness = 0.0;               ///< calls_out per entry request of the system
  std::uint32_t sync_depth = 0;          ///< deepest synchronous chain (service hops) from its entry operations
  double entry_share = 0.0;              ///< share of entry requests whose trace touches it
  std::uint32_t operations = 0;
  std::uint64_t invocations = 0;
  std::uint64_t entry_requests = 0;      ///< requests entering the system here
};

/// Metrics of every node, indexed like ServiceGraph::nodes.
[[nodiscard]] std::vector<ServiceMetrics> compute_coupling_metrics(const model::ServiceGraph& services,
                                                                   const ServiceDigraph& digraph,
                                                                   const EntryReach& reach);

}  // namespace nanoscope::analysis
