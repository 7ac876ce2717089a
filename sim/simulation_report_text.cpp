// The human-readable simulate report: per-entry latency under the partition next to the
// one-process reference, then totals side by side with their difference.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "sim/scenario_yaml.hpp"
#include "sim/simulation_report.hpp"

namespace nanoscope::sim {
namespace {

/// Format strings of one double, checked where they are written.
using NumberFormat = fmt::format_string<double>;

std::string number(NumberFormat format, double v) { return fmt::format(format, double{v}); }

// Pads to `width`; a value wider than its column still gets one separating space.
std::string pad(std::string s, std::size_t width, bool right = true) {
  if (s.size() >= width) return right ? " " + s : s + " ";
  return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

std::string with_ci(const Estimate& e, NumberFormat format) {
  std::string s = number(format, e.mean);
  if (e.samples > 1) s += " ±" + number(format, e.half_width_95);
  return s;
}

void total_row(std::ostream& out, const char* label, const Estimate& a, const Estimate& b, NumberFormat format) {
  out << "  " << pad(label, 26, false) << pad(with_ci(a, format), 24) << pad(number(format, b.mean), 16)
      << pad(number(format, a.mean - b.mean), 16) << "\n";
}

}  // namespace

std::string change_text(const Estimate& change) {
  if (change.samples == 0) return "no data";
  std::string s = number("{:+.3f}", change.mean);
  if (change.samples < 2) return s + " (1 run)";
  s += " ±" + number("{:.3f}", change.half_width_95);
  if (!change.excludes_zero()) s += " (n.s.)";
  return s;
}

void write_simulation_text(std::ostream& out, const SimulationReport& rep) {
  const Scenario& sc = rep.scenario;
  const RunSummary& a = rep.partition;
  const RunSummary& b = rep.one_process;
  out << "nanoscope simulate: " << number("{:g}", sc.duration_s) << " s simulated (" << number("{:g}", sc.warmup_s)
      << " s warm-up), " << sc.replications << (sc.replications == 1 ? " replication" : " replications")
      << ", seed " << sc.seed << ", " << to_string(sc.protocol) << "/" << to_string(sc.encoding)
      << (sc.tls ? ", tls" : "") << (sc.sidecar ? ", sidecar" : "")
      << (sc.arrivals == Arrivals::Replay ? ", replayed arrivals" : "") << ", " << to_string(sc.concurrency)
      << " concurrency, capacity " << to_string(sc.effective_capacity_policy()) << "\n";
  for (const auto& note : rep.notes) out << "note: " << note << "\n";
  out << "partition: " << rep.partition_name << " (" << rep.services << " services, " << rep.operations
      << " operations); reference: the same requests in one process\n\n";

  out << "Latency per entry operation, ms (mean ±95% CI over replications)\n";
  std::size_t width = 24;
  for (const auto& e : a.entries) width = std::max(width, e.operation.size() + 2);
  width = std::min<std::size_t>(width, 60);
  out << "  " << pad("operation", width, false) << pad("requests", 10) << pad("mean", 18) << pad("p50", 10)
      << pad("p95", 10) << pad("p99", 10) << pad("1-proc mean", 13) << pad("1-proc p99", 12) << pad("overhead", 26)
      << pad("comm p50", 10) << "\n";
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    const auto& e = a.entries[i];
    std::string name = e.operation.size() > width - 2 ? e.operation.substr(0, width - 5) + "..." : e.operation;
    out << "  " << pad(name, width, false) << pad(std::to_string(e.requests), 10)
        << pad(with_ci(e.mean_ms, "{:.3f}"), 18) << pad(number("{:.3f}", e.p50_ms.mean), 10)
        << pad(number("{:.3f}", e.p95_ms.mean), 10) << pad(number("{:.3f}", e.p99_ms.mean), 10);
    if (i < b.entries.size())
      out << pad(number("{:.3f}", b.entries[i].mean_ms.mean), 13) << pad(number("{:.3f}", b.entries[i].p99_ms.mean), 12)
          << pad(i < rep.vs_one_process.entries.size() ? change_text(rep.vs_one_process.entries[i].mean_ms)
                                                        : number("{:+.3f}", e.mean_ms.mean - b.entries[i].mean_ms.mean),
                 26);
    out << pad(number("{:.3f}", e.comm_p50_ms.mean), 10) << "\n";
  }
  if (a.entries.empty()) out << "  (no entry operations: nothing received outside traffic)\n";
  else
    out << "  overhead: mean minus one process, paired by replication (same arrivals and service times) with its\n"
           "  95% interval, n.s. when the interval holds 0; comm p50: median time a request's critical path spends\n"
           "  in remote communication (zero in one process)\n";
  if (rep.has_before) {
    const Comparison& c = rep.vs_before;
    out << "\nChange against today's services, paired by replication, ms (±95% interval; n.s.: not "
           "significant)\n";
    out << "  " << pad("operation", width, false) << pad("mean", 26) << pad("p50", 26) << pad("p99", 26) << "\n";
    for (const auto& e : c.entries) {
      std::string name = e.operation.size() > width - 2 ? e.operation.substr(0, width - 5) + "..." : e.operation;
      out << "  " << pad(name, width, false) << pad(change_text(e.mean_ms), 26) << pad(change_text(e.p50_ms), 26)
          << pad(change_text(e.p99_ms), 26) << "\n";
    }
    out << "  " << pad("remote calls per request", width, false) << pad(change_text(c.remote_calls_per_request), 26)
        << "\n";
    out << "  " << pad("CPU ms per request", width, false) << pad(change_text(c.cpu_ms_per_request), 26) << "\n";
  }

