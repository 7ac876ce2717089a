// Measuring a partition in an era and pricing it at every Monte-Carlo sample: percentile
// bands, the per-sample tables behind them, and the era-aware measuring calls.
#include <algorithm>
#include <cmath>

#include "economics/parallel_work.hpp"
#include "economics/sample_tables.hpp"
#include "economics/sweep.hpp"

namespace nanoscope::economics {

Band band_of(std::vector<double> values) {
  Band b;
  if (values.empty()) return b;
  std::sort(values.begin(), values.end());
  auto at = [&](double q) {
    const auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::min(values.size() - 1, i == 0 ? 0 : i - 1)];
  };
  b.p10 = at(0.1);
  b.p50 = at(0.5);
  b.p90 = at(0.9);
  return b;
}

MeasureContext era_measure_context(const model::CallGraph& graph, const Era& era, const model::CancelToken& cancel) {
  const Range& rate = era.params[Param::ProductionRatePerS];
  return make_measure_context(graph, era.simulation, rate.low, rate.high, rate.mid(), cancel);
}

PartitionMeasures measure_level(const MeasureContext& context, const model::Partition& partition, bool des_check) {
  return measure_partition(context, partition, des_check);
}

LevelResult price_level(const PartitionMeasures& m, const PartitionMeasures& reference, const Era& era, unsigned threads,
                        SampleFigures* samples) {
  LevelResult r;
  r.services = m.groups.size();
  r.measures = m;
  r.nominal = evaluate(m, reference, era.params.nominal());
  const auto points = detail::sample_points(era);
  detail::SampleTable table(points.size());
  detail::ServiceTable services(m.groups.size(), points.size());
  detail::price_samples(m, reference, points, threads, &table, &services);
  table.fill(r);
  services.fill(r, threads);
  if (samples) *samples = table.figures();
  return r;
}

namespace detail {

void SampleTable::set(std::size_t s, const Evaluation& e) {
  const double f[kFigures] = {e.network.usd, e.operational.usd, e.development.usd, e.design.usd, e.overhead_usd,
                              e.utility_usd, e.net_usd, e.utility.scaling.usd, e.utility.isolation.usd,
                              e.utility.deployability.usd, e.utility.verifiability.usd, e.overhead_person_hours,
                              e.median_ratio, e.share_above_one};
  for (std::size_t k = 0; k < kFigures; ++k) v_[k * samples_ + s] = f[k];
}

std::vector<double> SampleTable::column(Figure f) const {
  return {v_.begin() + static_cast<std::ptrdiff_t>(f * samples_), v_.begin() + static_cast<std::ptrdiff_t>((f + 1) * samples_)};
}

void SampleTable::fill(LevelResult& r) const {
  Band* bands[kFigures] = {&r.network,       &r.operational,   &r.development,   &r.design,
                           &r.overhead,      &r.utility,       &r.net,           &r.scaling,
                           &r.isolation,     &r.deployability, &r.verifiability, &r.overhead_person_hours,
                           &r.median_ratio,  &r.share_above_one};
  for (std::size_t k = 0; k < kFigures; ++k) *bands[k] = band_of(column(static_cast<Figure>(k)));
}

SampleFigures SampleTable::figures() const {
  return {column(kNetwork), column(kOperational), column(kDevelopment), column(kDesign),
          column(kOverhead), column(kUtility),     column(kNet)};
}

void ServiceTable::set(std::size_t s, const Evaluation& e) {
  for (std::size_t i = 0; i < e.ratio.size(); ++i) {
    over_[i * samples_ + s] = e.overhead_per_service[i];
    util_[i * samples_ + s] = e.utility_per_service[i];
    ratio_[i * samples_ + s] = e.ratio[i];
  }
}

void ServiceTable::fill(LevelResult& r, unsigned threads) const {
  const std::size_t n = samples_ ? over_.size() / samples_ : 0;
  r.service_overhead.assign(n, {});
  r.service_utility.assign(n, {});
  r.service_ratio.assign(n, {});
  auto slice = [&](const std::vector<double>& v, std::size_t i) {
    return std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(i * samples_),
                               v.begin() + static_cast<std::ptrdiff_t>((i + 1) * samples_));
  };
  parallel_for(n, threads, [&](std::size_t i) {
    r.service_overhead[i] = band_of(slice(over_, i));
    r.service_utility[i] = band_of(slice(util_, i));
    r.service_ratio[i] = band_of(slice(ratio_, i));
  });
}

std::vector<ParamValues> sample_points(const Era& era) {
  std::vector<ParamValues> points(era.samples);
  for (std::uint32_t s = 0; s < era.samples; ++s) points[s] = era.params.sample(era.seed, s);
  return points;
}

void price_samples(const PartitionMeasures& m, const PartitionMeasures& reference, const std::vector<ParamValues>& points,
                   unsigned threads, SampleTable* table, ServiceTable* services) {
  parallel_for(points.size(), threads, [&](std::size_t s) {
    const Evaluation e = evaluate(m, reference, points[s]);
    if (table) table->set(s, e);
    if (services) services->set(s, e);
  });
}

}  // namespace detail
}  // namespace nanoscope::economics
