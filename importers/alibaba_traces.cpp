// Following Alibaba call-graph rows trace by trace: caller operations, the two-sided dedupe,
// self times, and the calls, entries and traces they add to the aggregator.
#include "importers/alibaba_traces.hpp"

#include <algorithm>
#include <cmath>

namespace nanoscope::importers::detail {
namespace {

using model::InteractionKind;
using model::Protocol;
using model::ServiceKind;

struct RpcType {
  InteractionKind kind = InteractionKind::Sync;
  Protocol protocol = Protocol::Unknown;
  ServiceKind to_kind = ServiceKind::Service;
};

RpcType rpc_type(RpcKind kind) {
  switch (kind) {
    case RpcKind::Rpc: return {InteractionKind::Sync, Protocol::Unknown, ServiceKind::Service};
    case RpcKind::Http: return {InteractionKind::Sync, Protocol::Http, ServiceKind::Service};
    case RpcKind::Mq: return {InteractionKind::Async, Protocol::Mq, ServiceKind::Service};
    case RpcKind::Db: return {InteractionKind::Database, Protocol::Db, ServiceKind::Database};
    case RpcKind::Mc: return {InteractionKind::Database, Protocol::Db, ServiceKind::Cache};
    case RpcKind::Other: break;
  }
  return {};
}

}  // namespace

void AlibabaTraces::follow(const AlibabaRow* rows, std::size_t count, const SetAsidePolicy& policy,
                           std::vector<AlibabaRow>* aside, std::uint32_t source) {
  for (std::size_t k = 0; k < count; ++k) {
    const AlibabaRow& r = rows[k];
    const bool set_aside_if_new =
        aside && (policy.tail || (rows_ < policy.head_rows && !(r.flags & AlibabaRow::kRoot)));
    if (!row(r, set_aside_if_new, source)) aside->push_back(r);
    if (++rows_ % kSweepRows == 0) sweep(rows_ > kIdleRows ? rows_ - kIdleRows : 0);
  }
}

void AlibabaTraces::restart() {
  close_all();
  rows_ = 0;
  last_state_ = ~std::size_t{0};
}

std::uint64_t AlibabaTraces::open_followed_traces() const {
  std::uint64_t n = 0;
  open_.for_each([&](std::uint64_t, std::uint32_t index) { n += states_[index].set_aside ? 0 : 1; });
  return n;
}

void AlibabaTraces::release_traces() {
  close_all();
  // Every trace is closed: their tables go before the graph's summaries are built.
  std::vector<TraceState>().swap(states_);
  std::vector<std::uint32_t>().swap(free_);
  open_ = FlatIndex();
  last_state_ = ~std::size_t{0};
}

void AlibabaTraces::flush(CallSink& sink) {
  release_traces();
  aggregator_.flush(sink);
}

void AlibabaTraces::flush(GraphBuilder& builder) {
  release_traces();
  aggregator_.flush(builder);
}

TraceState& AlibabaTraces::open(std::uint64_t id, bool set_aside_if_new, std::uint32_t source) {
  if (last_state_ < states_.size() && states_[last_state_].open && states_[last_state_].trace == id) {
    states_[last_state_].last_row = rows_;
    return states_[last_state_];
  }
  auto [index, inserted] = open_.insert(id, 0);
  if (inserted) {
    if (free_.empty()) {
      *index = static_cast<std::uint32_t>(states_.size());
      states_.emplace_back();
    } else {
      *index = free_.back();
      free_.pop_back();
    }
    states_[*index].reset(id);
    states_[*index].set_aside = set_aside_if_new;
    states_[*index].source = source;
  }
  last_state_ = *index;
  TraceState& state = states_[*index];
  state.last_row = rows_;
  return state;
}

bool AlibabaTraces::row(const AlibabaRow& r, bool set_aside_if_new, std::uint32_t source) {
  if (r.flags & AlibabaRow::kTwinSeen) {  // its caller-side row was counted just before
    ++folded_;
    return true;
  }
  TraceState& trace = open(r.trace, set_aside_if_new, source);
  if (trace.set_aside) return false;
  const RpcType type = rpc_type(r.kind);
  PendingCall call;
  const bool um_missing = r.flags & AlibabaRow::kUmMissing;
  const bool dm_missing = r.flags & AlibabaRow::kDmMissing;
  call.key.from_service = r.um;
  call.key.to_service = r.dm;
  call.key.to_operation = r.interface;
  call.key.kind = type.kind;
  call.key.protocol = type.protocol;
  call.key.to_kind = type.to_kind;
  call.missing_names = static_cast<std::uint8_t>(um_missing + dm_missing);
  call.external_caller = r.flags & AlibabaRow::kExternalCaller;
  call.root = r.flags & AlibabaRow::kRoot;
  if (r.flags & AlibabaRow::kHasLatency) call.latency_us = r.latency_us;
  if (r.flags & AlibabaRow::kHasTimestamp) call.timestamp_us = r.timestamp_us;
  call.rpc = r.rpc;
  call.parent = call.root ? 0 : r.parent;

  RpcEntry& entry = trace.insert(r.rpc);
  RpcEntry* caller = call.root ? nullptr : trace.find(r.parent);
  if (!call.root) {
    if (caller && um_missing && caller->dm != unknown_id_) {  // the parent rpc names the caller
      call.key.from_service = caller->dm;
      call.key.from_operation = caller->interface;
      call.missing_names = static_cast<std::uint8_t>(dm_missing);
      call.inferred_caller = true;
    } else if (caller && caller->dm == call.key.from_service) {
      call.key.from_operation = caller->interface;
    } else {
      call.unresolved = true;
    }
  }

  if (entry.flags() == kUsed) {
    entry.interface = call.key.to_operation;
    entry.dm = call.key.to_service;
  }
  if (!(r.flags & AlibabaRow::kCalleeSide)) {
    if (entry.flags() & kPending) {
      trace.pending[entry.link()].cancelled = true;
      ++folded_;
    }
    entry.set_flags(static_cast<std::uint8_t>(kUsed | kCounted | (entry.flags() & kHasCall)));
    commit(trace, call, entry, caller);
  } else if (entry.flags() & (kCounted | kPending)) {
    ++folded_;
  } else {
    entry.set_flags(kUsed | kPending);
    entry.set_link(static_cast<std::uint32_t>(trace.pending.size()));
    trace.pending.push_back(call);
  }
  return true;
}


// Counts `call` (of rpc `own`, whose parent rpc is `caller` when known).
void AlibabaTraces::commit(TraceState& trace, const PendingCall& call, RpcEntry& own, RpcEntry* caller) {
  if (call.latency_us) {
    own.rt_us = static_cast<float>(*call.latency_us);
    if (caller) wait_on(trace, *caller, call);
  }
  if (call.root && call.external_caller) {
    own.add_flags(kEntry);
    aggregator_.add_entry(call.key.to_service, call.key.to_operation);
    if (call.key.to_service == unknown_id_) ++unknown_names_;
    return;
  }
  unknown_names_ += call.missing_names;
  if (call.unresolved) ++unresolved_;
  if (call.inferred_caller) ++inferred_callers_;
  if (call.root && !trace.entered) {
    trace.entered = true;
    aggregator_.add_entry(call.key.from_service, 0);
  }
  if (call.key.from_service == call.key.to_service && call.key.from_operation == call.key.to_operation) {
    own.add_flags(kFolded);  // a self-call: no edge from an operation to itself
    trace.folded.emplace_back(own.rpc, call.parent);
    ++self_calls_;
    return;
  }
  own.add_flags(kHasCall);
  own.set_link(static_cast<std::uint32_t>(trace.calls.size()));
  trace.calls.push_back(aggregator_.add_call(call.key, call.latency_us, call.timestamp_us));
}

// Adds the interval of `call` to the time its caller rpc waited.
void AlibabaTraces::wait_on(TraceState& trace, RpcEntry& caller, const PendingCall& call) {
  const double rt = *call.latency_us;
  if (!call.timestamp_us) {
    caller.waited_us += static_cast<float>(rt);
    return;
  }
  const std::int64_t a = *call.timestamp_us, b = a + static_cast<std::int64_t>(rt + 0.5);  // rt >= 0
  if (!trace.wide) {
    if (!trace.has_base) {
      trace.base_us = a;
      trace.has_base = true;
    }
    // Relative to base_us: the same differences, so the same sums.
    const std::int64_t ra = a - trace.base_us, rb = b - trace.base_us;
    if (ra > kNoEnd && ra <= INT32_MAX && rb > kNoEnd && rb <= INT32_MAX) {
      std::int64_t end = caller.waited_end == kNoEnd ? INT64_MIN : caller.waited_end;
      extend_union(caller.waited_us, end, ra, rb);
      caller.waited_end = static_cast<std::int32_t>(end);  // the old end or rb: both fit
      return;
    }
    trace.widen();
  }
  extend_union(caller.waited_us, trace.wide_ends.try_emplace(caller.rpc, INT64_MIN).first->second, a, b);
}
// Adds [a, b) to a union swept in order of start whose end is `end` and length `waited`.
void AlibabaTraces::extend_union(float& waited, std::int64_t& end, std::int64_t a, std::int64_t b) {
  if (a >= end) {
    waited += static_cast<float>(b - a);
    end = b;
  } else if (b > end) {
    waited += static_cast<float>(b - end);
    end = b;
  }
}

// Self times of a closing trace's counted rpcs, in table order; a folded self-call's self
// time is its caller's (the nearest caller that is not folded itself).
void AlibabaTraces::record_self_times(TraceState& trace) {
  std::sort(trace.used.begin(), trace.used.end());  // table order
  if (!trace.folded.empty()) {
    std::sort(trace.folded.begin(), trace.folded.end());
    for (std::uint32_t i : trace.used) {
      const RpcEntry& e = trace.rpcs[i];
      if (!(e.flags() & kFolded) || e.rt_us < 0) continue;
      RpcEntry* up = trace.find(trace.folded_parent(e.rpc));
      for (int depth = 0; up && (up->flags() & kFolded) && depth < 64; ++depth)
        up = trace.find(trace.folded_parent(up->rpc));
      if (up) up->waited_us -= std::max(e.rt_us - e.waited_us, 0.0f);
    }
  }
  const std::size_t n = trace.used.size();
  for (std::size_t k = 0; k < n; ++k) {
    // The table was last touched long ago: fetch a few entries ahead.
    if (k + 8 < n) __builtin_prefetch(&trace.rpcs[trace.used[k + 8]]);
    const RpcEntry& e = trace.rpcs[trace.used[k]];
    const std::uint8_t flags = e.flags();
    if (e.rt_us >= 0 && !(flags & kFolded)) {
      const double self = std::max(static_cast<double>(e.rt_us) - static_cast<double>(e.waited_us), 0.0);
      if (flags & kHasCall)
        aggregator_.add_self_time(trace.calls[e.link()], self);
      else if (flags & kEntry)
        aggregator_.add_entry_times(e.dm, e.interface, static_cast<double>(e.rt_us), self);
    }
  }
}

// Closes the traces last seen before row `before` (all with ~0), oldest first; also the
// least recently seen ones while the open traces hold too many rpcs.
void AlibabaTraces::sweep(std::uint64_t before) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> open;  // (last row, state)
  std::uint64_t rpcs = 0;
  open.reserve(open_.size());
  open_.for_each([&](std::uint64_t, std::uint32_t index) {
    open.emplace_back(states_[index].last_row, index);
    rpcs += states_[index].rpc_count;
  });
  std::sort(open.begin(), open.end());
  const bool crowded = rpcs > kMaxOpenRpcs;
  for (const auto& [last_row, index] : open) {
    if (last_row >= before && (!crowded || rpcs <= kMaxOpenRpcs / 2)) break;
    rpcs -= states_[index].rpc_count;
    close(states_[index]);
    states_[index].open = false;
    open_.erase(states_[index].trace);
    free_.push_back(index);
  }
}

