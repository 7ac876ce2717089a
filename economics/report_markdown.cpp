// Markdown and terminal writers of the economics and what-if reports, and format parsing.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "economics/report_writers.hpp"

namespace nanoscope::economics {

namespace detail {
std::string short_number(double x) {
  if (!std::isfinite(x)) return x > 0 ? "inf" : "-inf";
  const double a = std::fabs(x);
  if (a >= 1e9) return fmt::format("{:.2f}G", x / 1e9);
  if (a >= 1e6) return fmt::format("{:.2f}M", x / 1e6);
  if (a >= 1e4) return fmt::format("{:.1f}k", x / 1e3);
  if (a >= 100) return fmt::format("{:.0f}", x);
  if (a >= 1) return fmt::format("{:.2f}", x);
  return fmt::format("{:.3g}", x);
}

std::string signed_number(double x) { return (x > 0 ? "+" : "") + short_number(x); }

std::string percent(double share) {
  return fmt::format("{:.0f}%", 100.0 * share);
}

std::vector<std::size_t> curve_levels(const EraSweep& e) {
  std::vector<std::size_t> out;
  for (const std::size_t i : {std::size_t{0}, e.observed_level, e.nanoservice_level, e.best_level})
    if (i < e.levels.size() && std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  return out;
}

std::string plain_number(double x) {
  return fmt::format("{:g}", x);
}

std::string counts_text(const std::vector<std::pair<std::string, std::size_t>>& counts,
                        std::string (*escape)(std::string_view)) {
  std::string out;
  for (const auto& [name, n] : counts)
    out += (out.empty() ? "" : ", ") + (escape ? escape(name) : name) + " (" + std::to_string(n) + ")";
  return out;
}
}  // namespace detail

namespace {

using detail::counts_text;
using detail::curve_levels;
using detail::percent;
using detail::plain_number;
using detail::short_number;
using detail::signed_number;

std::string ratio_text(double r) { return std::isfinite(r) ? short_number(r) : "inf"; }

std::string band_text(const Band& b) {
  return short_number(b.p50) + " (" + short_number(b.p10) + " .. " + short_number(b.p90) + ")";
}

std::string ratio_band(const Band& b) {
  return ratio_text(b.p50) + " (" + ratio_text(b.p10) + " .. " + ratio_text(b.p90) + ")";
}

using detail::level_name;
using detail::within_noise_text;

void load_section(std::ostream& out, const EraSweep& e) {
  const auto shown = curve_levels(e);
  bool any = false;
  for (const auto i : shown) any = any || !e.levels[i].measures.load_curve.empty();
  if (any) {
    out << "Added latency against the one process as the production load grows (rate: added p50 / p99 ms; "
        << "\\* = saturated):\n\n";
    for (const auto i : shown) {
      const auto& l = e.levels[i];
      if (l.measures.load_curve.empty()) continue;
      out << "- " << level_name(l) << (i == e.best_level ? " best" : "") << ":";
      for (const auto& p : l.measures.load_curve)
        out << " " << plain_number(p.rate_per_s) << "/s " << short_number(p.added_p50_ms) << " / "
            << short_number(p.added_p99_ms) << (p.saturated ? "\\*" : "") << ";";
      out << "\n";
    }
    out << "\n";
  }
  bool checks = false;
  for (const auto& l : e.levels) checks = checks || l.measures.des_check.has_value();
  if (!checks) return;
  out << "| level | rate /s | requests | added mean ms, simulated | analytic | added p50 / p99 ms, simulated |\n";
  out << "|---|---:|---:|---:|---:|---:|\n";
  for (const auto& l : e.levels) {
    if (!l.measures.des_check) continue;
    const auto& c = *l.measures.des_check;
    out << "| " << level_name(l) << " | " << short_number(c.rate_per_s) << " | " << c.requests << " | "
        << short_number(c.des_added_mean_ms) << " | " << short_number(c.analytic_added_mean_ms) << " | "
        << short_number(c.des_added_p50_ms) << " / " << short_number(c.des_added_p99_ms) << " |\n";
  }
  out << "\n";
}

// "dominant_term at 2, 3, 4 services; saturated at 32 services": levels per kind, first seen first.
std::string flag_summary(const std::vector<SanityFlag>& flags) {
  std::vector<std::pair<std::string, std::string>> kinds;
  for (const auto& f : flags) {
    auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == f.kind; });
    if (it == kinds.end()) it = kinds.insert(kinds.end(), {f.kind, ""});
    it->second += (it->second.empty() ? "" : ", ") + std::to_string(f.services) + (f.label.empty() ? "" : " " + f.label);
  }
  std::string text;
  for (const auto& [kind, levels] : kinds) text += (text.empty() ? "" : "; ") + kind + " at " + levels;
  return text;
}

void flags_list(std::ostream& out, const std::vector<SanityFlag>& flags) {
  if (flags.empty()) return;
  out << "Flags:\n\n";
  for (const auto& f : flags)
    out << "- **" << f.kind << "** at " << f.services << (f.label.empty() ? "" : " (" + f.label + ")") << ": "
        << f.message << ".\n";
  out << "\n";
}

void services_table(std::ostream& out, const LevelResult& l) {
  if (l.service_ratio.size() != l.measures.groups.size()) return;  // the sweep kept no per-service bands
  out << "| service | ops | overhead USD/yr | utility USD/yr | ratio P50 (P10 .. P90) | verdict |\n";
  out << "|---|---:|---:|---:|---:|---|\n";
  for (std::size_t i = 0; i < l.measures.groups.size(); ++i) {
    const auto& g = l.measures.groups[i];
    out << "| " << g.name << " | " << g.operations << " | " << short_number(l.service_overhead[i].p50) << " | "
        << short_number(l.service_utility[i].p50) << " | " << ratio_band(l.service_ratio[i]) << " | "
        << (l.service_ratio[i].p50 > 1.0 ? "overhead > utility" : "worth it") << " |\n";
  }
}

void suggestion_section(std::ostream& out, const EconomicsReport& r) {
  if (!r.suggestion) return;
  const auto& s = *r.suggestion;
  out << "## Suggested boundaries (Leiden)\n\n";
  out << "Leiden community detection (modularity objective; Traag, Waltman & van Eck 2019) on the business "
      << "operations weighted by call volume, seed " << s.seed << ", best of resolutions";
  for (std::size_t i = 0; i < s.trials.size(); ++i)
    out << (i ? ", " : " ") << plain_number(s.trials[i].resolution) << " (" << s.trials[i].groups << " groups, Q "
        << short_number(s.trials[i].modularity) << ")";
  out << ": **" << s.groups.size() << " groups at resolution " << plain_number(s.resolution) << ", modularity "
      << short_number(s.modularity) << "** (observed services: " << short_number(s.observed_modularity) << "). ";
  if (s.unlinked_operations) out << s.unlinked_operations << " operation(s) without a business call stay with their service. ";
  out << "Write it as a partition file with `--suggest-partition FILE`.\n\n";
  if (s.merges.empty() && s.splits.empty()) out << "Same boundaries as the observed services.\n\n";
  for (const auto& m : s.merges) out << "- merge into `" << m.group << "`: " << counts_text(m.from) << "\n";
  for (const auto& x : s.splits) out << "- split `" << x.service << "` into " << counts_text(x.into) << "\n";
  if (!s.moves.empty()) {
    out << "- " << s.moves.size() << " operation(s) move:";
    for (std::size_t i = 0; i < s.moves.size() && i < 20; ++i)
      out << (i ? "," : "") << " `" << s.moves[i].operation_name << "` -> " << s.moves[i].to_group;
    if (s.moves.size() > 20) out << ", ... (" << s.moves.size() - 20 << " more)";
    out << "\n";
  }
  out << "\n| era | services | network | operational | development | design | utility | net P50 (P10 .. P90) | vs observed | vs best |\n";
  out << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& e : r.eras) {
    if (!e.suggested || e.levels.empty()) continue;
    const auto& l = *e.suggested;
    const auto& best = e.levels[e.best_level];
    out << "| " << e.era.name << " | " << l.services << " | " << short_number(l.network.p50) << " | "
        << short_number(l.operational.p50) << " | " << short_number(l.development.p50) << " | "
        << short_number(l.design.p50) << " | " << short_number(l.utility.p50) << " | " << band_text(l.net) << " | "
        << signed_number(l.net.p50 - e.levels[e.observed_level].net.p50) << " | "
        << signed_number(l.net.p50 - best.net.p50) << " (best: " << best.services << ") |\n";
  }
  out << "\n";
}

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view t) {
  if (t == "json") return ReportFormat::Json;
  if (t == "markdown" || t == "md") return ReportFormat::Markdown;
  if (t == "csv") return ReportFormat::Csv;
  if (t == "html") return ReportFormat::Html;
  return std::nullopt;
}

