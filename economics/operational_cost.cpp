// Operational overhead, shaped by platform maturity. The absolute yearly cost of running a
// partition at the production rate r:
//   A = platform_fixed_usd_per_year
//     + sum over business services g of
//         ops_hours_per_service_year x engineer_usd_per_hour + platform_usd_per_service_year
//         + ops_hours_per_dependency_year x dependencies_g x engineer_usd_per_hour
//         + replicas_at(g, r) x replica_base_usd_per_year
//     + telemetry: 2 spans per remote call x requests/year x trace_sampling_share
//                  / 1e6 x telemetry_usd_per_million_spans
// The overhead is A(partition) - A(one process). The platform's fixed part is paid at every
// granularity, the one process included, so only its per-service part varies. Per service,
// the one process's figures are subtracted in proportion to the service's operations.
#include "economics/cost_models.hpp"

namespace nanoscope::economics {
namespace {

struct Absolute {
  double hours = 0.0;
  double usd = 0.0;
  double replicas = 0.0;
};

Absolute absolute(const GroupMeasures& g, const PartitionMeasures& m, const ParamValues& v) {
  Absolute a;
  a.hours = v[Param::OpsHoursPerServiceYear] + v[Param::OpsHoursPerDependencyYear] * g.dependencies;
  a.replicas = replicas_at(g, m, v[Param::ProductionRatePerS]);
  a.usd = a.hours * v[Param::EngineerUsdPerHour] + v[Param::PlatformUsdPerServiceYear] +
          a.replicas * v[Param::ReplicaBaseUsdYear];
  return a;
}

}  // namespace

CostResult operational_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v) {
  CostResult r;
  r.per_service.resize(m.groups.size());
  if (m.groups.empty()) return r;
  Absolute base;
  for (const auto& g : ref.groups) {
    const Absolute a = absolute(g, ref, v);
    base.hours += a.hours;
    base.usd += a.usd;
    base.replicas += a.replicas;
  }
  const auto weights = detail::operation_weights(m);
  double replicas = 0.0;
  for (std::size_t i = 0; i < m.groups.size(); ++i) {
    const Absolute a = absolute(m.groups[i], m, v);
    replicas += a.replicas;
    r.per_service[i].usd = a.usd - base.usd * weights[i];
    r.per_service[i].person_hours = a.hours - base.hours * weights[i];
  }
  const double added_calls = m.remote_calls_per_request - ref.remote_calls_per_request;
  const double spans = 2.0 * added_calls * requests_per_year(v) * v[Param::TraceSamplingShare];
  const double telemetry_usd = spans / 1e6 * v[Param::TelemetryUsdPerMillionSpans];
  std::vector<double> calls_in;
  for (const auto& g : m.groups) calls_in.push_back(g.remote_calls_in_per_request);
  detail::allocate(r.per_service, telemetry_usd, 0.0, calls_in);
  detail::total_up(r);
  std::uint32_t deps = 0;
  for (const auto& g : m.groups) deps += g.dependencies;
  const double n = static_cast<double>(m.groups.size());
  r.native = {{"services", n, "services"},
              {"dependencies", static_cast<double>(deps), "dependencies"},
              {"replicas", replicas, "replicas"},
              {"reference_replicas", base.replicas, "replicas"},
              {"platform_per_service", (n - static_cast<double>(ref.groups.size())) * v[Param::PlatformUsdPerServiceYear],
               "USD/year"},
              {"platform_fixed_every_level", v[Param::PlatformFixedUsdYear], "USD/year"},
              {"spans", spans, "spans/year"},
              {"telemetry_usd", telemetry_usd, "USD/year"}};
  return r;
}

}  // namespace nanoscope::economics
