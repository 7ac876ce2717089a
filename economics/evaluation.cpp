// All models at one parameter point: overheads, utility, net value and per-service ratios.
#include "economics/cost_models.hpp"

#include <algorithm>
#include <limits>

namespace nanoscope::economics {

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