std::optional<ReportFormat> format_from_extension(std::string_view p) {
  if (p.ends_with(".json")) return ReportFormat::Json;
  if (p.ends_with(".md")) return ReportFormat::Markdown;
  if (p.ends_with(".csv")) return ReportFormat::Csv;
  if (p.ends_with(".html") || p.ends_with(".htm")) return ReportFormat::Html;
  return std::nullopt;
}

void write_headline(std::ostream& out, const EconomicsReport& r) {
  for (const auto& e : r.eras) {
    if (e.levels.empty()) continue;
    const auto& best = e.levels[e.best_level];
    const auto& nano = e.levels[e.nanoservice_level];
    out << e.era.name << ": best granularity " << best.services << (best.services == 1 ? " service" : " services")
        << " (net " << short_number(best.net.p50) << " USD/yr vs one process, best in " << percent(best.p_best)
        << " of samples; P10..P90 of best: " << e.best_services.p10 << ".." << e.best_services.p90
        << "); within noise of it: " << within_noise_text(e) << "; one operation per service (" << nano.services
        << "): median overhead/utility "
        << ratio_band(nano.median_ratio) << " -> "
        << (e.nanoservice_antipattern ? "anti-pattern" : "not an anti-pattern") << " (P(ratio>1) "
        << short_number(e.nanoservice_antipattern_probability) << ")";
    out << "\n";
    if (!e.flags.empty()) out << "  sanity flags (causes in the report): " << flag_summary(e.flags) << "\n";
  }
  if (r.inversion)
    out << "the nanoservice verdict inverts between " << r.inversion->from_era << " and " << r.inversion->to_era << "\n";
  else
    out << "the nanoservice verdict does not invert across these eras\n";
}

