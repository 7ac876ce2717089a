// Trace assembly: turns one trace's spans into operations and edges of the CallGraph.
// Rules (docs/importing.md): parents by id; a client/producer span (or a kind-less span
// whose children all run elsewhere) under a parent of its own service is a call, not an
// operation; peers named by client spans become nodes; consumers hear from their broker.
#include "importers/trace_assembly.hpp"

#include <algorithm>

#include "importers/call_intervals.hpp"

namespace nanoscope::importers::detail {

using model::InteractionKind;
using model::OperationId;
using model::ServiceKind;

model::ServiceId GraphIndex::service(model::CallGraph& g, std::string_view name, ServiceKind kind) {
  return g.add_service(name, kind);
}

model::OperationId GraphIndex::operation(model::CallGraph& g, model::ServiceId service, std::string_view name) {
  return g.add_operation(service, name);
}

model::ServiceId GraphIndex::service_by_id(model::CallGraph& g, const StringPool& pool, std::uint32_t name_id,
                                           ServiceKind kind) {
  std::uint64_t key = (static_cast<std::uint64_t>(kind) << 32) | name_id;
  auto it = services_by_id_.find(key);
  if (it != services_by_id_.end()) return it->second;
  model::ServiceId id = g.add_service(pool.get(name_id), kind);
  services_by_id_.emplace(key, id);
  return id;
}

model::OperationId GraphIndex::operation_by_id(model::CallGraph& g, const StringPool& pool, model::ServiceId service,
                                               std::uint32_t name_id) {
  std::uint64_t key = (static_cast<std::uint64_t>(service) << 32) | name_id;
  auto it = operations_by_id_.find(key);
  if (it != operations_by_id_.end()) return it->second;
  model::OperationId id = g.add_operation(service, pool.get(name_id));
  operations_by_id_.emplace(key, id);
  return id;
}

void TraceAssembler::warn(std::uint32_t source, std::string_view code, std::string_view message) {
  diagnostics_.report(model::Severity::Warning, sources_[source], code, message);
}

model::EdgeId TraceAssembler::touch_edge(OperationId from, OperationId to, InteractionKind kind,
                                         std::uint64_t trace_number) {
  model::EdgeId id = graph_.add_edge(from, to, kind);
  if (edge_last_trace_.size() <= id) edge_last_trace_.resize(static_cast<std::size_t>(id) + 1, 0);
  auto& e = graph_.edge(id);
  model::add_inputs(e.inputs, trace_inputs_);
  mark_service(graph_.operation(from).service);
  mark_service(graph_.operation(to).service);
  ++e.calls;
  if (edge_last_trace_[id] != trace_number + 1) {
    edge_last_trace_[id] = trace_number + 1;
    ++e.traces;
  }
  return id;
}

void TraceAssembler::assemble(SpanVector& spans) {
  struct Run {
    std::uint64_t trace;
    std::size_t begin, end;
  };
  std::vector<Run> runs;
  for (std::size_t begin = 0; begin < spans.size();) {
    std::size_t end = begin + 1;
    while (end < spans.size() && spans[end].trace == spans[begin].trace) ++end;
    runs.push_back({spans[begin].trace, begin, end});
    begin = end;
  }
  std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.trace < b.trace; });
  bool one_run_per_trace = true;
  for (std::size_t k = 1; k < runs.size() && one_run_per_trace; ++k)
    one_run_per_trace = runs[k].trace != runs[k - 1].trace;
  no_duration_.assign(sources_.size(), 0);
  self_calls_.assign(sources_.size(), 0);
  session_traces_.assign(sources_.size(), 0);
  session_requests_.assign(sources_.size(), 0);
  std::uint64_t trace_number = 0;
  if (one_run_per_trace) {
    for (const Run& r : runs) assemble_trace(spans.data() + r.begin, r.end - r.begin, trace_number++);
  } else {
    runs = {};
    std::stable_sort(spans.begin(), spans.end(),
                     [](const CompactSpan& a, const CompactSpan& b) { return a.trace < b.trace; });
    for (std::size_t begin = 0; begin < spans.size();) {
      std::size_t end = begin + 1;
      while (end < spans.size() && spans[end].trace == spans[begin].trace) ++end;
      assemble_trace(spans.data() + begin, end - begin, trace_number++);
      begin = end;
    }
  }
  graph_.trace_count += trace_number;
  report_counts();
}

void TraceAssembler::mark_service(model::ServiceId id) { model::add_inputs(graph_.service(id).inputs, trace_inputs_); }

