// Name interning and per-call aggregation for row-level call tables.
#include "importers/call_aggregator.hpp"

#include <algorithm>

namespace nanoscope::importers::detail {

NameTable::NameTable() : slots_(1024, 0) {
  names_.emplace_back();
  hashes_.push_back(hash_text(""));
  // The empty name is id 0 and is never looked up through the slots.
}

void NameTable::grow() {
  std::vector<std::uint32_t> bigger(slots_.size() * 2, 0);
  const std::size_t mask = bigger.size() - 1;
  for (std::uint32_t id = 1; id < names_.size(); ++id) {
    std::size_t i = hashes_[id] & mask;
    while (bigger[i]) i = (i + 1) & mask;
    bigger[i] = id + 1;
  }
  slots_.swap(bigger);
}

std::uint32_t NameTable::intern(std::string_view name) {
  if (name.empty()) return 0;
  const std::uint64_t h = hash_text(name);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  for (; slots_[i]; i = (i + 1) & mask) {
    const std::uint32_t id = slots_[i] - 1;
    if (hashes_[id] == h && names_[id] == name) return id;
  }
  const auto id = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(name);
  hashes_.push_back(h);
  slots_[i] = id + 1;
  if (names_.size() * 2 > slots_.size()) grow();
  return id;
}

namespace {
constexpr std::uint32_t kMaxBucket = 4000;  // LatencySummary's last bucket
constexpr std::uint32_t kGrowBuckets = 24;  // range added beyond a new sample, to grow rarely
}  // namespace

void LatencyCounts::add(double micros, std::uint32_t bucket) {
  if (!(micros > 0.0)) micros = 0.0;
  if (count_ == 0 && !spill_) {
    min_ = max_ = micros;
  } else {
    min_ = std::min(min_, micros);
    max_ = std::max(max_, micros);
  }
  if (counts_.empty()) {
    first_ = bucket > kGrowBuckets ? bucket - kGrowBuckets : 0;
    counts_.assign(std::min(bucket + kGrowBuckets, kMaxBucket) + 1 - first_, 0);
  } else if (bucket < first_) {
    const std::uint32_t new_first = bucket > kGrowBuckets ? bucket - kGrowBuckets : 0;
    counts_.insert(counts_.begin(), first_ - new_first, 0);
    first_ = new_first;
  } else if (bucket >= first_ + counts_.size()) {
    counts_.resize(std::min(bucket + kGrowBuckets, kMaxBucket) + 1 - first_, 0);
  }
  std::uint32_t& slot = counts_[bucket - first_];
  if (slot == UINT32_MAX) {
    spill();
    add(micros, bucket);
    return;
  }
  ++slot;
  ++count_;
  sum_ += micros;
}

void LatencyCounts::spill() {
  if (!spill_) spill_ = std::make_unique<model::LatencySummary>();
  const double min = min_, max = max_;
  spill_->merge(summary_of_counts());
  counts_.clear();
  count_ = 0;
  sum_ = 0;
  min_ = min;
  max_ = max;
}

model::LatencySummary LatencyCounts::summary_of_counts() const {
  model::LatencySummary out;
  if (count_ == 0) return out;
  // Trim the empty margins, then hand the counts over as they are.
  std::size_t lo = 0, hi = counts_.size();
  while (lo < hi && counts_[lo] == 0) ++lo;
  while (hi > lo && counts_[hi - 1] == 0) --hi;
  std::vector<std::uint64_t> buckets(counts_.begin() + static_cast<std::ptrdiff_t>(lo),
                                     counts_.begin() + static_cast<std::ptrdiff_t>(hi));
  (void)model::LatencySummary::restore(count_, sum_, min_, max_, first_ + static_cast<std::uint32_t>(lo),
                                       std::move(buckets), out);
  return out;
}

model::LatencySummary LatencyCounts::summary() const {
  model::LatencySummary out = summary_of_counts();
  if (spill_) out.merge(*spill_);
  return out;
}

std::uint64_t CallAggregator::hash_key(const CallKey& k) {
  std::uint64_t h = mix_hash((std::uint64_t{k.from_service} << 32) | k.from_operation,
                             (std::uint64_t{k.to_service} << 32) | k.to_operation);
  return mix_hash(h, (static_cast<std::uint64_t>(k.kind) << 16) | (static_cast<std::uint64_t>(k.protocol) << 8) |
                         static_cast<std::uint64_t>(k.to_kind));
}

CallAggregator::CallAggregator(const NameTable& names) : names_(names), whole_ms_buckets_(4096), table_(1024, 0) {
  for (std::size_t ms = 0; ms < whole_ms_buckets_.size(); ++ms)
    whole_ms_buckets_[ms] = static_cast<std::uint16_t>(model::LatencySummary::bucket_of(static_cast<double>(ms) * 1000.0));
}

void CallAggregator::grow() {
  std::vector<std::uint32_t> bigger(table_.size() * 2, 0);
  const std::size_t mask = bigger.size() - 1;
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    std::size_t at = slots_[i].hash & mask;
    while (bigger[at]) at = (at + 1) & mask;
    bigger[at] = i + 1;
  }
  table_.swap(bigger);
}

