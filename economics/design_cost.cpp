// Design overhead: people deciding boundaries and contracts and reasoning about fragmented
// business transactions. Per service g:
//   once_g  = design_hours_per_boundary + design_hours_per_contract x exposed_g
//             + design_hours_per_cross_interaction x cross_interactions_g
//             + design_hours_per_spanned_service x spanned_transactions_g
//             + design_hours_per_knot_service x [g in a knot]
//   hours_g = once_g x (1 / amortization_years + design_churn_per_year) x (1 - design_ai_relief)
//   usd_g   = hours_g x engineer_usd_per_hour
// minus the one-process system's own figures, subtracted in proportion to each service's
// operations.
#include "economics/cost_models.hpp"

#include <algorithm>

namespace nanoscope::economics {
namespace {

double once(const GroupMeasures& g, const ParamValues& v) {
  return v[Param::DesignHoursPerBoundary] + v[Param::DesignHoursPerContract] * g.exposed_operations +
         v[Param::DesignHoursPerCrossInteraction] * g.cross_interactions +
         v[Param::DesignHoursPerSpannedService] * g.spanned_transactions +
         (g.in_knot ? v[Param::DesignHoursPerKnotService] : 0.0);
}

double per_year(const ParamValues& v) {
  return (1.0 / std::max(1e-9, v[Param::AmortizationYears]) + v[Param::DesignChurnPerYear]) *
         (1.0 - v[Param::DesignAiRelief]);
}

}  // namespace

CostResult design_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v) {
  CostResult r;
  r.per_service.resize(m.groups.size());
  if (m.groups.empty()) return r;
  const double n = static_cast<double>(m.groups.size());
  const double factor = per_year(v);
  double base = 0.0;
  for (const auto& g : ref.groups) base += once(g, v) * factor;
  const auto weights = detail::operation_weights(m);
  for (std::size_t i = 0; i < m.groups.size(); ++i) {
    const double hours = once(m.groups[i], v) * factor - base * weights[i];
    r.per_service[i].person_hours = hours;
    r.per_service[i].usd = hours * v[Param::EngineerUsdPerHour];
    r.person_hours += hours;
    r.usd += r.per_service[i].usd;
  }
  r.native = {{"boundaries", n, "services"},
              {"contracts", static_cast<double>(m.contracts), "contracts"},
              {"cross_interactions", static_cast<double>(m.cross_interactions), "interactions"},
              {"spanned_services", static_cast<double>(m.spanned_services), "services"},
              {"knot_services", static_cast<double>(m.knot_services), "services"},
              {"person_hours", r.person_hours, "h/year"}};
  return r;
}

}  // namespace nanoscope::economics
