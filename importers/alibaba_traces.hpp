// Following Alibaba call-graph rows trace by trace (the second stage of the Alibaba import):
// each open trace keeps its rpcs (for caller operations and the two-sided dedupe) and the
// calls it counted; a trace is closed once no row of it came for kIdleRows rows. The rules are
// explained at the top of callgraph_csv.cpp. Used for the rows of one file and, with sources,
// for the traces that straddle files (trace_joiner.hpp).
#pragma once

#include <climits>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "importers/alibaba_rows.hpp"
#include "importers/call_aggregator.hpp"
#include "importers/flat_index.hpp"
#include "model/diagnostics.hpp"

namespace nanoscope::importers::detail {

constexpr std::uint64_t kIdleRows = std::uint64_t{1} << 16;   // a trace silent this long is closed
constexpr std::uint64_t kSweepRows = std::uint64_t{1} << 14;  // how often idle traces are looked for
constexpr std::uint64_t kMaxOpenRpcs = std::uint64_t{1} << 21; // memory bound over all open traces
// A trace over kMaxOpenRpcs / 2 rpcs is closed at the next sweep, so it never holds 2^24
// (RpcEntry's 24-bit indices).
static_assert(kMaxOpenRpcs + kSweepRows < (std::uint64_t{1} << 24));


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
  bool set_aside = false;  // its rows are set aside to be joined with a neighbouring file's
  std::uint32_t source = 0;  // CallAggregator::count_trace's source
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
    set_aside = false;
    source = 0;
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

/// Which traces a file sets aside for the join with its neighbours (trace_joiner.hpp): those
/// first seen before row `head_rows` at a row that is not a root rpc (they may have begun in the
/// previous file), and with `tail`, every trace first seen (the rows of the file's last window).
struct SetAsidePolicy {
  std::uint64_t head_rows = 0;
  bool tail = false;
};

/// Follows traces of AlibabaRows into a CallAggregator.
class AlibabaTraces {
 public:
  /// `names` holds the rows' names; `unknown_id` is the id of kUnknownService in it.
  AlibabaTraces(const NameTable& names, std::uint32_t unknown_id) : unknown_id_(unknown_id), aggregator_(names) {}

  /// Follows `count` rows; the rows of traces set aside under `policy` are appended to `aside`
  /// instead (when it is null nothing is set aside). `source` is the CallAggregator::count_trace
  /// source of the traces these rows open.
  void follow(const AlibabaRow* rows, std::size_t count, const SetAsidePolicy& policy = {},
              std::vector<AlibabaRow>* aside = nullptr, std::uint32_t source = 0);
  /// Closes every open trace.
  void close_all() { sweep(~std::uint64_t{0}); }
  /// Closes every open trace and counts rows from 0 again (a group of rows followed as if it
  /// were a file of its own: where the periodic sweeps fall does not depend on what came before).
  void restart();
  /// Rows followed (or set aside) so far.
  [[nodiscard]] std::uint64_t rows() const { return rows_; }
  /// Open traces that were not set aside (e.g. at the end of a file: those its last window did
  /// not set aside, so their rows in the next file are not joined to them).
  [[nodiscard]] std::uint64_t open_followed_traces() const;
  /// Closes every trace, frees the trace tables and hands the aggregates to `sink`.
  void flush(CallSink& sink);
  void flush(GraphBuilder& builder);
  /// Reports the counts of what was folded, inferred or left unresolved (builder.warn/info style).
  void report(const std::function<void(model::Severity, std::string_view, std::string_view, std::uint64_t)>& out) const;

 private:
  // Closes every trace and frees the trace tables.
  void release_traces();
  TraceState& open(std::uint64_t id, bool set_aside_if_new, std::uint32_t source);
  // Follows one row; false when its trace is set aside.
  bool row(const AlibabaRow& r, bool set_aside_if_new, std::uint32_t source);
  void commit(TraceState& trace, const PendingCall& call, RpcEntry& own, RpcEntry* caller);
  static void wait_on(TraceState& trace, RpcEntry& caller, const PendingCall& call);
  static void extend_union(float& waited, std::int64_t& end, std::int64_t a, std::int64_t b);
  void record_self_times(TraceState& trace);
  void sweep(std::uint64_t before);
  void close(TraceState& trace);

  std::uint32_t unknown_id_;
  CallAggregator aggregator_;
  FlatIndex open_;  // trace hash -> index into states_
  std::size_t last_state_ = ~std::size_t{0};  // the state of the previous row's trace
  std::vector<TraceState> states_;
  std::vector<std::uint32_t> free_;
  std::uint64_t rows_ = 0;
  std::uint64_t unknown_names_ = 0, folded_ = 0, callee_only_ = 0, unresolved_ = 0, inferred_callers_ = 0,
                self_calls_ = 0;
};

}  // namespace nanoscope::importers::detail
