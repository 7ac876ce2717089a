// JSON writers of the economics and what-if reports (schema: docs/economics.md, "JSON").
#include <cmath>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "economics/report_writers.hpp"

namespace nanoscope::economics {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kBestRule = "highest P50 net value; ties to the level with fewer services";
constexpr const char* kWithinNoiseRule =
    "P10 of (best net - level net) over the same Monte-Carlo samples <= 0: the level does at least as well as the "
    "best in at least one sample in ten";

Json num(double x) {
  if (!std::isfinite(x)) return nullptr;
  return detail::round6(x);
}

Json band(const Band& b) { return Json{{"p10", num(b.p10)}, {"p50", num(b.p50)}, {"p90", num(b.p90)}}; }

Json natives(const CostResult& c) {
  Json j = Json::object();
  for (const auto& q : c.native) j[q.name] = Json{{"value", num(q.value)}, {"unit", q.unit}};
  return j;
}

Json load_curve_json(const PartitionMeasures& m) {
  Json curve = Json::array();
  for (const auto& p : m.load_curve)
    curve.push_back({{"rate_per_s", num(p.rate_per_s)},
                     {"added_p50_ms", num(p.added_p50_ms)},
                     {"added_p99_ms", num(p.added_p99_ms)},
                     {"added_mean_ms", num(p.added_mean_ms)},
                     {"max_utilisation", num(p.max_utilisation)},
                     {"saturated", p.saturated}});
  return curve;
}

Json simulation_check_json(const PartitionMeasures& m) {
  if (!m.des_check) return nullptr;
  const auto& c = *m.des_check;
  return {{"rate_per_s", num(c.rate_per_s)},
          {"requests", c.requests},
          {"des_added_mean_ms", num(c.des_added_mean_ms)},
          {"analytic_added_mean_ms", num(c.analytic_added_mean_ms)},
          {"analytic_minus_des_mean_ms", num(c.analytic_added_mean_ms - c.des_added_mean_ms)},
          {"des_added_p50_ms", num(c.des_added_p50_ms)},
          {"des_added_p99_ms", num(c.des_added_p99_ms)},
          {"p50_ms", num(c.p50_ms)},
          {"p99_ms", num(c.p99_ms)},
          {"one_process_p50_ms", num(c.reference_p50_ms)},
          {"one_process_p99_ms", num(c.reference_p99_ms)}};
}

Json flags_json(const std::vector<SanityFlag>& flags) {
  Json a = Json::array();
  for (const auto& f : flags)
    a.push_back({{"kind", f.kind}, {"level", f.services}, {"label", f.label}, {"message", f.message}});
  return a;
}

// `in_sweep`: a level of the granularity family (it has a P(best) and a gap to the best).
Json level_json(const LevelResult& l, bool in_sweep = false) {
  Json j;
  j["services"] = l.services;
  j["label"] = l.label;
  if (in_sweep) {
    j["p_best"] = num(l.p_best);
    j["within_noise_of_best"] = l.within_noise;
    j["net_gap_to_best"] = band(l.net_gap);
  }
  j["overheads"] = {{"network", num(l.network.p50)}, {"operational", num(l.operational.p50)},
                    {"development", num(l.development.p50)}, {"design", num(l.design.p50)}};
  j["utility"] = num(l.utility.p50);
  j["net"] = num(l.net.p50);
  j["bands"] = {{"network", band(l.network)},         {"operational", band(l.operational)},
                {"development", band(l.development)}, {"design", band(l.design)},
                {"overhead", band(l.overhead)},       {"utility", band(l.utility)},
                {"net", band(l.net)},                 {"scaling", band(l.scaling)},
                {"isolation", band(l.isolation)},     {"deployability", band(l.deployability)},
                {"verifiability", band(l.verifiability)}, {"overhead_person_hours", band(l.overhead_person_hours)}};
  j["median_ratio"] = band(l.median_ratio);
  j["share_above_one"] = band(l.share_above_one);
  const auto& m = l.measures;
  j["latency_ms"] = {{"p50", num(m.p50_ms)}, {"p99", num(m.p99_ms)}, {"one_process_p50", num(m.reference_p50_ms)},
                     {"one_process_p99", num(m.reference_p99_ms)}};
  const auto& n = l.nominal;
  j["nominal"] = {{"network", {{"usd", num(n.network.usd)}, {"person_hours", num(n.network.person_hours)}, {"native", natives(n.network)}}},
                  {"operational", {{"usd", num(n.operational.usd)}, {"person_hours", num(n.operational.person_hours)}, {"native", natives(n.operational)}}},
                  {"development", {{"usd", num(n.development.usd)}, {"person_hours", num(n.development.person_hours)}, {"native", natives(n.development)}}},
                  {"design", {{"usd", num(n.design.usd)}, {"person_hours", num(n.design.person_hours)}, {"native", natives(n.design)}}},
                  {"utility", {{"scaling", {{"usd", num(n.utility.scaling.usd)}, {"native", natives(n.utility.scaling)}}},
                               {"isolation", {{"usd", num(n.utility.isolation.usd)}, {"native", natives(n.utility.isolation)}}},
                               {"deployability", {{"usd", num(n.utility.deployability.usd)}, {"person_hours", num(n.utility.deployability.person_hours)}, {"native", natives(n.utility.deployability)}}},
                               {"verifiability", {{"usd", num(n.utility.verifiability.usd)}, {"native", natives(n.utility.verifiability)}}}}},
                  {"overhead", num(n.overhead_usd)}, {"utility_total", num(n.utility_usd)}, {"net", num(n.net_usd)},
                  {"median_ratio", num(n.median_ratio)}};
  j["load_curve"] = load_curve_json(m);
  j["simulation_check"] = simulation_check_json(m);
  return j;
}

Json services_json(const LevelResult& l) {
  Json rows = Json::array();
  if (l.service_ratio.size() != l.measures.groups.size()) return rows;  // the sweep kept no per-service bands
  for (std::size_t i = 0; i < l.measures.groups.size(); ++i) {
    const auto& g = l.measures.groups[i];
    const auto& n = l.nominal;
    rows.push_back({{"name", g.name},
                    {"operations", g.operations},
                    {"overhead", band(l.service_overhead[i])},
                    {"utility", band(l.service_utility[i])},
                    {"ratio", band(l.service_ratio[i])},
                    {"antipattern", l.service_ratio[i].p50 > 1.0},
                    {"nominal",
                     {{"network", num(n.network.per_service[i].usd)},
                      {"operational", num(n.operational.per_service[i].usd)},
                      {"development", num(n.development.per_service[i].usd)},
                      {"design", num(n.design.per_service[i].usd)},
                      {"scaling", num(n.utility.scaling.per_service[i].usd)},
                      {"isolation", num(n.utility.isolation.per_service[i].usd)},
                      {"deployability", num(n.utility.deployability.per_service[i].usd)},
                      {"verifiability", num(n.utility.verifiability.per_service[i].usd)}}},
                    {"survive_share", num(g.survive_share)},
                    {"in_knot", g.in_knot}});
  }
  return rows;
}

Json system_json(const SystemSummary& s) {
  return {{"name", s.name}, {"operations", s.operations}, {"business_operations", s.business_operations},
          {"observed_services", s.observed_services}, {"entry_operations", s.entry_operations}, {"traces", s.traces}};
}

Json counts_json(const std::vector<std::pair<std::string, std::size_t>>& counts, const char* key) {
  Json a = Json::array();
  for (const auto& [name, n] : counts) a.push_back({{key, name}, {"operations", n}});
  return a;
}

Json suggestion_json(const BoundarySuggestion& s) {
  Json j;
  j["method"] = "leiden-modularity";
  j["seed"] = s.seed;
  j["resolution"] = num(s.resolution);
  j["modularity"] = num(s.modularity);
  j["observed_modularity"] = num(s.observed_modularity);
  Json trials = Json::array();
  for (const auto& t : s.trials)
    trials.push_back({{"resolution", num(t.resolution)}, {"groups", t.groups}, {"modularity", num(t.modularity)}});
  j["trials"] = trials;
  j["unlinked_operations"] = s.unlinked_operations;
  Json groups = Json::array();
  for (const auto& g : s.groups)
    groups.push_back({{"name", g.name}, {"operations", g.operation_names}, {"from", counts_json(g.from_services, "service")}});
  j["groups"] = groups;
  Json splits = Json::array();
  for (const auto& x : s.splits) splits.push_back({{"service", x.service}, {"into", counts_json(x.into, "group")}});
  j["splits"] = splits;
  Json merges = Json::array();
  for (const auto& m : s.merges) merges.push_back({{"group", m.group}, {"from", counts_json(m.from, "service")}});
  j["merges"] = merges;
  Json moves = Json::array();
  for (const auto& m : s.moves) moves.push_back({{"operation", m.operation_name}, {"from", m.from_service}, {"to", m.to_group}});
  j["moves"] = moves;
  return j;
}

}  // namespace

