// Before/after comparison: both sides run in slices of replications with the same seeds, the
// paired differences come from sim::compare, the levels from each side's runs; the expected
// traffic and its "no request" reason come from the workload the model implies.
#include "session/comparison.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace nanoscope::session {
namespace {

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Mean across runs of a per-run figure.
template <class F>
double mean_of(const sim::ReplicationResult& r, F figure) {
  if (r.runs.empty()) return 0.0;
  double sum = 0.0;
  for (const auto& run : r.runs) sum += figure(run);
  return sum / static_cast<double>(r.runs.size());
}

// Appends `more`'s runs to `into` (slices of one batch: seeds continue).
void append_runs(std::vector<sim::GraphSimulationResult>& into, sim::ReplicationResult&& more) {
  for (auto& run : more.runs) into.push_back(std::move(run));
}

std::uint64_t measured_requests(const sim::ReplicationResult& r) {
  std::uint64_t n = 0;
  for (const auto& run : r.runs) n += run.requests_measured;
  return n;
}

}  // namespace

std::string load_error(const Load& load) {
  if (load.rate_per_s && !(*load.rate_per_s >= kMinRatePerS && *load.rate_per_s <= kMaxRatePerS))
    return fmt::format("rate {:g} requests/s is outside {:g} to {:g}", *load.rate_per_s, kMinRatePerS, kMaxRatePerS);
  if (load.duration_s && !(*load.duration_s >= kMinDurationS && *load.duration_s <= kMaxDurationS))
    return fmt::format("duration {:g} s is outside {:g} to {:g} s", *load.duration_s, kMinDurationS, kMaxDurationS);
  return {};
}

sim::Scenario apply_load(sim::Scenario scenario, const Load& load) {
  if (load.duration_s) {
    scenario.duration_s = *load.duration_s;
    if (scenario.warmup_s >= scenario.duration_s) scenario.warmup_s = scenario.duration_s / 10.0;
  }
  if (load.rate_per_s) scenario.total_rate_per_s = *load.rate_per_s;
  return scenario;
}

Traffic expected_traffic(const model::CallGraph& graph, const sim::Scenario& scenario) {
  return expected_traffic(graph, sim::build_workload(graph, scenario), scenario);
}

Traffic expected_traffic(const model::CallGraph& graph, const sim::Workload& workload, const sim::Scenario& scenario) {
  Traffic t;
  t.entries = workload.entries.size();
  for (model::OperationId op = 0; op < graph.operation_count(); ++op) t.recorded_requests += graph.operation(op).entry_count;
  t.window_s = graph.window_seconds();
  for (const auto& e : workload.entries) t.rate_per_s += e.rate_per_s;
  sim::Scenario plain = scenario;  // the input's own rate: no override, no scale
  plain.total_rate_per_s = 0.0;
  plain.rate_scale = 1.0;
  if (scenario.total_rate_per_s > 0.0 || scenario.rate_scale != 1.0) {
    for (const auto& e : sim::build_workload(graph, plain).entries) t.input_rate_per_s += e.rate_per_s;
  } else {
    t.input_rate_per_s = t.rate_per_s;
  }
  t.measured_s = std::max(0.0, scenario.duration_s - scenario.warmup_s);
  t.expected_requests = t.rate_per_s * t.measured_s;
  if (t.expected_requests >= 1.0) return t;

  constexpr double kWanted = 20.0;  // requests a useful run should see at least
  if (t.measured_s > 0.0) t.suggested_rate_per_s = std::clamp(std::ceil(kWanted / t.measured_s), kMinRatePerS, kMaxRatePerS);
  if (t.rate_per_s > 0.0) {
    const double d = std::ceil(scenario.warmup_s + kWanted / t.rate_per_s);
    if (d <= kMaxDurationS) t.suggested_duration_s = std::max(d, kMinDurationS);
  }
  const std::string what_to_set =
      t.suggested_duration_s > 0.0
          ? fmt::format("set a rate of at least {:g} requests/s or a duration of at least {:g} s",
                        t.suggested_rate_per_s, t.suggested_duration_s)
          : fmt::format("set a rate of at least {:g} requests/s", t.suggested_rate_per_s);
  if (t.entries == 0) {
    t.no_request_reason = "no operation receives outside requests: the input has no trace roots and every operation "
                          "is called by another, so there is nothing to simulate";
    t.suggested_rate_per_s = t.suggested_duration_s = 0.0;
    return t;
  }
  std::string input;
  if (t.recorded_requests > 0 && t.window_s > 0.0)
    input = fmt::format("the input records {} at {} over {:.4g} s ({:.3g} requests/s)",
                        plural(t.recorded_requests, "request", "requests"),
                        plural(t.entries, "entry operation", "entry operations"), t.window_s, t.input_rate_per_s);
  else if (t.recorded_requests > 0)
    input = fmt::format("the input records {} at {} without a time window, so they share the default {:g} requests/s",
                        plural(t.recorded_requests, "request", "requests"),
                        plural(t.entries, "entry operation", "entry operations"), scenario.default_total_rate_per_s);
  else
    input = fmt::format("the input records no request (no trace roots), so its {} share the default {:g} requests/s",
                        plural(t.entries, "entry operation", "entry operations"), scenario.default_total_rate_per_s);
  if (!(t.rate_per_s > 0.0)) {
    t.no_request_reason = fmt::format("no entry operation has traffic: {}, and the run's rate is zero (a rate scale "
                                      "or total rate of 0); {}",
                                      input, what_to_set);
    return t;
  }
  const std::string run_rate = std::abs(t.rate_per_s - t.input_rate_per_s) > 1e-9 * t.input_rate_per_s
                                   ? fmt::format(", and the run is set to {:.3g} requests/s", t.rate_per_s)
                                   : std::string();
  t.no_request_reason = fmt::format("no entry operation has enough traffic: {}{}, so {:g} measured seconds ({:g} s "
                                    "minus {:g} s warm-up) expect {:.2g} requests; {}",
                                    input, run_rate, t.measured_s, scenario.duration_s, scenario.warmup_s,
                                    t.expected_requests, what_to_set);
  return t;
}

