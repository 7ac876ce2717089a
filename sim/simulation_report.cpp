// Summaries across replications and the JSON writer of the simulate report (the text writer is
// simulation_report_text.cpp): an nlohmann::ordered_json document (keys in the order below,
// numbers to nine significant digits, names with invalid UTF-8 replaced), printed with indent 2.
#include "sim/simulation_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>
#include <string>

#include "sim/scenario_yaml.hpp"

namespace nanoscope::sim {
namespace {

using Json = nlohmann::ordered_json;

Estimate over(const ReplicationResult& r, const std::function<double(const GraphSimulationResult&)>& metric) {
  std::vector<double> values;
  values.reserve(r.runs.size());
  for (const auto& run : r.runs) values.push_back(metric(run));
  return estimate(values);
}

/// Nine significant digits (what the report resolves); nlohmann writes non-finite values as null.
double num(double v) { return std::isfinite(v) ? std::stod(fmt::format("{:.9g}", v)) : v; }

Json quantiles(const EntryEstimate& e, bool half_widths) {
  auto pick = [&](const Estimate& x) { return num(half_widths ? x.half_width_95 : x.mean); };
  return {{"mean", pick(e.mean_ms)}, {"p50", pick(e.p50_ms)}, {"p95", pick(e.p95_ms)}, {"p99", pick(e.p99_ms)}};
}

// The shared body of a partition's summary (no entries), as members of `j`.
void add_totals(Json& j, const RunSummary& s, bool timing) {
  j["remote_calls"] = num(s.remote_calls.mean);
  j["inprocess_calls"] = num(s.inprocess_calls.mean);
  j["async_calls"] = num(s.async_calls.mean);
  j["throughput_per_s"] = num(s.throughput_per_s.mean);
  j["error_rate"] = num(s.error_rate.mean);
  j["cpu_seconds"] = {{"business", num(s.cpu_business_s.mean)},
                      {"serialization", num(s.cpu_serialization_s.mean)},
                      {"stack", num(s.cpu_stack_s.mean)},
                      {"sidecar", num(s.cpu_sidecar_s.mean)},
                      {"broker", num(s.cpu_broker_s.mean)}};
  j["bytes_on_wire"] = num(s.bytes_on_wire.mean);
  j["failed_attempts"] = num(s.failed_attempts.mean);
  j["retries"] = num(s.retries.mean);
  j["timeouts"] = num(s.timeouts.mean);
  j["messages_lost"] = num(s.messages_lost.mean);
  j["connection_waits"] = num(s.connection_waits.mean);
  j["ci95"] = {{"remote_calls", num(s.remote_calls.half_width_95)},
               {"throughput_per_s", num(s.throughput_per_s.half_width_95)},
               {"error_rate", num(s.error_rate.half_width_95)},
               {"cpu_serialization_s", num(s.cpu_serialization_s.half_width_95)},
               {"cpu_stack_s", num(s.cpu_stack_s.half_width_95)}};
  Json services = Json::array();
  for (const auto& g : s.groups) {
    Json group = {{"name", g.name},
                  {"servers", g.servers},
                  {"utilisation", num(g.utilisation.mean)},
                  {"mean_in_system", num(g.mean_in_system.mean)}};
    if (g.threads) {
      group["threads"] = g.threads;
      group["thread_utilisation"] = num(g.thread_utilisation.mean);
      group["mean_requests"] = num(g.mean_requests.mean);
    }
    services.push_back(std::move(group));
  }
  j["services"] = std::move(services);
  j["events"] = s.events;
  if (timing) j["events_per_second"] = num(s.events_per_second);
}

Json change_json(const Estimate& e) {
  return {{"change", num(e.mean)}, {"ci95", num(e.half_width_95)}, {"significant", e.excludes_zero()}};
}

void add_entries(Json& j, const RunSummary& s, const RunSummary* reference, const Comparison* paired = nullptr) {
  Json entries = Json::array();
  for (std::size_t i = 0; i < s.entries.size(); ++i) {
    const auto& e = s.entries[i];
    Json entry = {{"operation", e.operation},
                  {"requests", e.requests},
                  {"failed", s.entry_failed[i]},
                  {"latency_ms", quantiles(e, false)},
                  {"ci95_ms", quantiles(e, true)}};
    if (reference && i < reference->entries.size()) {
      const auto& r = reference->entries[i];
      entry["overhead_ms"] = {{"mean", num(e.mean_ms.mean - r.mean_ms.mean)},
                              {"p50", num(e.p50_ms.mean - r.p50_ms.mean)},
                              {"p95", num(e.p95_ms.mean - r.p95_ms.mean)},
                              {"p99", num(e.p99_ms.mean - r.p99_ms.mean)}};
    }
    if (paired && i < paired->entries.size()) {
      const auto& c = paired->entries[i];
      entry["overhead_paired_ms"] = {
          {"mean", change_json(c.mean_ms)}, {"p50", change_json(c.p50_ms)}, {"p99", change_json(c.p99_ms)}};
    }
    entry["communication_ms"] = {
        {"mean", num(e.comm_mean_ms.mean)}, {"p50", num(e.comm_p50_ms.mean)}, {"p99", num(e.comm_p99_ms.mean)}};
    entries.push_back(std::move(entry));
  }
  j["entries"] = std::move(entries);
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
  Json j = {{"partition", {{"name", rep.partition_name}, {"services", rep.services}, {"operations", rep.operations}}},
            {"notes", rep.notes},
            {"scenario",
             {{"duration_s", num(sc.duration_s)},
              {"warmup_s", num(sc.warmup_s)},
              {"seed", sc.seed},
              {"replications", sc.replications},
              {"protocol", to_string(sc.protocol)},
              {"encoding", to_string(sc.encoding)},
              {"arrivals", to_string(sc.arrivals)},
              {"concurrency", to_string(sc.concurrency)},
              {"capacity_policy", to_string(sc.effective_capacity_policy())}}}};
  add_entries(j, rep.partition, &rep.one_process, &rep.vs_one_process);
  add_totals(j, rep.partition, rep.include_timing);
  Json one = Json::object();
  add_entries(one, rep.one_process, nullptr);
  add_totals(one, rep.one_process, rep.include_timing);
  j["one_process"] = std::move(one);
  const RunSummary& a = rep.partition;
  const RunSummary& b = rep.one_process;
  j["network_overhead"] = {{"remote_calls", num(a.remote_calls.mean - b.remote_calls.mean)},
                           {"cpu_seconds",
                            {{"business", num(a.cpu_business_s.mean - b.cpu_business_s.mean)},
                             {"serialization", num(a.cpu_serialization_s.mean - b.cpu_serialization_s.mean)},
                             {"stack", num(a.cpu_stack_s.mean - b.cpu_stack_s.mean)},
                             {"sidecar", num(a.cpu_sidecar_s.mean - b.cpu_sidecar_s.mean)},
                             {"broker", num(a.cpu_broker_s.mean - b.cpu_broker_s.mean)}}},
                           {"bytes_on_wire", num(a.bytes_on_wire.mean - b.bytes_on_wire.mean)},
                           {"throughput_per_s", num(a.throughput_per_s.mean - b.throughput_per_s.mean)},
                           {"error_rate", num(a.error_rate.mean - b.error_rate.mean)}};
  if (rep.has_before) {
    const Comparison& c = rep.vs_before;
    Json entries = Json::array();
    for (const auto& e : c.entries)
      entries.push_back({{"operation", e.operation},
                         {"mean_ms", change_json(e.mean_ms)},
                         {"p50_ms", change_json(e.p50_ms)},
                         {"p99_ms", change_json(e.p99_ms)}});
    j["change"] = {{"against", "observed"},
                   {"entries", std::move(entries)},
                   {"remote_calls_per_request", change_json(c.remote_calls_per_request)},
                   {"cpu_ms_per_request", change_json(c.cpu_ms_per_request)}};
  }
  out << j.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace nanoscope::sim
