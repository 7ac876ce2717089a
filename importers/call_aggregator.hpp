// Row-level call tables (call-graph CSV) are folded here into one aggregate per distinct call
// before they reach the GraphBuilder: interned names, bounded "recently seen" maps for
// per-trace facts, and per-call counters and latency summaries.
#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "importers/graph_builder.hpp"
#include "model/kinds.hpp"
#include "model/latency_summary.hpp"

namespace nanoscope::importers::detail {

/// Mixes two hashes into one (order matters).
[[nodiscard]] inline std::uint64_t mix_hash(std::uint64_t a, std::uint64_t b) {
  std::uint64_t h = a ^ (b + 0x9E3779B97F4A7C15ull + (a << 6) + (a >> 2));
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 29;
  return h;
}

/// 64-bit hash of a byte string: two multiply-xorshift lanes over 16-byte steps, so the
/// 26-64 byte ids and hashed names of call tables cost a few nanoseconds.
[[nodiscard]] inline std::uint64_t hash_text(std::string_view text) {
  constexpr std::uint64_t kA = 0x9E3779B97F4A7C15ull, kB = 0xC2B2AE3D27D4EB4Full;
  const char* p = text.data();
  std::size_t n = text.size();
  std::uint64_t a = (n + 1) * kA, b = kB;
  auto load = [](const char* at, std::size_t bytes) {
    std::uint64_t v = 0;
    std::memcpy(&v, at, bytes);
    return v;
  };
  for (; n >= 16; p += 16, n -= 16) {
    a = (a ^ load(p, 8)) * kA;
    b = (b ^ load(p + 8, 8)) * kB;
    a ^= a >> 32;
    b ^= b >> 29;
  }
  if (n >= 8) {
    a = (a ^ load(p, 8)) * kA;
    a ^= a >> 32;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    // The last n < 8 bytes as memcpy(&v, p, n) would give them (little-endian), but without
    // a byte-wise copy through memory that stalls the load after it.
    std::uint64_t tail = 0;
    if (text.size() >= 8) {
      tail = load(p + n - 8, 8) >> ((8 - n) * 8);
    } else if (n >= 4) {
      tail = load(p, 4) | (load(p + n - 4, 4) << ((n - 4) * 8));
    } else {
      tail = static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) |
             static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << (n / 2 * 8) |
             static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << ((n - 1) * 8);
    }
    b = (b ^ tail) * kB;
    b ^= b >> 29;
  }
  return mix_hash(a, b);
}

/// Interns names to dense ids; id 0 is the empty name. Names stay valid as long as the table.
class NameTable {
 public:
  NameTable();
  /// Id of `name`, adding it if new.
  [[nodiscard]] std::uint32_t intern(std::string_view name);
  [[nodiscard]] std::string_view name(std::uint32_t id) const { return names_[id]; }
  [[nodiscard]] std::size_t size() const { return names_.size(); }

 private:
  void grow();
  std::vector<std::uint32_t> slots_;   // id + 1; 0 = empty
  std::vector<std::uint64_t> hashes_;  // per id
  std::deque<std::string> names_;      // deque: elements never move
};

/// A bounded map of recently seen 64-bit keys (hashes) to small values: two generations of
/// fixed-size open-addressing tables. When the young one is half full it becomes the old
/// one and the previous old one is forgotten, so memory is fixed and recent keys survive.
template <class Value>
class RecentMap {
 public:
  /// Each generation holds up to 2^(capacity_log2 - 1) keys.
  explicit RecentMap(unsigned capacity_log2)
      : young_(std::size_t{1} << capacity_log2), old_(std::size_t{1} << capacity_log2),
        mask_((std::size_t{1} << capacity_log2) - 1), limit_(std::size_t{1} << (capacity_log2 - 1)),
        shift_(64 - capacity_log2) {}

  /// The value stored for `key`, or nullptr. Valid until the next insert.
  [[nodiscard]] Value* find(std::uint64_t key) {
    if (Value* v = probe(young_, key)) return v;
    return probe(old_, key);
  }
  /// Inserts `key` into the young generation unless present; returns the stored value and
  /// whether it was inserted. Valid until the next insert.
  std::pair<Value*, bool> insert(std::uint64_t key, const Value& value) {
    if (Value* v = find(key)) return {v, false};
    if (young_count_ == limit_) roll();
    std::size_t i = index(key);
    while (young_[i].used) i = (i + 1) & mask_;
    young_[i] = Slot{key, value, true};
    ++young_count_;
    return {&young_[i].value, true};
  }
  /// Number of times a generation was forgotten.
  [[nodiscard]] std::uint64_t generation() const { return generation_; }

