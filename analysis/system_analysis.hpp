// Analysis per system (model/systems.hpp): each system's graph is analysed on its own, so one
// system's calls are never divided by another system's entry requests, and the reports are
// written one section per system (one system: exactly the single report).
#pragma once

#include <ostream>
#include <vector>

#include "analysis/analysis.hpp"
#include "analysis/report_writers.hpp"
#include "model/systems.hpp"

namespace nanoscope::analysis {

/// One system and its analysis.
struct SystemReport {
  model::System system;
  std::vector<model::InputSource> inputs;  ///< the system's inputs (path, format, window)
  AnalysisReport report;
};

/// Analyses each system's graph (model::system_graph) separately, in the systems' order.
[[nodiscard]] std::vector<SystemReport> analyze_systems(const model::CallGraph& graph,
                                                        const std::vector<model::System>& systems,
                                                        const Thresholds& thresholds = {});

/// One report: exactly write_report. Several: text and Markdown get a heading per system
/// (index, name, window, inputs) above its report; JSON is
/// {"systems": [{"index", "name", "window", "inputs", "report"}]} with each report as
/// write_json_report gives it.
void write_systems_report(std::ostream& out, const std::vector<SystemReport>& reports, ReportFormat format);

}  // namespace nanoscope::analysis
