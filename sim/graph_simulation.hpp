// Simulates request traffic over an imported call graph under a partition: operations in the
// same group call each other in-process, others remotely with serialization, network-stack
// CPU, propagation and transmission delay. One station per non-empty group.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/cancellation.hpp"
#include "model/latency_summary.hpp"
#include "model/partition.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::sim {

/// End-to-end latency of one entry operation (requests born after the warm-up).
struct EntryResult {
  std::string operation;            ///< "service/operation"
  double rate_per_s = 0.0;          ///< arrival rate used
  std::uint64_t requests = 0;       ///< measured requests completed
  std::uint64_t failed = 0;         ///< measured requests that failed (a call ran out of retries)
  model::LatencySummary latency_us; ///< mean, p50, p95, p99 via quantile_us
  /// Per request: time on its critical path spent communicating remotely (encoding, decoding
  /// and their queueing, connection waits, handshakes, the wire, failed attempts, backoff).
  /// Zero for a request whose calls are all in-process, so it is the network overhead on
  /// latency without the capacity effects of how replicas are sized.
  model::LatencySummary communication_us;
};

/// Load of one group's station (or of the message broker, named "(broker)").
struct GroupResult {
  std::string name;
  std::uint32_t servers = 0;   ///< replicas x workers
  double utilisation = 0.0;    ///< mean fraction of servers busy after the warm-up
  std::uint64_t jobs = 0;      ///< CPU bursts served after the warm-up
  double mean_in_system = 0.0; ///< time-average CPU jobs waiting or in service after the warm-up
  std::uint32_t threads = 0;   ///< blocking concurrency: replicas x threads per replica (else 0)
  double thread_utilisation = 0.0;  ///< blocking: mean fraction of threads held after the warm-up
  double mean_requests = 0.0;  ///< blocking: time-average requests holding or waiting for a thread
};

/// Everything a graph simulation reports. requests_arrived/completed/failed/in_flight cover
/// the whole run; every other counter (calls, CPU, bytes, failures) counts only the work of
/// requests born after the warm-up, so per-request figures divide by requests_measured.
struct GraphSimulationResult {
  std::vector<EntryResult> entries;   ///< in operation-id order
  std::vector<GroupResult> groups;    ///< non-empty groups in id order
  std::uint64_t requests_arrived = 0;
  std::uint64_t requests_completed = 0;
  std::uint64_t requests_failed = 0;  ///< a remote call on the request's path ran out of retries
  std::uint64_t requests_in_flight = 0;
  std::uint64_t requests_measured = 0;  ///< roots born after the warm-up that completed or failed
  std::uint64_t thread_waits = 0;     ///< blocking: frames that waited for a thread after the warm-up
  std::uint64_t remote_calls = 0;     ///< synchronous and asynchronous (first attempts)
  std::uint64_t inprocess_calls = 0;
  std::uint64_t async_calls = 0;      ///< of which fire-and-forget
  std::uint64_t failed_attempts = 0;  ///< remote attempts lost, timed out or answered with an error
  std::uint64_t retries = 0;          ///< attempts after a failed one
  std::uint64_t timeouts = 0;         ///< attempts the caller gave up on after timeout_s
  std::uint64_t messages_lost = 0;    ///< asynchronous messages that failed (never retried)
  std::uint64_t connection_waits = 0; ///< calls that queued for a pooled connection
  std::vector<std::uint64_t> calls_per_edge;  ///< indexed by EdgeId
  double cpu_business_s = 0.0;        ///< operations' own work
  double cpu_serialization_s = 0.0;   ///< encode + decode of payloads
  double cpu_stack_s = 0.0;           ///< network stack / protocol per message, TLS
  double cpu_sidecar_s = 0.0;         ///< service-mesh proxies
  double cpu_broker_s = 0.0;          ///< message broker (when scenario.broker)
  double bytes_on_wire = 0.0;
  std::uint64_t events = 0;
  double simulated_s = 0.0;           ///< simulated time at the end (drain included)
  double wall_seconds = 0.0;          ///< host time (not deterministic)
  double events_per_second = 0.0;     ///< events / wall_seconds (not deterministic)
  double cpu_seconds = 0.0;           ///< CPU time of the thread that ran it (not deterministic)
  double events_per_cpu_second = 0.0; ///< events / cpu_seconds: speed without the machine's load
};

/// Runs one replication. Deterministic for equal inputs (except the wall-clock fields);
/// with scenario.drain the call counts per edge do not depend on the partition, so two
/// partitions differ exactly by how calls are priced. Throws std::invalid_argument when the
/// partition was made for a graph with a different number of operations.
[[nodiscard]] GraphSimulationResult simulate_graph(const model::CallGraph& graph, const model::Partition& partition,
                                                   const Scenario& scenario);

/// Progress of one run: the fraction (0..1] of the arrival period simulated so far.
using RunProgress = std::function<void(double)>;

/// As above, calling `progress` about 50 times while arrivals run (results are identical).
/// Throws model::Cancelled within a few thousand events of `cancel` being cancelled.
[[nodiscard]] GraphSimulationResult simulate_graph(const model::CallGraph& graph, const model::Partition& partition,
                                                   const Scenario& scenario, const RunProgress& progress,
                                                   const model::CancelToken& cancel = {});

}  // namespace nanoscope::sim
