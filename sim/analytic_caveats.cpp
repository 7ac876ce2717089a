// Where the discrete-event simulator will differ from an analytic solution, one sentence per
// cause, in a fixed order (AnalyticResult::caveats; the table in docs/analytic.md).
#include <algorithm>
#include <cmath>
#include <sstream>

#include "sim/analytic_detail.hpp"

namespace nanoscope::sim::detail {
namespace {

std::string percent(double x) {
  std::ostringstream s;
  s.precision(3);
  s << x * 100.0 << '%';
  return s.str();
}

}  // namespace

std::vector<std::string> analytic_caveats(const AnalyticPrepared& p, const model::Partition& partition,
                                          const PartitionSetup& s, const SolvedLoad& load,
                                          const std::vector<std::string>& station_names, bool& product_form) {
  const Scenario& scenario = p.scenario;
  const auto& ops = p.workload.operations;
  const auto& reached = p.reached;
  auto station_of = [&](model::OperationId op) { return s.station_of(partition, op); };
  const double handshake_cpu = handshake_cpu_s(scenario);
  std::vector<std::string> caveats;

  std::size_t forking = 0;
  for (const auto& calls : s.priced)
    forking += std::any_of(calls.begin(), calls.end(), [](const PricedCall& pc) { return pc.parallel > 0.0; });
  if (forking > 0)
    caveats.push_back("fork-join: " + std::to_string(forking) +
                      " operation(s) make parallel calls, taken as independent shifted-exponential branches; "
                      "the branches of a fork share their arrival instant and are positively correlated, so the "
                      "simulator's joins are shorter (two-way M/M/1 at utilisation r: (12 - r)/8 R by Nelson & "
                      "Tantawi, 12/8 R here)" +
                      (load.converged ? "" : "; the fork-join iteration did not converge"));
  if (scenario.concurrency == Concurrency::Blocking)
    caveats.push_back("blocking concurrency: solved as async; threads held while calls are outstanding and waits "
                      "for a free thread are not modelled");
  std::size_t non_exponential = 0;
  std::vector<bool> mixed(s.plan.stations.size(), false);
  std::vector<double> job_mean(s.plan.stations.size(), -1.0);
  for (std::size_t i = 0; i < reached.size(); ++i) {
    const model::OperationId op = reached[i];
    const std::uint32_t st = station_of(op);
    if (ops[op].service.kind() != ServiceTimeKind::Exponential && p.own[i] > 0.0) ++non_exponential;
    for (const CallSpec& c : ops[op].calls) {
      if (!(c.mean_calls > 0.0)) continue;
      if (partition.group_of(op) != partition.group_of(c.callee)) {
        const double cpu = message_cpu(scenario, c.request_bytes).total() +
                           (c.async ? 0.0 : message_cpu(scenario, c.response_bytes).total() + handshake_cpu);
        if (cpu > 0.0) mixed[st] = mixed[station_of(c.callee)] = true;
      } else if (!c.async && (p.own[p.index[c.callee]] > 0.0 || scenario.inprocess_call_s > 0.0)) {
        mixed[st] = true;  // the callee's work lengthens the caller's job
      }
    }
    if (job_mean[st] < 0.0) job_mean[st] = p.own[i];
    else if (std::abs(job_mean[st] - p.own[i]) > 1e-12 * std::max(job_mean[st], p.own[i])) mixed[st] = true;
  }
  if (non_exponential > 0)
    caveats.push_back("non-exponential service times: " + std::to_string(non_exponential) +
                      " operation(s) have measured or fixed service times, taken as exponential with their mean "
                      "(M/G/c waits scale roughly with (1 + cv^2) / 2)");
  if (const auto count = std::count(mixed.begin(), mixed.end(), true); count > 0)
    caveats.push_back("mixed jobs: at " + std::to_string(count) +
                      " station(s) a job is not one exponential (fixed message CPU, in-process callees' work or "
                      "operations of different means share a station); Erlang C uses their mean");
  std::size_t replicated = 0;
  for (std::size_t st = 0; st < s.plan.stations.size(); ++st)
    replicated += load.servers[st] > s.plan.stations[st].workers;
  if (replicated > 0)
    caveats.push_back("replicas: at " + std::to_string(replicated) +
                      " station(s) several replicas each keep a line and take jobs in turn (round robin); the wait "
                      "is Erlang C of one replica scaled for the smoother arrivals (QNA), an approximation");
  bool any_remote_sync = false, any_remote_async = false, any_failures = false;
  for (std::size_t i = 0; i < reached.size(); ++i)
    for (const CallSpec& c : ops[reached[i]].calls) {
      if (!(c.mean_calls > 0.0) || partition.group_of(reached[i]) == partition.group_of(c.callee)) continue;
      (c.async ? any_remote_async : any_remote_sync) = true;
      any_failures = any_failures || c.failure_probability > 0.0 || c.timeout_s > 0.0;
    }
  if (scenario.connections_per_replica > 0 && any_remote_sync)
    caveats.push_back("connection pools: waits for a free connection are not modelled");
  if (any_failures)
    caveats.push_back("failures, timeouts and retries are not modelled: every call succeeds at its first attempt");
  if (scenario.broker && any_remote_async)
    caveats.push_back("broker: asynchronous messages go straight to their callee (no broker station or hops)");
  if (p.workload.replayed_entries > 0) caveats.push_back("replayed arrivals are taken as Poisson at their mean rate");
  product_form = caveats.empty();  // a depth cut or an unstable station does not change the form
  {
    double worst = 0.0;
    for (std::size_t i = 0; i < reached.size(); ++i) {
      const double v = p.visits[i];
      if (v > 0.0) worst = std::max(worst, std::abs(v - s.plan.visits_per_s[reached[i]]) / v);
    }
    const bool cyclic = p.structure.cyclic;
    if (cyclic || worst > 1e-9)
      caveats.push_back(std::string(cyclic ? "max depth cut: the graph has cycles" : "max depth cut") +
                        "; calls are followed to any depth here, the simulator stops at max_call_depth = " +
                        std::to_string(scenario.max_call_depth) + " (visit rates differ by up to " + percent(worst) +
                        ")");
  }
  for (std::size_t st = 0; st < load.unstable.size(); ++st)
    if (load.unstable[st])
      caveats.push_back("unstable: station " + station_names[st] + " at utilisation " +
                        percent(load.utilisation[st]) +
                        "; the latency of entries that synchronously reach it is infinite");
  return caveats;
}

}  // namespace nanoscope::sim::detail
