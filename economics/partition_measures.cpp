// Structure, simulation and fault-isolation measures of a partition.
#include "economics/partition_measures.hpp"

#include <algorithm>
#include <cstdint>
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

struct WeightedLatency {
  double p50 = 0.0, p99 = 0.0, rate = 0.0;
};

// Entry-rate-weighted p50 and p99 of the requests' latency, or (communication) of the
// remote-communication time on their critical paths.
WeightedLatency weighted_latency(const sim::GraphSimulationResult& r, bool communication = false) {
  WeightedLatency w;
  for (const auto& e : r.entries) {
    const auto& s = communication ? e.communication_us : e.latency_us;
    if (s.empty()) continue;
    w.p50 += e.rate_per_s * s.quantile_us(0.5) / 1000.0;
    w.p99 += e.rate_per_s * s.quantile_us(0.99) / 1000.0;
    w.rate += e.rate_per_s;
  }
  if (w.rate > 0.0) {
    w.p50 /= w.rate;
    w.p99 /= w.rate;
  }
  return w;
}

double per_request(double total, const sim::GraphSimulationResult& r) {
  return r.requests_measured ? total / static_cast<double>(r.requests_measured) : 0.0;
}

double comm_cpu(const sim::GraphSimulationResult& r) {
  return r.cpu_serialization_s + r.cpu_stack_s + r.cpu_sidecar_s;
}

double total_rate(const sim::GraphSimulationResult& r) {
  double t = 0.0;
  for (const auto& e : r.entries) t += e.rate_per_s;
  return t;
}

// Busy cores per request/s for each non-empty group, in group-id order as the simulator lists them.
std::vector<double> busy_per_rps(const model::Partition& p, const sim::GraphSimulationResult& r) {
  std::vector<double> busy(p.group_count(), 0.0);
  std::vector<bool> used(p.group_count(), false);  // one pass: operations_of per group is O(operations)
  for (model::OperationId op = 0; op < p.operation_count(); ++op) used[p.group_of(op)] = true;
  const double rate = total_rate(r);
  std::size_t k = 0;
  for (model::GroupId g = 0; g < p.group_count() && k < r.groups.size(); ++g) {
    if (!used[g]) continue;
    const auto& gr = r.groups[k++];
    busy[g] = rate > 0.0 ? gr.utilisation * gr.servers / rate : 0.0;
  }
  return busy;
}

}  // namespace

