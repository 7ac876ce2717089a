// GraphBuilder: compact span buffering, per-trace assembly (parents, call-span collapse,
// peers, self-time) and direct application of calls and manifest declarations.
#include "importers/graph_builder.hpp"

#include <algorithm>
#include <exception>
#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "importers/import_error.hpp"
#include "importers/string_pool.hpp"
#include "model/infrastructure.hpp"
#include "model/value_ranges.hpp"
#include "importers/trace_assembly.hpp"

namespace nanoscope::importers {

using model::CallGraph;
using model::EdgeId;
using model::OperationId;
using model::ServiceId;

struct GraphBuilder::Impl {
  StringPool strings;
  std::vector<std::string> sources;
  std::vector<std::uint32_t> input_of_source;     // per source: its graph input, or kNone
  std::uint32_t current_input = detail::kNone;
  std::unordered_set<std::uint64_t> input_traces;  // (input, trace id) pairs of call records, hashed
  detail::SpanVector spans;
  detail::GraphIndex index;
  std::unordered_set<std::uint64_t> call_traces;  // distinct trace ids of call records
  std::vector<std::uint64_t> edge_last_trace;     // per edge: last trace hash counted
  std::uint32_t current_source = 0;
  std::unordered_set<std::string> explicit_kinds;  // services whose kind a saved graph states
  model::CancelToken cancel;
  std::optional<TraceWindow> window;  // set_trace_window
  std::uint32_t records = 0;  // spans and calls added: the cancel check runs every 4096
  void check_cancel() {
    if ((++records & 4095u) == 0) cancel.check();
  }
};

GraphBuilder::GraphBuilder() : impl_(std::make_unique<Impl>()) {
  impl_->sources.emplace_back("<input>");
  impl_->input_of_source.push_back(detail::kNone);
}
GraphBuilder::~GraphBuilder() = default;

void GraphBuilder::set_source(std::string_view file) {
  source_ = std::string(file);
  auto& s = impl_->sources;
  auto it = std::find(s.begin(), s.end(), source_);
  impl_->current_source = static_cast<std::uint32_t>(it - s.begin());
  if (it == s.end()) {
    s.push_back(source_);
    impl_->input_of_source.push_back(detail::kNone);
  }
  impl_->current_input = impl_->input_of_source[impl_->current_source];
}

std::uint32_t GraphBuilder::begin_input(std::string_view path, std::string_view format) {
  const auto input = static_cast<std::uint32_t>(graph_.inputs.size());
  graph_.inputs.push_back(model::InputSource{std::string(path), std::string(format), 0, 0, {}, {}});
  set_source(path);
  impl_->input_of_source[impl_->current_source] = input;
  impl_->current_input = input;
  return input;
}

void GraphBuilder::preset_inputs(std::vector<model::InputSource> inputs) { graph_.inputs = std::move(inputs); }

void GraphBuilder::enter_input(std::uint32_t input) {
  set_source(graph_.inputs.at(input).path);
  impl_->input_of_source[impl_->current_source] = input;
  impl_->current_input = input;
}

namespace {
// Provenance of records applied directly (calls, declarations): the current input, if any.
void mark(model::InputSet& set, std::uint32_t input) {
  if (input != detail::kNone) model::add_input(set, input);
}
void mark_edge(CallGraph& g, EdgeId id, std::uint32_t input) {
  if (input == detail::kNone) return;
  const auto& e = g.edge(id);
  model::add_input(g.service(g.operation(e.from).service).inputs, input);
  model::add_input(g.service(g.operation(e.to).service).inputs, input);
  model::add_input(g.edge(id).inputs, input);
}
}  // namespace

void GraphBuilder::warn(std::string_view code, std::string_view message, std::uint64_t count) {
  diagnostics_.report(model::Severity::Warning, source_, code, message, count);
}
void GraphBuilder::info(std::string_view code, std::string_view message, std::uint64_t count) {
  diagnostics_.report(model::Severity::Info, source_, code, message, count);
}

std::uint64_t GraphBuilder::span_count() const { return impl_->spans.size(); }

void GraphBuilder::set_cancel(model::CancelToken token) { impl_->cancel = std::move(token); }

void GraphBuilder::expect_spans(std::uint64_t count) {
  // Growing by doubling would touch (and have the kernel zero) about twice the final size.
  auto& spans = impl_->spans;
  try {
    if (spans.size() + count > spans.capacity()) spans.reserve(spans.size() + count);
  } catch (const std::exception&) {
    // Only a hint: without the room the vector grows as it goes.
  }
}

void GraphBuilder::add_span(const SpanRecord& span) {
  impl_->check_cancel();
  detail::CompactSpan s;
  s.trace = hash_id(span.trace_id);
  s.id = hash_id(span.span_id);
  s.parent = hash_id(span.parent_id);
  s.service = impl_->strings.intern(span.service);
  s.operation = impl_->strings.intern(span.operation);
  s.peer_service = span.peer_service.empty() ? detail::kNone : impl_->strings.intern(span.peer_service);
  s.peer_operation = span.peer_operation.empty() ? detail::kNone : impl_->strings.intern(span.peer_operation);
  s.source = impl_->current_source;
  s.has_start = span.start_us.has_value() && model::timestamp_in_range(*span.start_us);
  s.start = s.has_start ? *span.start_us : 0;
  s.duration = model::duration_in_range(span.duration_us) ? span.duration_us : 0;
  if (span.start_us && !s.has_start) warn_timestamp_out_of_range("a span");
  if (span.duration_us > model::kMaxDurationUs)
    warn("duration-out-of-range",
         "a span's duration is longer than the whole timestamp range: taken as unknown (counted as a call, no "
         "latency or self-time sample)");
  s.request_bytes = static_cast<float>(span.request_bytes);
  s.response_bytes = static_cast<float>(span.response_bytes);
  s.kind = span.kind;
  s.peer_kind = span.peer_kind;
  s.protocol = span.protocol;
  s.error = span.error;
  s.follows_from = span.follows_from;
  if (span.duration_us < 0) warn("negative-duration", "a span has a negative duration; taken as 0");
  impl_->spans.push_back(s);
}

namespace {
void add_bytes(model::Edge& e, double request, double response, std::uint64_t calls) {
  if (request >= 0) e.request_bytes.add(request, calls);
  if (response >= 0) e.response_bytes.add(response, calls);
}
}  // namespace

void GraphBuilder::add_call(const CallRecord& call) {
  refuse_without_start("holds calls");
  impl_->check_cancel();
  if (call.from_service.empty()) {
    add_entry(call.to_service, call.to_operation, call.calls);
    return;
  }
  // Counts that cannot exceed the calls they are part of are clamped to them (and reported).
  const std::uint64_t errors = std::min(call.errors, call.calls);
  const std::uint64_t parallel_calls = std::min(call.parallel_calls, call.calls);
  if (errors != call.errors || parallel_calls != call.parallel_calls)
    warn("count-out-of-range", "a call record counts more errors or parallel calls than calls: clamped to its calls");
  // A latency sample only when it is a duration in range (a plain flag and value: GCC 12 takes
  // a copied std::optional<double> for maybe-uninitialized).
  const bool has_latency = call.latency_us && model::duration_in_range(*call.latency_us);
  const double latency_us = has_latency ? *call.latency_us : 0.0;
  if (call.latency_us && !has_latency)
    warn("duration-out-of-range",
         "a call's latency is negative, not a number or longer than the whole timestamp range: taken as unknown");
  auto& g = graph_;
  auto& idx = impl_->index;
  ServiceId fs = idx.service(g, call.from_service, call.from_kind);
  ServiceId ts = idx.service(g, call.to_service, call.to_kind);
  OperationId from = idx.operation(g, fs, call.from_operation.empty() ? kAnyOperation : call.from_operation);
  OperationId to = idx.operation(g, ts, call.to_operation.empty() ? kAnyOperation : call.to_operation);
  EdgeId id = g.add_edge(from, to, call.kind);
  const std::uint32_t input = impl_->current_input;
  mark_edge(g, id, input);
  auto& e = g.edge(id);
  model::add_saturating(e.calls, call.calls);
  model::add_saturating(e.errors, errors);
  if (e.protocol == model::Protocol::Unknown) e.protocol = call.protocol;
  auto& callee = g.operation(to);
  model::add_saturating(callee.invocations, call.calls);
  model::add_saturating(callee.errors, errors);
  if (call.latency) {
    e.latency.merge(*call.latency);
    callee.duration.merge(*call.latency);
  } else if (has_latency) {
    e.latency.add(latency_us, call.calls);
    callee.duration.add(latency_us, call.calls);
  }
  if (call.callee_self_time) callee.self_time.merge(*call.callee_self_time);
  add_bytes(e, call.request_bytes, call.response_bytes, call.calls);
  g.service(fs).observed = true;
  g.service(ts).observed = true;
  model::add_saturating(e.traces, call.traces);
  model::add_saturating(e.parallel_calls, parallel_calls);
  if (!call.trace_id.empty()) {
    std::uint64_t trace = hash_id(call.trace_id);
    if (impl_->call_traces.insert(trace).second) model::add_saturating(g.trace_count, std::uint64_t{1});
    if (input != detail::kNone && impl_->input_traces.insert(trace ^ (0x9E3779B97F4A7C15ull * (input + 1ull))).second)
      ++g.inputs[input].traces;
    auto& last = impl_->edge_last_trace;
    if (last.size() <= id) last.resize(id + 1, 0);
    if (last[id] != trace) {
      last[id] = trace;
      ++e.traces;
    }
  }
  const bool first_in_range = !call.timestamp_us || model::timestamp_in_range(*call.timestamp_us);
  const bool last_in_range = !call.last_timestamp_us || model::timestamp_in_range(*call.last_timestamp_us);
  if (!first_in_range || !last_in_range) warn_timestamp_out_of_range("a call record");
  if (call.timestamp_us && first_in_range) {
    // Both in range, so the sum cannot overflow (value_ranges.hpp).
    const auto end = *call.timestamp_us + static_cast<std::int64_t>(latency_us);
    observe_window(*call.timestamp_us, end);
  }
  if (call.last_timestamp_us && last_in_range) observe_window(*call.last_timestamp_us, *call.last_timestamp_us);
}

void GraphBuilder::warn_timestamp_out_of_range(std::string_view what) {
  warn("timestamp-out-of-range",
       std::string(what) +
           " has a time outside 1970-01-01..9999-12-31 (microseconds since the epoch): kept without it (no window, "
           "no arrival for replay)");
}

void GraphBuilder::observe_window(std::int64_t start_us, std::int64_t end_us) {
  graph_.observe_window(start_us, end_us);
  if (impl_->current_input != detail::kNone) graph_.inputs[impl_->current_input].observe_window(start_us, end_us);
}

void GraphBuilder::add_traces(std::uint64_t count) {
  refuse_without_start("holds counted traces");
  model::add_saturating(graph_.trace_count, count);
  if (impl_->current_input != detail::kNone) model::add_saturating(graph_.inputs[impl_->current_input].traces, count);
}

void GraphBuilder::add_entry(std::string_view service, std::string_view operation, std::uint64_t count) {
  refuse_without_start("holds entry requests");
  auto& g = graph_;
  ServiceId s = impl_->index.service(g, service.empty() ? kUnknownService : service, model::ServiceKind::Service);
  OperationId op = impl_->index.operation(g, s, operation.empty() ? kAnyOperation : operation);
  model::add_saturating(g.operation(op).entry_count, count);
  model::add_saturating(g.operation(op).invocations, count);
  g.service(s).observed = true;
  mark(g.service(s).inputs, impl_->current_input);
}

void GraphBuilder::add_operation_times(std::string_view service, std::string_view operation,
                                       const model::LatencySummary* duration, const model::LatencySummary* self_time) {
  refuse_without_start("holds operation times");
  auto& g = graph_;
  ServiceId s = impl_->index.service(g, service.empty() ? kUnknownService : service, model::ServiceKind::Service);
  mark(g.service(s).inputs, impl_->current_input);
  auto& op = g.operation(impl_->index.operation(g, s, operation.empty() ? kAnyOperation : operation));
  if (duration) op.duration.merge(*duration);
  if (self_time) op.self_time.merge(*self_time);
}

void GraphBuilder::declare_service(const ServiceDecl& decl) {
  ServiceId s = impl_->index.service(graph_, decl.name, decl.kind);
  auto& svc = graph_.service(s);
  svc.declared = true;
  svc.deployment.merge(decl.deployment);
  mark(svc.inputs, impl_->current_input);
}

void GraphBuilder::declare_dependency(const DependencyDecl& decl) {
  auto& g = graph_;
  auto& idx = impl_->index;
  ServiceId fs = idx.service(g, decl.from, model::ServiceKind::Service);
  ServiceId ts = idx.service(g, decl.to, model::ServiceKind::Service);
  g.service(fs).declared = true;
  g.service(ts).declared = true;
  OperationId from = idx.operation(g, fs, kAnyOperation);
  OperationId to = idx.operation(g, ts, kAnyOperation);
  const EdgeId id = g.add_edge(from, to, decl.kind);
  mark_edge(g, id, impl_->current_input);
  auto& e = g.edge(id);
  e.declared = true;
  constexpr std::size_t kMaxEvidence = 4;  // the first few are enough to show why
  const auto pieces = static_cast<std::size_t>(std::count(e.evidence.begin(), e.evidence.end(), ';')) + 1;
  if (decl.evidence.empty() || e.evidence.find(decl.evidence) != std::string::npos) return;
  if (e.evidence.empty()) {
    e.evidence = std::string(decl.evidence);
  } else if (pieces < kMaxEvidence) {
    e.evidence += "; ";
    e.evidence += decl.evidence;
  }
}

void GraphBuilder::add_graph(const model::CallGraph& graph) {
  refuse_without_start("is a saved graph");
  for (const auto& service : graph.services()) impl_->explicit_kinds.insert(service.name);
  graph_.merge(graph);
}

void GraphBuilder::merge_partial(const model::CallGraph& partial, const std::vector<std::uint32_t>& input_map) {
  refuse_without_start("holds calls");
  graph_.merge(partial, input_map);
}

model::CallGraph GraphBuilder::take_partial() {
  if (!impl_->spans.empty()) throw std::logic_error("take_partial: spans are buffered (only call records may be)");
  return std::move(graph_);
}

void GraphBuilder::set_trace_window(const TraceWindow& window) { impl_->window = window; }

void GraphBuilder::refuse_without_start(std::string_view what) const {
  if (!impl_->window) return;
  throw ImportError(source_, {},
                    std::string(what) + " instead of span traces; --window-split splits span traces only (Jaeger, "
                                        "Zipkin, OTLP): export call tables, metrics and saved graphs per period and "
                                        "diff those files");
}

void GraphBuilder::keep_window_traces() {
  if (!impl_->window) return;
  auto& spans = impl_->spans;
  std::unordered_map<std::uint64_t, std::int64_t> start;  // per trace: its earliest span start
  for (const auto& s : spans)
    if (s.has_start) {
      auto [it, added] = start.emplace(s.trace, s.start);
      if (!added) it->second = std::min(it->second, s.start);
    }
  std::unordered_set<std::uint64_t> outside, timeless;
  for (const auto& s : spans) {
    const auto it = start.find(s.trace);
    if (it == start.end()) timeless.insert(s.trace);
    else if (!impl_->window->contains(it->second)) outside.insert(s.trace);
  }
  if (outside.empty() && timeless.empty()) return;
  spans.erase(std::remove_if(spans.begin(), spans.end(),
                             [&](const detail::CompactSpan& s) {
                               return outside.contains(s.trace) || timeless.contains(s.trace);
                             }),
              spans.end());
  set_source("<input>");
  if (!outside.empty())
    info("outside-window", "traces starting outside the --window-split side were left out", outside.size());
  if (!timeless.empty())
    warn("trace-without-start", "traces with no span start time were left out of both --window-split sides",
         timeless.size());
}

model::CallGraph GraphBuilder::finish() {
  keep_window_traces();
  detail::TraceAssembler assembler(graph_, impl_->strings, impl_->index, impl_->sources, impl_->input_of_source,
                                   diagnostics_);
  assembler.assemble(impl_->spans);
  impl_->spans.clear();
  impl_->spans.shrink_to_fit();
  const auto recognised = model::apply_infrastructure_kinds(
      graph_, [&](ServiceId id) { return impl_->explicit_kinds.contains(graph_.service(id).name); });
  if (!recognised.empty()) info("infrastructure-recognised", model::describe_recognised(recognised), recognised.size());
  return std::move(graph_);
}

}  // namespace nanoscope::importers
