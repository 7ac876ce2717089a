// Summaries across replications and the text / JSON writers of the simulate report. Numbers
// are printed with %.9g so output is byte-stable for equal results.
#include "sim/simulation_report.hpp"

#include <cstdio>
#include <functional>

#include "sim/scenario_yaml.hpp"

namespace nanoscope::sim {
namespace {

Estimate over(const ReplicationResult& r, const std::function<double(const GraphSimulationResult&)>& metric) {
  std::vector<double> values;
  values.reserve(r.runs.size());
  for (const auto& run : r.runs) values.push_back(metric(run));
  return estimate(values);
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string quantiles(const EntryEstimate& e, bool half_widths) {
  auto pick = [&](const Estimate& x) { return num(half_widths ? x.half_width_95 : x.mean); };
  return "{\"mean\": " + pick(e.mean_ms) + ", \"p50\": " + pick(e.p50_ms) + ", \"p95\": " + pick(e.p95_ms) +
         ", \"p99\": " + pick(e.p99_ms) + "}";
}

// The shared body of a partition's summary (no entries), as JSON members at `indent`.
void write_totals(std::ostream& out, const RunSummary& s, const std::string& in, bool timing) {
  auto member = [&](const char* key, const Estimate& e) {
    out << in << "\"" << key << "\": " << num(e.mean) << ",\n";
  };
  member("remote_calls", s.remote_calls);
  member("inprocess_calls", s.inprocess_calls);
  member("async_calls", s.async_calls);
  member("throughput_per_s", s.throughput_per_s);
  member("error_rate", s.error_rate);
  out << in << "\"cpu_seconds\": {\"business\": " << num(s.cpu_business_s.mean)
      << ", \"serialization\": " << num(s.cpu_serialization_s.mean) << ", \"stack\": " << num(s.cpu_stack_s.mean)
      << ", \"sidecar\": " << num(s.cpu_sidecar_s.mean) << ", \"broker\": " << num(s.cpu_broker_s.mean) << "},\n";
  member("bytes_on_wire", s.bytes_on_wire);
  member("failed_attempts", s.failed_attempts);
  member("retries", s.retries);
  member("timeouts", s.timeouts);
  member("messages_lost", s.messages_lost);
  member("connection_waits", s.connection_waits);
  out << in << "\"ci95\": {\"remote_calls\": " << num(s.remote_calls.half_width_95)
      << ", \"throughput_per_s\": " << num(s.throughput_per_s.half_width_95)
      << ", \"error_rate\": " << num(s.error_rate.half_width_95)
      << ", \"cpu_serialization_s\": " << num(s.cpu_serialization_s.half_width_95)
      << ", \"cpu_stack_s\": " << num(s.cpu_stack_s.half_width_95) << "},\n";
  out << in << "\"services\": [";
  for (std::size_t g = 0; g < s.groups.size(); ++g)
    out << (g ? ", " : "") << "{\"name\": " << quoted(s.groups[g].name) << ", \"servers\": " << s.groups[g].servers
        << ", \"utilisation\": " << num(s.groups[g].utilisation.mean)
        << ", \"mean_in_system\": " << num(s.groups[g].mean_in_system.mean)
        << (s.groups[g].threads ? ", \"threads\": " + std::to_string(s.groups[g].threads) +
                                      ", \"thread_utilisation\": " + num(s.groups[g].thread_utilisation.mean) +
                                      ", \"mean_requests\": " + num(s.groups[g].mean_requests.mean)
                                : std::string())
        << "}";
  out << "],\n";
  out << in << "\"events\": " << s.events;
  if (timing) out << ",\n" << in << "\"events_per_second\": " << num(s.events_per_second);
}

std::string change_json(const Estimate& e) {
  return "{\"change\": " + num(e.mean) + ", \"ci95\": " + num(e.half_width_95) +
         ", \"significant\": " + (e.excludes_zero() ? "true" : "false") + "}";
}

void write_entries(std::ostream& out, const RunSummary& s, const RunSummary* reference, const std::string& in,
                   const Comparison* paired = nullptr) {
  out << in << "\"entries\": [";
  for (std::size_t i = 0; i < s.entries.size(); ++i) {
    const auto& e = s.entries[i];
    out << (i ? ",\n" : "\n") << in << "  {\"operation\": " << quoted(e.operation) << ", \"requests\": " << e.requests
        << ", \"failed\": " << s.entry_failed[i] << ", \"latency_ms\": " << quantiles(e, false)
        << ", \"ci95_ms\": " << quantiles(e, true);
    if (reference && i < reference->entries.size()) {
      const auto& r = reference->entries[i];
      out << ", \"overhead_ms\": {\"mean\": " << num(e.mean_ms.mean - r.mean_ms.mean)
          << ", \"p50\": " << num(e.p50_ms.mean - r.p50_ms.mean) << ", \"p95\": " << num(e.p95_ms.mean - r.p95_ms.mean)
          << ", \"p99\": " << num(e.p99_ms.mean - r.p99_ms.mean) << "}";
    }
    if (paired && i < paired->entries.size()) {
      const auto& c = paired->entries[i];
      out << ", \"overhead_paired_ms\": {\"mean\": " << change_json(c.mean_ms) << ", \"p50\": " << change_json(c.p50_ms)
          << ", \"p99\": " << change_json(c.p99_ms) << "}";
    }
    out << ", \"communication_ms\": {\"mean\": " << num(e.comm_mean_ms.mean) << ", \"p50\": " << num(e.comm_p50_ms.mean)
        << ", \"p99\": " << num(e.comm_p99_ms.mean) << "}";
    out << "}";
  }
  out << (s.entries.empty() ? "" : "\n" + in) << "],\n";
}

}  // namespace

RunSummary summarise(const ReplicationResult& r, double measured_s) {
  RunSummary s;
  s.entries = r.entries;
  s.entry_failed.assign(s.entries.size(), 0);
  for (const auto& run : r.runs)
    for (std::size_t e = 0; e < run.entries.size() && e < s.entry_failed.size(); ++e)
      s.entry_failed[e] += run.entries[e].failed;
  auto measured = [](const GraphSimulationResult& run, bool failed) {
    double n = 0.0;
    for (const auto& e : run.entries) n += static_cast<double>(failed ? e.failed : e.requests);
    return n;
  };
  s.remote_calls = over(r, [](const auto& x) { return static_cast<double>(x.remote_calls); });
  s.inprocess_calls = over(r, [](const auto& x) { return static_cast<double>(x.inprocess_calls); });
  s.async_calls = over(r, [](const auto& x) { return static_cast<double>(x.async_calls); });
  s.throughput_per_s = over(r, [&](const auto& x) { return measured_s > 0.0 ? measured(x, false) / measured_s : 0.0; });
  s.error_rate = over(r, [&](const auto& x) {
    const double done = measured(x, false), failed = measured(x, true);
    return done + failed > 0.0 ? failed / (done + failed) : 0.0;
  });
  s.cpu_business_s = over(r, [](const auto& x) { return x.cpu_business_s; });
  s.cpu_serialization_s = over(r, [](const auto& x) { return x.cpu_serialization_s; });
  s.cpu_stack_s = over(r, [](const auto& x) { return x.cpu_stack_s; });
  s.cpu_sidecar_s = over(r, [](const auto& x) { return x.cpu_sidecar_s; });
  s.cpu_broker_s = over(r, [](const auto& x) { return x.cpu_broker_s; });
  s.bytes_on_wire = over(r, [](const auto& x) { return x.bytes_on_wire; });
  s.failed_attempts = over(r, [](const auto& x) { return static_cast<double>(x.failed_attempts); });
  s.retries = over(r, [](const auto& x) { return static_cast<double>(x.retries); });
  s.timeouts = over(r, [](const auto& x) { return static_cast<double>(x.timeouts); });
  s.messages_lost = over(r, [](const auto& x) { return static_cast<double>(x.messages_lost); });
  s.connection_waits = over(r, [](const auto& x) { return static_cast<double>(x.connection_waits); });
  if (!r.runs.empty())
    for (std::size_t g = 0; g < r.runs.front().groups.size(); ++g) {
      RunSummary::Group group;
      group.name = r.runs.front().groups[g].name;
      group.servers = r.runs.front().groups[g].servers;
      group.utilisation = over(r, [g](const auto& x) { return x.groups[g].utilisation; });
      group.mean_in_system = over(r, [g](const auto& x) { return x.groups[g].mean_in_system; });
      group.threads = r.runs.front().groups[g].threads;
      group.thread_utilisation = over(r, [g](const auto& x) { return x.groups[g].thread_utilisation; });
      group.mean_requests = over(r, [g](const auto& x) { return x.groups[g].mean_requests; });
      s.groups.push_back(std::move(group));
    }
  s.events = r.events;
  s.events_per_second = r.events_per_second;
  s.wall_seconds = r.wall_seconds;
  return s;
}

void write_simulation_json(std::ostream& out, const SimulationReport& rep) {
  const Scenario& sc = rep.scenario;
  out << "{\n  \"partition\": {\"name\": " << quoted(rep.partition_name) << ", \"services\": " << rep.services
      << ", \"operations\": " << rep.operations << "},\n";
  out << "  \"notes\": [";
  for (std::size_t i = 0; i < rep.notes.size(); ++i) out << (i ? ", " : "") << quoted(rep.notes[i]);
  out << "],\n";
  out << "  \"scenario\": {\"duration_s\": " << num(sc.duration_s) << ", \"warmup_s\": " << num(sc.warmup_s)
      << ", \"seed\": " << sc.seed << ", \"replications\": " << sc.replications << ", \"protocol\": \""
      << to_string(sc.protocol) << "\", \"encoding\": \"" << to_string(sc.encoding) << "\", \"arrivals\": \""
      << to_string(sc.arrivals) << "\", \"concurrency\": \"" << to_string(sc.concurrency)
      << "\", \"capacity_policy\": \"" << to_string(sc.effective_capacity_policy()) << "\"},\n";
  write_entries(out, rep.partition, &rep.one_process, "  ", &rep.vs_one_process);
  write_totals(out, rep.partition, "  ", rep.include_timing);
  out << ",\n  \"one_process\": {\n";
  write_entries(out, rep.one_process, nullptr, "    ");
  write_totals(out, rep.one_process, "    ", rep.include_timing);
  const RunSummary& a = rep.partition;
  const RunSummary& b = rep.one_process;
  out << "\n  },\n  \"network_overhead\": {\"remote_calls\": " << num(a.remote_calls.mean - b.remote_calls.mean)
      << ", \"cpu_seconds\": {\"business\": " << num(a.cpu_business_s.mean - b.cpu_business_s.mean)
      << ", \"serialization\": " << num(a.cpu_serialization_s.mean - b.cpu_serialization_s.mean)
      << ", \"stack\": " << num(a.cpu_stack_s.mean - b.cpu_stack_s.mean)
      << ", \"sidecar\": " << num(a.cpu_sidecar_s.mean - b.cpu_sidecar_s.mean)
      << ", \"broker\": " << num(a.cpu_broker_s.mean - b.cpu_broker_s.mean) << "}"
      << ", \"bytes_on_wire\": " << num(a.bytes_on_wire.mean - b.bytes_on_wire.mean)
      << ", \"throughput_per_s\": " << num(a.throughput_per_s.mean - b.throughput_per_s.mean)
      << ", \"error_rate\": " << num(a.error_rate.mean - b.error_rate.mean) << "}";
  if (rep.has_before) {
    const Comparison& c = rep.vs_before;
    out << ",\n  \"change\": {\"against\": \"observed\", \"entries\": [";
    for (std::size_t i = 0; i < c.entries.size(); ++i)
      out << (i ? ",\n" : "\n") << "    {\"operation\": " << quoted(c.entries[i].operation)
          << ", \"mean_ms\": " << change_json(c.entries[i].mean_ms) << ", \"p50_ms\": " << change_json(c.entries[i].p50_ms)
          << ", \"p99_ms\": " << change_json(c.entries[i].p99_ms) << "}";
    out << (c.entries.empty() ? "" : "\n  ") << "], \"remote_calls_per_request\": " << change_json(c.remote_calls_per_request)
        << ", \"cpu_ms_per_request\": " << change_json(c.cpu_ms_per_request) << "}";
  }
  out << "\n}\n";
}

}  // namespace nanoscope::sim
