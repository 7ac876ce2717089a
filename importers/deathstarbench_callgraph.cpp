// DeathStarBench parent/child call-table rows -> aggregated calls, plus one entry per root
// span of each trace. The rules are explained at the top of callgraph_csv.cpp.
#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "importers/call_aggregator.hpp"
#include "importers/callgraph_csv_detail.hpp"
#include "importers/call_intervals.hpp"

namespace nanoscope::importers::detail {
namespace {

constexpr std::size_t kMaxOpenTraces = 4096;

constexpr std::uint32_t kNoCall = ~std::uint32_t{0};

// Spans of one trace seen so far: which were children, and the parents in first-seen order;
// each row's child span with its timing, for self times when the trace closes.
struct TraceState {
  struct Parent {
    std::uint64_t span = 0;
    std::uint32_t service = 0;
    std::uint32_t operation = 0;
    std::optional<double> duration_us;
  };
  struct Child {
    std::uint64_t span = 0, parent = 0;  // parent 0: a root row
    std::optional<double> start_us, duration_us;
    std::uint32_t call = kNoCall;  // its aggregate; kNoCall for a root row or a folded self-call
    std::uint32_t service = 0, operation = 0;
    bool folded = false;  // a self-call: its children count as its parent's
  };
  std::unordered_set<std::uint64_t> children;
  std::unordered_set<std::uint64_t> parent_spans;
  std::vector<Parent> parents;
  std::vector<Child> rows;
  std::vector<std::uint32_t> calls;  // aggregates it counted
};

class DeathStarBenchImporter {
 public:
  DeathStarBenchImporter(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder)
      : reader_(reader), builder_(builder), columns_(header.size()) {
    const std::pair<int*, const char*> required[] = {
        {&trace_, "traceid"},           {&parent_id_, "parentid"},     {&child_id_, "childid"},
        {&child_op_, "childoperation"}, {&parent_op_, "parentoperation"}, {&child_ms_, "childms"},
        {&parent_ms_, "parentms"},      {&child_duration_, "childduration"}};
    for (auto [column, name] : required) {
      *column = header.find({name});
      if (*column < 0) reader_.fail(std::string("the header has no ") + name + " column");
    }
    start_ = header.find({"starttime"});
    parent_duration_ = header.find({"parentduration"});
    unknown_id_ = names_.intern(kUnknownService);
  }

  std::uint64_t run() {
    std::uint64_t rows = 0;
    while (reader_.next()) {
      row();
      ++rows;
    }
    while (!order_.empty()) close_oldest();
    aggregator_.flush(builder_);
    if (unknown_names_)
      builder_.warn("unknown-service", "a row names no service; it is put in " + std::string(kUnknownService),
                    unknown_names_);
    if (split_traces_)
      builder_.warn("split-trace", "rows of a trace appear again after many other traces; its roots may count twice",
                    split_traces_);
    if (missing_duration_) builder_.info("missing-duration", "rows without a child duration", missing_duration_);
    if (self_calls_)
      builder_.info("self-call",
                    "rows whose parent span is the same operation of the same service, folded into the parent "
                    "(no edge from an operation to itself)",
                    self_calls_);
    return rows;
  }

 private:
  std::string_view field(int column) const { return reader_.fields()[static_cast<std::size_t>(column)]; }

  std::optional<double> number(int column, const char* what) {
    if (column < 0) return std::nullopt;
    std::string_view text = field(column);
    if (is_missing_name(text)) return std::nullopt;
    double value = 0;
    if (!parse_number(text, value) || std::fabs(value) > 9.0e18)
      reader_.fail_at_field(static_cast<std::size_t>(column),
                            std::string(what) + " is not a number: '" + std::string(text.substr(0, 40)) + "'");
    return whole_micros(value);
  }

  // A number used only for self times (parentDuration repeats the parent row's childDuration):
  // one that does not parse is no sample rather than an error.
  std::optional<double> lenient_number(int column) const {
    double value = 0;
    if (column < 0 || !parse_number(field(column), value) || std::fabs(value) > 9.0e18) return std::nullopt;
    return whole_micros(value);
  }