 private:
  struct Slot {
    std::uint64_t key = 0;
    Value value{};
    bool used = false;
  };
  [[nodiscard]] std::size_t index(std::uint64_t key) const {
    return static_cast<std::size_t>(((key ^ (key >> 32)) * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  Value* probe(std::vector<Slot>& table, std::uint64_t key) {
    for (std::size_t i = index(key);; i = (i + 1) & mask_) {
      if (!table[i].used) return nullptr;
      if (table[i].key == key) return &table[i].value;
    }
  }
  void roll() {
    std::swap(young_, old_);
    std::fill(young_.begin(), young_.end(), Slot{});
    young_count_ = 0;
    ++generation_;
  }

  std::vector<Slot> young_, old_;
  std::size_t mask_;
  std::size_t limit_;
  unsigned shift_;
  std::size_t young_count_ = 0;
  std::uint64_t generation_ = 0;
};

/// What distinguishes one aggregated call from another (names are NameTable ids).
struct CallKey {
  std::uint32_t from_service = 0;
  std::uint32_t from_operation = 0;  ///< 0: the "*" operation
  std::uint32_t to_service = 0;
  std::uint32_t to_operation = 0;
  model::InteractionKind kind = model::InteractionKind::Sync;
  model::Protocol protocol = model::Protocol::Unknown;
  model::ServiceKind to_kind = model::ServiceKind::Service;
  bool operator==(const CallKey&) const = default;
};

/// Where CallAggregator::flush() hands its aggregates: a GraphBuilder (through flush(builder))
/// or the joined calls of traces that straddle files (joined_calls.hpp).
class CallSink {
 public:
  virtual ~CallSink() = default;
  virtual void add_call(const CallRecord& call) = 0;
  /// `source` as in CallAggregator::count_trace.
  virtual void add_traces(std::uint64_t count, std::uint32_t source) = 0;
  virtual void add_entry(std::string_view service, std::string_view operation, std::uint64_t count) = 0;
  virtual void add_operation_times(std::string_view service, std::string_view operation,
                                   const model::LatencySummary* duration, const model::LatencySummary* self_time) = 0;
};

/// Latency samples of one aggregate as uint32 counts in LatencySummary's buckets, over a
/// range that grows in steps, so adding a sample never allocates in steady state; turned into
/// a LatencySummary once, at the end.
class LatencyCounts {
 public:
  /// Adds one sample of `micros` that falls in LatencySummary bucket `bucket`.
  void add(double micros, std::uint32_t bucket);
  /// Asks the CPU to fetch the counter add() would touch for `bucket` (a hint, no effect).
  void prefetch(std::uint32_t bucket) const {
    // Unconditional (GCC drops a prefetch under a branch); a prefetch never faults.
    const auto at = reinterpret_cast<std::uintptr_t>(counts_.data()) +
                    (static_cast<std::uintptr_t>(bucket) - first_) * sizeof(std::uint32_t);
    __builtin_prefetch(reinterpret_cast<const void*>(at));
  }
  [[nodiscard]] bool empty() const { return count_ == 0 && !spill_; }
  /// The samples as a LatencySummary (identical to adding them to one directly).
  [[nodiscard]] model::LatencySummary summary() const;

 private:
  void spill();
  [[nodiscard]] model::LatencySummary summary_of_counts() const;
  std::uint64_t count_ = 0;
  double sum_ = 0, min_ = 0, max_ = 0;
  std::uint32_t first_ = 0;
  std::vector<std::uint32_t> counts_;
  std::unique_ptr<model::LatencySummary> spill_;  // samples beyond a uint32 bucket count
};

/// Sums calls per CallKey and entries per operation, then hands them to a GraphBuilder in
/// first-seen order (deterministic for a given input).
class CallAggregator {
 public:
  explicit CallAggregator(const NameTable& names);
  /// One observed call; returns the index of its aggregate (for count_trace()).
  std::uint32_t add_call(const CallKey& key, std::optional<double> latency_us,
                         std::optional<std::int64_t> timestamp_us);
  /// One self-time sample (microseconds) of the callee of aggregate `call` (an add_call() result).
  void add_self_time(std::uint32_t call, double self_us);
  /// One call of aggregate `call` ran in parallel with a sibling call (call_intervals.hpp).
  void add_parallel(std::uint32_t call) { ++slots_[call].parallel; }
  /// `count` requests entering the system at an operation.
  void add_entry(std::uint32_t service, std::uint32_t operation, std::uint64_t count = 1);
  /// Duration and self-time samples of one request entering at an operation (a trace root:
  /// no incoming call carries its duration). Does not count the entry.
  void add_entry_times(std::uint32_t service, std::uint32_t operation, std::optional<double> duration_us,
                       std::optional<double> self_us);
  /// Ends one trace: each distinct aggregate in `calls` (add_call() results; sorted and
  /// deduplicated in place) gains one trace, and the trace itself is counted, for `source`: 0
  /// for the file being imported; in the join of traces that straddle files (trace_joiner.hpp),
  /// 1 + the plan unit where the trace begins.
  void count_trace(std::vector<std::uint32_t>& calls, std::uint32_t source = 0);

  [[nodiscard]] std::uint64_t traces() const { return traces_; }
  [[nodiscard]] std::size_t distinct_calls() const { return slots_.size(); }
  /// Applies every aggregate to `builder` (all of source 0); the aggregator is empty afterwards.
  void flush(GraphBuilder& builder);
  /// Hands every aggregate to `sink`, in first-seen order; the aggregator is empty afterwards.
  void flush(CallSink& sink);

 private:
  struct Slot {
    CallKey key;
    std::uint64_t hash = 0;
    std::uint64_t calls = 0;
    std::uint64_t traces = 0;
    std::uint64_t parallel = 0;  // calls that overlapped a sibling (add_parallel)
    LatencyCounts latency;
    std::optional<std::int64_t> first_us;
    std::optional<std::int64_t> last_us;
  };
  [[nodiscard]] static std::uint64_t hash_key(const CallKey& k);
  void grow();
  /// Applies the oldest deferred latency sample (all of them, and the self-time ones, with
  /// drain_latency()).
  void apply_latency(std::size_t at);
  void apply_self_time(std::size_t at);
  void drain_latency();
  [[nodiscard]] std::uint32_t bucket_of(double micros) const;

  // Latency samples wait here for kLatencyDelay further calls while their histogram counter
  // is prefetched: the counters of thousands of aggregates do not fit in cache, and the
  // update would otherwise stall on memory for every call. Applied in order, so the result
  // is the same as applying them at once.
  // Self-time samples (given when a trace ends, long after the aggregate's slot was last
  // touched) wait in a queue of their own: their LatencyCounts is fetched when queued, its
  // counter half a queue later, and the sample applied at the end of the queue.
  struct DeferredSample {
    std::uint32_t slot = 0;
    std::uint32_t bucket = 0;
    double micros = 0;
  };
  struct Entry {
    std::uint64_t key = 0;  // service << 32 | operation
    std::uint64_t count = 0;
    model::LatencySummary duration, self_time;  // few samples (one per trace at most)
  };
  static constexpr std::size_t kLatencyDelay = 16;  // a power of two
  DeferredSample deferred_[kLatencyDelay];
  std::size_t deferred_begin_ = 0, deferred_count_ = 0;
  static constexpr std::size_t kSelfDelay = 64;  // a power of two: they come in bursts
  DeferredSample self_deferred_[kSelfDelay];
  std::size_t self_begin_ = 0, self_count_ = 0;

  const NameTable& names_;
  std::vector<std::uint16_t> whole_ms_buckets_;  // bucket of k ms, k < size (the common case)
  std::vector<std::uint32_t> table_;  // open addressing: slot index + 1; 0 = empty
  std::vector<Slot> slots_;
  std::vector<LatencyCounts> self_times_;  // per slot: the callee's self time (kept apart, so
                                           // the per-call Slot stays small)
  std::unordered_map<std::uint64_t, std::uint32_t> entry_index_;
  std::vector<Entry> entries_;
  [[nodiscard]] Entry& entry(std::uint32_t service, std::uint32_t operation);
  std::uint64_t traces_ = 0;
  std::vector<std::uint64_t> traces_by_source_;  // traces of sources 1.. (index source - 1)
};

// Inline: they run once or twice per call of a table with hundreds of millions of rows.
inline std::uint32_t CallAggregator::bucket_of(double us) const {
  // Most call tables give whole milliseconds: their bucket is looked up, not computed.
  if (us >= 0 && us < static_cast<double>(whole_ms_buckets_.size()) * 1000.0 &&
      static_cast<double>(static_cast<std::size_t>(us / 1000.0)) * 1000.0 == us)
    return whole_ms_buckets_[static_cast<std::size_t>(us / 1000.0)];
  return model::LatencySummary::bucket_of(us);
}

inline void CallAggregator::add_self_time(std::uint32_t slot, double us) {
  const std::uint32_t bucket = bucket_of(us);
  constexpr std::size_t kMask = kSelfDelay - 1;
  if (self_count_ == kSelfDelay) {
    apply_self_time(self_begin_);
    self_begin_ = (self_begin_ + 1) & kMask;
    --self_count_;
  }
  if (self_count_ >= kSelfDelay / 2) {  // queued half a queue ago: its LatencyCounts is here
    const DeferredSample& half = self_deferred_[(self_begin_ + self_count_ - kSelfDelay / 2) & kMask];
    self_times_[half.slot].prefetch(half.bucket);
  }
  const char* counts = reinterpret_cast<const char*>(&self_times_[slot]);
  __builtin_prefetch(counts);
  __builtin_prefetch(counts + sizeof(LatencyCounts) - 1);
  self_deferred_[(self_begin_ + self_count_) & kMask] = {slot, bucket, us};
  ++self_count_;
}

}  // namespace nanoscope::importers::detail
