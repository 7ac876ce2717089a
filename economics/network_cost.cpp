// Network overhead: what the simulator measured for the partition minus the same workload in
// one process, per request, scaled to a production year and priced.
//   cpu      = comm CPU s/request x requests/year / 3600 x cpu_usd_per_core_hour
//   wire     = bytes/request x requests/year / 1e9 x network_usd_per_gb
//   latency  = added p50 ms x requests/year / 1e6 x latency_usd_per_ms_per_million
// No person-hours: this overhead is paid in machines and in users' waiting.
#include "economics/cost_models.hpp"

#include <algorithm>
#include <cmath>

namespace nanoscope::economics {

double requests_per_year(const ParamValues& v) { return v[Param::ProductionRatePerS] * 365.0 * 24.0 * 3600.0; }

double replicas_needed(double offered_cpu_per_rps, const ParamValues& v) {
  const double capacity = std::max(1e-9, v[Param::CoresPerReplica] * v[Param::TargetUtilisation]);
  const double need = std::ceil(offered_cpu_per_rps * v[Param::ProductionRatePerS] / capacity - 1e-9);
  return std::max(std::round(v[Param::MinReplicas]), need);
}

double density_factor(double services, const ParamValues& v) {
  const double knee = std::max(1.0, v[Param::DensityKneeServices]);
  return 1.0 + std::pow(services / knee, v[Param::DensityExponent]);
}

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
}  // namespace detail

CostResult network_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v) {
  (void)ref;  // m already holds the differences against the reference simulation
  const double year = requests_per_year(v);
  const double core_hours = m.comm_cpu_s_per_request * year / 3600.0;
  const double gigabytes = m.bytes_per_request * year / 1e9;
  const double cpu_usd = core_hours * v[Param::CpuUsdPerCoreHour];
  const double wire_usd = gigabytes * v[Param::NetworkUsdPerGb];
  const double latency_usd = m.added_p50_ms * year / 1e6 * v[Param::LatencyUsdPerMsPerMillion];
  CostResult r;
  r.usd = cpu_usd + wire_usd + latency_usd;
  r.per_service.resize(m.groups.size());
  std::vector<double> weights;
  for (const auto& g : m.groups) weights.push_back(g.remote_calls_in_per_request);
  if (!r.per_service.empty()) detail::allocate(r.per_service, r.usd, 0.0, weights);
  r.native = {{"added_p50_latency", m.added_p50_ms, "ms"},
              {"added_p99_latency", m.added_p99_ms, "ms"},
              {"remote_calls_per_request", m.remote_calls_per_request, "calls"},
              {"communication_cpu", core_hours, "core-h/year"},
              {"bytes_on_wire", gigabytes, "GB/year"},
              {"cpu_usd", cpu_usd, "USD/year"},
              {"wire_usd", wire_usd, "USD/year"},
              {"latency_usd", latency_usd, "USD/year"}};
  return r;
}

}  // namespace nanoscope::economics