void AlibabaTraces::close(TraceState& trace) {
  if (trace.set_aside) return;  // its rows went to the join; nothing was followed
  for (const PendingCall& call : trace.pending) {
    if (call.cancelled) continue;
    ++callee_only_;
    commit(trace, call, *trace.find(call.rpc), call.root ? nullptr : trace.find(call.parent));
  }
  record_self_times(trace);
  aggregator_.count_trace(trace.calls, trace.source);
  trace.pending.clear();
}


void AlibabaTraces::report(
    const std::function<void(model::Severity, std::string_view, std::string_view, std::uint64_t)>& out) const {
  using model::Severity;
  if (unknown_names_)
    out(Severity::Warning, "unknown-service",
        "a row names no service (empty, NAN, (?) or UNKNOWN); it is put in " + std::string(kUnknownService),
        unknown_names_);
  if (folded_)
    out(Severity::Info, "folded-callee-rows", "callee-side rows (negative rt) folded into their caller-side rows",
        folded_);
  if (callee_only_)
    out(Severity::Info, "callee-side-only", "calls seen only in a callee-side row (negative rt), counted once",
        callee_only_);
  if (unresolved_)
    out(Severity::Info, "unresolved-caller-operation",
        "calls whose parent rpc was not seen nearby in the trace; the caller operation is *", unresolved_);
  if (self_calls_)
    out(Severity::Info, "self-call",
        "calls from an operation to itself (the parent rpc's interface and service), folded into the caller",
        self_calls_);
  if (inferred_callers_)
    out(Severity::Info, "inferred-caller", "rows without an um whose caller is taken from the parent rpc's dm",
        inferred_callers_);
}

}  // namespace nanoscope::importers::detail
