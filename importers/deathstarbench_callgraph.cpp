// DeathStarBench parent/child call-table rows -> aggregated calls, plus one entry per root
// span of each trace. The rules are explained at the top of callgraph_csv.cpp.
#include <cmath>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "importers/call_aggregator.hpp"
#include "importers/callgraph_csv_detail.hpp"

namespace nanoscope::importers::detail {
namespace {

constexpr std::size_t kMaxOpenTraces = 4096;

// Spans of one trace seen so far: which were children, and the parents in first-seen order.
struct TraceState {
  struct Parent {
    std::uint64_t span = 0;
    std::uint32_t service = 0;
    std::uint32_t operation = 0;
  };
  std::unordered_set<std::uint64_t> children;
  std::unordered_set<std::uint64_t> parent_spans;
  std::vector<Parent> parents;
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
    return value;
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
    state.children.insert(hash_text(field(child_id_)));
    if (is_missing_name(field(parent_id_))) {  // a row without a parent span: the child is a root
      aggregator_.add_entry(key.to_service, key.to_operation);
      return;
    }
    key.from_service = service(parent_ms_);
    key.from_operation = operation(parent_op_);
    const std::uint64_t parent = hash_text(field(parent_id_));
    if (state.parent_spans.insert(parent).second) state.parents.push_back({parent, key.from_service, key.from_operation});
    std::optional<std::int64_t> start_us;
    if (start) start_us = std::llround(*start);
    state.calls.push_back(aggregator_.add_call(key, duration, start_us));
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
    aggregator_.count_trace(it->second.calls);
    if (current_ == &it->second) current_ = nullptr;
    traces_.erase(it);
    closed_.insert(trace, 0);
  }

  CsvReader& reader_;
  GraphBuilder& builder_;
  std::size_t columns_;
  int trace_ = -1, parent_id_ = -1, child_id_ = -1, child_op_ = -1, parent_op_ = -1, child_ms_ = -1,
      parent_ms_ = -1, child_duration_ = -1, start_ = -1;
  NameTable names_;
  CallAggregator aggregator_{names_};
  std::unordered_map<std::uint64_t, TraceState> traces_;
  std::deque<std::uint64_t> order_;
  RecentMap<char> closed_{16};
  TraceState* current_ = nullptr;
  std::uint64_t current_trace_ = 0;
  std::uint32_t unknown_id_ = 0;
  std::uint64_t unknown_names_ = 0, split_traces_ = 0, missing_duration_ = 0;
};

}  // namespace

std::uint64_t import_deathstarbench_callgraph(CsvReader& reader, const CsvHeader& header, GraphBuilder& builder) {
  return DeathStarBenchImporter(reader, header, builder).run();
}

}  // namespace nanoscope::importers::detail