std::uint32_t CallAggregator::add_call(const CallKey& key, std::optional<double> latency_us,
                                       std::optional<std::int64_t> timestamp_us) {
  const std::uint64_t h = hash_key(key);
  const std::size_t mask = table_.size() - 1;
  std::size_t at = h & mask;
  std::uint32_t index = 0;
  for (;; at = (at + 1) & mask) {
    if (!table_[at]) {
      index = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
      slots_.back().key = key;
      slots_.back().hash = h;
      self_times_.emplace_back();
      table_[at] = index + 1;
      if (slots_.size() * 2 > table_.size()) grow();
      break;
    }
    const Slot& s = slots_[table_[at] - 1];
    if (s.hash == h && s.key == key) {
      index = table_[at] - 1;
      break;
    }
  }
  Slot& slot = slots_[index];
  ++slot.calls;
  if (latency_us) {
    const double us = *latency_us;
    const std::uint32_t bucket = bucket_of(us);
    if (deferred_count_ == kLatencyDelay) {
      apply_latency(deferred_begin_);
      deferred_begin_ = (deferred_begin_ + 1) & (kLatencyDelay - 1);
      --deferred_count_;
    }
    slot.latency.prefetch(bucket);
    deferred_[(deferred_begin_ + deferred_count_) & (kLatencyDelay - 1)] = {index, bucket, us};
    ++deferred_count_;
  }
  if (timestamp_us) {
    if (!slot.first_us || *timestamp_us < *slot.first_us) slot.first_us = timestamp_us;
    if (!slot.last_us || *timestamp_us > *slot.last_us) slot.last_us = timestamp_us;
  }
  return index;
}

void CallAggregator::apply_latency(std::size_t at) {
  const DeferredSample& d = deferred_[at];
  slots_[d.slot].latency.add(d.micros, d.bucket);
}

void CallAggregator::apply_self_time(std::size_t at) {
  const DeferredSample& d = self_deferred_[at];
  self_times_[d.slot].add(d.micros, d.bucket);
}

void CallAggregator::drain_latency() {
  for (; deferred_count_ > 0; --deferred_count_) {
    apply_latency(deferred_begin_);
    deferred_begin_ = (deferred_begin_ + 1) & (kLatencyDelay - 1);
  }
  for (; self_count_ > 0; --self_count_) {
    apply_self_time(self_begin_);
    self_begin_ = (self_begin_ + 1) & (kSelfDelay - 1);
  }
}

CallAggregator::Entry& CallAggregator::entry(std::uint32_t service, std::uint32_t operation) {
  const std::uint64_t key = (std::uint64_t{service} << 32) | operation;
  auto [it, inserted] = entry_index_.try_emplace(key, static_cast<std::uint32_t>(entries_.size()));
  if (inserted) entries_.emplace_back().key = key;
  return entries_[it->second];
}

