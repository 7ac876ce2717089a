// The sentences and figures every diff writer shares (text, Markdown, HTML): one side in a line,
// a changed edge in a line, the headline and how changes were flagged.
#include <fmt/format.h>

#include <cmath>
#include <ctime>

#include "economics/report_writers.hpp"
#include "session/diff_writers.hpp"

namespace nanoscope::session {

std::optional<DiffFormat> parse_diff_format(std::string_view text) {
  if (text == "text") return DiffFormat::Text;
  if (text == "json") return DiffFormat::Json;
  if (text == "markdown" || text == "md") return DiffFormat::Markdown;
  if (text == "html") return DiffFormat::Html;
  return std::nullopt;
}

void write_diff(std::ostream& out, const DiffResult& diff, DiffFormat format) {
  switch (format) {
    case DiffFormat::Text: write_diff_text(out, diff); return;
    case DiffFormat::Json: write_diff_json(out, diff); return;
    case DiffFormat::Markdown: write_diff_markdown(out, diff); return;
    case DiffFormat::Html: write_diff_html(out, diff); return;
  }
}

namespace detail {
namespace {

std::string utc_time(std::int64_t us) {
  const std::time_t seconds = static_cast<std::time_t>(us / 1'000'000);
  std::tm tm{};
  if (!::gmtime_r(&seconds, &tm)) return fmt::format("{} us", us);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string p_text(double p) { return p < 1e-4 ? fmt::format("{:.0e}", p) : fmt::format("{:.4f}", p); }

std::string rate_text(double rate) { return fmt::format("{:.4g}", rate); }

}  // namespace

std::string rate_unit(ExposureKind kind) {
  switch (kind) {
    case ExposureKind::Requests: return "calls per request";
    case ExposureKind::Seconds: return "calls per second";
    case ExposureKind::None: break;
  }
  return "calls";
}

std::string band_text(const economics::Band& b, bool sign) {
  const auto f = sign ? economics::detail::signed_number : economics::detail::short_number;
  return fmt::format("{} [{}..{}]", f(b.p50), f(b.p10), f(b.p90));
}

std::string latency_text(double micros) {
  if (micros < 1000.0) return fmt::format("{:.0f} us", micros);
  if (micros < 1e6) return fmt::format("{:.3g} ms", micros / 1000.0);
  return fmt::format("{:.3g} s", micros / 1e6);
}

std::string side_line(const DiffSide& side, ExposureKind kind) {
  std::string line = fmt::format("{}: {} services, {} operations, {} edges, {} requests, {} traces", side.label,
                                 side.services, side.operations, side.edges, side.requests, side.traces);
  if (side.window_start_us && side.window_end_us)
    line += fmt::format(", {} .. {}", utc_time(*side.window_start_us), utc_time(*side.window_end_us));
  if (kind == ExposureKind::Seconds) line += fmt::format(" ({:.4g} s)", side.exposure);
  return line;
}

std::string change_summary(const DiffResult& diff, const EdgeChange& e) {
  std::vector<std::string> parts;
  if (e.rate_significant)
    parts.push_back(fmt::format("{} {} -> {} (x{:.3g}, p {})", rate_unit(diff.exposure), rate_text(e.before.rate),
                                rate_text(e.after.rate), e.rate_ratio, p_text(e.rate_p_value)));
  if (e.error_significant)
    parts.push_back(fmt::format("error rate {:.2f}% -> {:.2f}% (p {})", 100.0 * e.before.error_rate,
                                100.0 * e.after.error_rate, p_text(e.error_p_value)));
  for (const auto& p : e.latency)
    if (p.significant)
      parts.push_back(fmt::format("p{:g} {} -> {}", 100.0 * p.q, latency_text(p.before_us), latency_text(p.after_us)));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string headline(const DiffResult& diff) {
  const auto formed = diff.knots_formed(), dissolved = diff.knots_dissolved();
  std::vector<std::string> parts;
  for (const auto* k : formed)
    parts.push_back(fmt::format("a knot formed: {} ({} services)", fmt::join(k->finding.services, ", "),
                                k->finding.services.size()));
  for (const auto* k : dissolved)
    parts.push_back(fmt::format("a knot dissolved: {}", fmt::join(k->finding.services, ", ")));
  if (!parts.empty()) return fmt::format("{}", fmt::join(parts, "; "));
  const std::size_t changed = diff.changed_edges().size();
  if (diff.services_added.empty() && diff.services_removed.empty() && diff.edges_added.empty() &&
      diff.edges_removed.empty() && changed == 0 && diff.findings_appeared.empty() && diff.findings_resolved.empty())
    return "no change beyond the noise of the counts";
  return fmt::format("{} services added, {} removed; {} edges added, {} removed, {} changed; {} findings appeared, "
                     "{} resolved",
                     diff.services_added.size(), diff.services_removed.size(), diff.edges_added.size(),
                     diff.edges_removed.size(), changed, diff.findings_appeared.size(), diff.findings_resolved.size());
}

std::string significance_sentence(const DiffResult& diff) {
  const auto& o = diff.options;
  const std::string compared =
      diff.exposure == ExposureKind::None
          ? "counts compared as they are (neither side has requests or a time window)"
          : fmt::format("counts compared as {} over each side's {}", rate_unit(diff.exposure),
                        diff.exposure == ExposureKind::Requests ? "entry requests" : "time window");
  return fmt::format("{}; a change is flagged at p < {:g}/{} (Bonferroni over the {} edges both sides hold), rates "
                     "only when they moved by {:g}% or more, error rates by {:g} points or more, latency "
                     "percentiles when their order-statistic intervals do not overlap (at least {} samples a side)",
                     compared, o.alpha, diff.edges_common.size(), diff.edges_common.size(), 100.0 * o.min_rate_change,
                     o.min_error_rate_points, o.min_latency_samples);
}

}  // namespace detail
}  // namespace nanoscope::session
