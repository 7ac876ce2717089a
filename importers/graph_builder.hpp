// GraphBuilder: the one place where neutral records become the operation-level CallGraph.
// Spans are buffered compactly and assembled per trace at finish(): parents resolved,
// client "call spans" collapsed into edges, peers (databases, brokers) turned into nodes,
// self-times computed. Calls and manifest declarations are applied directly.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "importers/records.hpp"
#include "importers/trace_window.hpp"
#include "model/call_graph.hpp"
#include "model/cancellation.hpp"
#include "model/diagnostics.hpp"

namespace nanoscope::importers {

/// Accumulates records from any number of files and formats into one CallGraph.
/// Not thread-safe; one builder per import.
class GraphBuilder {
 public:
  GraphBuilder();
  ~GraphBuilder();
  GraphBuilder(const GraphBuilder&) = delete;
  GraphBuilder& operator=(const GraphBuilder&) = delete;

  /// Names the file the following records come from (used in diagnostics). When the file is a
  /// registered input (begin_input), the services and edges the records touch remember it.
  void set_source(std::string_view file);
  /// Registers an input file of `format` in the graph's provenance (model/provenance.hpp) and
  /// makes it the source; returns its index in CallGraph::inputs.
  std::uint32_t begin_input(std::string_view path, std::string_view format);
  [[nodiscard]] const std::string& source() const { return source_; }
  /// For a part of an import (import_partial.hpp): the graph's inputs are set to the whole
  /// import's list up front, and enter_input(i) makes input i the source (as begin_input did).
  void preset_inputs(std::vector<model::InputSource> inputs);
  void enter_input(std::uint32_t input);
  /// add_span and add_call throw model::Cancelled within a few thousand records of `token`
  /// being cancelled, so every importer stops promptly mid-file.
  void set_cancel(model::CancelToken token);
  /// Keeps only the span traces that start in `window` (trace_window.hpp); from then on every
  /// record without a trace start time (calls, entries, saved graphs) is an ImportError naming
  /// the file, and finish() counts the traces left out.
  void set_trace_window(const TraceWindow& window);

  /// Hint: about `count` more spans will follow (room is reserved up front; untouched room
  /// costs address space only, so an estimate on the high side is fine).
  void expect_spans(std::uint64_t count);
  /// Buffers one span; the trace is assembled at finish(). A start time or duration outside
  /// model/value_ranges.hpp's ranges is dropped from the span (which is kept) and reported.
  void add_span(const SpanRecord& span);
  /// Applies one call (or an aggregate of calls) immediately. Times and latencies outside
  /// model/value_ranges.hpp's ranges are dropped, errors and parallel calls above the calls
  /// clamped to them, each reported; counts add up saturating.
  void add_call(const CallRecord& call);
  /// Counts `count` traces that were aggregated before they reached the builder (call tables
  /// folded into CallRecords with `traces` set); span traces are counted by finish().
  void add_traces(std::uint64_t count);
  /// Records `count` entry requests into an operation (a trace root seen without its span).
  void add_entry(std::string_view service, std::string_view operation, std::uint64_t count = 1);
  /// Adds duration and self-time samples to an operation (either may be null), e.g. for trace
  /// roots of call tables, whose duration no incoming call carries.
  void add_operation_times(std::string_view service, std::string_view operation,
                           const model::LatencySummary* duration, const model::LatencySummary* self_time);
  /// Declares a service from a manifest.
  void declare_service(const ServiceDecl& decl);
  /// Declares a dependency from a manifest (an edge between the services' "*" operations).
  void declare_dependency(const DependencyDecl& decl);

  /// Merges a whole graph (e.g. a re-imported nanoscope graph) into the one being built.
  void add_graph(const model::CallGraph& graph);
  /// Merges the graph of another part of the same import (take_partial() of another builder);
  /// its input i is this graph's input `input_map[i]`.
  void merge_partial(const model::CallGraph& partial, const std::vector<std::uint32_t>& input_map);
  /// The graph as built so far, without finish()'s trace assembly and infrastructure kinds (for
  /// a part of an import that holds call records only: no spans may be buffered). The builder
  /// is spent afterwards.
  [[nodiscard]] model::CallGraph take_partial();

  /// Reports a diagnostic against the current source file.
  void warn(std::string_view code, std::string_view message, std::uint64_t count = 1);
  void info(std::string_view code, std::string_view message, std::uint64_t count = 1);

  /// Spans buffered so far (all files).
  [[nodiscard]] std::uint64_t span_count() const;

  /// Assembles buffered traces and returns the graph; the builder is spent afterwards.
  [[nodiscard]] model::CallGraph finish();
  /// Everything reported so far (complete after finish()).
  [[nodiscard]] const model::Diagnostics& diagnostics() const { return diagnostics_; }
  [[nodiscard]] model::Diagnostics& diagnostics() { return diagnostics_; }

 private:
  /// Widens the graph's window and the current input's.
  void observe_window(std::int64_t start_us, std::int64_t end_us);
  /// Reports a record whose time lies outside model::kMinTimestampUs..kMaxTimestampUs.
  void warn_timestamp_out_of_range(std::string_view what);
  /// With a trace window: throws ImportError, `what` having no trace start time.
  void refuse_without_start(std::string_view what) const;
  /// With a trace window: drops the buffered spans of traces starting outside it.
  void keep_window_traces();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string source_;
  model::Diagnostics diagnostics_;
  model::CallGraph graph_;
};

}  // namespace nanoscope::importers
