// Utility of a partition against the one-process system: what the one process loses that the
// partition does not, each loss an absolute yearly figure summed over services, at the
// production rate r:
//   memory        = sum_g replicas_at(g, r) x operations_g x memory_gb_per_operation
//                   x memory_usd_per_gb_hour x 8760                 (scaling: code not replicated)
//   outage        = min(sum_g faults_per_operation_year x operations_g x crash_share x mttr_hours x 3600
//                         x r x (1 - survive_g) x lost_request_usd,  every request of the year lost)
//                                                                    (isolation: requests a crash fails)
//   coordination  = sum_g min(changes_per_operation_year x operations_g, releases_per_year_max)
//                   x max(0, operations_g / operations_per_team - 1)
//                   x coordination_hours_per_team_release x engineer_usd_per_hour
//                                                                    (deployability: teams sharing a release)
//   escape        = sum_g (operations_g - 1 + internal_edges_g) x escape_usd_per_behaviour_year
//                   x (1 - read x review_catch_share),  read = (1 - ai_share) + ai_share x human_review_share
//                                                                    (verifiability: behaviour behind no contract)
// utility = loss(one process) - loss(partition), per kind; the one process's loss is subtracted
// per service in proportion to its operations. Each is zero for the one process itself.
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

/// Yearly losses of one service (or of the one process), by kind.
struct Losses {
  double memory = 0.0, outage = 0.0, coordination_hours = 0.0, coordination = 0.0, escape = 0.0;
};

Losses losses(const GroupMeasures& g, const PartitionMeasures& m, const ParamValues& v) {
  Losses l;
  const double ops = g.operations;
  const double rate = v[Param::ProductionRatePerS];
  l.memory = replicas_at(g, m, rate) * ops * v[Param::MemoryGbPerOperation] * v[Param::MemoryUsdPerGbHour] * 8760.0;
  l.outage = v[Param::FaultsPerOperationYear] * ops * v[Param::CrashShare] * v[Param::MttrHours] * 3600.0 * rate *
             (1.0 - g.survive_share) * v[Param::LostRequestUsd];
  const double releases = std::min(v[Param::ChangesPerOperationYear] * ops, v[Param::ReleasesPerYearMax]);
  const double other_teams = std::max(0.0, ops / std::max(1e-9, v[Param::OperationsPerTeam]) - 1.0);
  l.coordination_hours = releases * other_teams * v[Param::CoordinationHoursPerTeamRelease];
  l.coordination = l.coordination_hours * v[Param::EngineerUsdPerHour];
  const double read = (1.0 - v[Param::AiShare]) + v[Param::AiShare] * v[Param::HumanReviewShare];
  const double per_behaviour = v[Param::EscapeUsdPerBehaviourYear] * (1.0 - read * v[Param::ReviewCatchShare]);
  l.escape = (std::max(0.0, ops - 1.0) + g.internal_edges) * per_behaviour;
  return l;
}

}  // namespace

UtilityResult utility(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v) {
  UtilityResult u;
  const std::size_t k = m.groups.size();
  for (auto* r : {&u.scaling, &u.isolation, &u.deployability, &u.verifiability, &u.total}) r->per_service.resize(k);
  if (k == 0) return u;
  Losses base;
  for (const auto& g : ref.groups) {
    const Losses l = losses(g, ref, v);
    base.memory += l.memory;
    base.outage += l.outage;
    base.coordination_hours += l.coordination_hours;
    base.coordination += l.coordination;
    base.escape += l.escape;
  }
  // Outages cannot fail more requests than a year holds: a sum of downtimes past that (a huge
  // unit crashing more often than it can be restored) is scaled down to it, on both sides.
  const double year_of_requests = 8760.0 * 3600.0 * v[Param::ProductionRatePerS] * v[Param::LostRequestUsd];
  auto capped = [&](double total) { return total > year_of_requests && total > 0.0 ? year_of_requests / total : 1.0; };
  base.outage *= capped(base.outage);
  double outage = 0.0;
  for (const auto& g : m.groups) outage += losses(g, m, v).outage;
  const double outage_scale = capped(outage);
  const auto weights = detail::operation_weights(m);
  double survive = 0.0, behaviours = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    const auto& g = m.groups[i];
    const Losses l = losses(g, m, v);
    const double w = weights[i];
    u.scaling.per_service[i].usd = base.memory * w - l.memory;
    u.isolation.per_service[i].usd = base.outage * w - l.outage * outage_scale;
    u.deployability.per_service[i].usd = base.coordination * w - l.coordination;
    u.deployability.per_service[i].person_hours = base.coordination_hours * w - l.coordination_hours;
    u.verifiability.per_service[i].usd = base.escape * w - l.escape;
    survive += g.survive_share * w;
    behaviours += (std::max(0.0, g.operations - 1.0) + g.internal_edges);
  }
  for (auto* r : {&u.scaling, &u.isolation, &u.deployability, &u.verifiability}) {
    detail::total_up(*r);
    add(u.total, *r);
  }
  const double rate = v[Param::ProductionRatePerS];
  double replicas = 0.0, ref_replicas = 0.0;
  for (const auto& g : m.groups) replicas += replicas_at(g, m, rate) * g.operations;
  for (const auto& g : ref.groups) ref_replicas += replicas_at(g, ref, rate) * g.operations;
  u.scaling.native = {{"operation_replicas_saved", ref_replicas - replicas, "operation-replicas"}};
  u.isolation.native = {{"mean_survive_share", survive, "share of requests"}};
  u.deployability.native = {{"coordination_hours_saved", u.deployability.person_hours, "h/year"},
                            {"one_process_coordination_hours", base.coordination_hours, "h/year"}};
  double ref_behaviours = 0.0;
  for (const auto& g : ref.groups) ref_behaviours += std::max(0.0, g.operations - 1.0) + g.internal_edges;
  u.verifiability.native = {{"behaviours_behind_contracts", ref_behaviours - behaviours, "behaviours"},
                            {"escape_surface", static_cast<double>(m.escape_surface), "behaviours"}};
  return u;
}

}  // namespace nanoscope::economics
