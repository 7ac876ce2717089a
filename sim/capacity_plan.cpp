// Station sizing: visit rates, offered CPU (work and communication) and replicas per group.
#include "sim/capacity_plan.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace nanoscope::sim {

MessageCpu message_cpu(const Scenario& scenario, double bytes) {
  MessageCpu m;
  m.serialization_s = bytes * scenario.serialization_s_per_byte();
  m.stack_s = scenario.stack_cpu_s + (scenario.tls ? bytes * scenario.tls_s_per_byte : 0.0);
  m.sidecar_s = scenario.sidecar ? scenario.sidecar_cpu_s : 0.0;
  return m;
}

double handshake_cpu_s(const Scenario& scenario) {
  return !scenario.keep_alive && scenario.tls ? scenario.tls_handshake_cpu_s : 0.0;
}

std::vector<double> visit_rates(const Workload& workload, std::uint32_t max_depth) {
  const std::size_t n = workload.operations.size();
  std::vector<double> visits(n, 0.0), frontier(n, 0.0), next(n, 0.0);
  for (const auto& e : workload.entries) frontier[e.operation] += e.rate_per_s;
  for (std::uint32_t depth = 0; depth <= max_depth; ++depth) {
    double reaching = 0.0;
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t op = 0; op < n; ++op) {
      if (frontier[op] == 0.0) continue;
      visits[op] += frontier[op];
      if (depth == max_depth) continue;  // calls deeper than max_call_depth are not made
      for (const auto& call : workload.operations[op].calls) next[call.callee] += frontier[op] * call.mean_calls;
    }
    for (double f : next) reaching += f;
    frontier.swap(next);
    if (reaching == 0.0) break;
  }
  return visits;
}

std::vector<double> offered_cpu_per_group(const model::Partition& partition, const Scenario& scenario,
                                          const Workload& workload, const std::vector<double>& visits) {
  std::vector<double> offered(partition.group_count(), 0.0);
  const double handshake = handshake_cpu_s(scenario);
  for (model::OperationId op = 0; op < workload.operations.size(); ++op) {
    if (!(visits[op] > 0.0)) continue;
    const model::GroupId from = partition.group_of(op);
    offered[from] += visits[op] * workload.operations[op].service.mean();
    for (const CallSpec& call : workload.operations[op].calls) {
      const model::GroupId to = partition.group_of(call.callee);
      const double rate = visits[op] * call.mean_calls;
      if (to == from) {
        offered[from] += rate * scenario.inprocess_call_s;  // the call itself, on the caller's core
        continue;
      }
      const double request = message_cpu(scenario, call.request_bytes).total();
      if (call.async) {
        offered[to] += rate * request;  // fire-and-forget: the callee decodes, nobody answers
        continue;
      }
      const double response = message_cpu(scenario, call.response_bytes).total();
      offered[from] += rate * (request + response + handshake);
      offered[to] += rate * (request + response + handshake);
    }
  }
  return offered;
}

std::uint32_t station_replicas(double offered_cpu_per_s, std::uint64_t base, const CapacityRule& rule) {
  if (rule.policy == CapacityPolicy::Autoscale && rule.autoscale_utilisation > 0.0) {
    const double workers = std::max<std::uint32_t>(rule.workers_per_replica, 1);
    const double needed = std::ceil(offered_cpu_per_s / (workers * rule.autoscale_utilisation));
    if (needed > static_cast<double>(base)) base = static_cast<std::uint64_t>(std::min(needed, 1.0e6));
  }
  return static_cast<std::uint32_t>(std::clamp<std::uint64_t>(base, 1, 1'000'000));
}

