// Text and JSON writers of the analytic report.
#include "sim/analytic_report.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/scenario_yaml.hpp"

namespace nanoscope::sim {
namespace {

// Milliseconds for JSON: null when infinite (an unstable station on the path).
nlohmann::json ms(double seconds) {
  return std::isfinite(seconds) ? nlohmann::json(seconds * 1e3) : nlohmann::json(nullptr);
}

std::string ms_text(double seconds) { return std::isfinite(seconds) ? fmt::format("{:.3f}", seconds * 1e3) : "inf"; }

std::string rate_text(double rate) { return std::isfinite(rate) ? fmt::format("{:.4g}", rate) : "unbounded"; }

nlohmann::json side_json(const AnalyticResult& r) {
  nlohmann::json j;
  j["entries"] = nlohmann::json::array();
  for (const auto& e : r.entries)
    j["entries"].push_back({{"operation", e.operation},
                            {"rate_per_s", e.rate_per_s},
                            {"mean_ms", ms(e.mean_latency_s)},
                            {"communication_ms", ms(e.comm_latency_s)}});
  j["services"] = nlohmann::json::array();
  for (const auto& s : r.stations)
    j["services"].push_back({{"name", s.name},
                             {"servers", s.servers},
                             {"utilisation", s.utilisation},
                             {"mean_wait_ms", ms(s.mean_wait_s)},
                             {"mean_service_ms", s.mean_service_s * 1e3}});
  j["total_rate_per_s"] = r.total_rate_per_s;
  j["saturation_rate_per_s"] = std::isfinite(r.saturation_rate_per_s) ? nlohmann::json(r.saturation_rate_per_s)
                                                                       : nlohmann::json(nullptr);
  j["product_form"] = r.product_form;
  j["caveats"] = r.caveats;
  return j;
}

}  // namespace

void write_analytic_json(std::ostream& out, const AnalyticReport& rep) {
  nlohmann::json j;
  j["method"] = "analytic";
  j["partition"] = {{"name", rep.partition_name}, {"services", rep.services}, {"operations", rep.operations}};
  j["scenario"] = {{"concurrency", to_string(rep.scenario.concurrency)},
                   {"capacity_policy", to_string(rep.scenario.effective_capacity_policy())},
                   {"protocol", to_string(rep.scenario.protocol)},
                   {"encoding", to_string(rep.scenario.encoding)}};
  j.update(side_json(rep.partition));
  j["one_process"] = side_json(rep.one_process);
  if (rep.before) j["before"] = side_json(*rep.before);
  out << j.dump(2) << "\n";
}

void write_analytic_text(std::ostream& out, const AnalyticReport& rep) {
  const AnalyticResult& a = rep.partition;
  out << "nanoscope simulate --method analytic: mean latency from queueing formulas (M/M/c per service, "
      << to_string(rep.scenario.concurrency) << " concurrency, capacity "
      << to_string(rep.scenario.effective_capacity_policy()) << ")\n";
  out << "partition: " << rep.partition_name << " (" << rep.services << " services, " << rep.operations
      << " operations); reference: the same requests in one process\n\n";
  out << "Mean latency per entry operation, ms\n";
  out << fmt::format("  {:<48}{:>10}{:>12}{:>12}{:>14}{:>12}", "operation", "req/s", "mean", "comm", "1-proc mean",
                     "overhead");
  if (rep.before) out << fmt::format("{:>14}{:>12}", "today mean", "change");
  out << "\n";
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    const auto& e = a.entries[i];
    const double ref = i < rep.one_process.entries.size() ? rep.one_process.entries[i].mean_latency_s : NAN;
    out << fmt::format("  {:<48}{:>10.4g}{:>12}{:>12}{:>14}{:>12}", e.operation, e.rate_per_s,
                       ms_text(e.mean_latency_s), ms_text(e.comm_latency_s), ms_text(ref),
                       ms_text(e.mean_latency_s - ref));
    if (rep.before && i < rep.before->entries.size()) {
      const double b = rep.before->entries[i].mean_latency_s;
      out << fmt::format("{:>14}{:>12}", ms_text(b), ms_text(e.mean_latency_s - b));
    }
    out << "\n";
  }
  if (a.entries.empty()) out << "  (no entry operations: nothing received outside traffic)\n";
  out << fmt::format("\nSaturation: {} requests/s in total ({}x today's {:.4g}), when the busiest service reaches "
                     "utilisation 1 with the capacity sized for today's load\n",
                     rate_text(a.saturation_rate_per_s), rate_text(a.saturation_scale), a.total_rate_per_s);
  out << "\nServices (utilisation of cores, Erlang C wait per job)\n";
  for (const auto& s : a.stations)
    out << fmt::format("  {:<40}{:>8.3f} of {:g} core{}, wait {} ms\n", s.name, s.utilisation, s.servers,
                       s.servers == 1.0 ? "" : "s", ms_text(s.mean_wait_s));
  out << "\n"
      << (a.product_form ? "Product form: these means are exact for the model; the simulation (--method des) "
                           "estimates the same numbers with noise.\n"
                         : "Not product form: the simulation (--method des) is the reference; these means are "
                           "approximations.\n");
  for (const auto& c : a.caveats) out << "caveat: " << c << "\n";
}

}  // namespace nanoscope::sim
