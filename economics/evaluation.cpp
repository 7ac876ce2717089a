// All models at one parameter point: overheads, utility, net value and per-service ratios;
// and the small pieces every model shares (allocation over services, operation weights).
#include "economics/cost_models.hpp"

#include <algorithm>
#include <limits>

namespace nanoscope::economics {

namespace detail {
void allocate(std::vector<ServiceShare>& out, double usd, double hours, const std::vector<double>& weights) {
  double sum = 0.0;
  for (const double w : weights) sum += w;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double share = sum > 0.0 ? weights[i] / sum : 1.0 / static_cast<double>(out.size());
    out[i].usd += usd * share;
    out[i].person_hours += hours * share;
  }
}

std::vector<double> operation_weights(const PartitionMeasures& m) {
  std::vector<double> w;
  double total = 0.0;
  for (const auto& g : m.groups) total += g.operations;
  for (const auto& g : m.groups)
    w.push_back(total > 0.0 ? g.operations / total : 1.0 / static_cast<double>(m.groups.size()));
  return w;
}

void total_up(CostResult& r) {
  r.usd = 0.0;
  r.person_hours = 0.0;
  for (const auto& s : r.per_service) {
    r.usd += s.usd;
    r.person_hours += s.person_hours;
  }
}
}  // namespace detail

Evaluation evaluate(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v) {
  Evaluation e;
  e.network = network_cost(m, ref, v);
  e.operational = operational_cost(m, ref, v);
  e.development = development_cost(m, ref, v);
  e.design = design_cost(m, ref, v);
  e.utility = utility(m, ref, v);
  e.overhead_usd = e.network.usd + e.operational.usd + e.development.usd + e.design.usd;
  e.overhead_person_hours =
      e.network.person_hours + e.operational.person_hours + e.development.person_hours + e.design.person_hours;
  e.utility_usd = e.utility.total.usd;
  e.net_usd = e.utility_usd - e.overhead_usd;
  const std::size_t k = m.groups.size();
  e.overhead_per_service.resize(k);
  e.utility_per_service.resize(k);
  e.ratio.resize(k);
  std::size_t above = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const double o = e.network.per_service[i].usd + e.operational.per_service[i].usd +
                     e.development.per_service[i].usd + e.design.per_service[i].usd;
    const double u = e.utility.total.per_service[i].usd;
    e.overhead_per_service[i] = o;
    e.utility_per_service[i] = u;
    e.ratio[i] = u > 0.0 ? o / u : (o > 0.0 ? std::numeric_limits<double>::infinity() : 0.0);
    above += e.ratio[i] > 1.0;
  }
  if (k > 1) {
    std::vector<double> sorted = e.ratio;
    std::sort(sorted.begin(), sorted.end());
    e.median_ratio = k % 2 ? sorted[k / 2] : 0.5 * (sorted[k / 2 - 1] + sorted[k / 2]);
    e.share_above_one = static_cast<double>(above) / static_cast<double>(k);
  }
  return e;
}

}  // namespace nanoscope::economics