void TraceAssembler::note_trace_inputs(const CompactSpan* s, std::size_t n) {
  trace_inputs_.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t input = input_of_source_[s[i].source];
    if (input == kNone) continue;
    model::add_input(trace_inputs_, input);
    if (s[i].has_start) graph_.inputs[input].observe_window(s[i].start, s[i].end());
  }
  for (const std::uint32_t input : trace_inputs_) ++graph_.inputs[input].traces;
}

void TraceAssembler::report_counts() {
  for (std::size_t k = 0; k < sources_.size(); ++k) {
    if (no_duration_[k])
      diagnostics_.report(model::Severity::Warning, sources_[k], "no-duration",
                          "spans without a duration (missing or 0): counted as calls, but no latency or "
                          "self-time sample",
                          no_duration_[k]);
    if (self_calls_[k])
      diagnostics_.report(model::Severity::Info, sources_[k], "self-call",
                          "spans whose caller is the same operation of the same service, folded into the caller "
                          "(no edge from an operation to itself)",
                          self_calls_[k]);
    if (session_traces_[k])
      diagnostics_.report(model::Severity::Info, sources_[k], "session-trace",
                          "traces were user sessions, not requests (a root of at least 10 s whose top-level calls "
                          "were busy less than half of it, at least 1 s apart on average): the session root is no "
                          "operation, and their " +
                              std::to_string(session_requests_[k]) +
                              " top-level calls are taken as the requests (entries and arrivals)",
                          session_traces_[k]);
  }
}

void TraceAssembler::build_children(std::uint32_t n) {
  child_offset_.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i)
    if (parent_[i] >= 0) ++child_offset_[static_cast<std::size_t>(parent_[i]) + 1];
  for (std::size_t i = 0; i < n; ++i) child_offset_[i + 1] += child_offset_[i];
  children_.resize(child_offset_[n]);
  std::vector<std::uint32_t> fill(child_offset_.begin(), child_offset_.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i)
    if (parent_[i] >= 0) children_[fill[static_cast<std::size_t>(parent_[i])]++] = i;
}

bool TraceAssembler::is_session(const CompactSpan* s, std::uint32_t root) {
  const CompactSpan& r = s[root];
  intervals_.clear();
  std::int64_t unplaced = 0;
  std::uint32_t placed = 0;
  for (auto k = child_offset_[root]; k < child_offset_[root + 1]; ++k) {
    const CompactSpan& ch = s[children_[k]];
    if (ch.duration <= 0) continue;
    if (!ch.has_start) {  // cannot be placed in time: busy for its duration somewhere
      unplaced += ch.duration;
      continue;
    }
    ++placed;
    const std::int64_t a = std::max(ch.start, r.start), b = std::min(ch.end(), r.end());
    if (b > a) intervals_.emplace_back(a, b);
  }
  if (placed < kSessionMinCalls) return false;
  const auto [covered, runs] = union_coverage(intervals_);
  const std::int64_t busy = covered + unplaced;
  if (runs == 0 || static_cast<double>(busy) >= kSessionMaxBusyFraction * static_cast<double>(r.duration)) return false;
  return r.duration - busy >= kSessionMinMeanGapUs * static_cast<std::int64_t>(runs);
}

void TraceAssembler::find_sessions(const CompactSpan* s, std::uint32_t n) {
  session_.assign(n, 0);
  auto candidate = [&](std::uint32_t i) {
    return parent_[i] < 0 && s[i].has_start && s[i].duration >= kSessionMinDurationUs;
  };
  std::uint32_t first = 0;
  while (first < n && !candidate(first)) ++first;
  if (first == n) return;  // the usual case: no long root, nothing to do
  build_children(n);
  stack_.clear();
  for (std::uint32_t i = first; i < n; ++i)
    if (candidate(i)) stack_.push_back(i);
  std::vector<char> unpacked(n, 0);  // a direct child of a session (now a root)
  std::uint64_t sessions = 0, nested = 0, calls = 0;
  std::uint32_t source = 0;
  while (!stack_.empty()) {
    const std::uint32_t r = stack_.back();
    stack_.pop_back();
    if (!is_session(s, r)) continue;
    if (sessions++ == 0) source = s[r].source;
    session_[r] = 1;
    nested += unpacked[r];
    for (auto k = child_offset_[r]; k < child_offset_[r + 1]; ++k) {
      const std::uint32_t c = children_[k];
      parent_[c] = -1;
      unpacked[c] = 1;
      ++calls;
      if (candidate(c)) stack_.push_back(c);  // a session inside the session (a screen, say)
    }
  }
  if (!sessions) return;
  ++session_traces_[source];
  session_requests_[source] += calls - nested;
}

