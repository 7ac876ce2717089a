// Measuring every level once, pricing it at every sample on worker threads, and reading off
// the verdicts. Every unit of parallel work (a level to measure, a level at one sample to
// price) writes only its own slot, so the results do not depend on the number of threads.
#include "economics/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>

#include "economics/parallel_work.hpp"

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

namespace {

// partition_measures is becoming load-aware (a production-rate range for the load curve, a
// discrete-event check on request); these pick that signature when it exists, else the
// older one, so the sweep builds against either.
template <class Graph, class Scenario>
MeasureContext context_for(const Graph& graph, const Scenario& scenario, double low, double high, double nominal) {
  if constexpr (requires { make_measure_context(graph, scenario, low, high, nominal); })
    return make_measure_context(graph, scenario, low, high, nominal);
  else
    return make_measure_context(graph, scenario);
}

template <class Context, class Partition>
PartitionMeasures measure_with(const Context& context, const Partition& partition, bool des_check) {
  if constexpr (requires { measure_partition(context, partition, des_check); })
    return measure_partition(context, partition, des_check);
  else
    return measure_partition(context, partition);
}

template <class Context, class Partition>
constexpr bool runs_des_check() {
  return requires(const Context& c, const Partition& p) { measure_partition(c, p, true); };
}

// The per-sample figures of one level, figure-major: value(f, s).
enum Figure : std::size_t {
  kNetwork, kOperational, kDevelopment, kDesign, kOverhead, kUtility, kNet, kScaling, kIsolation, kDeployability,
  kVerifiability, kHours, kMedianRatio, kShareAbove, kFigures
};

class SampleTable {
 public:
  explicit SampleTable(std::size_t samples) : samples_(samples), v_(kFigures * samples) {}
  void set(std::size_t s, const Evaluation& e) {
    const double f[kFigures] = {e.network.usd, e.operational.usd, e.development.usd, e.design.usd, e.overhead_usd,
                                e.utility_usd, e.net_usd, e.utility.scaling.usd, e.utility.isolation.usd,
                                e.utility.deployability.usd, e.utility.verifiability.usd, e.overhead_person_hours,
                                e.median_ratio, e.share_above_one};
    for (std::size_t k = 0; k < kFigures; ++k) v_[k * samples_ + s] = f[k];
  }
  [[nodiscard]] std::vector<double> column(Figure f) const {
    return {v_.begin() + static_cast<std::ptrdiff_t>(f * samples_),
            v_.begin() + static_cast<std::ptrdiff_t>((f + 1) * samples_)};
  }
  void fill(LevelResult& r) const {
    Band* bands[kFigures] = {&r.network, &r.operational, &r.development, &r.design, &r.overhead,
                             &r.utility, &r.net, &r.scaling, &r.isolation, &r.deployability,
                             &r.verifiability, &r.overhead_person_hours, &r.median_ratio, &r.share_above_one};
    for (std::size_t k = 0; k < kFigures; ++k) *bands[k] = band_of(column(static_cast<Figure>(k)));
  }
  [[nodiscard]] SampleFigures figures() const {
    return {column(kNetwork), column(kOperational), column(kDevelopment), column(kDesign),
            column(kOverhead), column(kUtility),     column(kNet)};
  }

 private:
  std::size_t samples_;
  std::vector<double> v_;
};

// Per-service overhead, utility and ratio at every sample, service-major: (i, s).
class ServiceTable {
 public:
  ServiceTable(std::size_t services, std::size_t samples)
      : samples_(samples), over_(services * samples), util_(services * samples), ratio_(services * samples) {}
  void set(std::size_t s, const Evaluation& e) {
    for (std::size_t i = 0; i < e.ratio.size(); ++i) {
      over_[i * samples_ + s] = e.overhead_per_service[i];
      util_[i * samples_ + s] = e.utility_per_service[i];
      ratio_[i * samples_ + s] = e.ratio[i];
    }
  }
  void fill(LevelResult& r, unsigned threads) const {
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

 private:
  std::size_t samples_;
  std::vector<double> over_, util_, ratio_;
};

std::vector<ParamValues> sample_points(const Era& era) {
  std::vector<ParamValues> points(era.samples);
  for (std::uint32_t s = 0; s < era.samples; ++s) points[s] = era.params.sample(era.seed, s);
  return points;
}

// Progress of parallel units: counts reported in order, one caller at a time.
class UnitProgress {
 public:
  UnitProgress(const SweepProgress& report, std::string what, std::size_t total, std::size_t every)
      : report_(report), what_(std::move(what)), total_(total), every_(std::max<std::size_t>(1, every)) {
    if (report_) report_(what_, 0, total_);
  }
  void tick() {
    if (!report_) return;
    const std::size_t done = ++done_;
    if (done % every_ != 0 && done != total_) return;
    std::lock_guard lock(mutex_);
    if (done <= shown_) return;
    shown_ = done;
    report_(what_, done, total_);
  }