std::vector<bool> business_operations(const model::CallGraph& graph) {
  bool traffic = false;
  for (const auto& o : graph.operations()) traffic = traffic || o.invocations > 0 || o.entry_count > 0;
  std::vector<bool> out(graph.operation_count());
  for (model::OperationId op = 0; op < graph.operation_count(); ++op) {
    const auto& o = graph.operation(op);
    out[op] = graph.service(o.service).kind == model::ServiceKind::Service &&
              (!traffic || o.invocations > 0 || o.entry_count > 0);
  }
  return out;
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

MeasureContext make_measure_context(const model::CallGraph& graph, const sim::Scenario& scenario) {
  MeasureContext c;
  c.graph = &graph;
  c.scenario = scenario;
  c.business = business_operations(graph);
  bool any = false;
  for (const bool b : c.business) any = any || b;
  if (!any) throw std::invalid_argument("the graph has no operation of a service (only databases, caches or clients)");
  c.reference = one_process_partition(graph);
  c.reference_result = sim::simulate_graph(graph, c.reference, scenario);
  c.fault_paths = sample_fault_paths(graph, scenario);
  // Business transactions: every entry operation and the operation edges it reaches.
  const auto on = traffic_edges(graph);
  for (const auto& entry : c.fault_paths.entries) {
    std::vector<bool> seen(graph.operation_count(), false);
    std::vector<model::OperationId> stack{entry.operation};
    seen[entry.operation] = true;
    std::vector<model::EdgeId> edges;
    while (!stack.empty()) {
      const auto op = stack.back();
      stack.pop_back();
      for (const auto id : graph.out_edges(op)) {
        if (!on[id]) continue;
        edges.push_back(id);
        const auto to = graph.edge(id).to;
        if (!seen[to]) {
          seen[to] = true;
          stack.push_back(to);
        }
      }
    }
    std::sort(edges.begin(), edges.end());
    c.transaction_roots.push_back(entry.operation);
    c.transaction_edges.push_back(std::move(edges));
  }
  return c;
}

PartitionMeasures measure_partition(const MeasureContext& c, const model::Partition& p) {
  const model::CallGraph& g = *c.graph;
  if (p.operation_count() != g.operation_count())
    throw std::invalid_argument("partition does not match the graph");
  PartitionMeasures m;
  // Business groups.
  std::vector<int> index(p.group_count(), -1);
  std::vector<GroupMeasures> groups;
  std::vector<std::uint32_t> business_in(p.group_count(), 0);  // one pass over the operations
  for (model::OperationId op = 0; op < p.operation_count(); ++op) business_in[p.group_of(op)] += c.business[op];
  for (model::GroupId gid = 0; gid < p.group_count(); ++gid) {
    const std::uint32_t biz = business_in[gid];
    if (biz == 0) continue;
    index[gid] = static_cast<int>(groups.size());
    GroupMeasures gm;
    gm.group = gid;
    gm.name = p.name(gid);
    gm.operations = biz;  // placeholders and infrastructure operations in the group do not count
    groups.push_back(std::move(gm));
    m.business_operations += biz;
  }
  auto group_of = [&](model::OperationId op) { return index[p.group_of(op)]; };
  // Structure.
  const auto on = traffic_edges(g);
  std::vector<std::set<model::OperationId>> clients(groups.size());
  std::vector<std::set<int>> deps(groups.size());
  std::vector<std::set<model::OperationId>> exposed(groups.size());
  for (model::OperationId op = 0; op < g.operation_count(); ++op)
    if (g.operation(op).entry_count > 0 && group_of(op) >= 0) exposed[group_of(op)].insert(op);
  for (model::EdgeId id = 0; id < g.edge_count(); ++id) {
    if (!on[id]) continue;
    const auto& e = g.edge(id);
    const int a = group_of(e.from), b = group_of(e.to);
    const bool cross = p.group_of(e.from) != p.group_of(e.to);
    if (!cross) {
      if (a >= 0) ++groups[a].internal_edges;
      continue;
    }
    if (b >= 0) exposed[b].insert(e.to);
    if (a >= 0) {
      clients[a].insert(e.to);
      deps[a].insert(b >= 0 ? b : -1 - static_cast<int>(p.group_of(e.to)));
    }
    if (a >= 0 && b >= 0) {
      ++groups[b].cross_in_edges;
      ++m.cross_edges;
    }
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    groups[i].exposed_operations = static_cast<std::uint32_t>(exposed[i].size());
    groups[i].client_adapters = static_cast<std::uint32_t>(clients[i].size());
    groups[i].dependencies = static_cast<std::uint32_t>(deps[i].size());
    m.contracts += groups[i].exposed_operations;
    m.client_adapters += groups[i].client_adapters;
    m.dependencies += groups[i].dependencies;
    m.escape_surface += groups[i].operations - 1 + groups[i].internal_edges;
  }
  // Business transactions: fragmentation and spanning.
  m.transactions = static_cast<std::uint32_t>(c.transaction_roots.size());
  // Groups reached, as a list with a per-transaction stamp (a std::set per transaction costs
  // a tree insert per edge on large graphs).
  std::vector<std::size_t> stamp(groups.size(), SIZE_MAX);
  std::vector<int> reached;
  auto reach = [&](int x, std::size_t t) {
    if (x < 0 || stamp[x] == t) return;
    stamp[x] = t;
    reached.push_back(x);
  };
  for (std::size_t t = 0; t < c.transaction_roots.size(); ++t) {
    reached.clear();
    const int root = group_of(c.transaction_roots[t]);
    reach(root, t);
    for (const auto id : c.transaction_edges[t]) {
      const auto& e = g.edge(id);
      const int a = group_of(e.from), b = group_of(e.to);
      reach(b, t);
      if (a >= 0 && b >= 0 && a != b) {
        ++groups[b].cross_interactions;
        ++m.cross_interactions;
      }
    }
    if (!reached.empty()) m.spanned_services += static_cast<std::uint32_t>(reached.size() - 1);
    for (const int r : reached)
      if (r != root) ++groups[r].spanned_transactions;
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
  // Simulation against the one-process reference.
  const sim::GraphSimulationResult r = sim::simulate_graph(g, p, c.scenario);
  const auto& ref = c.reference_result;
  const auto lat = weighted_latency(r), ref_lat = weighted_latency(ref);
  m.p50_ms = lat.p50;
  m.p99_ms = lat.p99;
  m.reference_p50_ms = ref_lat.p50;
  m.reference_p99_ms = ref_lat.p99;
  // Added latency is the communication time on each request's critical path, not the
  // difference of the two latencies: replicas are sized to load per group, so a partition can
  // get more (or fewer) cores than the one process and queue less (or more); that capacity
  // effect is not network overhead. The reference makes no remote call, so its time is zero.
  const auto comm = weighted_latency(r, true);
  m.added_p50_ms = comm.p50;
  m.added_p99_ms = comm.p99;
  m.comm_cpu_s_per_request = per_request(comm_cpu(r), r) - per_request(comm_cpu(ref), ref);
  m.bytes_per_request = per_request(r.bytes_on_wire, r) - per_request(ref.bytes_on_wire, ref);
  m.remote_calls_per_request =
      per_request(static_cast<double>(r.remote_calls), r) - per_request(static_cast<double>(ref.remote_calls), ref);
  m.simulated_rate_per_s = total_rate(r);
  m.simulated_requests = r.requests_measured;
  const auto busy = busy_per_rps(p, r);
  for (auto& gm : groups) gm.offered_cpu_per_rps = busy[gm.group];
  for (model::EdgeId id = 0; id < g.edge_count() && id < r.calls_per_edge.size(); ++id) {
    const auto& e = g.edge(id);
    const int b = group_of(e.to);
    if (b >= 0 && p.group_of(e.from) != p.group_of(e.to))
      groups[b].remote_calls_in_per_request += per_request(static_cast<double>(r.calls_per_edge[id]), r);
  }
  // Failure isolation: share of requests (by entry rate) not needing each group synchronously.
  std::vector<double> needed(groups.size(), 0.0);
  const double total = c.fault_paths.total_rate_per_s;
  std::size_t set_index = 0;
  std::fill(stamp.begin(), stamp.end(), SIZE_MAX);
  for (const auto& entry : c.fault_paths.entries) {
    for (const auto& set : entry.sets) {
      reached.clear();
      for (const auto op : set.operations) reach(group_of(op), set_index);
      ++set_index;
      const double w = entry.rate_per_s * set.count / static_cast<double>(entry.samples);
      for (const int x : reached) needed[x] += w;
    }
  }
  for (std::size_t i = 0; i < groups.size(); ++i) groups[i].survive_share = total > 0.0 ? 1.0 - needed[i] / total : 1.0;
  std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  m.groups = std::move(groups);
  return m;
}

double replicas_at(const GroupMeasures& g, const PartitionMeasures& m, double rate_per_s) {
  sim::Scenario rule;
  rule.capacity_policy = m.capacity_policy;
  rule.workers_per_replica = m.workers_per_replica;
  rule.autoscale_utilisation = m.autoscale_utilisation;
  return sim::station_replicas(g.offered_cpu_per_rps * rate_per_s, g.base_replicas, rule);
}

LoadPoint load_at(const PartitionMeasures& m, double rate_per_s) {
  const auto& c = m.load_curve;
  if (c.empty()) return {};
  if (rate_per_s <= c.front().rate_per_s) return c.front();
  if (rate_per_s >= c.back().rate_per_s) return c.back();
  std::size_t i = 1;
  while (c[i].rate_per_s < rate_per_s) ++i;
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
