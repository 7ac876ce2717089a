// Estimation of entry rates, service times and call behaviour from a CallGraph.
#include "sim/graph_workload.hpp"

#include <algorithm>

namespace nanoscope::sim {
namespace {

// The failure behaviour of calls from service `from` to `to`: the scenario's defaults, then
// the most specific failures.edges entry ("a -> b", else "a -> *", else "* -> b", else "* -> *").
void apply_failures(const Scenario& scenario, const std::string& from, const std::string& to, CallSpec& call) {
  call.failure_probability = scenario.failure_probability;
  call.timeout_s = scenario.timeout_s;
  call.retries = scenario.retries;
  if (scenario.edge_failures.empty()) return;
  for (const auto& key : {from + " -> " + to, from + " -> *", "* -> " + to, std::string("* -> *")}) {
    const auto it = scenario.edge_failures.find(key);
    if (it == scenario.edge_failures.end()) continue;
    if (it->second.probability) call.failure_probability = *it->second.probability;
    if (it->second.timeout_s) call.timeout_s = *it->second.timeout_s;
    if (it->second.retries) call.retries = *it->second.retries;
    return;
  }
}

// Replay: each entry's kept root start times, as offsets from the graph's first kept arrival,
// repeating every period (the span from the first to the last kept arrival of the graph plus
// one mean gap, so a cycle's last request is not followed at once by the next cycle's first;
// at least the observed window, so the replay keeps the observed rate).
void set_replay(const model::CallGraph& graph, double speed, Workload& w) {
  std::int64_t first = 0, last = 0;
  bool any = false;
  for (const auto& e : w.entries)
    for (const auto t : graph.operation(e.operation).arrivals_us) {
      first = any ? std::min(first, t) : t;
      last = any ? std::max(last, t) : t;
      any = true;
    }
  if (!any) return;
  // The observed window bounds the period from below: one trace (one arrival) repeats once per
  // window it was seen in, not once a second.
  const double kept = static_cast<double>(graph.arrivals_kept());
  const double span = static_cast<double>(last - first) * 1e-6;
  // When arrivals beyond CallGraph::kMaxArrivals were not kept, the kept ones cover only part
  // of the window: their own span sets the period.
  const double own = kept > 1.0 ? span * kept / (kept - 1.0) : 0.0;
  const double period = graph.arrivals_not_kept == 0 ? std::max(own, graph.window_seconds()) : own;
  for (auto& e : w.entries) {
    const auto& times = graph.operation(e.operation).arrivals_us;
    if (times.empty() || !(period > 0.0)) continue;
    e.replay_s.reserve(times.size());
    for (const auto t : times) e.replay_s.push_back(static_cast<double>(t - first) * 1e-6);
    std::sort(e.replay_s.begin(), e.replay_s.end());
    e.replay_period_s = period;
    // Replayed as recorded, sped up by the same factor total_rate_per_s and rate_scale apply to
    // Poisson rates; the entry's rate becomes the replay's.
    e.replay_speed = speed;
    e.rate_per_s = static_cast<double>(times.size()) / period * speed;
    ++w.replayed_entries;
  }
}

// Manifest-only graphs: declared edges are taken as one call each, so an edge that closes a
// cycle would make every request recurse to max_call_depth and its call tree grow
// exponentially. Depth-first from the entries (then every other operation, in id order), an
// edge to an operation still on the search path is a back edge and is not followed.
std::vector<bool> back_edges(const model::CallGraph& graph, const std::vector<model::OperationId>& starts) {
  std::vector<bool> back(graph.edge_count(), false);
  std::vector<char> state(graph.operation_count(), 0);  // 0 new, 1 on the path, 2 done
  std::vector<std::pair<model::OperationId, std::size_t>> stack;
  std::vector<std::vector<model::EdgeId>> out(graph.operation_count());
  for (model::OperationId op = 0; op < graph.operation_count(); ++op) out[op] = graph.out_edges(op);
  auto visit = [&](model::OperationId root) {
    if (state[root]) return;
    state[root] = 1;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [op, next] = stack.back();
      if (next == out[op].size()) {
        state[op] = 2;
        stack.pop_back();
        continue;
      }
      const model::EdgeId id = out[op][next++];
      const model::OperationId to = graph.edge(id).to;
      if (state[to] == 1) back[id] = true;
      else if (state[to] == 0) {
        state[to] = 1;
        stack.emplace_back(to, 0);
      }
    }
  };
  for (const auto op : starts) visit(op);
  for (model::OperationId op = 0; op < graph.operation_count(); ++op) visit(op);
  return back;
}

}  // namespace

