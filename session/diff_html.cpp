// The diff as one self-contained HTML page: the headline, the two graphs side by side
// (diff_picture.hpp, inline SVG), then tables of services, edges, findings and the overhead
// bill. No scripts, no links out; the style follows the economics report's page.
#include <fmt/format.h>

#include "economics/report_writers.hpp"
#include "economics/svg_chart.hpp"
#include "session/diff_picture.hpp"
#include "session/diff_writers.hpp"

namespace nanoscope::session {
namespace {

using economics::detail::html_escape;
using detail::band_text;

const char* kStyle = R"(body{font-family:sans-serif;margin:24px;max-width:1180px;color:#222}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;font-size:12px;margin:8px 0}
td,th{border:1px solid #ddd;padding:3px 7px;text-align:right}th{background:#f3f3f3}
td.l,th.l{text-align:left}.added{background:#e3f5e1}.removed{background:#fde2e1}.changed{background:#fff1e0}
.verdict{font-size:14px;background:#f6f6f6;padding:10px 14px;border-left:4px solid #447;margin:12px 0}
.graphs{display:flex;flex-wrap:wrap;gap:12px}.note{color:#666;font-size:12px}
.key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle})";

std::string esc(const std::string& s) { return html_escape(s); }

std::string cell(const std::string& text, bool left = false) {
  return fmt::format("<td{}>{}</td>", left ? " class=\"l\"" : "", esc(text));
}

template <typename List, typename Row>
void rows(std::string& html, const List& list, Row&& row) {
  std::size_t n = 0;
  for (const auto& r : list) {
    if (n++ == kListedRows) break;
    html += row(r);
  }
  if (list.size() > kListedRows)
    html += fmt::format("<tr><td class=\"l\" colspan=\"9\">... and {} more (the JSON output lists all)</td></tr>",
                        list.size() - kListedRows);
}

}  // namespace

void write_diff_html(std::ostream& out, const DiffResult& d) {
  const std::string unit = detail::rate_unit(d.exposure);
  std::string html = fmt::format("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>nanoscope "
                                 "diff</title><style>{}</style></head><body>\n<h1>nanoscope diff</h1>\n",
                                 kStyle);
  html += fmt::format("<p>before {}<br>after {}</p>\n", esc(detail::side_line(d.before, d.exposure)),
                      esc(detail::side_line(d.after, d.exposure)));
  html += fmt::format("<div class=\"verdict\">{}</div>\n<p class=\"note\">{}</p>\n", esc(detail::headline(d)),
                      esc(detail::significance_sentence(d)));

  const detail::DiffPicture picture = detail::place_services(d);
  html += "<div class=\"graphs\">" + detail::render_side(d, picture, false) + detail::render_side(d, picture, true) +
          "</div>\n";
  html += "<p class=\"note key\"><span style=\"background:#2ca02c\"></span>added<span style=\"background:#d62728\">"
          "</span>removed<span style=\"background:#ff7f0e\"></span>changed (busier, or errors or latency)"
          "<span style=\"background:#1f77b4\"></span>quieter<span style=\"background:#7b2fbf\"></span>knot formed or "
          "dissolved";
  if (picture.left_out > 0)
    html += fmt::format(" &mdash; {} services not drawn (the changed ones come first)", picture.left_out);
  html += "</p>\n";

  html += fmt::format("<h2>Services: {} added, {} removed</h2>\n<table><tr><th class=\"l\">change</th><th "
                      "class=\"l\">service</th></tr>",
                      d.services_added.size(), d.services_removed.size());
  rows(html, d.services_added, [](const std::string& s) { return "<tr class=\"added\">" + cell("added", true) + cell(s, true) + "</tr>"; });
  rows(html, d.services_removed, [](const std::string& s) { return "<tr class=\"removed\">" + cell("removed", true) + cell(s, true) + "</tr>"; });
  html += "</table>\n";

  html += fmt::format("<h2>Operations: {} added, {} removed</h2>\n<table><tr><th class=\"l\">change</th><th "
                      "class=\"l\">service</th><th class=\"l\">operation</th></tr>",
                      d.operations_added.size(), d.operations_removed.size());
  const auto op = [](const char* kind) {
    return [kind](const OperationName& o) {
      return fmt::format("<tr class=\"{}\">{}{}{}</tr>", kind, cell(kind, true), cell(o.service, true), cell(o.operation, true));
    };
  };
  rows(html, d.operations_added, op("added"));
  rows(html, d.operations_removed, op("removed"));
  html += "</table>\n";

  const auto changed = d.changed_edges();
  html += fmt::format("<h2>Edges: {} added, {} removed, {} changed of {} both sides hold</h2>\n<table><tr><th "
                      "class=\"l\">change</th><th class=\"l\">from</th><th class=\"l\">to</th><th>calls</th><th>{}</th>"
                      "<th class=\"l\">what changed</th></tr>",
                      d.edges_added.size(), d.edges_removed.size(), changed.size(), d.edges_common.size(), esc(unit));
  const auto presence = [](const char* kind) {
    return [kind](const EdgePresence& e) {
      return fmt::format("<tr class=\"{}\">{}{}{}{}{}{}</tr>", kind, cell(kind, true), cell(e.from, true), cell(e.to, true),
                         cell(std::to_string(e.calls)), cell(fmt::format("{:.4g}", e.rate)), cell(""));
    };
  };
  rows(html, d.edges_added, presence("added"));
  rows(html, d.edges_removed, presence("removed"));
  rows(html, changed, [&](const EdgeChange* e) {
    return fmt::format("<tr class=\"changed\">{}{}{}{}{}{}</tr>", cell("changed", true), cell(e->from, true),
                       cell(e->to, true), cell(fmt::format("{} -> {}", e->before.calls, e->after.calls)),
                       cell(fmt::format("{:.4g} -> {:.4g}", e->before.rate, e->after.rate)),
                       cell(detail::change_summary(d, *e), true));
  });
  html += "</table>\n";

  html += fmt::format("<h2>Findings: {} appeared, {} resolved, {} on both sides</h2>\n<table><tr><th "
                      "class=\"l\">change</th><th class=\"l\">kind</th><th class=\"l\">severity</th><th "
                      "class=\"l\">services</th><th class=\"l\">explanation</th></tr>",
                      d.findings_appeared.size(), d.findings_resolved.size(), d.findings_kept);
  const auto finding = [](const char* kind, const char* label) {
    return [kind, label](const FindingChange& f) {
      return fmt::format("<tr class=\"{}\">{}{}{}{}{}</tr>", kind, cell(label, true),
                         cell(std::string(analysis::to_string(f.finding.kind)), true),
                         cell(std::string(analysis::to_string(f.finding.severity)), true),
                         cell(fmt::format("{}", fmt::join(f.finding.services, ", ")), true), cell(f.finding.explanation, true));
    };
  };
  rows(html, d.findings_appeared, finding("added", "appeared"));
  rows(html, d.findings_resolved, finding("removed", "resolved"));
  html += "</table>\n";

  if (!d.bills.empty()) {
    html += "<h2>Overhead bill</h2>\n<p class=\"note\">USD per year against one process, P50 [P10..P90]; the "
            "changes are paired over the same Monte-Carlo samples.</p><table><tr><th class=\"l\">era</th><th>overhead "
            "before</th><th>overhead after</th><th>overhead change</th><th>net value change</th></tr>";
    for (const auto& b : d.bills)
      html += fmt::format("<tr>{}{}{}{}{}</tr>", cell(b.era, true), cell(band_text(b.before.overhead, false)),
                          cell(band_text(b.after.overhead, false)), cell(band_text(b.overhead_change, true)),
                          cell(band_text(b.net_change, true)));
    html += "</table>\n";
  }
  html += "</body></html>\n";
  out << html;
}

}  // namespace nanoscope::session