PartitionComparison compare_partitions(const model::CallGraph& graph, const model::Partition& before,
                                       const model::Partition& after, const sim::Scenario& scenario,
                                       const ComparisonOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  PartitionComparison out;
  out.traffic = expected_traffic(graph, scenario);
  out.measured_s = out.traffic.measured_s;
  const std::uint32_t total = std::max<std::uint32_t>(options.replications, 1);
  const std::uint32_t threads = std::max<std::uint32_t>(options.threads, 1);
  // Without a stop predicate one slice holds every replication; with one, a slice is one round
  // of the threads, so a stop waits for at most one run per thread.
  const std::uint32_t slice = options.stop ? threads : total;
  bool cancelled_mid_run = false;
  std::vector<sim::GraphSimulationResult> runs[2];
  double wall[2] = {0.0, 0.0};
  std::uint32_t done = 0;
  while (done < total) {
    if ((options.stop && options.stop()) || options.cancel.requested() || cancelled_mid_run) {
      out.cancelled = true;
      break;
    }
    const std::uint32_t n = std::min(slice, total - done);
    sim::Scenario s = scenario;
    s.seed = scenario.seed + done;  // replication i runs seed + i, whatever the slicing
    for (int side = 0; side < 2; ++side) {
      const std::string stage = fmt::format("{}: replications {}-{} of {}", side == 0 ? "before" : "after", done + 1,
                                            done + n, total);
      sim::ReplicationProgress progress;
      if (options.progress)
        progress = [&](double finished, std::uint32_t) {
          options.progress((2.0 * done + side * n + finished) / (2.0 * total), stage);
        };
      if (options.progress) options.progress((2.0 * done + side * n) / (2.0 * total), stage);
      sim::ReplicationResult part;
      try {
        part = sim::simulate_replications(graph, side == 0 ? before : after, s, n, threads, progress, options.cancel);
      } catch (const model::Cancelled&) {  // mid-run: drop this slice, keep the finished pairs
        if (side == 1) runs[0].resize(done);
        cancelled_mid_run = true;
        break;
      }
      wall[side] += part.wall_seconds;
      append_runs(runs[side], std::move(part));
    }
    if (cancelled_mid_run) continue;  // the check at the top of the loop records it
    done += n;
  }
  out.replications = done;
  out.before = sim::summarise_runs(std::move(runs[0]));
  out.after = sim::summarise_runs(std::move(runs[1]));
  for (auto* side : {&out.before, &out.after}) {
    side->wall_seconds = wall[side == &out.before ? 0 : 1];
    side->events_per_second = side->wall_seconds > 0.0 ? static_cast<double>(side->events) / side->wall_seconds : 0.0;
  }
  out.paired = sim::compare(out.after, out.before, out.measured_s);

  for (std::size_t e = 0; e < out.paired.entries.size() && e < out.before.entries.size(); ++e) {
    const auto& b = out.before.entries[e];
    const auto& a = out.after.entries[e];
    const auto& c = out.paired.entries[e];
    out.entries.push_back({c.operation, b.requests, a.requests, {b.mean_ms.mean, a.mean_ms.mean, c.mean_ms},
                           {b.p50_ms.mean, a.p50_ms.mean, c.p50_ms}, {b.p99_ms.mean, a.p99_ms.mean, c.p99_ms}});
  }
  auto levels = [&](auto figure, const sim::Estimate& change) {
    return Delta{mean_of(out.before, figure), mean_of(out.after, figure), change};
  };
  const double measured_s = out.measured_s;
  out.remote_calls_per_request = levels(sim::remote_calls_per_request, out.paired.remote_calls_per_request);
  out.cpu_ms_per_request = levels(sim::cpu_ms_per_request, out.paired.cpu_ms_per_request);
  out.throughput_per_s = levels(
      [measured_s](const sim::GraphSimulationResult& r) {
        return measured_s > 0.0 ? sim::completed_requests(r) / measured_s : 0.0;
      },
      out.paired.throughput_per_s);

  if (out.replications > 0 && (measured_requests(out.before) == 0 || measured_requests(out.after) == 0))
    out.no_request_reason = !out.traffic.no_request_reason.empty()
                                ? out.traffic.no_request_reason
                                : fmt::format("no request was measured after the {:g} s warm-up although {:.2g} were "
                                              "expected; set a longer duration or a higher rate",
                                              scenario.warmup_s, out.traffic.expected_requests);
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace nanoscope::session
