// Network overhead at the production rate r (production_rate_per_s) against one process:
//   compute  = (provisioned cores(P, r) - provisioned cores(one process, r)) x cpu_usd_per_core_hour x 8760
//   wire     = bytes/request x requests/year / 1e9 x network_usd_per_gb
//   latency  = added mean ms at r x requests/year / 1e6 x latency_usd_per_ms_per_million
// Provisioned cores follow the era's capacity rule at r (replicas_at): under autoscale they
// grow with the communication CPU and carry replica rounding and minimum replicas; under fixed
// capacity they do not grow, and the communication CPU shows as queueing in the latency
// instead. The difference is never negative (a sum of per-service ceilings and minimums is at
// least the one process's). The added latency comes from the load curve (both sides
// provisioned alike at r), so queueing of the extra hops and lost pooling grow with load. No person-hours: this overhead is paid in
// machines and in users' waiting.
#include "economics/cost_models.hpp"

#include <algorithm>

namespace nanoscope::economics {

double requests_per_year(const ParamValues& v) { return v[Param::ProductionRatePerS] * 365.0 * 24.0 * 3600.0; }

double provisioned_cores(const PartitionMeasures& m, const ParamValues& v) {
  double cores = 0.0;
  for (const auto& g : m.groups)
    cores += replicas_at(g, m, v[Param::ProductionRatePerS]) * static_cast<double>(m.workers_per_replica);
  return cores;
}

CostResult network_cost(const PartitionMeasures& m, const PartitionMeasures& ref, const ParamValues& v) {
  const double rate = v[Param::ProductionRatePerS];
  const double year = requests_per_year(v);
  const double comm_cores = m.comm_cpu_s_per_request * rate;
  const double extra_cores = provisioned_cores(m, v) - provisioned_cores(ref, v);
  const double cores = std::max(0.0, extra_cores);
  const double gigabytes = m.bytes_per_request * year / 1e9;
  const LoadPoint load = load_at(m, rate);
  const double compute_usd = cores * 8760.0 * v[Param::CpuUsdPerCoreHour];
  const double wire_usd = gigabytes * v[Param::NetworkUsdPerGb];
  const double latency_usd = load.added_mean_ms * year / 1e6 * v[Param::LatencyUsdPerMsPerMillion];
  CostResult r;
  r.per_service.resize(m.groups.size());
  std::vector<double> calls_in;
  for (const auto& g : m.groups) calls_in.push_back(g.remote_calls_in_per_request);
  if (!r.per_service.empty()) {
    // Latency and wire follow the calls each service receives; cores follow the cores each
    // service holds beyond its operations' share of the one process.
    detail::allocate(r.per_service, latency_usd + wire_usd, 0.0, calls_in);
    const auto weights = detail::operation_weights(m);
    const double ref_cores = provisioned_cores(ref, v);
    std::vector<double> extra(m.groups.size());
    double positive = 0.0;
    for (std::size_t i = 0; i < m.groups.size(); ++i) {
      extra[i] = std::max(0.0, replicas_at(m.groups[i], m, rate) * m.workers_per_replica - ref_cores * weights[i]);
      positive += extra[i];
    }
    detail::allocate(r.per_service, compute_usd, 0.0, positive > 0.0 ? extra : calls_in);
  }
  detail::total_up(r);
  r.native = {{"production_rate", rate, "requests/s"},
              {"added_mean_latency", load.added_mean_ms, "ms"},
              {"added_p50_latency", load.added_p50_ms, "ms"},
              {"added_p99_latency", load.added_p99_ms, "ms"},
              {"remote_calls_per_request", m.remote_calls_per_request, "calls"},
              {"communication_cores", comm_cores, "cores"},
              {"extra_provisioned_cores", extra_cores, "cores"},
              {"bytes_on_wire", gigabytes, "GB/year"},
              {"compute_usd", compute_usd, "USD/year"},
              {"wire_usd", wire_usd, "USD/year"},
              {"latency_usd", latency_usd, "USD/year"}};
  return r;
}

}  // namespace nanoscope::economics
