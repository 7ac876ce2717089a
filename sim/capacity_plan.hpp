// Capacity of a partition's stations: which operations each group holds, the CPU each one is
// offered per second (own work and the communication its remote calls cost both sides), and
// the replicas, cores and threads it gets under the scenario's capacity policy. One home for
// the communication CPU of a message and for station sizing: the discrete-event model
// (graph_model.cpp) and the analytic solver (analytic_model.cpp) both read it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "sim/graph_workload.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::sim {

/// CPU one side spends on one remote message of `bytes`, split by category.
struct MessageCpu {
  double serialization_s = 0.0;  ///< encode or decode of the payload
  double stack_s = 0.0;          ///< network stack, protocol framing, TLS record encryption
  double sidecar_s = 0.0;        ///< the side's service-mesh proxy
  [[nodiscard]] double total() const { return serialization_s + stack_s + sidecar_s; }
};

/// The CPU of one message side under `scenario` (handshakes excluded: see handshake_cpu_s).
[[nodiscard]] MessageCpu message_cpu(const Scenario& scenario, double bytes);

/// CPU each side spends opening a connection for one call (TLS without keep-alive), else 0.
[[nodiscard]] double handshake_cpu_s(const Scenario& scenario);

/// One station: a non-empty partition group.
struct StationPlan {
  std::string name;
  model::GroupId group = 0;
  std::vector<model::OperationId> operations;
  /// Expected CPU-seconds per second offered at the scenario's load: own work of its
  /// operations, inprocess_call_s per in-process call, and the communication CPU of every
  /// remote message they send or receive.
  double offered_cpu_per_s = 0.0;
  std::uint32_t replicas = 1;
  /// Replicas before autoscaling (the services' own counts, see plan_capacity): what
  /// station_replicas starts from when the same station is sized for another load.
  std::uint64_t base_replicas = 1;
  std::uint32_t workers = 1;   ///< CPU cores per replica
  std::uint32_t threads = 0;   ///< request threads per replica (blocking concurrency); 0 = unbounded
  [[nodiscard]] double cores() const { return static_cast<double>(replicas) * workers; }
  [[nodiscard]] double utilisation() const { return cores() > 0.0 ? offered_cpu_per_s / cores() : 0.0; }
};

/// Stations of a partition, in group-id order.
struct CapacityPlan {
  std::vector<StationPlan> stations;
  std::vector<std::uint32_t> station_of_group;  ///< kNoStation for empty groups
  std::vector<double> visits_per_s;             ///< per operation: invocations per second
  static constexpr std::uint32_t kNoStation = 0xFFFFFFFFu;
};

/// Invocations per second of each operation: entry rates propagated along mean calls per
/// invocation, at most `max_depth` calls deep, as the simulator makes them.
[[nodiscard]] std::vector<double> visit_rates(const Workload& workload, std::uint32_t max_depth);

/// Offered CPU-seconds per second of every group of `partition` (indexed by GroupId) when each
/// operation is invoked `visits_per_s[op]` times a second: own work, inprocess_call_s per
/// in-process call, and both sides of every remote message (StationPlan::offered_cpu_per_s).
[[nodiscard]] std::vector<double> offered_cpu_per_group(const model::Partition& partition, const Scenario& scenario,
                                                        const Workload& workload,
                                                        const std::vector<double>& visits_per_s);

/// The part of a scenario that sizes stations (cheap to copy; the economics prices replicas
/// with it at every Monte-Carlo sample).
struct CapacityRule {
  CapacityPolicy policy = CapacityPolicy::Fixed;  ///< the effective policy
  std::uint32_t workers_per_replica = 1;
  double autoscale_utilisation = 0.0;
  [[nodiscard]] static CapacityRule of(const Scenario& scenario) {
    return {scenario.effective_capacity_policy(), scenario.workers_per_replica, scenario.autoscale_utilisation};
  }
};

/// Replicas of one station under a capacity rule: `base` (the services' own counts, see
/// plan_capacity) under fixed capacity; under autoscale at least `base`, raised to
/// ceil(offered CPU / (workers_per_replica x autoscale_utilisation)). At least 1, at most 1e6.
[[nodiscard]] std::uint32_t station_replicas(double offered_cpu_per_s, std::uint64_t base, const CapacityRule& rule);
/// The same under the scenario's rule.
[[nodiscard]] inline std::uint32_t station_replicas(double offered_cpu_per_s, std::uint64_t base,
                                                    const Scenario& scenario) {
  return station_replicas(offered_cpu_per_s, base, CapacityRule::of(scenario));
}

/// Sizes every station of `partition` under `scenario`:
/// - base replicas: under `policy: fixed`, the sum over the imported services with an operation
///   in the group of each one's replicas (manifest, else default_replicas) — merging pools the
///   services' cores, a split piece keeps its service's replicas; under `policy: autoscale`
///   the largest of those counts, raised to ceil(offered CPU / (workers x
///   autoscale_utilisation)) so every partition runs at the same target utilisation;
/// - workers = workers_per_replica; threads = threads_per_replica under blocking concurrency.
[[nodiscard]] CapacityPlan plan_capacity(const model::CallGraph& graph, const model::Partition& partition,
                                         const Scenario& scenario, const Workload& workload);

/// As above with the visit rates already computed (visit_rates(workload, max_call_depth)):
/// they depend on the workload only, so callers sizing many partitions compute them once.
[[nodiscard]] CapacityPlan plan_capacity(const model::CallGraph& graph, const model::Partition& partition,
                                         const Scenario& scenario, const Workload& workload,
                                         std::vector<double> visits_per_s);

/// Expected remote communication per second of a partition when each operation is invoked
/// `visits_per_s[op]` times a second, every call succeeding at its first attempt (as the
/// simulator counts first attempts; retries come on top): the same per-message rule as
/// offered_cpu_per_group and the simulator (a synchronous call: both sides encode and decode
/// request and response, plus handshakes; an asynchronous one: the callee decodes the request).
struct CommunicationRates {
  double remote_calls_per_s = 0.0;   ///< synchronous and asynchronous
  double bytes_per_s = 0.0;          ///< on the wire (twice for an async message through the broker)
  MessageCpu cpu_per_s;              ///< CPU-seconds per second, both sides, handshakes as stack
  std::vector<double> remote_calls_in_per_s;  ///< per group (GroupId): remote calls it receives
};

[[nodiscard]] CommunicationRates communication_rates(const model::Partition& partition, const Scenario& scenario,
                                                     const Workload& workload, const std::vector<double>& visits_per_s);

}  // namespace nanoscope::sim
