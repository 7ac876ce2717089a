// Load curves, per-request communication and the discrete-event check of a partition.
#include "economics/load_curve.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace nanoscope::economics {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Added latency at one load, entry-rate weighted (signed: a partition that gets more cores than
// the one process by rounding can queue less; flooring per entry would make two disjoint
// systems price differently from their sum), split into its
// deterministic part (the communication on the path: message CPU, wire, handshakes and decode
// waits, as comm_latency_s counts it) and the rest (queueing).
struct Added {
  double mean_s = 0.0, deterministic_s = 0.0;
};

Added added_at(const std::vector<double>& share, const sim::AnalyticLoad& p, const sim::AnalyticLoad& ref) {
  Added a;
  for (std::size_t e = 0; e < share.size(); ++e) {
    if (!(share[e] > 0.0)) continue;
    const double added = p.mean_latency_s[e] - ref.mean_latency_s[e];
    const double fixed = std::clamp(p.comm_latency_s[e] - ref.comm_latency_s[e], 0.0, std::max(0.0, added));
    a.mean_s += share[e] * added;
    a.deterministic_s += share[e] * fixed;
  }
  return a;
}

// Entry-rate-weighted figures of a simulated partition against the simulated reference.
struct Simulated {
  double added_mean = 0.0, added_p50 = 0.0, added_p99 = 0.0;
  double p50 = 0.0, p99 = 0.0, ref_p50 = 0.0, ref_p99 = 0.0;
};

Simulated compare(const sim::GraphSimulationResult& p, const sim::GraphSimulationResult& ref) {
  Simulated s;
  double weight = 0.0;
  for (std::size_t e = 0; e < p.entries.size() && e < ref.entries.size(); ++e) {
    const auto& a = p.entries[e].latency_us;
    const auto& b = ref.entries[e].latency_us;
    if (a.empty() || b.empty()) continue;
    const double w = p.entries[e].rate_per_s;
    const double p50 = a.quantile_us(0.5) / 1000.0, p99 = a.quantile_us(0.99) / 1000.0;
    const double r50 = b.quantile_us(0.5) / 1000.0, r99 = b.quantile_us(0.99) / 1000.0;
    s.added_mean += w * (a.mean_us() - b.mean_us()) / 1000.0;
    s.added_p50 += w * (p50 - r50);
    s.added_p99 += w * (p99 - r99);
    s.p50 += w * p50;
    s.p99 += w * p99;
    s.ref_p50 += w * r50;
    s.ref_p99 += w * r99;
    weight += w;
  }
  if (weight > 0.0)
    for (double* x : {&s.added_mean, &s.added_p50, &s.added_p99, &s.p50, &s.p99, &s.ref_p50, &s.ref_p99}) *x /= weight;
  return s;
}

}  // namespace

std::vector<double> load_grid(double low, double high, double nominal, double upper) {
  for (const double x : {low, high, nominal, upper})
    if (!std::isfinite(x) || !(x > 0.0)) throw std::invalid_argument("production rates must be positive and finite");
  if (high < low || upper < high) throw std::invalid_argument("production rates out of order (low > high)");
  if (upper <= low) upper = 2.0 * low;
  const double ratio = high > low ? std::pow(high / low, 1.0 / 6.0) : std::pow(upper / low, 1.0 / 6.0);
  std::vector<double> rates;
  const double end = high > low ? high : upper;
  for (int i = 0; i <= 6; ++i) rates.push_back(i == 6 ? end : low * std::pow(ratio, i));
  if (upper > end) {
    const double span = std::log(upper / end) / std::log(ratio);
    const int steps = std::clamp(static_cast<int>(std::ceil(span - 1e-9)), 1, 8);
    for (int i = 1; i <= steps; ++i)
      rates.push_back(i == steps ? upper : end * std::pow(upper / end, static_cast<double>(i) / steps));
  }
  rates.push_back(nominal);
  std::sort(rates.begin(), rates.end());
  rates.erase(std::unique(rates.begin(), rates.end(), [](double a, double b) { return b <= a * (1.0 + 1e-9); }),
              rates.end());
  return rates;
}

LoadContext make_load_context(const model::CallGraph& graph, const sim::Scenario& scenario,
                              const model::Partition& reference, const model::Partition& finest, double low,
                              double high, double nominal, const model::CancelToken& cancel) {
  LoadContext c;
  c.cancel = cancel;
  c.model = std::make_shared<const sim::AnalyticModel>(graph, scenario);
  c.low_rate_per_s = low;
  c.high_rate_per_s = high;
  c.nominal_rate_per_s = nominal;
  const bool autoscale = scenario.effective_capacity_policy() == sim::CapacityPolicy::Autoscale;
  // Under autoscale every load gets its own replicas, so nothing saturates: the grid goes to
  // twice the era's high rate. Under fixed capacity it goes on to the load at which the finest
  // level saturates (every level has saturated by then or is past the era's range).
  c.finest_saturation_rate_per_s = autoscale ? kInf : c.model->solve_rates(finest, {}).saturation_rate_per_s;
  const double upper = autoscale || !std::isfinite(c.finest_saturation_rate_per_s)
                           ? 2.0 * high
                           : std::max(high, c.finest_saturation_rate_per_s);
  c.rates = load_grid(low, high, nominal, upper);
  c.reference_curve = c.model->solve_rates(reference, c.rates, {.wait_utilisation_cap = kSaturatedUtilisation});
  c.reference_communication =
      sim::communication_rates(reference, scenario, c.model->workload(), c.model->visits_per_s());
  c.des_scenario = scenario;
  c.des_scenario.total_rate_per_s = nominal;
  c.des_scenario.rate_scale = 1.0;
  c.reference_simulation = sim::simulate_graph(graph, reference, c.des_scenario, {}, cancel);
  return c;
}

