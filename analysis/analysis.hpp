// Coupling analysis of a call graph under a partition: per-service metrics, the dependency
// structure matrix and the findings (knots, cycles, hubs, chatty interactions, distributed
// monoliths, shared persistence, nanoservice candidates), worst first.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/coupling_metrics.hpp"
#include "analysis/dependency_matrix.hpp"
#include "analysis/finding.hpp"
#include "analysis/thresholds.hpp"
#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::analysis {

/// Everything the analysis produces; plain data for the report writers and the GUI.
struct AnalysisReport {
  model::ServiceGraph services;          ///< the service graph analysed
  std::vector<ServiceMetrics> metrics;   ///< indexed like services.nodes
  DependencyMatrix matrix;
  std::vector<Finding> findings;         ///< worst first
  Thresholds thresholds;                 ///< the ones used
  std::uint64_t total_calls = 0;         ///< observed inter-service calls
  std::uint64_t entry_requests = 0;      ///< requests entering the system
  std::uint64_t entry_operations = 0;    ///< operations that received entry requests
  std::uint64_t followed_entry_operations = 0;  ///< of those, followed for reach and depth
  std::uint32_t knots = 0;               ///< strongly connected sets of two or more services
};

/// Analyses the service graph of `partition`.
[[nodiscard]] AnalysisReport analyze(const model::CallGraph& graph, const model::Partition& partition,
                                     const Thresholds& thresholds = {});
/// Analyses the observed services.
[[nodiscard]] AnalysisReport analyze(const model::CallGraph& graph, const Thresholds& thresholds = {});

}  // namespace nanoscope::analysis
