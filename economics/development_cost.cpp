// Development overhead: fixed per-service work that does not depend on business logic, and
// the coordination a contract change needs with the owners of its consumers. Per service g:
//   work_g   = (scaffold_hours_per_service + conversion_hours_per_contract x (exposed_g + clients_g))
//              / amortization_years + upkeep_hours_per_service_year     [human-hour equivalents / year]
//   hours_g  = work_g x ((1 - ai_share) + ai_share x human_review_share x review_hours_per_hour)
//              + changes_per_operation_year x contract_change_share x cross_in_edges_g
//                x coordination_hours_per_team_release                  [people talk to people]
//   usd_g    = hours_g x engineer_usd_per_hour + work_g x ai_share x ai_usd_per_human_hour
// The overhead is the sum minus the one process's own figures (its exposed operations are the
// entry operations), those subtracted in proportion to each service's operations.
#include "economics/cost_models.hpp"

#include <algorithm>

namespace nanoscope::economics {
namespace {

struct Absolute {
  double work = 0.0, hours = 0.0, usd = 0.0, coordination = 0.0;
};

Absolute absolute(const GroupMeasures& g, const ParamValues& v) {
  Absolute a;
  const double contracts = static_cast<double>(g.exposed_operations + g.client_adapters);
  a.work = (v[Param::ScaffoldHoursPerService] + v[Param::ConversionHoursPerContract] * contracts) /
               std::max(1e-9, v[Param::AmortizationYears]) +
           v[Param::UpkeepHoursPerServiceYear];
  const double ai = v[Param::AiShare];
  // Each consuming operation's owner checks a changed contract once.
  a.coordination = v[Param::ChangesPerOperationYear] * v[Param::ContractChangeShare] * g.cross_in_edges *
                   v[Param::CoordinationHoursPerTeamRelease];
  a.hours = a.work * ((1.0 - ai) + ai * v[Param::HumanReviewShare] * v[Param::ReviewHoursPerHour]) + a.coordination;
  a.usd = a.hours * v[Param::EngineerUsdPerHour] + a.work * ai * v[Param::AiUsdPerHumanHour];
  return a;
}

}  // namespace

CostResult development_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v) {
  CostResult r;
  r.per_service.resize(m.groups.size());
  if (m.groups.empty()) return r;
  Absolute base;
  for (const auto& g : ref.groups) {
    const Absolute a = absolute(g, v);
    base.work += a.work;
    base.hours += a.hours;
    base.usd += a.usd;
    base.coordination += a.coordination;
  }
  const auto weights = detail::operation_weights(m);
  double work = 0.0, coordination = 0.0;
  std::uint32_t contracts = 0;
  for (std::size_t i = 0; i < m.groups.size(); ++i) {
    const Absolute a = absolute(m.groups[i], v);
    work += a.work;
    coordination += a.coordination;
    contracts += m.groups[i].exposed_operations + m.groups[i].client_adapters;
    r.per_service[i].usd = a.usd - base.usd * weights[i];
    r.per_service[i].person_hours = a.hours - base.hours * weights[i];
  }
  detail::total_up(r);
  r.native = {{"services", static_cast<double>(m.groups.size()), "services"},
              {"contracts_and_adapters", static_cast<double>(contracts), "contracts"},
              {"work", work - base.work, "human-hour equivalents/year"},
              {"contract_change_coordination", coordination - base.coordination, "h/year"},
              {"person_hours", r.person_hours, "h/year"}};
  return r;
}

}  // namespace nanoscope::economics