namespace detail {
double round6(double x) {
  if (x == 0.0 || !std::isfinite(x)) return x;
  std::ostringstream s;
  s << std::setprecision(6) << x;
  return std::stod(s.str());
}
}  // namespace detail

void write_json(std::ostream& out, const EconomicsReport& report, const WriteOptions& options) {
  Json j;
  j["format"] = "nanoscope-economics";
  j["version"] = 2;
  j["units"] = "USD per year unless a field says otherwise; bands are Monte-Carlo P10/P50/P90";
  j["system"] = system_json(report.system);
  j["inversion"] = report.inversion ? Json{{"from", report.inversion->from_era}, {"to", report.inversion->to_era}} : Json();
  Json knots = Json::array();
  for (const auto& k : report.knots)
    knots.push_back({{"rule", k.rule}, {"severity", analysis::to_string(k.severity)}, {"services", k.services}, {"traffic", k.traffic}});
  j["knots"] = knots;
  j["suggestion"] = report.suggestion ? suggestion_json(*report.suggestion) : Json();
  Json eras = Json::array();
  for (const auto& e : report.eras) {
    Json je;
    je["era"] = e.era.name;
    je["description"] = e.era.description;
    je["source"] = e.era.source;
    je["samples"] = e.era.samples;
    je["seed"] = e.era.seed;
    Json params = Json::array();
    for (const auto& p : parameter_table())
      params.push_back({{"name", p.name}, {"low", num(e.era.params[p.param].low)}, {"high", num(e.era.params[p.param].high)}, {"unit", p.unit}});
    je["parameters"] = params;
    if (e.levels.empty()) {
      eras.push_back(je);
      continue;
    }
    const auto& best = e.levels[e.best_level];
    je["best"] = {{"services", best.services}, {"label", best.label}, {"net", num(best.net.p50)},
                  {"p_best", num(best.p_best)}, {"rule", kBestRule},
                  {"services_across_samples", band(e.best_services)}};
    Json near = Json::array();
    for (const auto i : e.within_noise)
      near.push_back({{"services", e.levels[i].services}, {"label", e.levels[i].label}, {"p_best", num(e.levels[i].p_best)},
                      {"net", band(e.levels[i].net)}, {"net_gap_to_best", band(e.levels[i].net_gap)}});
    je["within_noise"] = {{"rule", kWithinNoiseRule}, {"levels", near}};
    je["flags"] = flags_json(e.flags);
    je["nanoservices"] = {{"services", e.levels[e.nanoservice_level].services},
                          {"median_ratio", band(e.levels[e.nanoservice_level].median_ratio)},
                          {"antipattern", e.nanoservice_antipattern},
                          {"antipattern_probability", num(e.nanoservice_antipattern_probability)}};
    Json flips = Json::array();
    for (const auto& b : e.nanoservice_breakevens)
      flips.push_back({{"parameter", info(b.param).name}, {"nominal", num(b.nominal)}, {"flips_at", num(b.value)},
                       {"not_antipattern_when", b.raising_helps ? "above" : "below"}});
    je["nanoservices"]["breakevens"] = flips;
    je["finest_viable_services"] = e.finest_viable_level ? Json(e.levels[*e.finest_viable_level].services) : Json();
    je["observed_services"] = e.levels[e.observed_level].services;
    Json levels = Json::array();
    for (const auto& l : e.levels) levels.push_back(level_json(l, true));
    je["levels"] = levels;
    if (e.suggested) {
      Json sj = level_json(*e.suggested);
      sj["net_vs_observed"] = num(e.suggested->net.p50 - e.levels[e.observed_level].net.p50);
      sj["net_vs_best"] = num(e.suggested->net.p50 - best.net.p50);
      if (options.services) sj["services_table"] = services_json(*e.suggested);
      je["suggested"] = sj;
    } else {
      je["suggested"] = nullptr;
    }
    if (options.services)
      je["services"] = {{"observed", services_json(e.levels[e.observed_level])},
                        {"nanoservices", services_json(e.levels[e.nanoservice_level])},
                        {"best", services_json(e.levels[e.best_level])}};
    eras.push_back(je);
  }
  j["eras"] = eras;
  out << j.dump(1) << "\n";
}