void write_markdown(std::ostream& out, const EconomicsReport& r, const WriteOptions& options) {
  out << "# Overhead economics: " << (r.system.name.empty() ? "system" : r.system.name) << "\n\n";
  out << detail::scope_sentence(r) << "\n\n";
  out << "## Verdicts\n\n```\n";
  write_headline(out, r);
  out << "```\n\n";
  for (const auto& e : r.eras) {
    if (e.levels.empty()) continue;
    out << "## " << e.era.name << "\n\n" << detail::era_note(e) << "\n\n";
    out << detail::best_level_sentence(e) << "\n\n" << detail::viability_sentence(e) << "\n\n";
    if (const auto flips = detail::breakeven_sentence(e); !flips.empty()) out << flips << "\n\n";
    out << "| services | network | operational | development | design | utility | net P50 (P10 .. P90) | best - level P10 .. P90 | P(best) | median ratio | p50 / p99 ms |\n";
    out << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (std::size_t i = 0; i < e.levels.size(); ++i) {
      const auto& l = e.levels[i];
      out << "| " << level_name(l) << (i == e.best_level ? " **best**" : l.within_noise ? " (within noise)" : "")
          << " | " << short_number(l.network.p50) << " | " << short_number(l.operational.p50) << " | "
          << short_number(l.development.p50) << " | " << short_number(l.design.p50) << " | "
          << short_number(l.utility.p50) << " | " << band_text(l.net) << " | " << short_number(l.net_gap.p10) << " .. "
          << short_number(l.net_gap.p90) << " | " << percent(l.p_best) << " | "
          << (l.services > 1 ? ratio_text(l.median_ratio.p50) : "-") << " | " << short_number(l.measures.p50_ms)
          << " / " << short_number(l.measures.p99_ms) << " |\n";
    }
    out << "\n";
    load_section(out, e);
    flags_list(out, e.flags);
    if (options.services && !e.levels[e.observed_level].service_ratio.empty()) {
      out << "### Observed services (" << e.era.name << ")\n\n";
      services_table(out, e.levels[e.observed_level]);
      out << "\n";
    }
  }
  suggestion_section(out, r);
  out << "## Knots in the observed services\n\n";
  if (r.knots.empty()) out << "None found.\n";
  for (const auto& k : r.knots) {
    out << "- " << k.rule << ":";
    for (const auto& s : k.services) out << " " << s;
    out << "\n";
  }
}

void write_whatif_markdown(std::ostream& out, const WhatIfReport& r) {
  out << "# What-if: " << r.change << "\n\nUSD per year against the system as one process; P50 of the Monte-Carlo "
      << "samples.\n\n";
  out << "| era | | services | network | operational | development | design | utility | net | p50 ms | p99 ms |\n";
  out << "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& e : r.eras)
    for (const LevelResult* l : {&e.before, &e.after})
      out << "| " << e.era << " | " << l->label << " | " << l->services << " | " << short_number(l->network.p50) << " | "
          << short_number(l->operational.p50) << " | " << short_number(l->development.p50) << " | "
          << short_number(l->design.p50) << " | " << short_number(l->utility.p50) << " | " << short_number(l->net.p50)
          << " | " << short_number(l->measures.p50_ms) << " | " << short_number(l->measures.p99_ms) << " |\n";
  out << "\nAfter - before, paired over the same Monte-Carlo samples: P50 (P10 .. P90) of the differences.\n\n";
  out << "| era | network | operational | development | design | overhead | utility | net |\n";
  out << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& e : r.eras) {
    const auto& d = e.delta;
    out << "| " << e.era;
    for (const Band* b : {&d.network, &d.operational, &d.development, &d.design, &d.overhead, &d.utility, &d.net})
      out << " | " << signed_number(b->p50) << " (" << signed_number(b->p10) << " .. " << signed_number(b->p90) << ")";
    out << " |\n";
  }
  for (const auto& e : r.eras) {
    out << "\n## " << e.era << ": services after the change\n\n";
    flags_list(out, e.flags);
    services_table(out, e.after);
  }
}

void write_report(std::ostream& out, const EconomicsReport& report, ReportFormat format, const WriteOptions& options) {
  switch (format) {
    case ReportFormat::Json: write_json(out, report, options); break;
    case ReportFormat::Markdown: write_markdown(out, report, options); break;
    case ReportFormat::Csv: write_csv(out, report, options); break;
    case ReportFormat::Html: write_html(out, report); break;
  }
}

void write_whatif(std::ostream& out, const WhatIfReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::Json: write_whatif_json(out, report); break;
    case ReportFormat::Csv: write_whatif_csv(out, report); break;
    case ReportFormat::Markdown:
    case ReportFormat::Html: write_whatif_markdown(out, report); break;
  }
}

}  // namespace nanoscope::economics
