// Measuring every level once, pricing it at every sample, and reading off the verdicts.
#include "economics/sweep.hpp"

#include <algorithm>
#include <cmath>

namespace nanoscope::economics {

Band band_of(std::vector<double> values) {
  Band b;
  if (values.empty()) return b;
  std::sort(values.begin(), values.end());
  auto at = [&](double q) {
    const auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size()))) ;
    return values[std::min(values.size() - 1, i == 0 ? 0 : i - 1)];
  };
  b.p10 = at(0.1);
  b.p50 = at(0.5);
  b.p90 = at(0.9);
  return b;
}

namespace {

struct Samples {
  std::vector<double> network, operational, development, design, overhead, utility, net;
  std::vector<double> scaling, isolation, deployability, verifiability, hours, median_ratio, share_above;
  std::vector<std::vector<double>> s_over, s_util, s_ratio;

  void add(const Evaluation& e) {
    network.push_back(e.network.usd);
    operational.push_back(e.operational.usd);
    development.push_back(e.development.usd);
    design.push_back(e.design.usd);
    overhead.push_back(e.overhead_usd);
    utility.push_back(e.utility_usd);
    net.push_back(e.net_usd);
    scaling.push_back(e.utility.scaling.usd);
    isolation.push_back(e.utility.isolation.usd);
    deployability.push_back(e.utility.deployability.usd);
    verifiability.push_back(e.utility.verifiability.usd);
    hours.push_back(e.overhead_person_hours);
    median_ratio.push_back(e.median_ratio);
    share_above.push_back(e.share_above_one);
    s_over.resize(e.ratio.size());
    s_util.resize(e.ratio.size());
    s_ratio.resize(e.ratio.size());
    for (std::size_t i = 0; i < e.ratio.size(); ++i) {
      s_over[i].push_back(e.overhead_per_service[i]);
      s_util[i].push_back(e.utility_per_service[i]);
      s_ratio[i].push_back(e.ratio[i]);
    }
  }

  void fill(LevelResult& r) const {
    r.network = band_of(network);
    r.operational = band_of(operational);
    r.development = band_of(development);
    r.design = band_of(design);
    r.overhead = band_of(overhead);
    r.utility = band_of(utility);
    r.net = band_of(net);
    r.scaling = band_of(scaling);
    r.isolation = band_of(isolation);
    r.deployability = band_of(deployability);
    r.verifiability = band_of(verifiability);
    r.overhead_person_hours = band_of(hours);
    r.median_ratio = band_of(median_ratio);
    r.share_above_one = band_of(share_above);
    for (std::size_t i = 0; i < s_ratio.size(); ++i) {
      r.service_overhead.push_back(band_of(s_over[i]));
      r.service_utility.push_back(band_of(s_util[i]));
      r.service_ratio.push_back(band_of(s_ratio[i]));
    }
  }
};

}  // namespace

LevelResult price_level(const PartitionMeasures& m, const PartitionMeasures& reference, const Era& era) {
  LevelResult r;
  r.services = m.groups.size();
  r.measures = m;
  r.nominal = evaluate(m, reference, era.params.nominal());
  Samples s;
  for (std::uint32_t i = 0; i < era.samples; ++i) s.add(evaluate(m, reference, era.params.sample(era.seed, i)));
  s.fill(r);
  return r;
}

EraSweep sweep_era(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels, const Era& era,
                   const SweepProgress& progress, const model::Partition* suggested) {
  EraSweep out;
  out.era = era;
  if (levels.empty()) return out;
  const Range& load = era.params[Param::ProductionRatePerS];
  const MeasureContext context = make_measure_context(graph, era.simulation, load.low, load.high, load.mid());
  const PartitionMeasures reference = measure_partition(context, context.reference);
  std::vector<PartitionMeasures> measures;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (progress) progress(era.name + ": simulating", i, levels.size());
    measures.push_back(measure_partition(context, levels[i].partition));
  }
  if (progress) progress(era.name + ": simulating", levels.size(), levels.size());
  // Price every level at every sample; track which level wins each sample.
  std::vector<Samples> samples(levels.size());
  out.best_counts.assign(levels.size(), 0);
  std::vector<double> best_services;
  std::uint32_t nano_above = 0;
  const std::size_t nano = levels.size() - 1;
  for (std::uint32_t s = 0; s < era.samples; ++s) {
    const ParamValues v = era.params.sample(era.seed, s);
    std::size_t best = 0;
    double best_net = -INFINITY;
    for (std::size_t i = 0; i < levels.size(); ++i) {
      const Evaluation e = evaluate(measures[i], reference, v);
      samples[i].add(e);
      if (e.net_usd > best_net) {
        best_net = e.net_usd;
        best = i;
      }
      if (i == nano && e.median_ratio > 1.0) ++nano_above;
    }
    ++out.best_counts[best];
    best_services.push_back(static_cast<double>(levels[best].services));
    if (progress && (s + 1) % 50 == 0) progress(era.name + ": Monte-Carlo", s + 1, era.samples);
  }
  const ParamValues nominal = era.params.nominal();
  out.nanoservice_breakevens = find_breakevens(measures[nano], reference, era.params);
  for (std::size_t i = 0; i < levels.size(); ++i) {
    LevelResult r;
    r.services = levels[i].services;
    r.label = levels[i].label;
    r.measures = std::move(measures[i]);
    r.nominal = evaluate(r.measures, reference, nominal);
    samples[i].fill(r);
    out.levels.push_back(std::move(r));
    if (levels[i].label == "observed") out.observed_level = i;
  }
  out.nanoservice_level = nano;
  out.best_services = band_of(best_services);
  for (std::size_t i = 0; i < out.levels.size(); ++i)
    if (out.levels[i].net.p50 > out.levels[out.best_level].net.p50) out.best_level = i;
  for (std::size_t i = 0; i < out.levels.size(); ++i)
    if (out.levels[i].services > 1 && out.levels[i].median_ratio.p50 <= 1.0) out.finest_viable_level = i;
  out.nanoservice_antipattern_probability = era.samples ? static_cast<double>(nano_above) / era.samples : 0.0;
  out.nanoservice_antipattern = out.levels[nano].median_ratio.p50 > 1.0;
  if (suggested) {
    if (progress) progress(era.name + ": suggested boundaries", 0, 1);
    out.suggested = price_level(measure_partition(context, *suggested), reference, era);
    out.suggested->label = "suggested";
  }
  return out;
}

}  // namespace nanoscope::economics
