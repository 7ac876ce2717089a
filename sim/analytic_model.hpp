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
//   when that costs CPU; each job waits the station's wait W once: Erlang C of one replica
//   (each replica has its own line and takes every R-th job, as in the simulator), scaled for
//   the smoother round-robin arrivals when there are several (QNA);
// - mean latency L of a visit after its first wait solves L = a + M L (M = synchronous mean
//   calls), with the group of parallel calls as the expected maximum of independent
//   shifted-exponential branches; an entry's mean latency is W + L.
// AnalyticModel prepares what no partition or load changes once; solve_rates then solves one
// partition at many loads, capacity sized at each by the scenario's policy.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/graph_workload.hpp"
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
  /// Queueing delay of one job (excluding service): Erlang C of one replica, scaled for
  /// round-robin arrivals when there are several (docs/analytic.md); a visit arriving over the
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
  /// Poisson arrivals, one replica each, no fork-join, blocking, pools, failures or broker), so the means are
  /// exact for the model; only the depth-cut and unstable-station caveats may then appear.
  bool product_form = false;
  /// Where the simulator will differ, one sentence each, in a fixed order: fork-join,
  /// blocking concurrency, non-exponential or mixed service times, replicas, connection pools,
  /// failures/timeouts/retries, broker, replayed arrivals, max depth cut / cycles, unstable
  /// stations.
  std::vector<std::string> caveats;
};

/// Options of AnalyticModel::solve_rates.
struct AnalyticLoadOptions {
  /// Waits are computed at min(utilisation, this cap). 1 (the default) keeps them exact, so an
  /// unstable station waits forever and the entries reaching it have infinite latency; below
  /// 1 an overloaded station waits as at the cap: a finite lower bound of an unbounded mean,
  /// for curves that must stay finite (the load still reports the true utilisation).
  double wait_utilisation_cap = 1.0;
};

/// The solution at one total load (capacity sized by the scenario's policy at that load).
struct AnalyticLoad {
  double total_rate_per_s = 0.0;
  std::vector<double> mean_latency_s;  ///< per entry, as AnalyticEntry::mean_latency_s (Workload::entries order)
  std::vector<double> comm_latency_s;  ///< per entry, as AnalyticEntry::comm_latency_s
  double max_utilisation = 0.0;        ///< the busiest station's, uncapped
  std::uint32_t unstable_stations = 0; ///< stations at utilisation >= 1
};

/// A station's load per request/s, from which its replicas follow at any load
/// (station_replicas(offered_cpu_per_rps x rate, base_replicas, scenario)).
struct AnalyticStationLoad {
  model::GroupId group = 0;
  double offered_cpu_per_rps = 0.0;  ///< plan_capacity's offered CPU-seconds per second / total rate
  std::uint64_t base_replicas = 1;   ///< StationPlan::base_replicas
};

/// One partition solved at many loads (AnalyticModel::solve_rates).
struct AnalyticCurve {
  std::vector<AnalyticStationLoad> stations;  ///< non-empty groups, in group-id order
  std::vector<double> entry_share;            ///< entry rate / total rate, Workload::entries order
  std::vector<AnalyticLoad> loads;            ///< one per requested rate, in that order
  /// Fixed capacity: the total rate (same mix) at which the busiest station reaches utilisation
  /// 1; autoscale: +infinity (replicas follow the load); +infinity when no station works.
  double saturation_rate_per_s = 0.0;
};

namespace detail {
struct AnalyticPrepared;
}

/// The analytic model of one graph under one scenario, prepared once and solved for many
/// partitions and loads: the workload, the visit rates (linear in the load), the strongly
/// connected blocks of the call graph and the factorization of the latency equations do not
/// depend on the partition or the load, only the equations' right-hand side does. Immutable:
/// several threads may solve with one model. Keeps a pointer to `graph`, which must outlive it.
class AnalyticModel {
 public:
  /// Throws std::invalid_argument when the expected number of calls per request is infinite
  /// (a cycle of calls makes on average one or more calls of itself).
  AnalyticModel(const model::CallGraph& graph, const Scenario& scenario);

  [[nodiscard]] const Scenario& scenario() const;
  /// build_workload(graph, scenario): the same for every partition.
  [[nodiscard]] const Workload& workload() const;
  /// Sum of the workload's entry rates (the load the scenario states).
  [[nodiscard]] double total_rate_per_s() const;
  /// Invocations per second of each operation at that load with calls cut at max_call_depth,
  /// as the simulator makes them (visit_rates; what plan_capacity sizes stations by).
  [[nodiscard]] const std::vector<double>& visits_per_s() const;

  /// The solution at the scenario's load; identical to solve_analytic(graph, partition, scenario).
  /// Throws std::invalid_argument when the partition was made for another graph.
  [[nodiscard]] AnalyticResult solve(const model::Partition& partition) const;

  /// The solution at each total rate in `rates` (requests/s, same entry mix), each load with
  /// its own capacity under the scenario's policy: autoscale re-sizes every station at that
  /// load, fixed capacity keeps the deployment's replicas. Caveats are solve()'s.
  [[nodiscard]] AnalyticCurve solve_rates(const model::Partition& partition, const std::vector<double>& rates,
                                          const AnalyticLoadOptions& options = {}) const;

 private:
  std::shared_ptr<const detail::AnalyticPrepared> prepared_;
};

/// Solves `graph` under `partition` and `scenario` (concurrency is taken as async; blocking
/// adds a caveat). Throws std::invalid_argument when the partition was made for a graph with
/// a different number of operations, or when the expected number of calls per request is
/// infinite (a cycle of calls makes on average one or more calls of itself).
[[nodiscard]] AnalyticResult solve_analytic(const model::CallGraph& graph, const model::Partition& partition,
                                            const Scenario& scenario);

/// AnalyticModel(graph, scenario).solve_rates(partition, rates, options): one partition at many
/// loads. Build the AnalyticModel once to solve many partitions of one graph.
[[nodiscard]] AnalyticCurve solve_analytic_rates(const model::CallGraph& graph, const model::Partition& partition,
                                                 const Scenario& scenario, const std::vector<double>& rates,
                                                 const AnalyticLoadOptions& options = {});

}  // namespace nanoscope::sim