Workload build_workload(const model::CallGraph& graph, const Scenario& scenario) {
  Workload w;
  const auto n = static_cast<model::OperationId>(graph.operation_count());
  bool any_observed_calls = false;
  for (const auto& e : graph.edges()) any_observed_calls = any_observed_calls || e.calls > 0;

  std::vector<bool> skip;
  if (!any_observed_calls) {
    std::vector<model::OperationId> starts;
    for (model::OperationId op = 0; op < n; ++op)
      if (graph.in_edges(op).empty()) starts.push_back(op);
    skip = back_edges(graph, starts);
  }
  w.operations.resize(n);
  for (model::OperationId op = 0; op < n; ++op) {
    const model::Operation& o = graph.operation(op);
    OperationSpec& spec = w.operations[op];
    spec.service = o.self_time.empty() ? ServiceTime::exponential(scenario.default_service_s)
                                       : ServiceTime::from_summary(o.self_time);
    for (const model::EdgeId id : graph.out_edges(op)) {
      const model::Edge& e = graph.edge(id);
      CallSpec call;
      call.callee = e.to;
      call.edge = id;
      call.async = e.kind == model::InteractionKind::Async;
      if (!call.async && e.calls > 0)
        call.parallel = std::min(1.0, static_cast<double>(e.parallel_calls) / static_cast<double>(e.calls));
      apply_failures(scenario, graph.service(o.service).name, graph.service(graph.operation(e.to).service).name, call);
      if (e.calls > 0) {
        call.mean_calls = o.invocations > 0 ? static_cast<double>(e.calls) / static_cast<double>(o.invocations)
                                            : (e.traces > 0 ? e.multiplicity() : 1.0);
      } else if (!any_observed_calls) {
        if (skip[id]) {
          ++w.cycle_edges_skipped;
          continue;
        }
        call.mean_calls = 1.0;
      } else {
        continue;  // declared but never seen while other calls were: not part of the traffic
      }
      call.request_bytes =
          e.request_bytes.samples ? e.request_bytes.mean() : scenario.default_request_bytes;
      call.response_bytes =
          e.response_bytes.samples ? e.response_bytes.mean() : scenario.default_response_bytes;
      spec.calls.push_back(call);
    }
  }

  std::uint64_t total_entries = 0;
  for (model::OperationId op = 0; op < n; ++op) total_entries += graph.operation(op).entry_count;
  const double window = graph.window_seconds();
  if (total_entries > 0) {
    for (model::OperationId op = 0; op < n; ++op) {
      const auto count = static_cast<double>(graph.operation(op).entry_count);
      if (count == 0.0) continue;
      const double rate = window > 0.0 ? count / window
                                       : scenario.default_total_rate_per_s * count / static_cast<double>(total_entries);
      w.entries.push_back({.operation = op, .rate_per_s = rate, .replay_s = {}});
    }
  } else {
    // No roots (manifest-only): every service operation nobody calls (over edges followed) is an entry.
    std::vector<model::OperationId> roots;
    for (model::OperationId op = 0; op < n; ++op) {
      const auto kind = graph.service(graph.operation(op).service).kind;
      if (!model::runs_handlers(kind) && kind != model::ServiceKind::Client) continue;
      bool called = false;
      for (const auto id : graph.in_edges(op)) called = called || skip.empty() || !skip[id];
      if (!called) roots.push_back(op);
    }
    if (roots.empty())
      for (model::OperationId op = 0; op < n; ++op) roots.push_back(op);
    for (const auto op : roots)
      w.entries.push_back(
          {.operation = op, .rate_per_s = scenario.default_total_rate_per_s / static_cast<double>(roots.size()), .replay_s = {}});
  }
  double total = 0.0;
  for (const auto& e : w.entries) total += e.rate_per_s;
  const double scale = (scenario.total_rate_per_s > 0.0 && total > 0.0 ? scenario.total_rate_per_s / total : 1.0) *
                       scenario.rate_scale;
  for (auto& e : w.entries) e.rate_per_s *= scale;
  if (scenario.arrivals == Arrivals::Replay && scale > 0.0) set_replay(graph, scale, w);
  return w;
}

}  // namespace nanoscope::sim
