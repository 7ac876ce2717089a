// The calls, entries and traces of traces that straddle call-table files, aggregated by names
// (not ids). They merge exactly (counts and whole-microsecond latency summaries add up in any
// order) and are applied to a graph in the order of their keys, so the result does not depend on
// which rank joined which trace. Traces are counted for the file where each begins; the calls
// are not marked with files (which would keep one aggregate per call and file): the files of an
// edge are those where it was seen outside joined traces.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "importers/call_aggregator.hpp"
#include "importers/graph_builder.hpp"
#include "model/diagnostics.hpp"
#include "model/latency_summary.hpp"

namespace nanoscope::importers {

/// The source diagnostics of the join are reported against.
inline constexpr std::string_view kJoinedTracesSource = "<traces joined across files>";

class JoinedCalls final : public detail::CallSink {
 public:
  struct CallKey {
    std::string from_service, from_operation, to_service, to_operation;
    model::InteractionKind kind = model::InteractionKind::Sync;
    model::Protocol protocol = model::Protocol::Unknown;
    model::ServiceKind to_kind = model::ServiceKind::Service;
    auto operator<=>(const CallKey&) const = default;
  };
  struct CallStats {
    std::uint64_t calls = 0, traces = 0, parallel = 0;
    model::LatencySummary latency, self_time;
    std::optional<std::int64_t> first_us, last_us;
  };
  struct EntryKey {
    std::string service, operation;
    auto operator<=>(const EntryKey&) const = default;
  };
  struct EntryStats {
    std::uint64_t count = 0;
    model::LatencySummary duration, self_time;
  };

  // CallSink: a trace's `source` is 1 + the plan unit where it begins.
  void add_call(const CallRecord& call) override;
  void add_traces(std::uint64_t count, std::uint32_t source) override;
  void add_entry(std::string_view service, std::string_view operation, std::uint64_t count) override;
  void add_operation_times(std::string_view service, std::string_view operation, const model::LatencySummary* duration,
                           const model::LatencySummary* self_time) override;

  /// Adds everything of `other`.
  void merge(const JoinedCalls& other);
  [[nodiscard]] bool empty() const { return calls_.empty() && entries_.empty() && traces_.empty() && diagnostics_.empty(); }
  /// Applies everything to `builder` in key order (with kJoinedTracesSource as the source);
  /// `input_of_unit[u]` is the builder's input of plan unit u, which counts the traces begun there.
  void apply(GraphBuilder& builder, const std::vector<std::uint32_t>& input_of_unit) const;

  [[nodiscard]] model::Diagnostics& diagnostics() { return diagnostics_; }
  [[nodiscard]] const model::Diagnostics& diagnostics() const { return diagnostics_; }
  [[nodiscard]] const std::map<CallKey, CallStats>& calls() const { return calls_; }
  [[nodiscard]] std::map<CallKey, CallStats>& calls() { return calls_; }
  [[nodiscard]] const std::map<EntryKey, EntryStats>& entries() const { return entries_; }
  [[nodiscard]] std::map<EntryKey, EntryStats>& entries() { return entries_; }
  [[nodiscard]] const std::map<std::uint32_t, std::uint64_t>& traces() const { return traces_; }
  [[nodiscard]] std::map<std::uint32_t, std::uint64_t>& traces() { return traces_; }

 private:
  std::map<CallKey, CallStats> calls_;
  std::map<EntryKey, EntryStats> entries_;
  std::map<std::uint32_t, std::uint64_t> traces_;  // by unit
  model::Diagnostics diagnostics_;
};

}  // namespace nanoscope::importers
