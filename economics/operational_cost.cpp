// Operational overhead, shaped by platform maturity. Per service g of n:
//   hours_g = ops_hours_per_service_year x density(n) + ops_hours_per_dependency_year x deps_g
//   usd_g   = hours_g x engineer_usd_per_hour + replicas_g x replica_base_usd_per_year
//             + platform_fixed_usd_per_year / n (only when n >= 2)
// plus telemetry of the added remote calls (2 spans each, of the sampled share of requests). The one-process system's own
// figures (n = 1, no platform) are subtracted: its people-hours equally over the n services,
// its replica cost by each service's share of the busy cores (the work it carries).
#include "economics/cost_models.hpp"

namespace nanoscope::economics {
namespace {

struct Absolute {
  double hours = 0.0;
  double usd = 0.0;
  double replicas = 0.0;
};

Absolute absolute(const GroupMeasures& g, double n, const ParamValues& v) {
  Absolute a;
  a.hours = v[Param::OpsHoursPerServiceYear] * density_factor(n, v) + v[Param::OpsHoursPerDependencyYear] * g.dependencies;
  a.replicas = replicas_needed(g.offered_cpu_per_rps, v);
  a.usd = a.hours * v[Param::EngineerUsdPerHour] + a.replicas * v[Param::ReplicaBaseUsdYear] +
          (n >= 2.0 ? v[Param::PlatformFixedUsdYear] / n : 0.0);
  return a;
}

}  // namespace

CostResult operational_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v) {
  CostResult r;
  const double n = static_cast<double>(m.groups.size());
  r.per_service.resize(m.groups.size());
  if (m.groups.empty()) return r;
  // The reference: its one business group (the whole system as one process).
  Absolute base;
  for (const auto& g : ref.groups) {
    const Absolute a = absolute(g, static_cast<double>(ref.groups.size()), v);
    base.hours += a.hours;
    base.usd += a.usd;
    base.replicas += a.replicas;
  }
  double replicas = 0.0, busy = 0.0;
  for (const auto& g : m.groups) busy += g.offered_cpu_per_rps;
  const double base_replica_usd = base.replicas * v[Param::ReplicaBaseUsdYear];
  for (std::size_t i = 0; i < m.groups.size(); ++i) {
    const Absolute a = absolute(m.groups[i], n, v);
    replicas += a.replicas;
    const double work_share = busy > 0.0 ? m.groups[i].offered_cpu_per_rps / busy : 1.0 / n;
    r.per_service[i].usd = a.usd - (base.usd - base_replica_usd) / n - base_replica_usd * work_share;
    r.per_service[i].person_hours = a.hours - base.hours / n;
  }
  const double spans = 2.0 * m.remote_calls_per_request * requests_per_year(v) * v[Param::TraceSamplingShare];
  const double telemetry_usd = spans / 1e6 * v[Param::TelemetryUsdPerMillionSpans];
  std::vector<double> weights;
  for (const auto& g : m.groups) weights.push_back(g.remote_calls_in_per_request);
  detail::allocate(r.per_service, telemetry_usd, 0.0, weights);
  for (const auto& s : r.per_service) {
    r.usd += s.usd;
    r.person_hours += s.person_hours;
  }
  std::uint32_t deps = 0;
  for (const auto& g : m.groups) deps += g.dependencies;
  r.native = {{"services", n, "services"},
              {"dependencies", static_cast<double>(deps), "dependencies"},
              {"density_factor", density_factor(n, v), "x"},
              {"replicas", replicas, "replicas"},
              {"reference_replicas", base.replicas, "replicas"},
              {"platform_fixed", n >= 2.0 ? v[Param::PlatformFixedUsdYear] : 0.0, "USD/year"},
              {"spans", spans, "spans/year"},
              {"telemetry_usd", telemetry_usd, "USD/year"}};
  return r;
}

}  // namespace nanoscope::economics
