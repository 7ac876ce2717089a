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
  (void)require_business_operations(graph);
  report.system = summarize_system(graph, options.system_name);
  // Leiden runs before any worker thread starts: igraph's Leiden (0.10) can give different
  // communities for the same graph and seed after a different allocation history (seen on a
  // 3,000-service graph; no uninitialised reads under memcheck), so its heap history must not
  // depend on thread timing.
  const auto levels = granularity_levels(graph, options.granularity);
  if (options.suggest_boundaries) report.suggestion = suggest_boundaries(graph, options.boundaries);
  const model::Partition* suggested = report.suggestion ? &report.suggestion->partition : nullptr;
  SweepOptions sweep;
  sweep.progress = options.progress;
  sweep.threads = options.threads;
  sweep.service_bands = options.service_bands;
  for (const auto& era : eras) report.eras.push_back(sweep_era(graph, levels, era, sweep, suggested));
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
                          const std::vector<Era>& eras, const std::string& change, const std::string& system_name,
                          unsigned threads, const model::CancelToken& cancel) {
  WhatIfReport report;
  report.system = summarize_system(graph, system_name);
  report.change = change;
  for (const auto& era : eras) {
    const MeasureContext context = era_measure_context(graph, era, cancel);
    const PartitionMeasures reference = measure_level(context, context.reference, false);
    cancel.check();
    WhatIfEra w;
    w.era = era.name;
    // Both priced at the same samples (era.params.sample(seed, i)): paired differences.
    SampleFigures a, b;
    w.before = price_level(measure_level(context, before, true), reference, era, threads, &a);
    w.before.label = "before";
    cancel.check();
    w.after = price_level(measure_level(context, after, true), reference, era, threads, &b);
    w.after.label = "after";
    auto diff = [](const std::vector<double>& x, const std::vector<double>& y) {
      std::vector<double> d(x.size());
      for (std::size_t i = 0; i < x.size(); ++i) d[i] = y[i] - x[i];
      return band_of(std::move(d));
    };
    w.delta = {diff(a.network, b.network), diff(a.operational, b.operational), diff(a.development, b.development),
               diff(a.design, b.design),   diff(a.overhead, b.overhead),       diff(a.utility, b.utility),
               diff(a.net, b.net)};
    w.flags = sanity_flags(w.after.measures, w.after.nominal, w.after.services, "after", era.params);
    report.eras.push_back(std::move(w));
  }
  return report;
}

}  // namespace nanoscope::economics