void CallAggregator::add_entry(std::uint32_t service, std::uint32_t operation, std::uint64_t count) {
  entry(service, operation).count += count;
}

void CallAggregator::add_entry_times(std::uint32_t service, std::uint32_t operation, std::optional<double> duration_us,
                                     std::optional<double> self_us) {
  Entry& e = entry(service, operation);
  if (duration_us) e.duration.add(*duration_us);
  if (self_us) e.self_time.add(*self_us);
}

void CallAggregator::count_trace(std::vector<std::uint32_t>& calls, std::uint32_t source) {
  if (source == 0) {
    ++traces_;
  } else {
    if (traces_by_source_.size() < source) traces_by_source_.resize(source, 0);
    ++traces_by_source_[source - 1];
  }
  std::sort(calls.begin(), calls.end());
  calls.erase(std::unique(calls.begin(), calls.end()), calls.end());
  for (std::uint32_t c : calls) ++slots_[c].traces;
}

namespace {
// The file's own aggregates (all of source 0) straight into its builder.
class BuilderSink final : public CallSink {
 public:
  explicit BuilderSink(GraphBuilder& builder) : builder_(builder) {}
  void add_call(const CallRecord& call) override { builder_.add_call(call); }
  void add_traces(std::uint64_t count, std::uint32_t) override { builder_.add_traces(count); }
  void add_entry(std::string_view service, std::string_view operation, std::uint64_t count) override {
    builder_.add_entry(service, operation, count);
  }
  void add_operation_times(std::string_view service, std::string_view operation, const model::LatencySummary* duration,
                           const model::LatencySummary* self_time) override {
    builder_.add_operation_times(service, operation, duration, self_time);
  }

 private:
  GraphBuilder& builder_;
};
}  // namespace

void CallAggregator::flush(GraphBuilder& builder) {
  BuilderSink sink(builder);
  flush(sink);
}

void CallAggregator::flush(CallSink& sink) {
  drain_latency();
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    CallRecord call;
    call.from_service = names_.name(slot.key.from_service);
    call.from_operation = names_.name(slot.key.from_operation);
    call.to_service = names_.name(slot.key.to_service);
    call.to_operation = names_.name(slot.key.to_operation);
    call.to_kind = slot.key.to_kind;
    call.kind = slot.key.kind;
    call.protocol = slot.key.protocol;
    call.calls = slot.calls;
    const model::LatencySummary latency = slot.latency.summary();
    if (!latency.empty()) call.latency = &latency;
    const model::LatencySummary self_time = self_times_[i].summary();
    if (!self_time.empty()) call.callee_self_time = &self_time;
    call.timestamp_us = slot.first_us;
    call.last_timestamp_us = slot.last_us;
    call.traces = slot.traces;
    call.parallel_calls = slot.parallel;
    sink.add_call(call);
    // The sink has the summaries now: the counts go, so their memory serves the next ones.
    slot.latency = LatencyCounts();
    self_times_[i] = LatencyCounts();
  }
  sink.add_traces(traces_, 0);
  traces_ = 0;
  for (std::size_t k = 0; k < traces_by_source_.size(); ++k)
    if (traces_by_source_[k]) sink.add_traces(traces_by_source_[k], static_cast<std::uint32_t>(k + 1));
  traces_by_source_.clear();
  for (const Entry& e : entries_) {
    std::string_view operation = names_.name(static_cast<std::uint32_t>(e.key & 0xFFFFFFFFu));
    if (operation.empty()) operation = kAnyOperation;
    const std::string_view service = names_.name(static_cast<std::uint32_t>(e.key >> 32));
    if (e.count) sink.add_entry(service, operation, e.count);
    if (!e.duration.empty() || !e.self_time.empty())
      sink.add_operation_times(service, operation, e.duration.empty() ? nullptr : &e.duration,
                               e.self_time.empty() ? nullptr : &e.self_time);
  }
  std::fill(table_.begin(), table_.end(), 0);
  slots_.clear();
  self_times_.clear();
  entry_index_.clear();
  entries_.clear();
}

}  // namespace nanoscope::importers::detail
