// Development overhead: fixed per-service work that does not depend on business logic.
//   work_g  = (scaffold_hours_per_service + conversion_hours_per_contract x (exposed_g + clients_g))
//             / amortization_years + upkeep_hours_per_service_year        [human-hour equivalents / year]
//   hours_g = work_g x ((1 - ai_share) + ai_share x human_review_share x review_hours_per_hour)
//   usd_g   = hours_g x engineer_usd_per_hour + work_g x ai_share x ai_usd_per_human_hour
// minus the one-process system's own figures, spread equally over the n services.
#include "economics/cost_models.hpp"

#include <algorithm>

namespace nanoscope::economics {
namespace {

struct Absolute {
  double work = 0.0, hours = 0.0, usd = 0.0;
};

Absolute absolute(const GroupMeasures& g, const ParamValues& v) {
  Absolute a;
  const double contracts = static_cast<double>(g.exposed_operations + g.client_adapters);
  a.work = (v[Param::ScaffoldHoursPerService] + v[Param::ConversionHoursPerContract] * contracts) /
               std::max(1e-9, v[Param::AmortizationYears]) +
           v[Param::UpkeepHoursPerServiceYear];
  const double ai = v[Param::AiShare];
  a.hours = a.work * ((1.0 - ai) + ai * v[Param::HumanReviewShare] * v[Param::ReviewHoursPerHour]);
  a.usd = a.hours * v[Param::EngineerUsdPerHour] + a.work * ai * v[Param::AiUsdPerHumanHour];
  return a;
}

}  // namespace

CostResult development_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v) {
  CostResult r;
  r.per_service.resize(m.groups.size());
  if (m.groups.empty()) return r;
  const double n = static_cast<double>(m.groups.size());
  Absolute base;
  for (const auto& g : ref.groups) {
    const Absolute a = absolute(g, v);
    base.work += a.work;
    base.hours += a.hours;
    base.usd += a.usd;
  }
  double work = 0.0;
  std::uint32_t contracts = 0;
  for (std::size_t i = 0; i < m.groups.size(); ++i) {
    const Absolute a = absolute(m.groups[i], v);
    work += a.work;
    contracts += m.groups[i].exposed_operations + m.groups[i].client_adapters;
    r.per_service[i].usd = a.usd - base.usd / n;
    r.per_service[i].person_hours = a.hours - base.hours / n;
    r.usd += r.per_service[i].usd;
    r.person_hours += r.per_service[i].person_hours;
  }
  r.native = {{"services", n, "services"},
              {"contracts_and_adapters", static_cast<double>(contracts), "contracts"},
              {"work", work - base.work, "human-hour equivalents/year"},
              {"person_hours", r.person_hours, "h/year"}};
  return r;
}

}  // namespace nanoscope::economics