 private:
  const SweepProgress& report_;
  std::string what_;
  std::size_t total_, every_, shown_ = 0;
  std::atomic<std::size_t> done_{0};
  std::mutex mutex_;
};

// Prices `m` at every point (one unit per sample) into `table` and, when given, `services`.
void price_samples(const PartitionMeasures& m, const PartitionMeasures& reference, const std::vector<ParamValues>& points,
                   unsigned threads, SampleTable* table, ServiceTable* services) {
  parallel_for(points.size(), threads, [&](std::size_t s) {
    const Evaluation e = evaluate(m, reference, points[s]);
    if (table) table->set(s, e);
    if (services) services->set(s, e);
  });
}

}  // namespace

MeasureContext era_measure_context(const model::CallGraph& graph, const Era& era) {
  const Range& rate = era.params[Param::ProductionRatePerS];
  return context_for(graph, era.simulation, rate.low, rate.high, rate.mid());
}

PartitionMeasures measure_level(const MeasureContext& context, const model::Partition& partition, bool des_check) {
  return measure_with(context, partition, des_check);
}

LevelResult price_level(const PartitionMeasures& m, const PartitionMeasures& reference, const Era& era, unsigned threads,
                        SampleFigures* samples) {
  LevelResult r;
  r.services = m.groups.size();
  r.measures = m;
  r.nominal = evaluate(m, reference, era.params.nominal());
  const auto points = sample_points(era);
  SampleTable table(points.size());
  ServiceTable services(m.groups.size(), points.size());
  price_samples(m, reference, points, threads, &table, &services);
  table.fill(r);
  services.fill(r, threads);
  if (samples) *samples = table.figures();
  return r;
}

std::size_t best_by_p50(const std::vector<LevelResult>& levels) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < levels.size(); ++i) {
    const auto& a = levels[i];
    const auto& b = levels[best];
    if (a.net.p50 > b.net.p50 || (a.net.p50 == b.net.p50 && a.services < b.services)) best = i;
  }
  return best;
}

std::size_t best_in_sample(const std::vector<std::vector<double>>& net, const std::vector<std::size_t>& services,
                           std::size_t sample) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < net.size(); ++i) {
    const double a = net[i][sample], b = net[best][sample];
    if (a > b || (a == b && services[i] < services[best])) best = i;
  }
  return best;
}

std::vector<Band> net_gaps(const std::vector<std::vector<double>>& net, std::size_t best) {
  std::vector<Band> gaps;
  for (const auto& level : net) {
    std::vector<double> d(level.size());
    for (std::size_t s = 0; s < level.size(); ++s) d[s] = net[best][s] - level[s];
    gaps.push_back(band_of(std::move(d)));
  }
  return gaps;
}

