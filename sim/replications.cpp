// Replications on worker threads (an atomic work counter; results stored by index, so the
// summary is independent of scheduling), Student-t confidence intervals and paired
// (common-random-number) differences between two replication sets.
#include "sim/replications.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include <boost/math/distributions/students_t.hpp>

namespace nanoscope::sim {
double t_quantile_95(std::uint32_t dof) {
  if (dof == 0) return 0.0;
  return boost::math::quantile(boost::math::complement(boost::math::students_t(dof), 0.025));
}

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  e.samples = static_cast<std::uint32_t>(values.size());
  if (values.empty()) return e;
  double sum = 0.0;
  for (double v : values) sum += v;
  e.mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) return e;
  double ss = 0.0;
  for (double v : values) ss += (v - e.mean) * (v - e.mean);
  const double sd = std::sqrt(ss / static_cast<double>(values.size() - 1));
  e.half_width_95 = t_quantile_95(e.samples - 1) * sd / std::sqrt(static_cast<double>(values.size()));
  return e;
}

ReplicationResult summarise_runs(std::vector<GraphSimulationResult> runs) {
  ReplicationResult out;
  out.runs = std::move(runs);
  if (out.runs.empty()) return out;
  const auto& first = out.runs.front();
  for (std::size_t e = 0; e < first.entries.size(); ++e) {
    EntryEstimate est;
    est.operation = first.entries[e].operation;
    std::vector<double> mean, p50, p95, p99, comm_mean, comm_p50, comm_p99;
    for (const auto& run : out.runs) {
      const auto& lat = run.entries[e].latency_us;
      const auto& comm = run.entries[e].communication_us;
      est.requests += run.entries[e].requests;
      if (lat.empty()) continue;
      comm_mean.push_back(comm.mean_us() / 1e3);
      comm_p50.push_back(comm.quantile_us(0.50) / 1e3);
      comm_p99.push_back(comm.quantile_us(0.99) / 1e3);
      mean.push_back(lat.mean_us() / 1e3);
      p50.push_back(lat.quantile_us(0.50) / 1e3);
      p95.push_back(lat.quantile_us(0.95) / 1e3);
      p99.push_back(lat.quantile_us(0.99) / 1e3);
    }
    est.mean_ms = estimate(mean);
    est.p50_ms = estimate(p50);
    est.p95_ms = estimate(p95);
    est.p99_ms = estimate(p99);
    est.comm_mean_ms = estimate(comm_mean);
    est.comm_p50_ms = estimate(comm_p50);
    est.comm_p99_ms = estimate(comm_p99);
    out.entries.push_back(std::move(est));
  }
  std::vector<double> remote, inproc, ser, stack;
  for (const auto& run : out.runs) {
    remote.push_back(static_cast<double>(run.remote_calls));
    inproc.push_back(static_cast<double>(run.inprocess_calls));
    ser.push_back(run.cpu_serialization_s);
    stack.push_back(run.cpu_stack_s);
    out.events += run.events;
  }
  out.remote_calls = estimate(remote);
  out.inprocess_calls = estimate(inproc);
  out.cpu_serialization_s = estimate(ser);
  out.cpu_stack_s = estimate(stack);
  return out;
}

ReplicationResult simulate_replications(const model::CallGraph& graph, const model::Partition& partition,
                                        const Scenario& scenario, std::uint32_t replications, std::uint32_t threads,
                                        const ReplicationProgress& progress, const model::CancelToken& cancel) {
  const auto wall_start = std::chrono::steady_clock::now();
  replications = std::max<std::uint32_t>(replications, 1);
  threads = std::clamp<std::uint32_t>(threads, 1, replications);
  ReplicationResult out;
  out.runs.resize(replications);
  std::atomic<std::uint32_t> next{0};
  std::mutex mutex;  // guards fraction, first_error and progress calls
  std::vector<double> fraction(replications, 0.0);  // per replication, guarded by mutex
  std::exception_ptr first_error;
  auto report = [&](std::uint32_t i, double f) {
    std::lock_guard lock(mutex);
    fraction[i] = f;
    double done = 0.0;
    for (const double x : fraction) done += x;
    progress(done, replications);
  };
  auto worker = [&] {
    for (std::uint32_t i; (i = next.fetch_add(1)) < replications;) {
      try {
        Scenario s = scenario;
        s.seed = scenario.seed + i;
        // The last slice of a run is reported only when it has drained.
        out.runs[i] = progress ? simulate_graph(graph, partition, s, [&](double f) { report(i, f * 0.99); }, cancel)
                               : simulate_graph(graph, partition, s, {}, cancel);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!first_error) first_error = std::current_exception();
        continue;
      }
      if (progress) report(i, 1.0);
    }
  };
  std::vector<std::thread> pool;
  for (std::uint32_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (first_error) std::rethrow_exception(first_error);

  out = summarise_runs(std::move(out.runs));
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  out.events_per_second = out.wall_seconds > 0.0 ? static_cast<double>(out.events) / out.wall_seconds : 0.0;
  return out;
}

namespace {

double per_request(double total, const GraphSimulationResult& r) {
  return r.requests_measured ? total / static_cast<double>(r.requests_measured) : 0.0;
}

}  // namespace

double remote_calls_per_request(const GraphSimulationResult& run) {
  return per_request(static_cast<double>(run.remote_calls), run);
}

double cpu_ms_per_request(const GraphSimulationResult& run) {
  return 1e3 * per_request(run.cpu_business_s + run.cpu_serialization_s + run.cpu_stack_s + run.cpu_sidecar_s +
                               run.cpu_broker_s,
                           run);
}

double completed_requests(const GraphSimulationResult& run) {
  double n = 0.0;
  for (const auto& e : run.entries) n += static_cast<double>(e.requests);
  return n;
}

Comparison compare(const ReplicationResult& after, const ReplicationResult& before, double measured_s) {
  Comparison c;
  const std::size_t runs = std::min(after.runs.size(), before.runs.size());
  if (runs == 0) return c;
  const std::size_t entries = std::min(after.runs.front().entries.size(), before.runs.front().entries.size());
  for (std::size_t e = 0; e < entries; ++e) {
    std::vector<double> mean, p50, p99;
    for (std::size_t i = 0; i < runs; ++i) {
      const auto& a = after.runs[i].entries[e].latency_us;
      const auto& b = before.runs[i].entries[e].latency_us;
      if (a.empty() || b.empty()) continue;
      mean.push_back((a.mean_us() - b.mean_us()) / 1e3);
      p50.push_back((a.quantile_us(0.50) - b.quantile_us(0.50)) / 1e3);
      p99.push_back((a.quantile_us(0.99) - b.quantile_us(0.99)) / 1e3);
    }
    c.entries.push_back({after.runs.front().entries[e].operation, estimate(mean), estimate(p50), estimate(p99)});
  }
  std::vector<double> remote, cpu, throughput;
  for (std::size_t i = 0; i < runs; ++i) {
    const auto& a = after.runs[i];
    const auto& b = before.runs[i];
    remote.push_back(remote_calls_per_request(a) - remote_calls_per_request(b));
    cpu.push_back(cpu_ms_per_request(a) - cpu_ms_per_request(b));
    if (measured_s > 0.0) throughput.push_back((completed_requests(a) - completed_requests(b)) / measured_s);
  }
  c.remote_calls_per_request = estimate(remote);
  c.cpu_ms_per_request = estimate(cpu);
  c.throughput_per_s = estimate(throughput);
  return c;
}

}  // namespace nanoscope::sim
