// Everything the cost models need to know about one partition, in native units and per
// request: its structure (services, contracts, dependencies, cross-service interactions per
// business transaction, knots), its network cost against the same workload as one process
// (per request from expectations, added latency over the era's production loads from the
// analytic solver, load_curve.hpp), its per-service load, and the share of requests that
// survive a service failing. Deterministic for equal inputs; computed once per partition and
// era, priced many times.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "economics/fault_paths.hpp"
#include "economics/load_curve.hpp"
#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::economics {

/// One business service (a group holding at least one operation of a Service-kind service).
struct GroupMeasures {
  model::GroupId group = 0;
  std::string name;
  std::uint32_t operations = 0;         ///< business operations in it
  std::uint32_t exposed_operations = 0;  ///< operations called from other groups or entered from outside
  std::uint32_t client_adapters = 0;     ///< distinct operations of other groups it calls
  std::uint32_t dependencies = 0;        ///< distinct other groups it calls
  std::uint32_t internal_edges = 0;      ///< operation edges inside it
  std::uint32_t cross_in_edges = 0;      ///< operation edges into it from other business groups
  std::uint32_t cross_interactions = 0;  ///< cross-group interactions to reason about: its cross_in edges
  /// Transactions that reach it synchronously without starting in it, each weighted by the
  /// share of its sampled requests that do (expected).
  double spanned_transactions = 0.0;
  bool in_knot = false;                  ///< named by a knot finding of the analysis
  double remote_calls_in_per_request = 0.0;  ///< remote calls it receives per request (expected)
  /// Offered CPU-seconds per second per request/s of total load (own work, in-process calls and
  /// the communication CPU of its remote messages; sim::plan_capacity's offered_cpu_per_s / rate).
  double offered_cpu_per_rps = 0.0;
  std::uint64_t base_replicas = 1;       ///< replicas before autoscaling (its services' own counts)
  double survive_share = 1.0;            ///< share of requests that do not need it synchronously
};

/// The whole partition.
struct PartitionMeasures {
  std::vector<GroupMeasures> groups;     ///< business groups, sorted by name
  std::uint32_t business_operations = 0;
  std::uint32_t transactions = 0;        ///< business transactions (entry operations)
  std::uint32_t contracts = 0;           ///< sum of exposed operations
  std::uint32_t client_adapters = 0;
  std::uint32_t dependencies = 0;
  std::uint32_t cross_edges = 0;         ///< operation edges between business groups
  std::uint32_t cross_interactions = 0;
  double spanned_services = 0.0;         ///< sum over transactions of expected (business groups reached - 1)
  std::uint32_t knot_services = 0;
  std::uint32_t escape_surface = 0;      ///< sum over groups of (operations - 1 + internal edges)
  // per request, this partition minus the one-process reference
  /// Added latency against the one process at a grid of production loads (fewest first), each
  /// side provisioned by the era's capacity policy at that load; see LoadPoint.
  std::vector<LoadPoint> load_curve;
  /// The capacity rule both sides were provisioned by (from the era's simulation section).
  sim::CapacityPolicy capacity_policy = sim::CapacityPolicy::Autoscale;
  std::uint32_t workers_per_replica = 1;
  double autoscale_utilisation = 0.0;
  /// The discrete-event check at the nominal production rate (absent when it was not run).
  std::optional<SimulationCheck> des_check;
  double added_mean_ms = 0.0;            ///< at the nominal production rate (load curve)
  double added_p50_ms = 0.0;
  double added_p99_ms = 0.0;
  // expected per request (every call at its first attempt), this partition minus the reference
  double comm_cpu_s_per_request = 0.0;   ///< serialization + stack/TLS/handshakes + sidecar CPU
  double bytes_per_request = 0.0;
  double remote_calls_per_request = 0.0;
  // absolute figures at the nominal rate (for before / after), entry-rate weighted: the
  // simulated reference; the partition simulated when des_check ran, else the simulated
  // reference plus the added p50 / p99 of the load curve
  double p50_ms = 0.0, p99_ms = 0.0;
  double reference_p50_ms = 0.0, reference_p99_ms = 0.0;
  double simulated_rate_per_s = 0.0;     ///< the nominal production rate
  std::uint64_t simulated_requests = 0;  ///< measured requests of the DES check (0 without)
};

/// What stays fixed while partitions vary: the graph, the era's simulation scenario, the
/// one-process reference, the load grid with the reference's curve and simulation, the
/// business operations and sampled fault paths.
struct MeasureContext {
  const model::CallGraph* graph = nullptr;
  sim::Scenario scenario;
  std::vector<bool> business;            ///< per operation: owned by a Service-kind service
  model::Partition reference;            ///< business operations in one group, the rest as observed
  model::Partition finest;               ///< every business operation alone, the rest as observed
  LoadContext load;                      ///< the load grid (load.rates) and the reference at it
  FaultPaths fault_paths;
  std::vector<model::OperationId> transaction_roots;
};

/// Business operations: those of Service-kind services that carry traffic (invocations or
/// entries). When the graph has no observed traffic at all (manifest-only), every operation
/// of a Service-kind service counts. Placeholders a manifest adds ("*") are thereby left out.
[[nodiscard]] std::vector<bool> business_operations(const model::CallGraph& graph);
/// business_operations, or std::invalid_argument saying the graph has none to price (an empty
/// graph, or one left with only databases, caches, brokers, clients or external peers, e.g.
/// after infrastructure was excluded).
[[nodiscard]] std::vector<bool> require_business_operations(const model::CallGraph& graph);

/// Builds the context for an era whose production rate ranges over [low, high] requests/s
/// with `nominal` in the middle (the load grid, load_grid; the reference solved over it and
/// simulated once at the nominal rate). Throws std::invalid_argument when the graph has no
/// operation of a Service-kind service, or the rates are not 0 < low <= high, nominal > 0.
[[nodiscard]] MeasureContext make_measure_context(const model::CallGraph& graph, const sim::Scenario& scenario,
                                                  double low_rate_per_s, double high_rate_per_s,
                                                  double nominal_rate_per_s, const model::CancelToken& cancel = {});

/// The reference partition: every business operation in one group named "monolith".
[[nodiscard]] model::Partition one_process_partition(const model::CallGraph& graph);
/// Every business operation in a group of its own named "service/operation"; the rest as observed.
[[nodiscard]] model::Partition one_operation_per_service(const model::CallGraph& graph);

/// Replicas of `g` at `rate_per_s` requests/s under the partition's capacity rule
/// (sim::station_replicas).
[[nodiscard]] double replicas_at(const GroupMeasures& g, const PartitionMeasures& m, double rate_per_s);
/// Added mean, p50 and p99 latency at `rate_per_s`, interpolated on the load curve (clamped to
/// its ends); a point with every field 0 when the curve is empty.
[[nodiscard]] LoadPoint load_at(const PartitionMeasures& m, double rate_per_s);

/// Measures `partition`: structure, expectations and the load curve (analytic, milliseconds on
/// large graphs); with `des_check`, also one discrete-event simulation at the nominal rate.
[[nodiscard]] PartitionMeasures measure_partition(const MeasureContext& context, const model::Partition& partition,
                                                  bool des_check = false);

}  // namespace nanoscope::economics