namespace {
bool is_storage(ServiceKind k) { return k == ServiceKind::Database || k == ServiceKind::Cache; }

void add_bytes(model::Edge& e, const CompactSpan& s) {
  if (s.request_bytes >= 0) e.request_bytes.add(s.request_bytes);
  if (s.response_bytes >= 0) e.response_bytes.add(s.response_bytes);
}

void note_protocol(model::Edge& e, model::Protocol p) {
  if (e.protocol == model::Protocol::Unknown) e.protocol = p;
}
}  // namespace

void TraceAssembler::assemble_trace(const CompactSpan* s, std::size_t n, std::uint64_t trace_number) {
  auto lookup = [&](std::uint64_t id) -> std::int32_t {
    auto it = std::lower_bound(by_id_.begin(), by_id_.end(), std::make_pair(id, std::uint32_t{0}));
    return (it != by_id_.end() && it->first == id) ? static_cast<std::int32_t>(it->second) : -1;
  };

  note_trace_inputs(s, n);

  // 1. Ids, duplicates, parents.
  by_id_.clear();
  for (std::uint32_t i = 0; i < n; ++i)
    if (s[i].id) by_id_.emplace_back(s[i].id, i);
  std::sort(by_id_.begin(), by_id_.end());
  for (std::size_t k = 1; k < by_id_.size(); ++k)
    if (by_id_[k].first == by_id_[k - 1].first)
      warn(s[by_id_[k].second].source, "duplicate-span-id",
           "a span id occurs more than once in a trace; the first one is used as parent");
  parent_.assign(n, -1);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!s[i].parent) continue;
    std::int32_t p = lookup(s[i].parent);
    if (p < 0) {
      warn(s[i].source, "dangling-parent", "a span's parent is not in the input; the span is taken as a root");
    } else if (p == static_cast<std::int32_t>(i)) {
      warn(s[i].source, "self-parent", "a span names itself as parent; taken as a root");
    } else {
      parent_[i] = p;
    }
  }
  // Break parent cycles (a -> b -> a) so every walk up ends.
  {
    std::vector<char> state(n, 0);
    std::vector<std::uint32_t> path;
    for (std::uint32_t i = 0; i < n; ++i) {
      path.clear();
      std::int32_t cur = static_cast<std::int32_t>(i);
      while (cur >= 0 && state[cur] == 0) {
        state[cur] = 1;
        path.push_back(static_cast<std::uint32_t>(cur));
        std::int32_t next = parent_[cur];
        if (next >= 0 && state[next] == 1) {
          warn(s[cur].source, "parent-cycle", "spans name each other as parents; the cycle is cut");
          parent_[cur] = -1;
          next = -1;
        }
        cur = next;
      }
      for (auto v : path) state[v] = 2;
    }
  }

  // 1b. User sessions: their roots become no operation, their top-level calls roots.
  find_sessions(s, static_cast<std::uint32_t>(n));

  // 2. Services and children (CSR).
  service_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (session_[i]) {  // a session root stands for no service of its own (nothing refers to it)
      service_[i] = kNone;
      continue;
    }
    std::uint32_t name = s[i].service;
    if (strings_.get(name).empty()) {
      warn(s[i].source, "span-without-service", "a span names no service; put in service (unknown)");
      name = strings_.intern(kUnknownService);
    }
    service_[i] = index_.service_by_id(graph_, strings_, name, ServiceKind::Service);
    mark_service(service_[i]);
    auto& svc = graph_.service(service_[i]);
    svc.observed = true;
    // A service with spans of its own is instrumented, whatever a caller's span called it.
    if (svc.kind == ServiceKind::External) svc.kind = ServiceKind::Service;
  }
  build_children(static_cast<std::uint32_t>(n));

  // 3. Call spans and owners.
  is_call_.assign(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    std::int32_t p = parent_[i];
    if (p < 0 || service_[p] != service_[i]) continue;
    std::uint32_t cross = 0, count = child_offset_[i + 1] - child_offset_[i];
    for (auto k = child_offset_[i]; k < child_offset_[i + 1]; ++k) cross += service_[children_[k]] != service_[i];
    const bool has_peer = s[i].peer_service != kNone;
    if (s[i].kind == SpanKind::Client || s[i].kind == SpanKind::Producer)
      is_call_[i] = cross > 0 || has_peer;
    else if (s[i].kind == SpanKind::Unspecified)
      is_call_[i] = count > 0 && cross == count;
  }
  owner_.resize(n);
  op_.assign(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    std::int32_t cur = static_cast<std::int32_t>(i);
    while (is_call_[cur]) cur = parent_[cur];  // a call span always has a parent
    owner_[i] = cur;
    if (!is_call_[i] && !session_[i]) op_[i] = index_.operation_by_id(graph_, strings_, service_[i], s[i].operation);
  }

  // 3b. Self-calls: a span whose caller (through any call span) is its own operation is
  // folded into that caller. Its children then hang off the caller's operation already (same
  // operation id), so folding means: no invocation, no edge, and transparency for self time.
  folded_.assign(n, 0);
  transparent_.assign(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::int32_t p = parent_[i];
    if (p < 0 || is_call_[i]) continue;
    if (s[i].kind == SpanKind::Consumer && s[i].peer_service != kNone && s[i].peer_kind == ServiceKind::Broker)
      continue;  // its edge comes from the broker, not from the caller
    const std::int32_t caller = is_call_[p] ? owner_[p] : p;
    if (op_[caller] != op_[i]) continue;
    folded_[i] = transparent_[i] = 1;
    if (is_call_[p]) transparent_[p] = 1;
    ++self_calls_[s[i].source];
  }

  mark_parallel(s, n);

  auto peer_target = [&](const CompactSpan& sp, ServiceKind kind) {
    auto svc = index_.service_by_id(graph_, strings_, sp.peer_service, kind);
    graph_.service(svc).observed = true;
    std::uint32_t name = sp.peer_operation != kNone ? sp.peer_operation : sp.operation;
    return index_.operation_by_id(graph_, strings_, svc, name);
  };

  // 4. Operations, incoming edges, self time.
  for (std::uint32_t i = 0; i < n; ++i) {
    const CompactSpan& c = s[i];
    if (c.has_start) graph_.observe_window(c.start, c.end());
    const bool timed = c.duration > 0;
    if (!timed) ++no_duration_[c.source];
    if (is_call_[i] || folded_[i] || session_[i]) continue;
    auto& op = graph_.operation(op_[i]);
    ++op.invocations;
    op.errors += c.error;
    if (timed) op.duration.add(static_cast<double>(c.duration));
    if (parent_[i] < 0) {
      ++op.entry_count;
      if (c.has_start && !graph_.record_arrival(op_[i], c.start))
        diagnostics_.report(model::Severity::Info, sources_[c.source], "arrivals-not-kept",
                            "a trace root's start time was not kept for replay: the graph keeps at most 1,000,000");
    }

    // Self time: duration minus the time spent waiting on synchronous children.
    if (timed) op.self_time.add(static_cast<double>(std::max<std::int64_t>(c.duration - waited_time(s, i), 0)));

    const bool via_broker = c.kind == SpanKind::Consumer && c.peer_service != kNone && c.peer_kind == ServiceKind::Broker;
    const std::int32_t p = parent_[i];
    if (via_broker) {
      OperationId broker = peer_target(c, ServiceKind::Broker);
      auto& e = graph_.edge(touch_edge(broker, op_[i], InteractionKind::Async, trace_number));
      e.errors += c.error;
      if (timed) e.latency.add(static_cast<double>(c.duration));
      note_protocol(e, c.protocol == model::Protocol::Unknown ? model::Protocol::Mq : c.protocol);
      // Keep the producer's link when the producer span does not name the same broker.
      if (p >= 0 && s[p].peer_service != c.peer_service) {
        auto& pe = graph_.edge(touch_edge(op_[owner_[p]], broker, InteractionKind::Async, trace_number));
        note_protocol(pe, model::Protocol::Mq);
      }
      continue;
    }
    if (p < 0) continue;
    const bool through_call = is_call_[p];
    const CompactSpan& call = through_call ? s[p] : c;
    InteractionKind kind = InteractionKind::Sync;
    if (c.follows_from || c.kind == SpanKind::Consumer || s[p].kind == SpanKind::Producer)
      kind = InteractionKind::Async;
    else if (is_storage(graph_.service(service_[i]).kind))
      kind = InteractionKind::Database;
    auto& e = graph_.edge(touch_edge(op_[owner_[p]], op_[i], kind, trace_number));
    e.parallel_calls += overlapped_[through_call ? p : static_cast<std::int32_t>(i)];
    e.errors += (c.error || (through_call && s[p].error)) ? 1 : 0;
    // A call span without a duration: the callee's own duration is the best lower bound.
    const std::int64_t waited = call.duration > 0 ? call.duration : c.duration;
    if (waited > 0) e.latency.add(static_cast<double>(waited));
    note_protocol(e, call.protocol != model::Protocol::Unknown ? call.protocol : c.protocol);
    add_bytes(e, call);
  }

  // 5. Peers named by client/producer spans that no child span answers for.
  for (std::uint32_t j = 0; j < n; ++j) {
    const CompactSpan& c = s[j];
    if (c.peer_service == kNone || session_[j]) continue;
    if (c.kind == SpanKind::Consumer && c.peer_kind == ServiceKind::Broker) continue;
    bool answered = false;
    const std::string_view peer_name = strings_.get(c.peer_service);
    for (auto k = child_offset_[j]; k < child_offset_[j + 1]; ++k)
      answered = answered || graph_.service(service_[children_[k]]).name == peer_name;
    if (answered) continue;
    OperationId target = peer_target(c, c.peer_kind);
    InteractionKind kind = InteractionKind::Sync;
    model::Protocol proto = c.protocol;
    if (is_storage(c.peer_kind)) {
      kind = InteractionKind::Database;
      if (proto == model::Protocol::Unknown) proto = model::Protocol::Db;
    } else if (c.kind == SpanKind::Producer || c.peer_kind == ServiceKind::Broker) {
      kind = InteractionKind::Async;
      if (proto == model::Protocol::Unknown) proto = model::Protocol::Mq;
    }
    auto& e = graph_.edge(touch_edge(op_[owner_[j]], target, kind, trace_number));
    e.parallel_calls += overlapped_[j];
    e.errors += c.error;
    if (c.duration > 0) e.latency.add(static_cast<double>(c.duration));
    note_protocol(e, proto);
    add_bytes(e, c);
    auto& top = graph_.operation(target);
    ++top.invocations;
    top.errors += c.error;
    if (c.duration > 0) top.duration.add(static_cast<double>(c.duration));
  }
}

