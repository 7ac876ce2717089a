// What the inspector shows for one service: its kind, metrics, operations (busiest first)
// and the findings that name it; plain data built when the selection or document changes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/coupling_metrics.hpp"
#include "gui/viewmodel/document.hpp"

namespace nanoscope::gui {

/// One operation row.
struct OperationRow {
  model::OperationId id = 0;
  std::string name;               ///< "service/operation"
  std::uint64_t invocations = 0;
  double mean_us = 0.0;
  double p95_us = 0.0;
};

/// The inspector's content.
struct InspectorView {
  bool valid = false;
  std::uint32_t node = 0;
  std::string name;
  std::string kind;
  analysis::ServiceMetrics metrics;
  double latency_us = 0.0;
  int knot = -1;
  std::vector<OperationRow> operations;  ///< busiest first
  std::vector<std::size_t> findings;     ///< indices into report().findings naming it
};

/// Builds the inspector for node `node` (invalid view when out of range).
[[nodiscard]] InspectorView build_inspector(const Document& doc, std::uint32_t node);

/// Indices of the findings that name `service`, worst first.
[[nodiscard]] std::vector<std::size_t> findings_naming(const Document& doc, const std::string& service);

}  // namespace nanoscope::gui
