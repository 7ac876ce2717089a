// Alibaba cluster-trace call-graph rows (v2021 MS_CallGraph_Table, v2022 MSCallGraph) ->
// aggregated calls and entries. The rules are explained at the top of callgraph_csv.cpp.
// Each open trace keeps its rpcs (for caller operations and the two-sided dedupe) and the
// calls it counted; a trace is closed once no row of it came for kIdleRows rows.
#include <algorithm>
#include <climits>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "importers/alibaba_rows.hpp"
#include "importers/batch_pipeline.hpp"
#include "importers/call_aggregator.hpp"
#include "importers/callgraph_csv_detail.hpp"
#include "importers/flat_index.hpp"

namespace nanoscope::importers::detail {
namespace {

using model::InteractionKind;
using model::Protocol;
using model::ServiceKind;

constexpr std::uint64_t kIdleRows = std::uint64_t{1} << 16;   // a trace silent this long is closed
constexpr std::uint64_t kSweepRows = std::uint64_t{1} << 14;  // how often idle traces are looked for
constexpr std::uint64_t kMaxOpenRpcs = std::uint64_t{1} << 21; // memory bound over all open traces
// A trace over kMaxOpenRpcs / 2 rpcs is closed at the next sweep, so it never holds 2^24
// (RpcEntry's 24-bit indices).
static_assert(kMaxOpenRpcs + kSweepRows < (std::uint64_t{1} << 24));

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

// One call to count, held back while it is known only from its callee-side row.
struct PendingCall {
  CallKey key;
  std::uint64_t rpc = 0, parent = 0;  // hashes of its rpcid and of its parent's
  std::optional<double> latency_us;
  std::optional<std::int64_t> timestamp_us;
  bool root = false;             // rpcid "0" or "0.N"
  bool external_caller = false;  // um missing or USER
  std::uint8_t missing_names = 0;
  bool unresolved = false;       // the caller operation could not be found
  bool inferred_caller = false;  // um was missing; the parent rpc's dm is the caller
  bool cancelled = false;        // its caller-side twin turned up
};

constexpr std::int32_t kNoEnd = INT32_MIN;  // RpcEntry::waited_end: no timed call yet

// What a trace remembers of one of its rpcs (32 bytes: the open traces hold up to millions).
// Self time: the rt of its counted call minus the time it waited on its own calls, a union
// swept as they come (exact when they come in order of start, as in the time-ordered
// published files; calls without a timestamp are summed).
struct RpcEntry {
  std::uint64_t rpc = 0;  // hash of the rpcid
  std::uint32_t interface = 0;
  std::uint32_t dm = 0;
  float rt_us = -1;       // its counted call's |rt|; negative: unknown
  float waited_us = 0;    // time spent waiting on its calls so far
  // End of the union of its calls' intervals so far, relative to TraceState::base_us (while
  // the trace is not `wide`); kNoEnd before the first.
  std::int32_t waited_end = kNoEnd;
  // Low 8 bits: flags (kUsed ...). High 24 bits: while kPending, its index in
  // TraceState::pending; once kHasCall, the index in TraceState::calls of the aggregate its
  // counted call went to. A trace holds fewer than 2^24 rpcs (see kMaxOpenRpcs).
  std::uint32_t link_flags = 0;

  [[nodiscard]] std::uint8_t flags() const { return static_cast<std::uint8_t>(link_flags & 0xFFu); }
  void set_flags(std::uint8_t f) { link_flags = (link_flags & ~0xFFu) | f; }
  void add_flags(std::uint8_t f) { link_flags |= f; }
  [[nodiscard]] std::uint32_t link() const { return link_flags >> 8; }
  void set_link(std::uint32_t index) { link_flags = (index << 8) | (link_flags & 0xFFu); }
};
static_assert(sizeof(RpcEntry) == 32);
constexpr std::uint8_t kUsed = 1;
constexpr std::uint8_t kCounted = 2;
constexpr std::uint8_t kPending = 4;
constexpr std::uint8_t kEntry = 8;    // counted as a request entering the system
constexpr std::uint8_t kFolded = 16;  // a self-call, folded into its caller
constexpr std::uint8_t kHasCall = 32; // a counted call went to an aggregate (link())

// An open trace. Closed states are reused, so steady-state rows allocate nothing.
struct TraceState {
  std::uint64_t trace = 0;
  std::uint64_t last_row = 0;
  bool open = false;
  bool entered = false;
  bool has_base = false;  // base_us is set
  bool wide = false;      // timestamps too far apart for 32 bits: waited ends in wide_ends
  std::uint32_t rpc_count = 0;
  std::int64_t base_us = 0;  // the first call timestamp it waited on
  std::vector<RpcEntry> rpcs = std::vector<RpcEntry>(64);  // open addressing
  std::vector<std::uint32_t> used;  // the positions in rpcs that hold an entry
  std::vector<PendingCall> pending;
  std::vector<std::uint32_t> calls;  // aggregates it counted
  std::vector<std::pair<std::uint64_t, std::uint64_t>> folded;  // (rpc, parent rpc) of self-calls
  std::unordered_map<std::uint64_t, std::int64_t> wide_ends;   // rpc -> absolute waited end