std::int64_t TraceAssembler::waited_time(const CompactSpan* s, std::uint32_t i) {
  const CompactSpan& c = s[i];
  intervals_.clear();
  std::int64_t untimed = 0;
  stack_.clear();
  for (auto k = child_offset_[i]; k < child_offset_[i + 1]; ++k) stack_.push_back(children_[k]);
  while (!stack_.empty()) {
    const std::uint32_t k = stack_.back();
    stack_.pop_back();
    const CompactSpan& ch = s[k];
    if (ch.follows_from || ch.kind == SpanKind::Consumer) continue;  // asynchronous: not waited for
    // A folded self-call (or the call span leading to one) and a child without a duration stand
    // for their own children.
    if (transparent_[k] || ch.duration <= 0) {
      for (auto j = child_offset_[k]; j < child_offset_[k + 1]; ++j) stack_.push_back(children_[j]);
      continue;
    }
    if (!ch.has_start) {
      untimed += ch.duration;
      continue;
    }
    std::int64_t a = ch.start, b = ch.end();
    if (c.has_start) {  // a child sticking out of its parent (clock skew) is clipped to it
      a = std::max(a, c.start);
      b = std::min(b, c.end());
    }
    if (b > a) intervals_.emplace_back(a, b);
  }
  return union_coverage(intervals_).covered + untimed;
}

