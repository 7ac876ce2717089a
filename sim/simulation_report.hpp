// The report of `nanoscope simulate`: replications under the chosen partition side by side
// with the same request mix run as one process, so the network overhead is the difference.
// Summaries across replications (means, 95% half-widths) and text / JSON writers.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/replications.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::sim {

/// One partition's results summarised across replications (per-run means unless noted).
struct RunSummary {
  std::vector<EntryEstimate> entries;
  std::vector<std::uint64_t> entry_failed;  ///< measured failed requests per entry, summed over runs
  Estimate remote_calls, inprocess_calls, async_calls;
  Estimate throughput_per_s;                ///< measured completed requests / measured seconds
  Estimate error_rate;                      ///< measured failed / (completed + failed)
  Estimate cpu_business_s, cpu_serialization_s, cpu_stack_s, cpu_sidecar_s, cpu_broker_s;
  Estimate bytes_on_wire;
  Estimate failed_attempts, retries, timeouts, messages_lost, connection_waits;
  struct Group {
    std::string name;
    std::uint32_t servers = 0;
    Estimate utilisation;
    Estimate mean_in_system;
    std::uint32_t threads = 0;      ///< blocking concurrency: request threads (else 0)
    Estimate thread_utilisation;
    Estimate mean_requests;         ///< blocking: requests holding or waiting for a thread
  };
  std::vector<Group> groups;
  std::uint64_t events = 0;        ///< summed over replications
  double events_per_second = 0.0;  ///< events / wall seconds of the batch (not deterministic)
  double wall_seconds = 0.0;
};

/// Summarises replications; `measured_s` is the measured period (duration - warm-up).
[[nodiscard]] RunSummary summarise(const ReplicationResult& result, double measured_s);

/// Everything `nanoscope simulate` prints.
struct SimulationReport {
  std::string partition_name;       ///< e.g. "observed", a partition file, "+ merge a,b"
  std::uint32_t services = 0;       ///< non-empty groups of the partition
  std::uint32_t operations = 0;
  Scenario scenario;
  RunSummary partition;             ///< under the chosen partition
  RunSummary one_process;           ///< every operation in one service: the reference
  Comparison vs_one_process;        ///< partition minus one process, paired by replication
  /// When the partition was edited (--partition, --merge, --split): today's services, run
  /// with the same seeds, and the edit's effect with its intervals.
  bool has_before = false;
  RunSummary before;
  Comparison vs_before;
  std::vector<std::string> notes;   ///< what a reader must know to trust the numbers
  bool include_timing = true;       ///< wall-clock fields (events_per_second); off for goldens
};

/// Shown for a difference: "+1.234 ±0.056" or with " (n.s.)" when its 95% interval holds 0;
/// a single replication has no interval ("+1.234 (1 run)").
[[nodiscard]] std::string change_text(const Estimate& change);

/// Human-readable report.
void write_simulation_text(std::ostream& out, const SimulationReport& report);
/// JSON report (schema in docs/simulator.md, "nanoscope simulate").
void write_simulation_json(std::ostream& out, const SimulationReport& report);

}  // namespace nanoscope::sim
