// The sentences the Markdown and HTML economics reports share: the scope of the report, each
// era's verdicts (best level, levels within noise, finest viable level, the nanoservice verdict)
// and where that verdict flips. Plain text, written once; each writer only escapes and styles it,
// so the two reports cannot drift apart.
#include <string>

#include "economics/parameters.hpp"
#include "economics/report_writers.hpp"

namespace nanoscope::economics::detail {

std::string level_name(const LevelResult& l) {
  return std::to_string(l.services) + (l.label.empty() ? "" : " (" + l.label + ")");
}

std::string within_noise_text(const EraSweep& e) {
  std::string text;
  for (const auto i : e.within_noise) text += (text.empty() ? "" : ", ") + level_name(e.levels[i]);
  return text;
}

std::string scope_sentence(const EconomicsReport& r) {
  return std::to_string(r.system.business_operations) + " business operations in " +
         std::to_string(r.system.observed_services) + " observed services, " +
         std::to_string(r.system.entry_operations) +
         " entry operation(s). Money is USD per year against the same system run as one process; bands are "
         "Monte-Carlo P50 (P10 .. P90) over each era's parameter ranges. Every formula and default: docs/economics.md.";
}

std::string era_note(const EraSweep& e) {
  return e.era.description + " (" + std::to_string(e.era.samples) + " samples, seed " + std::to_string(e.era.seed) +
         (e.era.source.empty() ? "" : ", file " + e.era.source) + ")";
}

std::string best_level_sentence(const EraSweep& e) {
  const auto& best = e.levels[e.best_level];
  return "Best granularity: " + std::to_string(best.services) + (best.services == 1 ? " service" : " services") +
         " (highest P50 net value, ties to fewer services; best in " + percent(best.p_best) +
         " of samples; best across samples P10 .. P90: " + plain_number(e.best_services.p10) + " .. " +
         plain_number(e.best_services.p90) +
         "). Within noise of it, by the paired differences over the same samples (P10 of best - level at most 0): " +
         within_noise_text(e) + ".";
}

std::string viability_sentence(const EraSweep& e) {
  const std::string finest =
      e.finest_viable_level ? std::to_string(e.levels[*e.finest_viable_level].services) + " services" : "none";
  return "Finest granularity whose median service is worth its overhead: " + finest +
         ". One operation per service: " + (e.nanoservice_antipattern ? "anti-pattern" : "not an anti-pattern") +
         " (P(median ratio > 1) = " + short_number(e.nanoservice_antipattern_probability) + ").";
}

std::string breakeven_sentence(const EraSweep& e, std::size_t shown_at_most) {
  if (e.nanoservice_breakevens.empty()) return {};
  std::string text = "Where the nanoservice verdict flips (one parameter at a time, the others at their midpoints): ";
  std::size_t shown = 0;
  for (const auto& b : e.nanoservice_breakevens) {
    if (shown++ == shown_at_most) break;
    text += (shown > 1 ? "; " : "") + std::string(info(b.param).name) + (b.raising_helps ? " > " : " < ") +
            short_number(b.value) + " (nominal " + short_number(b.nominal) + ")";
  }
  return text + ".";
}

}  // namespace nanoscope::economics::detail
