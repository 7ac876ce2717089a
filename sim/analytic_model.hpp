// Analytic queueing solution of a call graph under a partition: visit rates from the traffic
// equations, one M/M/c (Erlang C) station per partition group, mean latency per entry
// operation and the load at which the busiest station saturates. Milliseconds where the
// discrete-event simulator (graph_simulation.hpp) takes seconds; the caveats say where the two
// differ.
//
// \file
// The model is the simulator's async concurrency model taken as an open queueing network
// (method and formulas: docs/analytic.md). It reads the same workload (build_workload) and
// the same station sizing and communication CPU (plan_capacity, message_cpu), so both price
// a partition alike:
// - visit rates v = lambda_entry + C^T v, C[op][callee] = mean calls per invocation (sync and
//   async), a sparse linear system solved per strongly connected component (Eigen SparseLU
//   for each cycle of calls); no depth cut, so cycles whose calls make less than one call of
//   themselves converge;
// - a job at a station is a visit that arrives from outside or over the network (its own work,
//   the message CPU of the call that brought it and of the requests it sends, and the work of
//   its in-process callees, continued on the same core), or the decoding of a remote response
//   when that costs CPU; each job waits the station's Erlang C wait W once;
// - mean latency L of a visit after its first wait solves L = a + M L (M = synchronous mean
//   calls), with the group of parallel calls as the expected maximum of independent
//   shifted-exponential branches; an entry's mean latency is W + L.
#pragma once

#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::sim {

/// Mean end-to-end latency of one entry operation.
struct AnalyticEntry {
  std::string operation;        ///< "service/operation", as EntryResult::operation
  double rate_per_s = 0.0;      ///< arrival rate (build_workload's)
  /// Mean time from arrival to the response; +infinity when the request synchronously reaches
  /// an unstable station (utilisation >= 1).
  double mean_latency_s = 0.0;
  /// The part of mean_latency_s spent communicating remotely, as EntryResult::communication_us
  /// counts it: message CPU on both sides, the wire, handshakes and the waits of response
  /// decoding, summed along the critical path. 0 when every call is in-process.
  double comm_latency_s = 0.0;
};

/// One station (non-empty partition group), in group-id order as CapacityPlan::stations.
struct AnalyticStation {
  std::string name;
  double servers = 0.0;         ///< replicas x workers (CPU cores)
  /// Offered CPU-seconds per second / servers: plan_capacity's offered_cpu_per_s, except that
  /// visits are followed to any depth (the same whenever no call is deeper than max_call_depth).
  double utilisation = 0.0;
  /// Erlang C queueing delay of one job (excluding service); a visit arriving over the
  /// network waits it once, plus once per remote response it decodes at a CPU cost.
  /// +infinity when utilisation >= 1.
  double mean_wait_s = 0.0;
  double mean_service_s = 0.0;  ///< mean CPU per job
  double jobs_per_s = 0.0;      ///< jobs arriving per second
};

/// Everything solve_analytic reports.
struct AnalyticResult {
  std::vector<AnalyticEntry> entries;    ///< in operation-id order (build_workload's entries)
  std::vector<AnalyticStation> stations; ///< in group-id order
  double total_rate_per_s = 0.0;         ///< sum of the entry rates
  /// Total entry rate (same mix) at which the busiest station reaches utilisation 1 with the
  /// capacity as sized for this load (under autoscale, capacity would grow with the load);
  /// +infinity when no station does any work.
  double saturation_rate_per_s = 0.0;
  double saturation_scale = 0.0;         ///< saturation_rate_per_s / total_rate_per_s
  /// True when the network is product-form (Jackson/BCMP: one exponential job per station,
  /// Poisson arrivals, no fork-join, blocking, pools, failures or broker), so the means are
  /// exact for the model; only the depth-cut and unstable-station caveats may then appear.
  bool product_form = false;
  /// Where the simulator will differ, one sentence each, in a fixed order: fork-join,
  /// blocking concurrency, non-exponential or mixed service times, connection pools,
  /// failures/timeouts/retries, broker, replayed arrivals, max depth cut / cycles, unstable
  /// stations.
  std::vector<std::string> caveats;
};

/// Solves `graph` under `partition` and `scenario` (concurrency is taken as async; blocking
/// adds a caveat). Throws std::invalid_argument when the partition was made for a graph with
/// a different number of operations, or when the expected number of calls per request is
/// infinite (a cycle of calls makes on average one or more calls of itself).
[[nodiscard]] AnalyticResult solve_analytic(const model::CallGraph& graph, const model::Partition& partition,
                                            const Scenario& scenario);

}  // namespace nanoscope::sim