  RpcEntry* find(std::uint64_t rpc) {
    const std::size_t mask = rpcs.size() - 1;
    for (std::size_t i = rpc & mask;; i = (i + 1) & mask) {
      if (!(rpcs[i].flags() & kUsed)) return nullptr;
      if (rpcs[i].rpc == rpc) return &rpcs[i];
    }
  }
  // The entry for `rpc`, added (flags == kUsed) if new.
  RpcEntry& insert(std::uint64_t rpc) {
    if ((rpc_count + 1) * 4 > rpcs.size() * 3) grow();  // load factor up to 3/4
    const std::size_t mask = rpcs.size() - 1;
    std::size_t i = rpc & mask;
    for (; rpcs[i].flags() & kUsed; i = (i + 1) & mask)
      if (rpcs[i].rpc == rpc) return rpcs[i];
    ++rpc_count;
    used.push_back(static_cast<std::uint32_t>(i));
    rpcs[i] = RpcEntry{};
    rpcs[i].rpc = rpc;
    rpcs[i].set_flags(kUsed);
    return rpcs[i];
  }
  void grow() {
    std::vector<RpcEntry> old(rpcs.size() * 2);
    old.swap(rpcs);
    const std::size_t mask = rpcs.size() - 1;
    used.clear();
    for (const RpcEntry& e : old) {
      if (!(e.flags() & kUsed)) continue;
      std::size_t i = e.rpc & mask;
      while (rpcs[i].flags() & kUsed) i = (i + 1) & mask;
      rpcs[i] = e;
      used.push_back(static_cast<std::uint32_t>(i));
    }
  }
  void reset(std::uint64_t id) {
    trace = id;
    open = true;
    entered = false;
    has_base = false;
    // Cleared in one sweep, which also brings the table into cache for the rows to come.
    if (rpc_count) std::fill(rpcs.begin(), rpcs.end(), RpcEntry{});
    used.clear();
    rpc_count = 0;
    pending.clear();
    calls.clear();
    folded.clear();
    if (wide) {
      wide = false;
      wide_ends.clear();
    }
  }
  // Moves the waited ends out of the entries (absolute, 64-bit): a timestamp of the trace is
  // more than 2^31 us away from base_us.
  void widen() {
    wide = true;
    for (const RpcEntry& e : rpcs)
      if ((e.flags() & kUsed) && e.waited_end != kNoEnd) wide_ends[e.rpc] = base_us + e.waited_end;
  }
  // The parent rpc of self-call `rpc` (in `folded`, sorted).
  [[nodiscard]] std::uint64_t folded_parent(std::uint64_t rpc) const {
    const auto it = std::lower_bound(folded.begin(), folded.end(), std::make_pair(rpc, std::uint64_t{0}));
    return it != folded.end() && it->first == rpc ? it->second : 0;
  }
};

class AlibabaImporter {
 public:
  AlibabaImporter(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder)
      : reader_(reader), builder_(builder), parser_(reader, header, names_), unknown_id_(parser_.unknown_id()) {}