void write_whatif_json(std::ostream& out, const WhatIfReport& report) {
  Json j;
  j["format"] = "nanoscope-whatif";
  j["version"] = 2;
  j["system"] = system_json(report.system);
  j["change"] = report.change;
  Json eras = Json::array();
  for (const auto& e : report.eras) {
    Json before = level_json(e.before), after = level_json(e.after);
    before["services_table"] = services_json(e.before);
    after["services_table"] = services_json(e.after);
    const auto& d = e.delta;
    eras.push_back({{"era", e.era},
                    {"before", before},
                    {"after", after},
                    {"delta", {{"paired", "after - before at each of the same Monte-Carlo samples; P10/P50/P90 of "
                                          "those differences"},
                               {"network", band(d.network)},
                               {"operational", band(d.operational)},
                               {"development", band(d.development)},
                               {"design", band(d.design)},
                               {"overhead", band(d.overhead)},
                               {"utility", band(d.utility)},
                               {"net", band(d.net)},
                               {"p50_latency_ms", num(e.after.measures.p50_ms - e.before.measures.p50_ms)},
                               {"p99_latency_ms", num(e.after.measures.p99_ms - e.before.measures.p99_ms)}}},
                    {"flags", flags_json(e.flags)}});
  }
  j["eras"] = eras;
  out << j.dump(1) << "\n";
}

}  // namespace nanoscope::economics
