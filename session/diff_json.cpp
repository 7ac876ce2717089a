// The diff as JSON (schema "nanoscope-diff/1", docs/diff.md): every list whole and sorted by
// name, numbers rounded to 6 significant digits, non-finite numbers as null.
#include <cmath>

#include <nlohmann/json.hpp>

#include "economics/report_writers.hpp"
#include "session/diff_writers.hpp"

namespace nanoscope::session {
namespace {

using Json = nlohmann::ordered_json;

Json num(double x) {
  if (!std::isfinite(x)) return nullptr;
  return economics::detail::round6(x);
}

Json ms(double micros) { return num(micros / 1000.0); }

Json side_json(const DiffSide& s) {
  Json j = {{"label", s.label},         {"services", s.services}, {"operations", s.operations},
            {"edges", s.edges},         {"requests", s.requests}, {"traces", s.traces},
            {"exposure", num(s.exposure)}};
  j["window_start_us"] = s.window_start_us ? Json(*s.window_start_us) : Json(nullptr);
  j["window_end_us"] = s.window_end_us ? Json(*s.window_end_us) : Json(nullptr);
  return j;
}

Json presence_json(const EdgePresence& e) {
  return {{"from", e.from}, {"to", e.to}, {"calls", e.calls}, {"rate", num(e.rate)}};
}

Json figures_json(const EdgeFigures& f) {
  return {{"calls", f.calls},          {"errors", f.errors},
          {"rate", num(f.rate)},       {"error_rate", num(f.error_rate)},
          {"latency_samples", f.latency_samples},
          {"p50_ms", ms(f.p50_us)},    {"p90_ms", ms(f.p90_us)},
          {"p99_ms", ms(f.p99_us)}};
}

Json change_json(const EdgeChange& e) {
  Json latency = Json::array();
  for (const auto& p : e.latency)
    latency.push_back({{"percentile", num(100.0 * p.q)},
                       {"before_ms", ms(p.before_us)},
                       {"after_ms", ms(p.after_us)},
                       {"significant", p.significant}});
  return {{"from", e.from},
          {"to", e.to},
          {"before", figures_json(e.before)},
          {"after", figures_json(e.after)},
          {"rate_ratio", num(e.rate_ratio)},
          {"rate_p_value", num(e.rate_p_value)},
          {"rate_significant", e.rate_significant},
          {"error_p_value", num(e.error_p_value)},
          {"error_significant", e.error_significant},
          {"latency", std::move(latency)}};
}

Json finding_json(const FindingChange& c) {
  const auto& f = c.finding;
  return {{"key", c.key},
          {"kind", analysis::to_string(f.kind)},
          {"rule", f.rule},
          {"severity", analysis::to_string(f.severity)},
          {"services", f.services},
          {"edge_count", f.edge_count},
          {"traffic", f.traffic},
          {"explanation", f.explanation}};
}

Json band_json(const economics::Band& b) { return {{"p10", num(b.p10)}, {"p50", num(b.p50)}, {"p90", num(b.p90)}}; }

Json bill_side_json(const economics::LevelResult& l) {
  return {{"services", l.services},         {"overhead", band_json(l.overhead)},
          {"network", band_json(l.network)}, {"operational", band_json(l.operational)},
          {"development", band_json(l.development)}, {"design", band_json(l.design)},
          {"utility", band_json(l.utility)}, {"net", band_json(l.net)}};
}

template <typename T, typename F>
Json array_of(const std::vector<T>& items, F&& f) {
  Json a = Json::array();
  for (const auto& x : items) a.push_back(f(x));
  return a;
}

}  // namespace

void write_diff_json(std::ostream& out, const DiffResult& d) {
  Json j;
  j["schema"] = kDiffSchema;
  j["before"] = side_json(d.before);
  j["after"] = side_json(d.after);
  j["exposure"] = to_string(d.exposure);
  j["significance"] = {{"alpha", num(d.options.alpha)},
                       {"tests", d.edges_common.size()},
                       {"min_rate_change", num(d.options.min_rate_change)},
                       {"min_error_rate_points", num(d.options.min_error_rate_points)},
                       {"min_latency_samples", d.options.min_latency_samples}};
  j["headline"] = detail::headline(d);
  j["services"] = {{"added", d.services_added}, {"removed", d.services_removed}};
  const auto op = [](const OperationName& o) { return Json{{"service", o.service}, {"operation", o.operation}}; };
  j["operations"] = {{"added", array_of(d.operations_added, op)}, {"removed", array_of(d.operations_removed, op)}};
  Json changed = Json::array();
  for (const auto& e : d.edges_common)
    if (e.changed()) changed.push_back(change_json(e));
  j["edges"] = {{"added", array_of(d.edges_added, presence_json)},
                {"removed", array_of(d.edges_removed, presence_json)},
                {"changed", std::move(changed)},
                {"compared", d.edges_common.size()}};
  j["findings"] = {{"appeared", array_of(d.findings_appeared, finding_json)},
                   {"resolved", array_of(d.findings_resolved, finding_json)},
                   {"kept", d.findings_kept}};
  j["knots_formed"] = array_of(d.knots_formed(), [](const FindingChange* f) { return f->key; });
  j["knots_dissolved"] = array_of(d.knots_dissolved(), [](const FindingChange* f) { return f->key; });
  j["bills"] = array_of(d.bills, [](const EraBill& b) {
    return Json{{"era", b.era},
                {"before", bill_side_json(b.before)},
                {"after", bill_side_json(b.after)},
                {"change", {{"overhead", band_json(b.overhead_change)}, {"net", band_json(b.net_change)}}}};
  });
  out << j.dump(1) << "\n";
}

}  // namespace nanoscope::session