  std::uint64_t run() {
    // Stage one (a worker thread) parses and interns; stage two (here) follows the traces.
    // The name table is written only by stage one until the pipeline has finished.
    run_batch_pipeline<AlibabaRow>(
        kBatchRows, 4,
        [this](std::vector<AlibabaRow>& batch) {
          while (batch.size() < kBatchRows) {
            if (!reader_.next()) return false;
            batch.emplace_back();
            parser_.parse(batch.back());
          }
          return true;
        },
        [this](const std::vector<AlibabaRow>& batch) {
          for (const AlibabaRow& r : batch) {
            row(r);
            if (++rows_ % kSweepRows == 0) sweep(rows_ > kIdleRows ? rows_ - kIdleRows : 0);
          }
        });
    sweep(~std::uint64_t{0});
    // Every trace is closed: their tables go before the graph's summaries are built.
    std::vector<TraceState>().swap(states_);
    std::vector<std::uint32_t>().swap(free_);
    open_ = FlatIndex();
    aggregator_.flush(builder_);
    report();
    return rows_;
  }

 private:
  static constexpr std::size_t kBatchRows = 4096;

  TraceState& open(std::uint64_t id) {
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
    }
    last_state_ = *index;
    TraceState& state = states_[*index];
    state.last_row = rows_;
    return state;
  }

  void row(const AlibabaRow& r) {
    if (r.flags & AlibabaRow::kTwinSeen) {  // its caller-side row was counted just before
      ++folded_;
      return;
    }
    TraceState& trace = open(r.trace);
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
  }

  // Counts `call` (of rpc `own`, whose parent rpc is `caller` when known).
  void commit(TraceState& trace, const PendingCall& call, RpcEntry& own, RpcEntry* caller) {
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
  static void wait_on(TraceState& trace, RpcEntry& caller, const PendingCall& call) {
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
  static void extend_union(float& waited, std::int64_t& end, std::int64_t a, std::int64_t b) {
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
  void record_self_times(TraceState& trace) {
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
  void sweep(std::uint64_t before) {
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

  void close(TraceState& trace) {
    for (const PendingCall& call : trace.pending) {
      if (call.cancelled) continue;
      ++callee_only_;
      commit(trace, call, *trace.find(call.rpc), call.root ? nullptr : trace.find(call.parent));
    }
    record_self_times(trace);
    aggregator_.count_trace(trace.calls);
    trace.pending.clear();
  }

  void report() {
    if (unknown_names_)
      builder_.warn("unknown-service", "a row names no service (empty, NAN, (?) or UNKNOWN); it is put in " +
                                           std::string(kUnknownService), unknown_names_);
    if (folded_)
      builder_.info("folded-callee-rows", "callee-side rows (negative rt) folded into their caller-side rows", folded_);
    if (callee_only_)
      builder_.info("callee-side-only", "calls seen only in a callee-side row (negative rt), counted once", callee_only_);
    if (unresolved_)
      builder_.info("unresolved-caller-operation",
                    "calls whose parent rpc was not seen nearby in the trace; the caller operation is *", unresolved_);
    if (self_calls_)
      builder_.info("self-call",
                    "calls from an operation to itself (the parent rpc's interface and service), folded into "
                    "the caller",
                    self_calls_);
    if (inferred_callers_)
      builder_.info("inferred-caller", "rows without an um whose caller is taken from the parent rpc's dm",
                    inferred_callers_);
    const std::uint64_t missing_rt = parser_.missing_rt(), unknown_rpctype = parser_.unknown_rpctype();
    if (missing_rt) builder_.info("missing-rt", "rows without a response time (no latency sample)", missing_rt);
    if (unknown_rpctype)
      builder_.info("unknown-rpctype", "rows whose rpctype is not rpc, http, mq, db or mc; taken as sync calls",
                    unknown_rpctype);
  }

  CsvReader& reader_;
  GraphBuilder& builder_;
  NameTable names_;
  AlibabaRowParser parser_;
  std::uint32_t unknown_id_;
  CallAggregator aggregator_{names_};
  FlatIndex open_;  // trace hash -> index into states_
  std::size_t last_state_ = ~std::size_t{0};  // the state of the previous row's trace
  std::vector<TraceState> states_;
  std::vector<std::uint32_t> free_;
  std::uint64_t rows_ = 0;
  std::uint64_t unknown_names_ = 0, folded_ = 0, callee_only_ = 0, unresolved_ = 0, inferred_callers_ = 0,
                self_calls_ = 0;
};

}  // namespace

std::uint64_t import_alibaba_callgraph(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder) {
  return AlibabaImporter(reader, header, builder).run();
}

}  // namespace nanoscope::importers::detail
