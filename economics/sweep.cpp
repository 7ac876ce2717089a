// Measuring every level once, pricing it at every sample on worker threads (or ranks), and
// reading off the verdicts (the best level, P(best), the levels within noise, the nanoservice
// verdict, the sanity flags). Every unit of parallel work (a level to measure, a level at one
// sample to price, a parameter's break-even search, the best level's discrete-event check, the
// suggested boundaries' measures) writes only its own slot, so the results do not depend on the
// number of threads or ranks (unit_distributor.hpp).
#include "economics/sweep.hpp"

#include <algorithm>

#include "economics/era_measuring.hpp"
#include "economics/parallel_work.hpp"
#include "economics/sample_tables.hpp"
#include "economics/unit_bytes.hpp"
#include "economics/unit_distributor.hpp"

namespace nanoscope::economics {

namespace {
// A break-even search, in first-pass measures (see the cost of unit 2.. below).
constexpr double kBreakevenCost = 1.0;
}  // namespace


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
  if (levels.empty()) {
    EraSweep out;
    out.era = era;
    return out;
  }
  const MeasureContext context = era_measure_context(graph, era, options.cancel);
  std::vector<EraMeasures> measured;
  run_units(options.distributor, worker_threads(options.threads),
            measure_units(graph, levels, {&context}, options, era.name + ": measuring", measured));
  return sweep_measured_era(graph, levels, era, options, context, std::move(measured.front()), suggested);
}

