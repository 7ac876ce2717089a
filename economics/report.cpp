// Building the report model: sweeps per era, knots of the observed services, the inversion.
#include "economics/report.hpp"

#include <set>

#include "analysis/analysis.hpp"

namespace nanoscope::economics {

SystemSummary summarize_system(const model::CallGraph& graph, const std::string& name) {
  SystemSummary s;
  s.name = name;
  s.operations = static_cast<std::uint32_t>(graph.operation_count());
  std::set<model::ServiceId> services;
  const auto business = business_operations(graph);
  for (model::OperationId op = 0; op < graph.operation_count(); ++op) {
    const auto sid = graph.operation(op).service;
    if (business[op]) {
      ++s.business_operations;
      services.insert(sid);
    }
    if (graph.operation(op).entry_count > 0) ++s.entry_operations;
  }
  s.observed_services = static_cast<std::uint32_t>(services.size());
  s.traces = graph.trace_count;
  return s;
}

EconomicsReport build_report(const model::CallGraph& graph, const std::vector<Era>& eras, const ReportOptions& options) {
  EconomicsReport report;
  report.system = summarize_system(graph, options.system_name);
  if (report.system.business_operations == 0)
    throw std::invalid_argument("the graph has no operation of a service (only databases, caches or clients)");
  const auto levels = granularity_levels(graph, options.granularity);
  if (options.suggest_boundaries) report.suggestion = suggest_boundaries(graph, options.boundaries);
  const model::Partition* suggested = report.suggestion ? &report.suggestion->partition : nullptr;
  for (const auto& era : eras) report.eras.push_back(sweep_era(graph, levels, era, options.progress, suggested));
  for (const auto& f : analysis::analyze(graph).findings)
    if (f.kind == analysis::FindingKind::Knot) report.knots.push_back(f);
  for (std::size_t i = 1; i < report.eras.size(); ++i)
    if (report.eras[i - 1].nanoservice_antipattern && !report.eras[i].nanoservice_antipattern) {
      report.inversion = Inversion{report.eras[i - 1].era.name, report.eras[i].era.name};
      break;
    }
  return report;
}

WhatIfReport build_whatif(const model::CallGraph& graph, const model::Partition& before, const model::Partition& after,
                          const std::vector<Era>& eras, const std::string& change, const std::string& system_name) {
  WhatIfReport report;
  report.system = summarize_system(graph, system_name);
  report.change = change;
  for (const auto& era : eras) {
    const Range& load = era.params[Param::ProductionRatePerS];
    const MeasureContext context = make_measure_context(graph, era.simulation, load.low, load.high, load.mid());
    const PartitionMeasures reference = measure_partition(context, context.reference);
    WhatIfEra w;
    w.era = era.name;
    w.before = price_level(measure_partition(context, before), reference, era);
    w.before.label = "before";
    w.after = price_level(measure_partition(context, after), reference, era);
    w.after.label = "after";
    report.eras.push_back(std::move(w));
  }
  return report;
}

}  // namespace nanoscope::economics
