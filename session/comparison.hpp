// Before/after comparison of a simulation, the one home used by `nanoscope simulate` and the
// GUI's simulation panel: the baseline partition and the edited one run the same seeds (common
// random numbers), each delta is the paired difference with its 95% Student-t interval and a
// "not significant" flag when the interval holds zero. Also the load a front end sets (rate and
// duration, validated) and why a run would see no request, derived from the workload.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/cancellation.hpp"
#include "model/partition.hpp"
#include "sim/graph_workload.hpp"
#include "sim/replications.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::session {

// --- the load ---

/// Ranges of the rate and duration controls (requests/s over every entry; simulated seconds).
inline constexpr double kMinRatePerS = 1e-6;
inline constexpr double kMaxRatePerS = 100'000.0;
inline constexpr double kMinDurationS = 1.0;
inline constexpr double kMaxDurationS = 3'600.0;

/// What a front end sets; an empty field keeps the scenario's value.
struct Load {
  std::optional<double> rate_per_s;  ///< total entry rate, keeping the input's mix
  std::optional<double> duration_s;  ///< simulated seconds of arrivals
};

/// "" when `load` is inside the ranges above, else one sentence naming the field and range.
[[nodiscard]] std::string load_error(const Load& load);

/// `scenario` with `load` applied (a warm-up not shorter than the new duration becomes a tenth
/// of it, as on the CLI).
[[nodiscard]] sim::Scenario apply_load(sim::Scenario scenario, const Load& load);

// --- expected traffic ---

/// The traffic a run of `scenario` would see, from the workload the model implies.
struct Traffic {
  std::size_t entries = 0;             ///< entry operations (receiving outside requests)
  std::uint64_t recorded_requests = 0; ///< trace roots in the input (0: manifest only)
  double window_s = 0.0;               ///< the input's observed window (0: unknown)
  double input_rate_per_s = 0.0;       ///< total entry rate the input implies (no rate override)
  double rate_per_s = 0.0;             ///< total entry rate of the run
  double measured_s = 0.0;             ///< duration minus warm-up
  double expected_requests = 0.0;      ///< rate_per_s * measured_s
  /// Empty when at least one request is expected; else why none arrives, from the model, and
  /// what to set (front-end neutral: "set a rate of at least ... requests/s").
  std::string no_request_reason;
  double suggested_rate_per_s = 0.0;   ///< with no_request_reason: a rate giving ~20 requests
  double suggested_duration_s = 0.0;   ///< with no_request_reason: a duration giving ~20 (0: none)
};

/// Expected traffic of `workload` (built from `graph` and `scenario`).
[[nodiscard]] Traffic expected_traffic(const model::CallGraph& graph, const sim::Workload& workload,
                                       const sim::Scenario& scenario);
/// The same, building the workload.
[[nodiscard]] Traffic expected_traffic(const model::CallGraph& graph, const sim::Scenario& scenario);

// --- the comparison ---

/// One figure before and after with the paired change (after minus before).
struct Delta {
  double before = 0.0;   ///< mean across the baseline's replications
  double after = 0.0;    ///< mean across the edited partition's replications
  sim::Estimate change;  ///< paired difference: mean, 95% half-width, samples
  /// The 95% interval is known (two paired samples or more) and excludes zero.
  [[nodiscard]] bool significant() const { return change.excludes_zero(); }
  [[nodiscard]] double low() const { return change.mean - change.half_width_95; }
  [[nodiscard]] double high() const { return change.mean + change.half_width_95; }
};

/// One entry operation's latency, in milliseconds.
struct EntryDelta {
  std::string operation;
  std::uint64_t requests_before = 0, requests_after = 0;  ///< measured, summed over replications
  Delta mean_ms, p50_ms, p99_ms;
};

/// How to run a comparison.
struct ComparisonOptions {
  std::uint32_t replications = 5;  ///< per side, seeds scenario.seed, +1, ...
  std::uint32_t threads = 2;
  /// (fraction done 0..1, stage) as runs progress; may be empty.
  std::function<void(double, const std::string&)> progress;
  /// Polled between slices of replications; when it returns true the comparison stops and
  /// keeps the replications both sides finished (`cancelled` set). Empty: never stops, and
  /// each side runs all its replications at once on `threads` threads.
  std::function<bool()> stop;
  /// Checked inside every run: once requested, the runs in progress stop within a few thousand
  /// events and the comparison keeps the replications both sides finished (`cancelled` set).
  model::CancelToken cancel;
};

/// Everything a before/after comparison produced.
struct PartitionComparison {
  sim::ReplicationResult before, after;  ///< the runs of each side (paired by index)
  sim::Comparison paired;                ///< after minus before, as sim::compare gives it
  std::vector<EntryDelta> entries;       ///< in operation-id order
  Delta remote_calls_per_request, cpu_ms_per_request, throughput_per_s;
  std::uint32_t replications = 0;        ///< finished on both sides
  bool cancelled = false;
  double measured_s = 0.0;
  double wall_seconds = 0.0;             ///< host time (not deterministic)
  Traffic traffic;                       ///< what the run expected
  /// Empty unless a side measured no request at all: then why (traffic's reason if it had one).
  std::string no_request_reason;
};

/// Runs `before` and `after` on `graph` under `scenario` with the same seeds and compares them.
/// Throws like sim::simulate_graph (a partition that does not match the graph).
[[nodiscard]] PartitionComparison compare_partitions(const model::CallGraph& graph, const model::Partition& before,
                                                     const model::Partition& after, const sim::Scenario& scenario,
                                                     const ComparisonOptions& options = {});

}  // namespace nanoscope::session