EraSweep sweep_era(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels, const Era& era,
                   const SweepOptions& options, const model::Partition* suggested) {
  EraSweep out;
  out.era = era;
  if (levels.empty()) return out;
  const unsigned threads = worker_threads(options.threads);
  const std::size_t count = levels.size(), nano = count - 1;
  std::size_t observed = 0;
  for (std::size_t i = 0; i < count; ++i)
    if (levels[i].label == "observed") observed = i;
  const bool des_everywhere = graph.operation_count() < options.des_all_levels_below_operations;
  auto wants_des = [&](std::size_t i) { return des_everywhere || i == observed || i == nano; };

  // Measure the reference, every level and the suggested boundaries (one unit each).
  const MeasureContext context = era_measure_context(graph, era);
  PartitionMeasures reference, suggested_measures;
  std::vector<PartitionMeasures> measures(count);
  {
    UnitProgress progress(options.progress, era.name + ": measuring", count + 1 + (suggested ? 1 : 0), 1);
    parallel_for(count + 1 + (suggested ? 1 : 0), threads, [&](std::size_t u) {
      if (u == 0) reference = measure_level(context, context.reference, false);
      else if (u <= count) measures[u - 1] = measure_level(context, levels[u - 1].partition, wants_des(u - 1));
      else suggested_measures = measure_level(context, *suggested, true);
      progress.tick();
    });
  }

  // Price every level at every sample: unit u is level u / n at sample u % n.
  const auto points = sample_points(era);
  const std::size_t n = points.size();
  std::vector<SampleTable> tables(count, SampleTable(n));
  std::vector<std::optional<ServiceTable>> services(count);
  for (std::size_t i = 0; i < count; ++i)
    if (options.service_bands == ServiceBands::All ||
        (options.service_bands == ServiceBands::Printed && (i == observed || i == nano)))
      services[i].emplace(measures[i].groups.size(), n);
  {
    UnitProgress progress(options.progress, era.name + ": Monte-Carlo", count * n, std::max<std::size_t>(1, n / 4));
    parallel_for(count * n, threads, [&](std::size_t u) {
      const std::size_t i = u / n, s = u % n;
      const Evaluation e = evaluate(measures[i], reference, points[s]);
      tables[i].set(s, e);
      if (services[i]) services[i]->set(s, e);
      progress.tick();
    });
  }

  // Read off the levels and the verdicts.
  const ParamValues nominal = era.params.nominal();
  std::vector<std::vector<double>> net(count);
  std::vector<std::size_t> service_counts(count);
  out.levels.resize(count);
  parallel_for(count, threads, [&](std::size_t i) {
    LevelResult& r = out.levels[i];
    r.services = levels[i].services;
    r.label = levels[i].label;
    r.nominal = evaluate(measures[i], reference, nominal);
    tables[i].fill(r);
    net[i] = tables[i].column(kNet);
    service_counts[i] = r.services;
  });
  for (std::size_t i = 0; i < count; ++i)
    if (services[i]) services[i]->fill(out.levels[i], threads);
  out.observed_level = observed;
  out.nanoservice_level = nano;
  out.best_counts.assign(count, 0);
  std::vector<double> best_services;
  for (std::size_t s = 0; s < n; ++s) {
    const std::size_t b = best_in_sample(net, service_counts, s);
    ++out.best_counts[b];
    best_services.push_back(static_cast<double>(service_counts[b]));
  }
  out.best_services = band_of(best_services);
  out.best_level = best_by_p50(out.levels);
  const auto gaps = net_gaps(net, out.best_level);
  for (std::size_t i = 0; i < count; ++i) {
    auto& r = out.levels[i];
    r.p_best = n ? static_cast<double>(out.best_counts[i]) / static_cast<double>(n) : 0.0;
    r.net_gap = gaps[i];
    r.within_noise = i == out.best_level || within_noise(gaps[i]);
    if (r.within_noise) out.within_noise.push_back(i);
  }
  // The best level's per-service bands and discrete-event check, when the first pass had none.
  const std::size_t best = out.best_level;
  if (options.service_bands == ServiceBands::Printed && !services[best]) {
    ServiceTable table(measures[best].groups.size(), n);
    price_samples(measures[best], reference, points, threads, nullptr, &table);
    table.fill(out.levels[best], threads);
  }
  if constexpr (runs_des_check<MeasureContext, model::Partition>())
    if (!measures[best].des_check) measures[best].des_check = measure_level(context, levels[best].partition, true).des_check;
  for (std::size_t i = 0; i < count; ++i)
    if (out.levels[i].services > 1 && out.levels[i].median_ratio.p50 <= 1.0) out.finest_viable_level = i;
  const auto nano_ratio = tables[nano].column(kMedianRatio);
  const auto nano_above = std::count_if(nano_ratio.begin(), nano_ratio.end(), [](double r) { return r > 1.0; });
  out.nanoservice_antipattern_probability = n ? static_cast<double>(nano_above) / static_cast<double>(n) : 0.0;
  out.nanoservice_antipattern = out.levels[nano].median_ratio.p50 > 1.0;
  out.nanoservice_breakevens = find_breakevens(measures[nano], reference, era.params, threads);
  for (std::size_t i = 0; i < count; ++i) out.levels[i].measures = std::move(measures[i]);
  if (suggested) {
    if (options.progress) options.progress(era.name + ": suggested boundaries", 0, 1);
    out.suggested = price_level(suggested_measures, reference, era, threads);
    out.suggested->label = "suggested";
    if (options.service_bands == ServiceBands::None) {
      out.suggested->service_overhead.clear();
      out.suggested->service_utility.clear();
      out.suggested->service_ratio.clear();
    }
    if (options.progress) options.progress(era.name + ": suggested boundaries", 1, 1);
  }
  for (const auto& l : out.levels)
    for (auto& f : sanity_flags(l.measures, l.nominal, l.services, l.label, era.params)) out.flags.push_back(std::move(f));
  if (out.suggested)
    for (auto& f : sanity_flags(out.suggested->measures, out.suggested->nominal, out.suggested->services, "suggested",
                                era.params))
      out.flags.push_back(std::move(f));
  return out;
}

EraSweep sweep_era(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels, const Era& era,
                   const SweepProgress& progress, const model::Partition* suggested) {
  SweepOptions options;
  options.progress = progress;
  options.service_bands = ServiceBands::All;
  return sweep_era(graph, levels, era, options, suggested);
}

}  // namespace nanoscope::economics
