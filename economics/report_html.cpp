// The self-contained HTML report: headline verdicts, per-era charts (inline SVG) of the four
// overheads and utility against granularity on a logarithmic axis (one huge term cannot
// flatten the rest), the net value with its band in its own panel, the load curves, the median
// per-service ratio, the levels within noise of the best, sanity flags, per-service ratio
// tables, knots and latency against one process. No scripts, no links out.
#include <cmath>
#include <cstdio>
#include <iterator>
#include <optional>
#include <sstream>

#include "economics/report_writers.hpp"
#include "economics/svg_chart.hpp"

namespace nanoscope::economics {
namespace {

using detail::curve_levels;
using detail::html_escape;
using detail::percent;
using detail::plain_number;
using detail::short_number;
using detail::signed_number;

const char* kStyle = R"(body{font-family:sans-serif;margin:24px;max-width:1180px;color:#222}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
h3{font-size:15px}table{border-collapse:collapse;font-size:12px;margin:8px 0}
td,th{border:1px solid #ddd;padding:3px 7px;text-align:right}th{background:#f3f3f3}
td.l,th.l{text-align:left}.bad{background:#fde2e1}.good{background:#e3f5e1}
.verdict{font-size:14px;background:#f6f6f6;padding:10px 14px;border-left:4px solid #447;margin:12px 0}
.charts{display:flex;flex-wrap:wrap;gap:12px}.note{color:#666;font-size:12px})";

std::string ratio_text(double r) { return std::isfinite(r) ? short_number(r) : "inf"; }

void level_markers(detail::LineChart& c, const EraSweep& e) {
  c.markers.push_back({static_cast<double>(e.levels[e.observed_level].services), "observed", "#555"});
  c.markers.push_back({static_cast<double>(e.levels[e.best_level].services), "best", "#1f77b4"});
  if (e.suggested) c.markers.push_back({static_cast<double>(e.suggested->services), "suggested", "#2ca02c"});
}

// The four overheads and the utility, P50, on a logarithmic axis: terms that differ by orders of
// magnitude all stay readable; values at or below zero are left out (the table has them).
detail::LineChart terms_chart(const EraSweep& e) {
  detail::LineChart c;
  c.title = e.era.name + ": overheads and utility (USD/year, P50)";
  c.x_label = "services (log scale)";
  c.y_label = "USD per year vs one process (log scale)";
  c.log_y = true;
  const std::pair<const char*, Band LevelResult::*> terms[] = {
      {"network", &LevelResult::network},         {"operational", &LevelResult::operational},
      {"development", &LevelResult::development}, {"design", &LevelResult::design},
      {"utility", &LevelResult::utility}};
  const char* colors[] = {"#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#2ca02c"};
  for (std::size_t k = 0; k < std::size(terms); ++k) {
    detail::Series s;
    s.name = terms[k].first;
    s.color = colors[k];
    s.dashed = k == 4;
    for (const auto& l : e.levels) {
      s.x.push_back(static_cast<double>(l.services));
      s.y.push_back((l.*terms[k].second).p50);
    }
    c.series.push_back(std::move(s));
  }
  level_markers(c, e);
  return c;
}

// Net value with its P10..P90 band in a panel of its own (linear: it crosses zero).
detail::LineChart net_chart(const EraSweep& e) {
  detail::LineChart c;
  c.title = e.era.name + ": net value, utility - overheads (USD/year)";
  c.x_label = "services (log scale)";
  c.y_label = "USD per year vs one process";
  detail::Series s{"net P50 (P10..P90)", "#1f77b4", {}, {}, {}, {}, false, {}};
  for (const auto& l : e.levels) {
    s.x.push_back(static_cast<double>(l.services));
    s.y.push_back(l.net.p50);
    s.low.push_back(l.net.p10);
    s.high.push_back(l.net.p90);
    s.marked.push_back(l.within_noise);
  }
  c.series.push_back(std::move(s));
  c.reference_y = 0.0;
  level_markers(c, e);
  return c;
}

// Added p50 latency against the production rate for the shown levels (log-log); circles mark
// saturated points, the vertical lines the era's production-rate range.
std::optional<detail::LineChart> load_chart(const EraSweep& e) {
  detail::LineChart c;
  c.title = e.era.name + ": added p50 latency against load";
  c.x_label = "production rate, requests/s (log scale); circles: saturated";
  c.y_label = "added p50 ms vs one process (log scale)";
  c.log_y = true;
  const char* colors[] = {"#555", "#ff7f0e", "#d62728", "#1f77b4"};
  std::size_t k = 0;
  for (const auto i : curve_levels(e)) {
    const auto& l = e.levels[i];
    detail::Series s;
    s.name = std::to_string(l.services) + (l.label.empty() ? "" : " " + l.label) + (i == e.best_level ? " (best)" : "");
    s.color = colors[k++ % 4];
    bool positive = false;
    for (const auto& p : l.measures.load_curve) {
      s.x.push_back(p.rate_per_s);
      s.y.push_back(p.added_p50_ms);
      s.marked.push_back(p.saturated);
      positive = positive || p.added_p50_ms > 0.0 || p.saturated;
    }
    if (positive) c.series.push_back(std::move(s));  // the one process adds nothing to itself
  }
  if (c.series.empty()) return std::nullopt;
  const Range& rate = e.era.params[Param::ProductionRatePerS];
  c.markers.push_back({rate.low, "production", "#2ca02c"});
  if (rate.high != rate.low) c.markers.push_back({rate.high, "", "#2ca02c"});
  return c;
}

detail::LineChart ratio_chart(const EconomicsReport& r) {
  detail::LineChart c;
  c.title = "Median per-service overhead / utility (P10..P90)";
  c.x_label = "services (log scale)";
  c.y_label = "ratio (log scale); above 1 = nanoservice anti-pattern";
  c.log_y = true;
  c.reference_y = 1.0;
  const char* colors[] = {"#d62728", "#ff7f0e", "#2ca02c", "#1f77b4", "#9467bd"};
  std::size_t k = 0;
  for (const auto& e : r.eras) {
    detail::Series s;
    s.name = e.era.name;
    s.color = colors[k++ % 5];
    for (const auto& l : e.levels) {
      if (l.services < 2) continue;
      s.x.push_back(static_cast<double>(l.services));
      auto clip = [](double v) { return std::isfinite(v) ? v : 1e6; };
      s.y.push_back(clip(l.median_ratio.p50));
      s.low.push_back(clip(l.median_ratio.p10));
      s.high.push_back(clip(l.median_ratio.p90));
    }
    c.series.push_back(std::move(s));
  }
  return c;
}

void level_table(std::ostream& o, const EraSweep& e) {
  o << "<table><tr><th>services</th><th>network</th><th>operational</th><th>development</th><th>design</th>"
       "<th>utility</th><th>net P50</th><th>net P10..P90</th><th>best - level P10..P90</th><th>P(best)</th>"
       "<th>median ratio</th><th>p50 / p99 ms</th></tr>\n";
  for (std::size_t i = 0; i < e.levels.size(); ++i) {
    const auto& l = e.levels[i];
    const bool bad = l.services > 1 && l.median_ratio.p50 > 1.0;
    o << "<tr" << (i == e.best_level ? " style=\"font-weight:bold\"" : "") << "><td class=l>" << l.services
      << (l.label.empty() ? "" : " " + html_escape(l.label))
      << (i == e.best_level ? " (best)" : l.within_noise ? " (within noise)" : "") << "</td><td>"
      << short_number(l.network.p50) << "</td><td>" << short_number(l.operational.p50) << "</td><td>"
      << short_number(l.development.p50) << "</td><td>" << short_number(l.design.p50) << "</td><td>"
      << short_number(l.utility.p50) << "</td><td>" << short_number(l.net.p50) << "</td><td>"
      << short_number(l.net.p10) << " .. " << short_number(l.net.p90) << "</td><td" << (l.within_noise ? " class=good" : "")
      << ">" << short_number(l.net_gap.p10) << " .. " << short_number(l.net_gap.p90) << "</td><td>" << percent(l.p_best)
      << "</td><td class=\""
      << (l.services > 1 ? (bad ? "bad" : "good") : "") << "\">" << (l.services > 1 ? ratio_text(l.median_ratio.p50) : "-")
      << "</td><td>" << short_number(l.measures.p50_ms) << " / " << short_number(l.measures.p99_ms) << "</td></tr>\n";
  }
  o << "</table>\n";
}

void flags_html(std::ostream& o, const std::vector<SanityFlag>& flags) {
  if (flags.empty()) return;
  o << "<table><tr><th class=l>flag</th><th class=l>level</th><th class=l>cause</th></tr>\n";
  for (const auto& f : flags)
    o << "<tr class=bad><td class=l>" << html_escape(f.kind) << "</td><td class=l>" << f.services
      << (f.label.empty() ? "" : " " + html_escape(f.label)) << "</td><td class=l>" << html_escape(f.message)
      << "</td></tr>\n";
  o << "</table>\n";
}

void simulation_checks(std::ostream& o, const EraSweep& e) {
  bool any = false;
  for (const auto& l : e.levels) any = any || l.measures.des_check.has_value();
  if (!any) return;
  o << "<details><summary>Discrete-event checks of the analytic load model</summary><table><tr><th class=l>level</th>"
       "<th>rate /s</th><th>requests</th><th>added mean ms, simulated</th><th>analytic</th>"
       "<th>added p50 / p99 ms, simulated</th><th>p50 / p99 ms</th></tr>\n";
  for (const auto& l : e.levels) {
    if (!l.measures.des_check) continue;
    const auto& c = *l.measures.des_check;
    o << "<tr><td class=l>" << l.services << (l.label.empty() ? "" : " " + html_escape(l.label)) << "</td><td>"
      << short_number(c.rate_per_s) << "</td><td>" << c.requests << "</td><td>" << short_number(c.des_added_mean_ms)
      << "</td><td>" << short_number(c.analytic_added_mean_ms) << "</td><td>" << short_number(c.des_added_p50_ms)
      << " / " << short_number(c.des_added_p99_ms) << "</td><td>" << short_number(c.p50_ms) << " / "
      << short_number(c.p99_ms) << "</td></tr>\n";
  }
  o << "</table></details>\n";
}

void service_table(std::ostream& o, const LevelResult& l) {
  if (l.service_ratio.size() != l.measures.groups.size()) return;  // the sweep kept no per-service bands
  o << "<table><tr><th class=l>service</th><th>ops</th><th>network</th><th>operational</th><th>development</th>"
       "<th>design</th><th>scaling</th><th>isolation</th><th>deployability</th><th>verifiability</th>"
       "<th>ratio P50</th><th>P10..P90</th></tr>\n";
  const auto& n = l.nominal;
  for (std::size_t i = 0; i < l.measures.groups.size(); ++i) {
    const auto& r = l.service_ratio[i];
    o << "<tr><td class=l>" << html_escape(l.measures.groups[i].name) << (l.measures.groups[i].in_knot ? " (knot)" : "")
      << "</td><td>" << l.measures.groups[i].operations << "</td><td>" << short_number(n.network.per_service[i].usd)
      << "</td><td>" << short_number(n.operational.per_service[i].usd) << "</td><td>"
      << short_number(n.development.per_service[i].usd) << "</td><td>" << short_number(n.design.per_service[i].usd)
      << "</td><td>" << short_number(n.utility.scaling.per_service[i].usd) << "</td><td>"
      << short_number(n.utility.isolation.per_service[i].usd) << "</td><td>"
      << short_number(n.utility.deployability.per_service[i].usd) << "</td><td>"
      << short_number(n.utility.verifiability.per_service[i].usd) << "</td><td class=\"" << (r.p50 > 1.0 ? "bad" : "good")
      << "\">" << ratio_text(r.p50) << "</td><td>" << ratio_text(r.p10) << " .. " << ratio_text(r.p90) << "</td></tr>\n";
  }
  o << "</table>\n";
}

detail::LineChart latency_chart(const EconomicsReport& r) {
  detail::LineChart c;
  c.title = "Latency against granularity (entry-weighted, ms)";
  c.x_label = "services (log scale)";
  c.y_label = "ms";
  c.log_y = true;
  const char* colors[] = {"#d62728", "#ff7f0e", "#2ca02c", "#1f77b4", "#9467bd"};
  std::size_t k = 0;
  for (const auto& e : r.eras) {
    const std::string color = colors[k++ % 5];
    detail::Series p50{e.era.name + " p50", color, {}, {}, {}, {}, false, {}};
    detail::Series p99{e.era.name + " p99", color, {}, {}, {}, {}, true, {}};
    for (const auto& l : e.levels) {
      p50.x.push_back(static_cast<double>(l.services));
      p50.y.push_back(l.measures.p50_ms);
      p99.x.push_back(static_cast<double>(l.services));
      p99.y.push_back(l.measures.p99_ms);
    }
    c.series.push_back(std::move(p50));
    c.series.push_back(std::move(p99));
  }
  return c;
}

std::string counts_html(const std::vector<std::pair<std::string, std::size_t>>& counts) {
  return detail::counts_text(counts, [](std::string_view name) { return html_escape(std::string(name)); });
}

void suggestion_section(std::ostream& o, const EconomicsReport& r) {
  if (!r.suggestion) return;
  const auto& s = *r.suggestion;
  o << "<h2>Suggested boundaries (Leiden)</h2>\n<p>Leiden community detection (modularity objective; Traag, Waltman "
       "&amp; van Eck 2019) on the business operations weighted by call volume, seed "
    << s.seed << ": <b>" << s.groups.size() << " groups</b> at resolution " << plain_number(s.resolution)
    << ", modularity <b>" << short_number(s.modularity) << "</b> (observed services: "
    << short_number(s.observed_modularity) << "; tried";
  for (std::size_t i = 0; i < s.trials.size(); ++i)
    o << (i ? ", " : " ") << plain_number(s.trials[i].resolution) << " &rarr; " << s.trials[i].groups << " groups, Q "
      << short_number(s.trials[i].modularity);
  o << ").";
  if (s.unlinked_operations) o << " " << s.unlinked_operations << " operation(s) without a business call stay with their service.";
  o << " <code>--suggest-partition FILE</code> writes it for <code>nanoscope whatif --partition</code>.</p>\n";
  o << "<table><tr><th class=l>era</th><th>services</th><th>network</th><th>operational</th><th>development</th>"
       "<th>design</th><th>utility</th><th>net P50</th><th>net P10..P90</th><th>vs observed</th><th>vs best</th></tr>\n";
  for (const auto& e : r.eras) {
    if (!e.suggested || e.levels.empty()) continue;
    const auto& l = *e.suggested;
    const auto& best = e.levels[e.best_level];
    const double vs_observed = l.net.p50 - e.levels[e.observed_level].net.p50, vs_best = l.net.p50 - best.net.p50;
    o << "<tr><td class=l>" << html_escape(e.era.name) << "</td><td>" << l.services << "</td><td>"
      << short_number(l.network.p50) << "</td><td>" << short_number(l.operational.p50) << "</td><td>"
      << short_number(l.development.p50) << "</td><td>" << short_number(l.design.p50) << "</td><td>"
      << short_number(l.utility.p50) << "</td><td>" << short_number(l.net.p50) << "</td><td>" << short_number(l.net.p10)
      << " .. " << short_number(l.net.p90) << "</td><td class=\"" << (vs_observed >= 0 ? "good" : "bad") << "\">"
      << signed_number(vs_observed) << "</td><td class=\"" << (vs_best >= 0 ? "good" : "bad") << "\">"
      << signed_number(vs_best) << " (best: " << best.services << ")</td></tr>\n";
  }
  o << "</table>\n";
  if (s.merges.empty() && s.splits.empty()) o << "<p>Same boundaries as the observed services.</p>\n";
  else {
    o << "<ul>";
    for (const auto& m : s.merges) o << "<li>merge into <b>" << html_escape(m.group) << "</b>: " << counts_html(m.from) << "</li>";
    for (const auto& x : s.splits) o << "<li>split <b>" << html_escape(x.service) << "</b> into " << counts_html(x.into) << "</li>";
    o << "</ul>\n";
  }
  if (!s.moves.empty()) {
    o << "<details><summary>" << s.moves.size() << " operation(s) move</summary><table><tr><th class=l>operation</th>"
         "<th class=l>from</th><th class=l>to</th></tr>\n";
    for (const auto& m : s.moves)
      o << "<tr><td class=l>" << html_escape(m.operation_name) << "</td><td class=l>" << html_escape(m.from_service)
        << "</td><td class=l>" << html_escape(m.to_group) << "</td></tr>\n";
    o << "</table></details>\n";
  }
  o << "<details><summary>Groups</summary><table><tr><th class=l>group</th><th>ops</th><th class=l>operations</th></tr>\n";
  for (const auto& g : s.groups) {
    o << "<tr><td class=l>" << html_escape(g.name) << "</td><td>" << g.operations.size() << "</td><td class=l>";
    for (std::size_t i = 0; i < g.operation_names.size(); ++i) o << (i ? ", " : "") << html_escape(g.operation_names[i]);
    o << "</td></tr>\n";
  }
  o << "</table></details>\n";
}

}  // namespace

void write_html(std::ostream& o, const EconomicsReport& r) {
  const std::string title = "nanoscope overhead economics: " + (r.system.name.empty() ? "system" : r.system.name);
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << html_escape(title)
    << "</title><style>" << kStyle << "</style></head><body>\n<h1>" << html_escape(title) << "</h1>\n";
  o << "<p>" << html_escape(detail::scope_sentence(r)) << "</p>\n";
  o << "<div class=verdict><pre style=\"margin:0;white-space:pre-wrap\">";
  std::ostringstream head;
  write_headline(head, r);
  o << html_escape(head.str()) << "</pre></div>\n";
  o << "<h2>Granularity sweep</h2><p class=note>Overheads and utility on a logarithmic axis (values at or below "
       "zero are in the tables only); net value in its own panel, circles: levels within noise of the best.</p>"
       "<div class=charts>\n";
  for (const auto& e : r.eras)
    if (!e.levels.empty()) o << detail::render_svg(terms_chart(e)) << detail::render_svg(net_chart(e));
  o << detail::render_svg(ratio_chart(r)) << detail::render_svg(latency_chart(r)) << "</div>\n";
  bool curves = false;
  for (const auto& e : r.eras)
    if (!e.levels.empty())
      if (const auto c = load_chart(e)) {
        if (!curves) o << "<h2>Load curves</h2><div class=charts>\n";
        curves = true;
        o << detail::render_svg(*c);
      }
  if (curves) o << "</div>\n";
  for (const auto& e : r.eras) {
    if (e.levels.empty()) continue;
    o << "<h2>" << html_escape(e.era.name) << "</h2><p>" << html_escape(detail::era_note(e)) << "</p>\n";
    o << "<p>" << html_escape(detail::best_level_sentence(e)) << "</p>\n<p><b>"
      << html_escape(detail::viability_sentence(e)) << "</b></p>\n";
    if (const auto flips = detail::breakeven_sentence(e); !flips.empty()) o << "<p>" << html_escape(flips) << "</p>\n";
    flags_html(o, e.flags);
    o << "<details><summary>All levels</summary>\n";
    level_table(o, e);
    o << "</details>\n";
    simulation_checks(o, e);
    o << "<h3>Observed services: overhead / utility (nominal USD/year per component)</h3>\n";
    service_table(o, e.levels[e.observed_level]);
    const auto& best = e.levels[e.best_level];
    if (e.best_level != e.observed_level && best.services > 1) {
      o << "<details><summary>Services of the best level (" << best.services
        << " services): overhead / utility</summary>\n";
      service_table(o, best);
      o << "</details>\n";
    }
  }
  suggestion_section(o, r);
  o << "<h2>Knots in the observed services</h2>\n";
  if (r.knots.empty()) o << "<p>None found.</p>\n";
  else {
    o << "<ul>";
    for (const auto& k : r.knots) {
      o << "<li>" << html_escape(k.rule) << ":";
      for (const auto& s : k.services) o << " " << html_escape(s);
      o << "</li>";
    }
    o << "</ul>\n";
  }
  o << "<p class=note>Generated by nanoscope. Conclusions are outputs of the cost models under the stated parameter "
       "ranges, not facts about any real organisation.</p></body></html>\n";
}

}  // namespace nanoscope::economics