  std::uint32_t service(int column) {
    std::string_view name = field(column);
    if (is_missing_name(name)) {
      ++unknown_names_;
      return unknown_id_;
    }
    return names_.intern(name);
  }

  std::uint32_t operation(int column) {
    std::string_view name = field(column);
    return is_missing_name(name) ? 0 : names_.intern(name);
  }

  void row() {
    require_field_count(reader_, columns_);
    const std::optional<double> duration = number(child_duration_, "childDuration");
    const std::optional<double> start = number(start_, "startTime");
    if (!duration) ++missing_duration_;
    const std::uint64_t trace = hash_text(field(trace_));

    CallKey key;
    key.to_service = service(child_ms_);
    key.to_operation = operation(child_op_);
    TraceState& state = open(trace);
    TraceState::Child child;
    child.span = hash_text(field(child_id_));
    child.start_us = start;
    child.duration_us = duration;
    child.service = key.to_service;
    child.operation = key.to_operation;
    state.children.insert(child.span);
    if (is_missing_name(field(parent_id_))) {  // a row without a parent span: the child is a root
      aggregator_.add_entry(key.to_service, key.to_operation);
      state.rows.push_back(child);
      return;
    }
    key.from_service = service(parent_ms_);
    key.from_operation = operation(parent_op_);
    child.parent = hash_text(field(parent_id_));
    if (state.parent_spans.insert(child.parent).second)
      state.parents.push_back({child.parent, key.from_service, key.from_operation, lenient_number(parent_duration_)});
    if (key.from_service == key.to_service && key.from_operation == key.to_operation) {
      child.folded = true;  // a self-call: folded into its parent, no edge to itself
      ++self_calls_;
    } else {
      std::optional<std::int64_t> start_us;
      if (start) start_us = std::llround(*start);
      child.call = aggregator_.add_call(key, duration, start_us);
      state.calls.push_back(child.call);
    }
    state.rows.push_back(child);
  }

  // Self time of every span of a closing trace: its duration minus the union of its children's
  // intervals (clipped to the span when its start is known; children without a start are
  // summed), a folded self-call standing for its own children.
  void record_self_times(TraceState& state) {
    auto& rows = state.rows;
    by_parent_.clear();
    for (std::uint32_t k = 0; k < rows.size(); ++k)
      if (rows[k].parent) by_parent_.emplace_back(rows[k].parent, k);
    std::sort(by_parent_.begin(), by_parent_.end());
    auto waited = [&](std::uint64_t span, std::optional<double> start, double duration) {
      intervals_.clear();
      double untimed = 0;
      stack_.assign(1, span);
      std::size_t budget = rows.size();  // folded rows naming each other in a cycle end here
      while (!stack_.empty()) {
        const std::uint64_t at = stack_.back();
        stack_.pop_back();
        auto it = std::lower_bound(by_parent_.begin(), by_parent_.end(), std::make_pair(at, std::uint32_t{0}));
        for (; it != by_parent_.end() && it->first == at; ++it) {
          const TraceState::Child& c = rows[it->second];
          if (c.folded || !c.duration_us || *c.duration_us <= 0) {
            if (c.span != at && budget > 0) {
              --budget;
              stack_.push_back(c.span);
            }
            continue;
          }
          if (!c.start_us) {
            untimed += *c.duration_us;
            continue;
          }
          double a = *c.start_us, b = *c.start_us + *c.duration_us;
          if (start) {
            a = std::max(a, *start);
            b = std::min(b, *start + duration);
          }
          if (b > a) intervals_.emplace_back(a, b);
        }
      }
      return union_coverage(intervals_).covered + untimed;
    };
    for (const TraceState::Child& c : rows) {
      if (c.folded || !c.duration_us || *c.duration_us <= 0) continue;
      const double self = std::max(*c.duration_us - waited(c.span, c.start_us, *c.duration_us), 0.0);
      if (c.call != kNoCall)
        aggregator_.add_self_time(c.call, self);
      else
        aggregator_.add_entry_times(c.service, c.operation, c.duration_us, self);
    }
    // Calls of one caller that overlapped in time ran in parallel (the span path's rule).
    for (std::size_t k = 0; k < by_parent_.size();) {
      siblings_.clear();
      const std::uint64_t parent = by_parent_[k].first;
      for (; k < by_parent_.size() && by_parent_[k].first == parent; ++k) {
        const TraceState::Child& c = rows[by_parent_[k].second];
        if (c.call != kNoCall && c.start_us && c.duration_us && *c.duration_us > 0) siblings_.push_back(by_parent_[k].second);
      }
      std::sort(siblings_.begin(), siblings_.end(),
                [&](std::uint32_t a, std::uint32_t b) { return *rows[a].start_us < *rows[b].start_us; });
      mark_parallel_siblings(
          siblings_.size(), [&](std::size_t i) { return *rows[siblings_[i]].start_us; },
          [&](std::size_t i) { return *rows[siblings_[i]].duration_us; },
          [&](std::size_t i) { marked_.push_back(siblings_[i]); });
    }
    std::sort(marked_.begin(), marked_.end());
    marked_.erase(std::unique(marked_.begin(), marked_.end()), marked_.end());
    for (const std::uint32_t row : marked_) aggregator_.add_parallel(rows[row].call);
    marked_.clear();
    for (const auto& p : state.parents) {
      if (state.children.count(p.span) || !p.duration_us || *p.duration_us <= 0) continue;
      const double self = std::max(*p.duration_us - waited(p.span, std::nullopt, *p.duration_us), 0.0);
      aggregator_.add_entry_times(p.service, p.operation, p.duration_us, self);
    }
  }