LoadMeasures measure_load(const LoadContext& c, const model::CallGraph& graph, const model::Partition& partition,
                          bool des_check) {
  LoadMeasures m;
  const sim::AnalyticModel& model = *c.model;
  const sim::AnalyticCurve curve =
      model.solve_rates(partition, c.rates, {.wait_utilisation_cap = kSaturatedUtilisation});
  // Per request, from expectations at the model's rate (the same graph always gives the same numbers).
  const double total = model.total_rate_per_s();
  const auto comm = sim::communication_rates(partition, model.scenario(), model.workload(), model.visits_per_s());
  const auto& ref = c.reference_communication;
  if (total > 0.0) {
    m.comm_cpu_s_per_request = (comm.cpu_per_s.total() - ref.cpu_per_s.total()) / total;
    m.bytes_per_request = (comm.bytes_per_s - ref.bytes_per_s) / total;
    m.remote_calls_per_request = (comm.remote_calls_per_s - ref.remote_calls_per_s) / total;
  }
  m.remote_calls_in_per_request.resize(partition.group_count(), 0.0);
  for (std::size_t g = 0; g < partition.group_count(); ++g)
    m.remote_calls_in_per_request[g] = total > 0.0 ? comm.remote_calls_in_per_s[g] / total : 0.0;
  m.offered_cpu_per_rps.assign(partition.group_count(), 0.0);
  m.base_replicas.assign(partition.group_count(), 1);
  for (const auto& st : curve.stations) {
    m.offered_cpu_per_rps[st.group] = st.offered_cpu_per_rps;
    m.base_replicas[st.group] = st.base_replicas;
  }

  // The discrete-event check at the nominal rate, and the added latency's shape from it.
  std::size_t nominal = 0;  // the grid point at the nominal rate (load_grid puts one there)
  auto distance = [&](std::size_t j) { return std::abs(std::log(c.rates[j] / c.nominal_rate_per_s)); };
  for (std::size_t j = 1; j < c.rates.size(); ++j)
    if (distance(j) < distance(nominal)) nominal = j;
  const Added at_nominal = added_at(curve.entry_share, curve.loads[nominal], c.reference_curve.loads[nominal]);
  const Simulated ref_only = compare(c.reference_simulation, c.reference_simulation);
  m.reference_p50_ms = ref_only.p50;
  m.reference_p99_ms = ref_only.p99;
  double shape50 = 0.0, shape99 = 0.0;  // p50 / mean and p99 / mean of the added latency (0: fallback)
  if (des_check) {
    const sim::GraphSimulationResult r = sim::simulate_graph(graph, partition, c.des_scenario, {}, c.cancel);
    const Simulated s = compare(r, c.reference_simulation);
    SimulationCheck check;
    check.rate_per_s = c.nominal_rate_per_s;
    check.des_added_mean_ms = s.added_mean;
    check.analytic_added_mean_ms = at_nominal.mean_s * 1000.0;
    check.des_added_p50_ms = s.added_p50;
    check.des_added_p99_ms = s.added_p99;
    check.p50_ms = s.p50;
    check.p99_ms = s.p99;
    check.reference_p50_ms = s.ref_p50;
    check.reference_p99_ms = s.ref_p99;
    check.requests = r.requests_measured;
    m.simulated_requests = r.requests_measured;
    if (s.added_mean > 1e-3) {  // a shape needs a difference to measure (1 microsecond)
      shape50 = s.added_p50 / s.added_mean;
      shape99 = s.added_p99 / s.added_mean;
    }
    m.des_check = check;
  }

  // The curve: the mean from the analytic solutions; p50 and p99 from the simulated shape, or
  // without one as the deterministic part plus an exponential queueing part (ln 2, ln 100).
  for (std::size_t j = 0; j < c.rates.size(); ++j) {
    const sim::AnalyticLoad& load = curve.loads[j];
    const Added a = added_at(curve.entry_share, load, c.reference_curve.loads[j]);
    LoadPoint p;
    p.rate_per_s = c.rates[j];
    p.added_mean_ms = a.mean_s * 1000.0;
    if (shape50 > 0.0 || shape99 > 0.0) {
      p.added_p50_ms = p.added_mean_ms * shape50;
      p.added_p99_ms = p.added_mean_ms * shape99;
    } else {
      const double queueing = a.mean_s - a.deterministic_s;
      p.added_p50_ms = (a.deterministic_s + std::log(2.0) * queueing) * 1000.0;
      p.added_p99_ms = (a.deterministic_s + std::log(100.0) * queueing) * 1000.0;
    }
    p.max_utilisation = load.max_utilisation;
    // A point at the saturation rate itself counts, whatever the rounding of its utilisation.
    p.saturated = load.max_utilisation >= 1.0 - 1e-9;
    m.curve.push_back(p);
  }
  m.nominal = m.curve[nominal];
  if (m.des_check) {
    m.p50_ms = m.des_check->p50_ms;
    m.p99_ms = m.des_check->p99_ms;
  } else {
    m.p50_ms = m.reference_p50_ms + m.nominal.added_p50_ms;
    m.p99_ms = m.reference_p99_ms + m.nominal.added_p99_ms;
  }
  return m;
}

}  // namespace nanoscope::economics