// Parallel fan-out: a span is marked when its interval overlaps a synchronous sibling's (same
// parent span) by more than a tenth of the shorter of the two, so clock skew between hosts
// and back-to-back sequential calls are not taken for parallel ones.
void TraceAssembler::mark_parallel(const CompactSpan* s, std::uint32_t n) {
  overlapped_.assign(n, 0);
  auto sync = [&](std::uint32_t k) {
    return s[k].has_start && !s[k].follows_from && s[k].kind != SpanKind::Consumer && s[k].kind != SpanKind::Producer;
  };
  for (std::uint32_t i = 0; i < n; ++i) {
    if (child_offset_[i + 1] - child_offset_[i] < 2) continue;
    starts_.clear();
    for (auto k = child_offset_[i]; k < child_offset_[i + 1]; ++k)
      if (sync(children_[k])) starts_.emplace_back(s[children_[k]].start, children_[k]);
    if (starts_.size() < 2) continue;
    std::sort(starts_.begin(), starts_.end());
    mark_parallel_siblings(
        starts_.size(), [&](std::size_t k) { return s[starts_[k].second].start; },
        [&](std::size_t k) { return s[starts_[k].second].duration; },
        [&](std::size_t k) { overlapped_[starts_[k].second] = 1; });
  }
}

}  // namespace nanoscope::importers::detail
