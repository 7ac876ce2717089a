// CSV writers: one long table, one row per (era, level, metric) with P10/P50/P90, so any
// spreadsheet can pivot it; service rows follow with their own metric names.
#include <cmath>
#include <sstream>
#include <string>

#include "economics/report_writers.hpp"

namespace nanoscope::economics {
namespace {

std::string field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (const char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string value(double x) {
  if (!std::isfinite(x)) return x > 0 ? "inf" : "-inf";
  std::ostringstream s;
  s << detail::round6(x);
  return s.str();
}

void row(std::ostream& out, const std::string& era, const LevelResult& l, const std::string& service,
         const std::string& metric, const Band& b) {
  out << field(era) << ',' << l.services << ',' << field(l.label) << ',' << field(service) << ',' << metric << ','
      << value(b.p10) << ',' << value(b.p50) << ',' << value(b.p90) << '\n';
}

// `in_sweep`: a level of the granularity family (it has a P(best) and a gap to the best).
void level_rows(std::ostream& out, const std::string& era, const LevelResult& l, bool services, bool in_sweep = false) {
  const std::pair<const char*, const Band*> metrics[] = {
      {"network_usd", &l.network},         {"operational_usd", &l.operational},   {"development_usd", &l.development},
      {"design_usd", &l.design},           {"overhead_usd", &l.overhead},         {"utility_usd", &l.utility},
      {"net_usd", &l.net},                 {"scaling_usd", &l.scaling},           {"isolation_usd", &l.isolation},
      {"deployability_usd", &l.deployability}, {"verifiability_usd", &l.verifiability},
      {"overhead_person_hours", &l.overhead_person_hours}, {"median_ratio", &l.median_ratio},
      {"share_above_one", &l.share_above_one}};
  for (const auto& [name, b] : metrics) row(out, era, l, "", name, *b);
  const auto& m = l.measures;
  row(out, era, l, "", "p50_latency_ms", {m.p50_ms, m.p50_ms, m.p50_ms});
  row(out, era, l, "", "p99_latency_ms", {m.p99_ms, m.p99_ms, m.p99_ms});
  if (in_sweep) {
    row(out, era, l, "", "p_best", {l.p_best, l.p_best, l.p_best});
    row(out, era, l, "", "net_gap_to_best_usd", l.net_gap);
  }
  for (const auto& p : m.load_curve) {
    const std::string at = "_at_" + value(p.rate_per_s) + "_per_s";
    row(out, era, l, "", "added_p50_ms" + at, {p.added_p50_ms, p.added_p50_ms, p.added_p50_ms});
    row(out, era, l, "", "added_p99_ms" + at, {p.added_p99_ms, p.added_p99_ms, p.added_p99_ms});
  }
  if (!services || l.service_ratio.size() != m.groups.size()) return;
  for (std::size_t i = 0; i < m.groups.size(); ++i) {
    row(out, era, l, m.groups[i].name, "service_overhead_usd", l.service_overhead[i]);
    row(out, era, l, m.groups[i].name, "service_utility_usd", l.service_utility[i]);
    row(out, era, l, m.groups[i].name, "service_ratio", l.service_ratio[i]);
  }
}

const char* kHeader = "era,services,label,service,metric,p10,p50,p90\n";

}  // namespace

void write_csv(std::ostream& out, const EconomicsReport& report, const WriteOptions& options) {
  out << kHeader;
  for (const auto& e : report.eras) {
    for (std::size_t i = 0; i < e.levels.size(); ++i)
      level_rows(out, e.era.name, e.levels[i],
                 options.services && (i == e.observed_level || i == e.nanoservice_level), true);
    if (e.suggested) level_rows(out, e.era.name, *e.suggested, options.services);  // label "suggested"
  }
}

void write_whatif_csv(std::ostream& out, const WhatIfReport& report) {
  out << kHeader;
  for (const auto& e : report.eras) {
    level_rows(out, e.era, e.before, true);
    level_rows(out, e.era, e.after, true);
    // after - before at each of the same samples (label "after - before")
    LevelResult delta;
    delta.services = e.after.services;
    delta.label = "after - before";
    const auto& d = e.delta;
    const std::pair<const char*, const Band*> metrics[] = {
        {"network_usd", &d.network}, {"operational_usd", &d.operational}, {"development_usd", &d.development},
        {"design_usd", &d.design},   {"overhead_usd", &d.overhead},       {"utility_usd", &d.utility},
        {"net_usd", &d.net}};
    for (const auto& [name, b] : metrics) row(out, e.era, delta, "", name, *b);
  }
}

}  // namespace nanoscope::economics
