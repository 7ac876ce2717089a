// Per-trace assembly of buffered spans into the call graph (internal to the builder):
// parent resolution, call-span collapse, peer nodes, self-time and edge statistics.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "importers/huge_page_allocator.hpp"
#include "importers/records.hpp"
#include "importers/string_pool.hpp"
#include "model/call_graph.hpp"
#include "model/diagnostics.hpp"
#include "model/value_ranges.hpp"

namespace nanoscope::importers::detail {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// User sessions (docs/importing.md, "Sessions are not requests"). A trace root is a session,
// not a request, when all of these hold: it has a start and lasts at least
// kSessionMinDurationUs; at least kSessionMinCalls of its direct children have a start and a
// duration; those children are busy (the union of their intervals, clipped to the root, plus
// the durations of children without a start) less than kSessionMaxBusyFraction of the root's
// duration; and the idle time per busy stretch is at least kSessionMinMeanGapUs (the calls
// are separated by idle gaps, not a batch job's stream of quick calls).
inline constexpr std::int64_t kSessionMinDurationUs = 10'000'000;  // 10 s
inline constexpr double kSessionMaxBusyFraction = 0.5;
inline constexpr std::uint32_t kSessionMinCalls = 2;
inline constexpr std::int64_t kSessionMinMeanGapUs = 1'000'000;  // 1 s

/// A buffered span: ids hashed, names interned (about 80 bytes).
struct CompactSpan {
  std::uint64_t trace = 0, id = 0, parent = 0;
  std::int64_t start = 0, duration = 0;
  std::uint32_t service = 0, operation = 0, peer_service = kNone, peer_operation = kNone;
  std::uint32_t source = 0;
  float request_bytes = -1, response_bytes = -1;
  SpanKind kind = SpanKind::Unspecified;
  model::ServiceKind peer_kind = model::ServiceKind::Service;
  model::Protocol protocol = model::Protocol::Unknown;
  bool error = false, follows_from = false, has_start = false;

  /// start + duration. GraphBuilder::add_span keeps both within model/value_ranges.hpp's
  /// ranges, so this cannot overflow; saturating all the same, as no sum of times may.
  [[nodiscard]] std::int64_t end() const { return model::saturating_add(start, duration); }
};

/// The builder's span buffer (tens of MB for large imports, hence huge pages).
using SpanVector = std::vector<CompactSpan, HugePageAllocator<CompactSpan>>;

/// Caches of name -> service and (service, name) -> operation, on top of CallGraph's own.
class GraphIndex {
 public:
  model::ServiceId service(model::CallGraph& g, std::string_view name, model::ServiceKind kind);
  model::OperationId operation(model::CallGraph& g, model::ServiceId service, std::string_view name);
  /// Cached by interned string id (fast path for spans).
  model::ServiceId service_by_id(model::CallGraph& g, const StringPool& pool, std::uint32_t name_id,
                                 model::ServiceKind kind);
  model::OperationId operation_by_id(model::CallGraph& g, const StringPool& pool, model::ServiceId service,
                                     std::uint32_t name_id);

 private:
  std::unordered_map<std::uint64_t, model::ServiceId> services_by_id_;     // (kind, name id)
  std::unordered_map<std::uint64_t, model::OperationId> operations_by_id_;  // (service, name id)
};

/// Assembles all buffered spans, trace by trace.
class TraceAssembler {
 public:
  /// `input_of_source[k]` is the graph input (GraphFacts::inputs) of source file k, or kNone.
  TraceAssembler(model::CallGraph& graph, StringPool& strings, GraphIndex& index,
                 const std::vector<std::string>& sources, const std::vector<std::uint32_t>& input_of_source,
                 model::Diagnostics& diagnostics)
      : graph_(graph),
        strings_(strings),
        index_(index),
        sources_(sources),
        input_of_source_(input_of_source),
        diagnostics_(diagnostics) {}

  /// Spans are taken trace by trace in order of trace id (hash), and in input order within a
  /// trace. When every trace's spans are contiguous (one run per trace, as Jaeger, Zipkin and
  /// OTLP exports give them) the runs are ordered instead of the spans; otherwise the spans
  /// are stable-sorted in place. Both give the same result.
  void assemble(SpanVector& spans);

 private:
  void assemble_trace(const CompactSpan* spans, std::size_t n, std::uint64_t trace_number);
  /// Marks session roots (see kSessionMinDurationUs) in session_ and makes their direct
  /// children roots; a child that is itself session-shaped is unpacked the same way.
  void find_sessions(const CompactSpan* s, std::uint32_t n);
  [[nodiscard]] bool is_session(const CompactSpan* s, std::uint32_t root);
  /// Children lists (CSR in child_offset_, children_) from parent_.
  void build_children(std::uint32_t n);
  void warn(std::uint32_t source, std::string_view code, std::string_view message);
  void mark_parallel(const CompactSpan* s, std::uint32_t n);
  /// Time span `i` spent waiting on its synchronous children: the union of their intervals
  /// (overlapping children count once; clipped to the span when it has a start), plus the
  /// durations of children without a start (they cannot be placed in time).
  [[nodiscard]] std::int64_t waited_time(const CompactSpan* s, std::uint32_t i);
  void report_counts();
  /// Provenance of the current trace: its inputs, their trace counts and windows.
  void note_trace_inputs(const CompactSpan* s, std::size_t n);
  void mark_service(model::ServiceId id);
  model::EdgeId touch_edge(model::OperationId from, model::OperationId to, model::InteractionKind kind,
                           std::uint64_t trace_number);

  model::CallGraph& graph_;
  StringPool& strings_;
  GraphIndex& index_;
  const std::vector<std::string>& sources_;
  const std::vector<std::uint32_t>& input_of_source_;
  model::Diagnostics& diagnostics_;
  model::InputSet trace_inputs_;  // the inputs the current trace's spans come from
  std::vector<std::uint64_t> edge_last_trace_;
  // Per-trace scratch, reused.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_id_;
  std::vector<std::int32_t> parent_, owner_;
  std::vector<std::uint32_t> child_offset_, children_, service_;
  std::vector<model::OperationId> op_;
  std::vector<char> is_call_;
  // A span whose caller is its own operation (a self-call) is folded into that caller: no
  // invocation, no edge; it is transparent when the caller's self time is computed, and so is
  // a call span that leads to such a span.
  std::vector<char> folded_, transparent_;
  std::vector<std::uint32_t> stack_;
  // Per source file: spans without a duration and folded self-calls (reported once each).
  std::vector<std::uint64_t> no_duration_, self_calls_;
  // Per source file: traces that were user sessions, and the top-level calls taken from them
  // as requests.
  std::vector<std::uint64_t> session_traces_, session_requests_;
  std::vector<char> session_;  // span is a session root: no operation, no invocation, no edges
  std::vector<char> overlapped_;  // span overlaps a synchronous sibling in time (parallel call)
  std::vector<std::pair<std::int64_t, std::uint32_t>> starts_;
  std::vector<std::pair<std::int64_t, std::int64_t>> intervals_;
};

}  // namespace nanoscope::importers::detail
