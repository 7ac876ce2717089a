// Aggregates of joined traces by name: adding, merging and applying in key order.
#include "importers/joined_calls.hpp"

#include <algorithm>

#include "model/value_ranges.hpp"

namespace nanoscope::importers {
namespace {

void widen(std::optional<std::int64_t>& first, std::optional<std::int64_t>& last, std::optional<std::int64_t> a,
           std::optional<std::int64_t> b) {
  if (a && (!first || *a < *first)) first = a;
  if (b && (!last || *b > *last)) last = b;
}

void add(JoinedCalls::CallStats& into, const JoinedCalls::CallStats& from) {
  model::add_saturating(into.calls, from.calls);
  model::add_saturating(into.traces, from.traces);
  model::add_saturating(into.parallel, from.parallel);
  into.latency.merge(from.latency);
  into.self_time.merge(from.self_time);
  widen(into.first_us, into.last_us, from.first_us, from.last_us);
}

void add(JoinedCalls::EntryStats& into, const JoinedCalls::EntryStats& from) {
  model::add_saturating(into.count, from.count);
  into.duration.merge(from.duration);
  into.self_time.merge(from.self_time);
}

}  // namespace

void JoinedCalls::add_call(const CallRecord& call) {
  CallKey key{std::string(call.from_service),
              std::string(call.from_operation),
              std::string(call.to_service),
              std::string(call.to_operation),
              call.kind,
              call.protocol,
              call.to_kind};
  CallStats stats;
  stats.calls = call.calls;
  stats.traces = call.traces;
  stats.parallel = call.parallel_calls;
  if (call.latency) stats.latency = *call.latency;
  if (call.callee_self_time) stats.self_time = *call.callee_self_time;
  stats.first_us = call.timestamp_us;
  stats.last_us = call.last_timestamp_us;
  add(calls_[std::move(key)], stats);
}

void JoinedCalls::add_traces(std::uint64_t count, std::uint32_t source) {
  if (count && source) model::add_saturating(traces_[source - 1], count);
}

void JoinedCalls::add_entry(std::string_view service, std::string_view operation, std::uint64_t count) {
  model::add_saturating(entries_[EntryKey{std::string(service), std::string(operation)}].count, count);
}

void JoinedCalls::add_operation_times(std::string_view service, std::string_view operation,
                                      const model::LatencySummary* duration, const model::LatencySummary* self_time) {
  auto& e = entries_[EntryKey{std::string(service), std::string(operation)}];
  if (duration) e.duration.merge(*duration);
  if (self_time) e.self_time.merge(*self_time);
}

void JoinedCalls::merge(const JoinedCalls& other) {
  for (const auto& [key, stats] : other.calls_) add(calls_[key], stats);
  for (const auto& [key, stats] : other.entries_) add(entries_[key], stats);
  for (const auto& [unit, count] : other.traces_) model::add_saturating(traces_[unit], count);
  diagnostics_.merge(other.diagnostics_);
}

void JoinedCalls::apply(GraphBuilder& builder, const std::vector<std::uint32_t>& input_of_unit) const {
  // The calls CallAggregator::flush would make of them, in key order.
  builder.set_source(kJoinedTracesSource);
  for (const auto& [key, stats] : calls_) {
    CallRecord call;
    call.from_service = key.from_service;
    call.from_operation = key.from_operation;
    call.to_service = key.to_service;
    call.to_operation = key.to_operation;
    call.to_kind = key.to_kind;
    call.kind = key.kind;
    call.protocol = key.protocol;
    call.calls = stats.calls;
    if (!stats.latency.empty()) call.latency = &stats.latency;
    if (!stats.self_time.empty()) call.callee_self_time = &stats.self_time;
    call.timestamp_us = stats.first_us;
    call.last_timestamp_us = stats.last_us;
    call.traces = stats.traces;
    call.parallel_calls = stats.parallel;
    builder.add_call(call);
  }
  for (const auto& [key, stats] : entries_) {
    if (stats.count) builder.add_entry(key.service, key.operation, stats.count);
    if (!stats.duration.empty() || !stats.self_time.empty())
      builder.add_operation_times(key.service, key.operation, stats.duration.empty() ? nullptr : &stats.duration,
                                  stats.self_time.empty() ? nullptr : &stats.self_time);
  }
  for (const auto& [unit, count] : traces_) {
    builder.enter_input(input_of_unit.at(unit));
    builder.add_traces(count);
  }
  builder.diagnostics().merge(diagnostics_);
}

}  // namespace nanoscope::importers
