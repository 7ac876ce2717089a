// Utility of a partition against the one-process system, per service g of n (B business
// operations in all, R_M replicas for the one process):
//   scaling       = max(0, R_M - R_g) x ops_g x memory_gb_per_operation x memory_usd_per_gb_hour x 8760
//   isolation     = faults_per_operation_year x ops_g x crash_share x mttr_hours x outage_usd_per_hour
//                   x survive_g   (share of requests that do not need g synchronously)
//   deployability = changes_per_operation_year x ops_g x coordination_hours_per_operation x (B - ops_g)
//                   x (1 - contract_change_share) x engineer_usd_per_hour
//   verifiability = (cross_in_edges_g + 1 - 1/n) x escape_usd_per_behaviour_year
//                   x (1 - read x review_catch_share),  read = (1 - ai_share) + ai_share x human_review_share
// Each is zero for the one-process system itself.
#include "economics/cost_models.hpp"

#include <algorithm>

namespace nanoscope::economics {
namespace {

void add(CostResult& total, const CostResult& part) {
  total.usd += part.usd;
  total.person_hours += part.person_hours;
  for (std::size_t i = 0; i < part.per_service.size(); ++i) {
    total.per_service[i].usd += part.per_service[i].usd;
    total.per_service[i].person_hours += part.per_service[i].person_hours;
  }
}

void sum(CostResult& r) {
  for (const auto& s : r.per_service) {
    r.usd += s.usd;
    r.person_hours += s.person_hours;
  }
}

}  // namespace

UtilityResult utility(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v) {
  UtilityResult u;
  const std::size_t k = m.groups.size();
  for (auto* r : {&u.scaling, &u.isolation, &u.deployability, &u.verifiability, &u.total}) r->per_service.resize(k);
  if (k == 0) return u;
  const double n = static_cast<double>(k);
  const double reference_replicas = (ref.groups.empty() ? 0.0 : replicas_needed(ref.groups.front().offered_cpu_per_rps, v));
  const double business_ops = static_cast<double>(m.business_operations);
  const double read = (1.0 - v[Param::AiShare]) + v[Param::AiShare] * v[Param::HumanReviewShare];
  const double per_behaviour = v[Param::EscapeUsdPerBehaviourYear] * (1.0 - read * v[Param::ReviewCatchShare]);
  double replicas_saved = 0.0, survive = 0.0, behaviours = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    const auto& g = m.groups[i];
    const double ops = g.operations;
    const double saved = std::max(0.0, reference_replicas - replicas_needed(g.offered_cpu_per_rps, v));
    replicas_saved += saved * ops;
    u.scaling.per_service[i].usd =
        saved * ops * v[Param::MemoryGbPerOperation] * v[Param::MemoryUsdPerGbHour] * 8760.0;
    const double survive_g = k > 1 ? g.survive_share : 0.0;
    survive += survive_g / n;
    u.isolation.per_service[i].usd = v[Param::FaultsPerOperationYear] * ops * v[Param::CrashShare] *
                                     v[Param::MttrHours] * v[Param::OutageUsdPerHour] * survive_g;
    const double hours = v[Param::ChangesPerOperationYear] * ops * v[Param::CoordinationHoursPerOperation] *
                         std::max(0.0, business_ops - ops) * (1.0 - v[Param::ContractChangeShare]);
    u.deployability.per_service[i].person_hours = hours;
    u.deployability.per_service[i].usd = hours * v[Param::EngineerUsdPerHour];
    const double verified = k > 1 ? g.cross_in_edges + 1.0 - 1.0 / n : 0.0;
    behaviours += verified;
    u.verifiability.per_service[i].usd = verified * per_behaviour;
  }
  for (auto* r : {&u.scaling, &u.isolation, &u.deployability, &u.verifiability}) {
    sum(*r);
    add(u.total, *r);
  }
  u.scaling.native = {{"operation_replicas_saved", replicas_saved, "operation-replicas"},
                      {"reference_replicas", reference_replicas, "replicas"}};
  u.isolation.native = {{"mean_survive_share", survive, "share of requests"}};
  u.deployability.native = {{"coordination_hours_saved", u.deployability.person_hours, "h/year"}};
  u.verifiability.native = {{"behaviours_behind_contracts", behaviours, "behaviours"},
                            {"escape_surface", static_cast<double>(m.escape_surface), "behaviours"},
                            {"value_per_behaviour", per_behaviour, "USD/year"}};
  return u;
}

}  // namespace nanoscope::economics