EraSweep sweep_measured_era(const model::CallGraph& graph, const std::vector<GranularityLevel>& levels, const Era& era,
                            const SweepOptions& options, const MeasureContext& context, EraMeasures measured,
                            const model::Partition* suggested) {
  using detail::kMedianRatio;
  using detail::kNet;
  EraSweep out;
  out.era = era;
  if (levels.empty()) return out;
  const unsigned threads = worker_threads(options.threads);
  const std::size_t count = levels.size(), nano = count - 1;
  std::size_t observed = 0;
  for (std::size_t i = 0; i < count; ++i)
    if (levels[i].label == "observed") observed = i;
  const bool des_everywhere = graph.operation_count() < options.des_all_levels_below_operations;
  UnitDistributor* const ranks = options.distributor;
  const model::CancelToken& cancel = options.cancel;
  const PartitionMeasures& reference = measured.reference;
  std::vector<PartitionMeasures>& measures = measured.levels;

  // Price every level at every sample: unit u is level u / n at sample u % n.
  const auto points = detail::sample_points(era);
  const std::size_t n = points.size();
  std::vector<detail::SampleTable> tables(count, detail::SampleTable(n));
  std::vector<std::optional<detail::ServiceTable>> services(count);
  for (std::size_t i = 0; i < count; ++i)
    if (options.service_bands == ServiceBands::All ||
        (options.service_bands == ServiceBands::Printed && (i == observed || i == nano)))
      services[i].emplace(measures[i].groups.size(), n);
  {
    UnitProgress progress(options.progress, era.name + ": Monte-Carlo", count * n, std::max<std::size_t>(1, n / 4));
    // Pricing costs time linear in the level's business services.
    auto service_table = [&](std::size_t i) { return services[i] ? &*services[i] : nullptr; };
    run_units(ranks, threads,
              {count * n, [&](std::size_t u) { return static_cast<double>(measures[u / n].groups.size() + 1); },
               [&](std::size_t u) {
                 if (u % 64 == 0) cancel.check();
                 const std::size_t i = u / n, s = u % n;
                 const Evaluation e = evaluate(measures[i], reference, points[s]);
                 tables[i].set(s, e);
                 if (services[i]) services[i]->set(s, e);
                 progress.tick();
               },
               [&](std::size_t u, ByteWriter& out) { write_sample(out, tables[u / n], service_table(u / n), u % n); },
               [&](std::size_t u, ByteReader& in) {
                 read_sample(in, tables[u / n], service_table(u / n), u % n);
                 progress.tick();
               }});
  }

  cancel.check();
  // Bands, P(best), the best level and the levels within noise of it.
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
  const std::size_t best = out.best_level = best_by_p50(out.levels);
  const auto gaps = net_gaps(net, best);
  for (std::size_t i = 0; i < count; ++i) {
    auto& r = out.levels[i];
    r.p_best = n ? static_cast<double>(out.best_counts[i]) / static_cast<double>(n) : 0.0;
    r.net_gap = gaps[i];
    r.within_noise = i == best || within_noise(gaps[i]);
    if (r.within_noise) out.within_noise.push_back(i);
  }
  for (std::size_t i = 0; i < count; ++i)
    if (out.levels[i].services > 1 && out.levels[i].median_ratio.p50 <= 1.0) out.finest_viable_level = i;
  const auto nano_ratio = tables[nano].column(kMedianRatio);
  const auto nano_above = std::count_if(nano_ratio.begin(), nano_ratio.end(), [](double r) { return r > 1.0; });
  out.nanoservice_antipattern_probability = n ? static_cast<double>(nano_above) / static_cast<double>(n) : 0.0;
  out.nanoservice_antipattern = out.levels[nano].median_ratio.p50 > 1.0;

  // The break-even search (a unit per parameter), and beside it the best level's discrete-event
  // check when it had none and the suggested boundaries' measures (the first two units, the
  // longest, so they start first).
  std::optional<PartitionMeasures> suggested_measures;
  std::optional<SimulationCheck> best_check;
  const bool check_best = !measures[best].des_check;
  const auto& parameters = parameter_table();
  const bool search = measures[nano].groups.size() >= 2;
  std::vector<std::optional<Breakeven>> found(search ? parameters.size() : 0);
  constexpr std::size_t kSide = 2;
  run_units(ranks, threads,
            {kSide + found.size(),
             [&](std::size_t u) {
               // In first-pass measures (era_measuring.hpp): a break-even search evaluates the
               // nanoservice level up to 105 times (32 scan steps, 40 bisection steps, most
               // parameters crossing early), about a third of a measure each on the 20k graph.
               if (u == 0) return check_best ? measure_cost(true) : 0.0;
               if (u == 1) return suggested ? measure_cost(des_everywhere) : 0.0;
               return kBreakevenCost;
             },
             [&](std::size_t u) {
               cancel.check();
               if (u == 0 && check_best) best_check = measure_level(context, levels[best].partition, true).des_check;
               if (u == 1 && suggested) suggested_measures = measure_level(context, *suggested, des_everywhere);
               if (u >= kSide)
                 found[u - kSide] = find_breakeven(measures[nano], reference, era.params, parameters[u - kSide].param);
             },
             [&](std::size_t u, ByteWriter& out) {
               if (u == 0) {
                 out.put(best_check.has_value());
                 if (best_check) write_bytes(out, *best_check);
               } else if (u == 1) {
                 out.put(suggested_measures.has_value());
                 if (suggested_measures) write_bytes(out, *suggested_measures);
               } else {
                 write_bytes(out, found[u - kSide]);
               }
             },
             [&](std::size_t u, ByteReader& in) {
               bool has = false;
               if (u == 0) {
                 in.get(has);
                 if (has) read_bytes(in, best_check.emplace());
               } else if (u == 1) {
                 in.get(has);
                 if (has) read_bytes(in, suggested_measures.emplace());
               } else {
                 read_bytes(in, found[u - kSide]);
               }
             }});
  out.nanoservice_breakevens = sorted_breakevens(found);
  if (best_check) measures[best].des_check = best_check;
  // The best level's per-service bands, when the first pass kept none.
  if (options.service_bands == ServiceBands::Printed && !services[best]) {
    detail::ServiceTable table(measures[best].groups.size(), n);
    detail::price_samples(measures[best], reference, points, threads, nullptr, &table);
    table.fill(out.levels[best], threads);
  }
  for (std::size_t i = 0; i < count; ++i) out.levels[i].measures = std::move(measures[i]);
  if (suggested_measures) {
    if (options.progress) options.progress(era.name + ": suggested boundaries", 0, 1);
    out.suggested = price_level(*suggested_measures, reference, era, threads);
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
