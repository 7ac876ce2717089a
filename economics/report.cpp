// Building the report model: sweeps per era, knots of the observed services, the inversion.
#include "economics/report.hpp"

#include <set>

#include "analysis/analysis.hpp"
#include "economics/era_measuring.hpp"
#include "economics/parallel_work.hpp"
#include "economics/unit_bytes.hpp"
#include "economics/unit_distributor.hpp"

namespace nanoscope::economics {
namespace {
// Leiden's cost in first-pass measures (era_measuring.hpp), measured on the 20,000-service graph
// (7.8% of a one-thread sweep against 0.32% per measure).
constexpr double kLeidenCost = 24.0;
}  // namespace

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
  const auto levels = granularity_levels(graph, options.granularity);
  SweepOptions sweep;
  sweep.progress = options.progress;
  sweep.threads = options.threads;
  sweep.service_bands = options.service_bands;
  sweep.distributor = options.distributor;
  // One batch of units for the serial parts that can overlap: Leiden and the first pass of
  // every era (unit_distributor.hpp). Leiden is unit 0, run alone before any other unit of its
  // process starts: igraph's Leiden (0.10) can give different communities for the same graph
  // and seed after a different allocation history (seen on a 3,000-service graph; no
  // uninitialised reads under memcheck), so its heap history must not depend on thread timing.
  std::vector<MeasureContext> contexts;
  for (const auto& era : eras) contexts.push_back(era_measure_context(graph, era));
  std::vector<const MeasureContext*> context_of;
  for (const auto& c : contexts) context_of.push_back(&c);
  std::vector<EraMeasures> measured;
  UnitBatch batch = measure_units(graph, levels, context_of, sweep, "measuring", measured);
  std::optional<CommunityDetection> communities;
  if (options.suggest_boundaries && !levels.empty()) {
    UnitBatch leiden;
    leiden.count = 1;
    leiden.cost = [](std::size_t) { return kLeidenCost; };
    leiden.run = [&](std::size_t) { communities = detect_communities(graph, options.boundaries); };
    leiden.save = [&](std::size_t, ByteWriter& out) { write_bytes(out, *communities); };
    leiden.load = [&](std::size_t, ByteReader& in) { read_bytes(in, communities.emplace()); };
    leiden.first_alone = true;
    batch = concat_units(std::move(leiden), std::move(batch));
  }
  run_units(options.distributor, worker_threads(options.threads), batch);
  if (communities) report.suggestion = describe_communities(graph, *communities);
  const model::Partition* suggested = report.suggestion ? &report.suggestion->partition : nullptr;
  for (std::size_t e = 0; e < eras.size(); ++e)
    report.eras.push_back(
        sweep_measured_era(graph, levels, eras[e], sweep, contexts[e], std::move(measured[e]), suggested));
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
                          unsigned threads, const model::CancelToken& cancel, UnitDistributor* distributor) {
  WhatIfReport report;
  report.system = summarize_system(graph, system_name);
  report.change = change;
  // Every era's reference, before and after measured as one batch of units (3 per era).
  std::vector<MeasureContext> contexts;
  for (const auto& era : eras) contexts.push_back(era_measure_context(graph, era, cancel));
  std::vector<PartitionMeasures> measured(3 * eras.size());
  UnitBatch batch;
  batch.count = measured.size();
  batch.cost = [](std::size_t u) { return measure_cost(u % 3 != 0); };
  batch.run = [&](std::size_t u) {
    cancel.check();
    const MeasureContext& c = contexts[u / 3];
    const std::size_t k = u % 3;
    measured[u] = measure_level(c, k == 0 ? c.reference : k == 1 ? before : after, k != 0);
  };
  batch.save = [&](std::size_t u, ByteWriter& out) { write_bytes(out, measured[u]); };
  batch.load = [&](std::size_t u, ByteReader& in) { read_bytes(in, measured[u]); };
  run_units(distributor, worker_threads(threads), batch);
  for (std::size_t e = 0; e < eras.size(); ++e) {
    const Era& era = eras[e];
    const PartitionMeasures& reference = measured[3 * e];
    cancel.check();
    WhatIfEra w;
    w.era = era.name;
    // Both priced at the same samples (era.params.sample(seed, i)): paired differences.
    SampleFigures a, b;
    w.before = price_level(measured[3 * e + 1], reference, era, threads, &a);
    w.before.label = "before";
    cancel.check();
    w.after = price_level(measured[3 * e + 2], reference, era, threads, &b);
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
