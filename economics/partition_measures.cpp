// Structure, load and fault-isolation measures of a partition.
#include "economics/partition_measures.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "analysis/analysis.hpp"
#include "sim/capacity_plan.hpp"

namespace nanoscope::economics {
namespace {

// Operation edges that carry traffic (every edge when the graph has no observed calls).
std::vector<bool> traffic_edges(const model::CallGraph& g) {
  bool any = false;
  for (const auto& e : g.edges()) any = any || e.calls > 0;
  std::vector<bool> on(g.edge_count());
  for (model::EdgeId id = 0; id < g.edge_count(); ++id) on[id] = !any || g.edge(id).calls > 0;
  return on;
}

// Distinct values of each list, sorted.
template <class T>
std::size_t distinct(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  return static_cast<std::size_t>(std::unique(v.begin(), v.end()) - v.begin());
}

}  // namespace

std::vector<bool> business_operations(const model::CallGraph& graph) {
  bool traffic = false;
  for (const auto& o : graph.operations()) traffic = traffic || o.invocations > 0 || o.entry_count > 0;
  std::vector<bool> out(graph.operation_count());
  for (model::OperationId op = 0; op < graph.operation_count(); ++op) {
    const auto& o = graph.operation(op);
    out[op] = model::runs_handlers(graph.service(o.service).kind) &&
              (!traffic || o.invocations > 0 || o.entry_count > 0);
  }
  return out;
}

std::vector<bool> require_business_operations(const model::CallGraph& graph) {
  std::vector<bool> business = business_operations(graph);
  if (std::find(business.begin(), business.end(), true) == business.end())
    throw std::invalid_argument(
        graph.service_count() == 0
            ? "the graph is empty: no service to price"
            : "the graph has no operation of a service to price (only databases, caches, brokers, clients or "
              "external peers; infrastructure counts only when it is not excluded)");
  return business;
}

model::Partition one_process_partition(const model::CallGraph& graph) {
  model::Partition p = model::Partition::observed(graph);
  const auto is_business = business_operations(graph);
  std::vector<model::OperationId> business;
  for (model::OperationId op = 0; op < graph.operation_count(); ++op)
    if (is_business[op]) business.push_back(op);
  if (!business.empty()) p.split(business, "monolith");
  return p;
}

model::Partition one_operation_per_service(const model::CallGraph& graph) {
  model::Partition p = model::Partition::observed(graph);
  const auto is_business = business_operations(graph);
  for (model::OperationId op = 0; op < graph.operation_count(); ++op)
    if (is_business[op]) {
      const auto& o = graph.operation(op);
      p.split({op}, graph.service(o.service).name + "/" + o.name);
    }
  return p;
}

MeasureContext make_measure_context(const model::CallGraph& graph, const sim::Scenario& scenario, double low_rate_per_s,
                                    double high_rate_per_s, double nominal_rate_per_s,
                                    const model::CancelToken& cancel) {
  MeasureContext c;
  c.graph = &graph;
  c.scenario = scenario;
  c.business = require_business_operations(graph);
  c.reference = one_process_partition(graph);
  c.finest = one_operation_per_service(graph);
  c.load = make_load_context(graph, scenario, c.reference, c.finest, low_rate_per_s, high_rate_per_s,
                             nominal_rate_per_s, cancel);
  c.fault_paths = sample_fault_paths(c.load.model->workload(), scenario);
  // Business transactions: every entry operation.
  for (const auto& entry : c.fault_paths.entries) c.transaction_roots.push_back(entry.operation);
  return c;
}

PartitionMeasures measure_partition(const MeasureContext& c, const model::Partition& p, bool des_check) {
  const model::CallGraph& g = *c.graph;
  if (p.operation_count() != g.operation_count())
    throw std::invalid_argument("partition does not match the graph");
  PartitionMeasures m;
  // Business groups.
  std::vector<std::uint32_t> biz(p.group_count(), 0);
  for (model::OperationId op = 0; op < g.operation_count(); ++op) biz[p.group_of(op)] += c.business[op];
  std::vector<int> index(p.group_count(), -1);
  std::vector<GroupMeasures> groups;
  for (model::GroupId gid = 0; gid < p.group_count(); ++gid) {
    if (biz[gid] == 0) continue;
    index[gid] = static_cast<int>(groups.size());
    GroupMeasures gm;
    gm.group = gid;
    gm.name = p.name(gid);
    gm.operations = biz[gid];  // placeholders and infrastructure operations in the group do not count
    groups.push_back(std::move(gm));
    m.business_operations += biz[gid];
  }
  auto group_of = [&](model::OperationId op) { return index[p.group_of(op)]; };
  // Structure.
  const auto on = traffic_edges(g);
  std::vector<std::vector<model::OperationId>> clients(groups.size()), exposed(groups.size());
  std::vector<std::vector<long>> deps(groups.size());
  for (model::OperationId op = 0; op < g.operation_count(); ++op)
    if (g.operation(op).entry_count > 0 && group_of(op) >= 0) exposed[group_of(op)].push_back(op);
  for (model::EdgeId id = 0; id < g.edge_count(); ++id) {
    if (!on[id]) continue;
    const auto& e = g.edge(id);
    const int a = group_of(e.from), b = group_of(e.to);
    const bool cross = p.group_of(e.from) != p.group_of(e.to);
    if (!cross) {
      if (a >= 0) ++groups[a].internal_edges;
      continue;
    }
    if (b >= 0) exposed[b].push_back(e.to);
    if (a >= 0) {
      clients[a].push_back(e.to);
      deps[a].push_back(b >= 0 ? b : -1 - static_cast<long>(p.group_of(e.to)));
    }
    if (a >= 0 && b >= 0) {
      ++groups[b].cross_in_edges;
      ++m.cross_edges;
    }
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    groups[i].exposed_operations = static_cast<std::uint32_t>(distinct(exposed[i]));
    groups[i].client_adapters = static_cast<std::uint32_t>(distinct(clients[i]));
    groups[i].dependencies = static_cast<std::uint32_t>(distinct(deps[i]));
    m.contracts += groups[i].exposed_operations;
    m.client_adapters += groups[i].client_adapters;
    m.dependencies += groups[i].dependencies;
    m.escape_surface += groups[i].operations - 1 + groups[i].internal_edges;
  }
  // Business transactions: fragmentation and spanning, from the sampled synchronous request
  // trees of each entry (fault paths): a transaction spans the business groups its requests
  // actually reach, weighted by how often they do (expected over the samples) -- not every
  // group reachable along some edge, which in a connected graph grows with the graph and would
  // make the sum over transactions quadratic in its size. Each cross-group operation edge with
  // traffic is one interaction to reason about. `seen` holds, per group, the last set that
  // reached it, plus one.
  std::vector<std::uint64_t> seen(groups.size(), 0);
  std::uint64_t stamp = 0;
  std::vector<int> reached;
  m.transactions = static_cast<std::uint32_t>(c.transaction_roots.size());
  for (auto& gm : groups) gm.cross_interactions = gm.cross_in_edges;
  m.cross_interactions = m.cross_edges;
  for (const auto& entry : c.fault_paths.entries) {
    const int root = group_of(entry.operation);
    for (const auto& set : entry.sets) {
      ++stamp;
      reached.clear();
      for (const auto op : set.operations) {
        const int x = group_of(op);
        if (x < 0 || seen[x] == stamp) continue;
        seen[x] = stamp;
        reached.push_back(x);
      }
      const double w = entry.samples ? set.count / static_cast<double>(entry.samples) : 0.0;
      for (const int r : reached)
        if (r != root) {
          groups[r].spanned_transactions += w;
          m.spanned_services += w;
        }
    }
  }
  // Knots from the coupling analysis.
  if (groups.size() > 1) {
    const auto report = analysis::analyze(g, p);
    std::set<std::string> knotted;
    for (const auto& f : report.findings)
      if (f.kind == analysis::FindingKind::Knot) knotted.insert(f.services.begin(), f.services.end());
    for (auto& gm : groups)
      if (knotted.count(gm.name)) {
        gm.in_knot = true;
        ++m.knot_services;
      }
  }
  // Load: communication per request, stations' CPU per request/s, the load curve.
  LoadMeasures load = measure_load(c.load, g, p, des_check);
  m.load_curve = std::move(load.curve);
  m.des_check = load.des_check;
  m.capacity_policy = c.scenario.effective_capacity_policy();
  m.workers_per_replica = std::max<std::uint32_t>(c.scenario.workers_per_replica, 1);
  m.autoscale_utilisation = c.scenario.autoscale_utilisation;
  m.added_mean_ms = load.nominal.added_mean_ms;
  m.added_p50_ms = load.nominal.added_p50_ms;
  m.added_p99_ms = load.nominal.added_p99_ms;
  m.comm_cpu_s_per_request = load.comm_cpu_s_per_request;
  m.bytes_per_request = load.bytes_per_request;
  m.remote_calls_per_request = load.remote_calls_per_request;
  m.p50_ms = load.p50_ms;
  m.p99_ms = load.p99_ms;
  m.reference_p50_ms = load.reference_p50_ms;
  m.reference_p99_ms = load.reference_p99_ms;
  m.simulated_rate_per_s = c.load.nominal_rate_per_s;
  m.simulated_requests = load.simulated_requests;
  for (auto& gm : groups) {
    gm.remote_calls_in_per_request = load.remote_calls_in_per_request[gm.group];
    gm.offered_cpu_per_rps = load.offered_cpu_per_rps[gm.group];
    gm.base_replicas = load.base_replicas[gm.group];
  }
  // Failure isolation: share of requests (by entry rate) not needing each group synchronously.
  std::vector<double> needed(groups.size(), 0.0);
  const double total = c.fault_paths.total_rate_per_s;
  for (const auto& entry : c.fault_paths.entries) {
    for (const auto& set : entry.sets) {
      ++stamp;
      const double w = entry.rate_per_s * set.count / static_cast<double>(entry.samples);
      for (const auto op : set.operations) {
        const int x = group_of(op);
        if (x < 0 || seen[x] == stamp) continue;
        seen[x] = stamp;
        needed[x] += w;
      }
    }
  }
  for (std::size_t i = 0; i < groups.size(); ++i) groups[i].survive_share = total > 0.0 ? 1.0 - needed[i] / total : 1.0;
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  m.groups = std::move(groups);
  return m;
}

double replicas_at(const GroupMeasures& g, const PartitionMeasures& m, double rate_per_s) {
  const sim::CapacityRule rule{m.capacity_policy, m.workers_per_replica, m.autoscale_utilisation};
  return sim::station_replicas(g.offered_cpu_per_rps * rate_per_s, g.base_replicas, rule);
}

LoadPoint load_at(const PartitionMeasures& m, double rate_per_s) {
  const auto& c = m.load_curve;
  if (c.empty()) return {};
  if (rate_per_s <= c.front().rate_per_s) return c.front();
  if (rate_per_s >= c.back().rate_per_s) return c.back();
  std::size_t i = 1;
  while (c[i].rate_per_s < rate_per_s) ++i;
  if (c[i].rate_per_s == rate_per_s) return c[i];
  const auto& a = c[i - 1];
  const auto& b = c[i];
  const double t = (rate_per_s - a.rate_per_s) / (b.rate_per_s - a.rate_per_s);
  LoadPoint p;
  p.rate_per_s = rate_per_s;
  p.added_mean_ms = a.added_mean_ms + t * (b.added_mean_ms - a.added_mean_ms);
  p.added_p50_ms = a.added_p50_ms + t * (b.added_p50_ms - a.added_p50_ms);
  p.added_p99_ms = a.added_p99_ms + t * (b.added_p99_ms - a.added_p99_ms);
  p.max_utilisation = a.max_utilisation + t * (b.max_utilisation - a.max_utilisation);
  p.saturated = a.saturated || b.saturated;
  return p;
}

}  // namespace nanoscope::economics
