// The request workload of an imported call graph: which operations receive outside traffic
// and at what rate, how long each operation computes, and which callees it calls how often.
// Estimated from trace statistics; manifest-only graphs fall back to scenario defaults.
#pragma once

#include <cstdint>
#include <vector>

#include "model/call_graph.hpp"
#include "sim/scenario.hpp"
#include "sim/service_time.hpp"

namespace nanoscope::sim {

/// One callee of an operation.
struct CallSpec {
  model::OperationId callee = 0;
  model::EdgeId edge = 0;
  double mean_calls = 1.0;    ///< calls per invocation of the caller (drawn as floor + Bernoulli)
  bool async = false;         ///< fire-and-forget: the caller does not wait
  /// Probability that an invocation makes this callee's calls in parallel (all issued together
  /// with the other parallel calls, right after the caller's own work) rather than in order:
  /// the edge's parallel_calls / calls. Synchronous calls only.
  double parallel = 0.0;
  double failure_probability = 0.0;  ///< per attempt (scenario default or the edge's override)
  double timeout_s = 0.0;            ///< per attempt, 0 = none
  std::uint32_t retries = 0;         ///< further attempts after a failed one
  double request_bytes = 0.0;
  double response_bytes = 0.0;
};

/// Behaviour of one operation per invocation: compute, then make the calls drawn parallel all
/// at once and wait for them, then make the others one after another in edge order.
struct OperationSpec {
  ServiceTime service;        ///< CPU time of its own work (span self time)
  std::vector<CallSpec> calls;  ///< in edge-id order
};

/// An operation receiving requests from outside the system.
struct EntrySpec {
  model::OperationId operation = 0;
  double rate_per_s = 0.0;    ///< mean arrival rate (of the Poisson process, or of the replay)
  /// Replay (scenario.arrivals == Replay and the graph kept root start times): arrival
  /// offsets in seconds from the first kept arrival of the graph, sorted, repeating every
  /// replay_period_s, all divided by replay_speed (the factor total_rate_per_s and rate_scale
  /// give); rate_per_s is then the replay's mean rate.
  std::vector<double> replay_s;
  double replay_period_s = 0.0;
  double replay_speed = 1.0;
};

/// The whole workload, indexed by OperationId.
struct Workload {
  std::vector<OperationSpec> operations;
  std::vector<EntrySpec> entries;  ///< in operation-id order
  std::size_t replayed_entries = 0;  ///< entries with replay_s (the others are Poisson)
  std::size_t cycle_edges_skipped = 0;  ///< manifest-only graphs: declared edges closing a cycle, not followed
};

/// Estimates the workload of `graph`:
/// - entries: operations that were trace roots, at entry_count / window seconds (or the
///   scenario's default total rate shared by entry count when the window is unknown); with
///   no roots at all (manifest-only), every service operation without callers, sharing the
///   default rate; scenario.total_rate_per_s (when positive) rescales them to that total,
///   and every rate is then multiplied by scenario.rate_scale;
/// - service time: the empirical self-time distribution, else exponential with
///   scenario.default_service_s;
/// - calls: one CallSpec per out-edge, mean_calls = edge calls / caller invocations; edges
///   never observed are skipped unless the graph has no observed calls at all (then 1 call,
///   except edges closing a cycle, found depth-first from uncalled operations, which are
///   skipped and counted in cycle_edges_skipped);
///   payload sizes from the edge's byte statistics, else the scenario defaults.
[[nodiscard]] Workload build_workload(const model::CallGraph& graph, const Scenario& scenario);

}  // namespace nanoscope::sim