  TraceState& open(std::uint64_t trace) {
    if (current_ && current_trace_ == trace) return *current_;
    auto [it, inserted] = traces_.try_emplace(trace);
    if (inserted) {
      if (closed_.find(trace)) ++split_traces_;
      order_.push_back(trace);
      if (order_.size() > kMaxOpenTraces) {
        close_oldest();
        it = traces_.find(trace);
      }
    }
    current_trace_ = trace;
    current_ = &it->second;
    return *current_;
  }

  void close_oldest() {
    const std::uint64_t trace = order_.front();
    order_.pop_front();
    auto it = traces_.find(trace);
    for (const auto& p : it->second.parents)
      if (!it->second.children.count(p.span)) aggregator_.add_entry(p.service, p.operation);
    record_self_times(it->second);
    aggregator_.count_trace(it->second.calls);
    if (current_ == &it->second) current_ = nullptr;
    traces_.erase(it);
    closed_.insert(trace, 0);
  }

  CsvReader& reader_;
  GraphBuilder& builder_;
  std::size_t columns_;
  int trace_ = -1, parent_id_ = -1, child_id_ = -1, child_op_ = -1, parent_op_ = -1, child_ms_ = -1,
      parent_ms_ = -1, child_duration_ = -1, start_ = -1, parent_duration_ = -1;
  NameTable names_;
  CallAggregator aggregator_{names_};
  std::unordered_map<std::uint64_t, TraceState> traces_;
  std::deque<std::uint64_t> order_;
  RecentMap<char> closed_{16};
  TraceState* current_ = nullptr;
  std::uint64_t current_trace_ = 0;
  std::uint32_t unknown_id_ = 0;
  std::uint64_t unknown_names_ = 0, split_traces_ = 0, missing_duration_ = 0, self_calls_ = 0;
  // Scratch for record_self_times().
  std::vector<std::uint32_t> siblings_, marked_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_parent_;
  std::vector<std::pair<double, double>> intervals_;
  std::vector<std::uint64_t> stack_;
};

}  // namespace

std::uint64_t import_deathstarbench_callgraph(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder) {
  return DeathStarBenchImporter(reader, header, builder).run();
}

}  // namespace nanoscope::importers::detail