CommunicationRates communication_rates(const model::Partition& partition, const Scenario& scenario,
                                       const Workload& workload, const std::vector<double>& visits) {
  CommunicationRates c;
  c.remote_calls_in_per_s.assign(partition.group_count(), 0.0);
  const double handshake = handshake_cpu_s(scenario);
  for (model::OperationId op = 0; op < workload.operations.size(); ++op) {
    if (!(visits[op] > 0.0)) continue;
    const model::GroupId from = partition.group_of(op);
    for (const CallSpec& call : workload.operations[op].calls) {
      const model::GroupId to = partition.group_of(call.callee);
      if (to == from) continue;
      const double rate = visits[op] * call.mean_calls;
      c.remote_calls_per_s += rate;
      c.remote_calls_in_per_s[to] += rate;
      const MessageCpu request = message_cpu(scenario, call.request_bytes);
      if (call.async) {
        c.bytes_per_s += rate * call.request_bytes * (scenario.broker ? 2.0 : 1.0);
        c.cpu_per_s.serialization_s += rate * request.serialization_s;
        c.cpu_per_s.stack_s += rate * request.stack_s;
        c.cpu_per_s.sidecar_s += rate * request.sidecar_s;
        continue;
      }
      const MessageCpu response = message_cpu(scenario, call.response_bytes);
      c.bytes_per_s += rate * (call.request_bytes + call.response_bytes);
      c.cpu_per_s.serialization_s += 2.0 * rate * (request.serialization_s + response.serialization_s);
      c.cpu_per_s.stack_s += 2.0 * rate * (request.stack_s + response.stack_s + handshake);
      c.cpu_per_s.sidecar_s += 2.0 * rate * (request.sidecar_s + response.sidecar_s);
    }
  }
  return c;
}

CapacityPlan plan_capacity(const model::CallGraph& graph, const model::Partition& partition,
                           const Scenario& scenario, const Workload& workload) {
  return plan_capacity(graph, partition, scenario, workload, visit_rates(workload, scenario.max_call_depth));
}

CapacityPlan plan_capacity(const model::CallGraph& graph, const model::Partition& partition,
                           const Scenario& scenario, const Workload& workload, std::vector<double> visits_per_s) {
  CapacityPlan plan;
  plan.visits_per_s = std::move(visits_per_s);
  const std::vector<double> offered = offered_cpu_per_group(partition, scenario, workload, plan.visits_per_s);
  const std::size_t groups = partition.group_count();

  // Replicas each imported service brings (manifest, else the default).
  auto service_replicas = [&](model::ServiceId s) {
    const auto& dep = graph.service(s).deployment;
    return dep.replicas && *dep.replicas > 0 ? static_cast<std::uint32_t>(*dep.replicas) : scenario.default_replicas;
  };
  std::vector<std::vector<model::OperationId>> ops_of(groups);
  for (model::OperationId op = 0; op < partition.operation_count(); ++op) ops_of[partition.group_of(op)].push_back(op);
  const bool autoscale = scenario.effective_capacity_policy() == CapacityPolicy::Autoscale;

  plan.station_of_group.assign(groups, CapacityPlan::kNoStation);
  std::vector<model::ServiceId> services;
  for (model::GroupId g = 0; g < groups; ++g) {
    if (ops_of[g].empty()) continue;
    StationPlan st;
    st.name = partition.name(g);
    st.group = g;
    st.operations = std::move(ops_of[g]);
    st.offered_cpu_per_s = offered[g];
    st.workers = std::max<std::uint32_t>(scenario.workers_per_replica, 1);
    st.threads = scenario.concurrency == Concurrency::Blocking ? std::max<std::uint32_t>(scenario.threads_per_replica, 1)
                                                               : 0;
    services.clear();
    for (const auto op : st.operations) services.push_back(graph.operation(op).service);
    std::sort(services.begin(), services.end());
    services.erase(std::unique(services.begin(), services.end()), services.end());
    std::uint64_t base = 0;
    for (const auto s : services)
      base = autoscale ? std::max<std::uint64_t>(base, service_replicas(s)) : base + service_replicas(s);
    st.base_replicas = std::max<std::uint64_t>(base, 1);
    st.replicas = station_replicas(st.offered_cpu_per_s, base, scenario);
    plan.station_of_group[g] = static_cast<std::uint32_t>(plan.stations.size());
    plan.stations.push_back(std::move(st));
  }
  return plan;
}

}  // namespace nanoscope::sim