  out << "\nPer replication (mean)         " << pad("services", 19) << pad("one process", 16) << pad("difference", 16)
      << "\n";
  total_row(out, "remote calls", a.remote_calls, b.remote_calls, "{:.0f}");
  total_row(out, "in-process calls", a.inprocess_calls, b.inprocess_calls, "{:.0f}");
  total_row(out, "throughput (req/s)", a.throughput_per_s, b.throughput_per_s, "{:.2f}");
  total_row(out, "error rate", a.error_rate, b.error_rate, "{:.4f}");
  total_row(out, "CPU business (s)", a.cpu_business_s, b.cpu_business_s, "{:.3f}");
  total_row(out, "CPU serialization (s)", a.cpu_serialization_s, b.cpu_serialization_s, "{:.3f}");
  total_row(out, "CPU network stack (s)", a.cpu_stack_s, b.cpu_stack_s, "{:.3f}");
  total_row(out, "CPU sidecar (s)", a.cpu_sidecar_s, b.cpu_sidecar_s, "{:.3f}");
  if (sc.broker) total_row(out, "CPU broker (s)", a.cpu_broker_s, b.cpu_broker_s, "{:.3f}");
  total_row(out, "bytes on the wire", a.bytes_on_wire, b.bytes_on_wire, "{:.0f}");
  if (sc.failure_probability > 0.0 || sc.timeout_s > 0.0) {
    total_row(out, "failed attempts", a.failed_attempts, b.failed_attempts, "{:.0f}");
    total_row(out, "retries", a.retries, b.retries, "{:.0f}");
    total_row(out, "timeouts", a.timeouts, b.timeouts, "{:.0f}");
    total_row(out, "async messages lost", a.messages_lost, b.messages_lost, "{:.0f}");
  }
  if (sc.connections_per_replica > 0)
    total_row(out, "calls waiting for a conn.", a.connection_waits, b.connection_waits, "{:.0f}");

  out << "\nUtilisation per service (mean fraction of cores busy)\n";
  for (const auto& g : a.groups)
    out << "  " << pad(g.name, 40, false) << pad(number("{:.3f}", g.utilisation.mean), 8) << "  of " << g.servers
        << (g.servers == 1 ? " core" : " cores") << (g.threads ? ", threads " + number("{:.3f}", g.thread_utilisation.mean) + " of " +
                                       std::to_string(g.threads)
                                 : std::string())
        << "\n";
  for (const auto& g : b.groups)
    out << "  " << pad("(one process) " + g.name, 40, false) << pad(number("{:.3f}", g.utilisation.mean), 8) << "  of "
        << g.servers << (g.servers == 1 ? " core\n" : " cores\n");
  out << "\nevents: " << a.events << " with services, " << b.events << " in one process";
  if (rep.include_timing)
    out << " (" << number("{:.2f}", (a.events_per_second) / 1e6) << " and " << number("{:.2f}", b.events_per_second / 1e6)
        << " million events/s)";
  out << "\n";
}

}  // namespace nanoscope::sim
