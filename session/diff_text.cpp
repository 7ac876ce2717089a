// The diff as text (the terminal) and as Markdown (pull requests): the same sections in the same
// order -- sides, headline, services, operations, edges, findings, overhead bill -- each list
// cut at kListedRows rows with a count of the rest (JSON lists everything).
#include <fmt/format.h>

#include "economics/report_writers.hpp"
#include "session/diff_writers.hpp"

namespace nanoscope::session {
namespace {

using detail::band_text;

// Markdown escapes the characters that would start markup inside a name.
std::string md(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

class Writer {
 public:
  Writer(std::ostream& out, bool markdown) : out_(out), markdown_(markdown) {}

  void heading(const std::string& text) { out_ << (markdown_ ? "\n## " + text + "\n\n" : "\n" + text + "\n"); }
  void line(const std::string& text) { out_ << text << "\n"; }
  // One row of a list: "  + name" in text, "- added: name" in Markdown.
  void item(char mark, const std::string& text) {
    if (markdown_) out_ << "- " << (mark == '+' ? "added" : mark == '-' ? "removed" : "changed") << ": " << text << "\n";
    else out_ << "  " << mark << " " << text << "\n";
  }
  std::string name(std::string_view text) const { return markdown_ ? md(text) : std::string(text); }
  // Rows past kListedRows are counted, not listed.
  template <typename List, typename Row>
  void list(char mark, const List& rows, Row&& row) {
    std::size_t n = 0;
    for (const auto& r : rows) {
      if (n++ == kListedRows) break;
      item(mark, row(r));
    }
    if (rows.size() > kListedRows) line(fmt::format("{}... and {} more (the JSON output lists all)", markdown_ ? "- " : "  ",
                                                    rows.size() - kListedRows));
  }
  [[nodiscard]] bool markdown() const { return markdown_; }

 private:
  std::ostream& out_;
  bool markdown_;
};

void write(std::ostream& out, const DiffResult& d, bool markdown) {
  Writer w(out, markdown);
  const std::string unit = detail::rate_unit(d.exposure);
  if (markdown) {
    w.line("# nanoscope diff\n");
    w.line("- **before** " + md(detail::side_line(d.before, d.exposure)));
    w.line("- **after** " + md(detail::side_line(d.after, d.exposure)));
    w.line("\n**" + md(detail::headline(d)) + "**\n");
    w.line("_" + md(detail::significance_sentence(d)) + "_");
  } else {
    w.line("nanoscope diff");
    w.line("  before " + detail::side_line(d.before, d.exposure));
    w.line("  after  " + detail::side_line(d.after, d.exposure));
    w.line("headline: " + detail::headline(d));
    w.line("(" + detail::significance_sentence(d) + ")");
  }

  w.heading(fmt::format("services: {} added, {} removed", d.services_added.size(), d.services_removed.size()));
  w.list('+', d.services_added, [&](const std::string& s) { return w.name(s); });
  w.list('-', d.services_removed, [&](const std::string& s) { return w.name(s); });

  w.heading(fmt::format("operations: {} added, {} removed", d.operations_added.size(), d.operations_removed.size()));
  const auto op = [&](const OperationName& o) { return w.name(o.service + "/" + o.operation); };
  w.list('+', d.operations_added, op);
  w.list('-', d.operations_removed, op);

  const auto changed = d.changed_edges();
  w.heading(fmt::format("edges: {} added, {} removed, {} changed of {} both sides hold", d.edges_added.size(),
                        d.edges_removed.size(), changed.size(), d.edges_common.size()));
  const auto presence = [&](const EdgePresence& e) {
    return fmt::format("{} -> {} ({} calls, {:.4g} {})", w.name(e.from), w.name(e.to), e.calls, e.rate, unit);
  };
  w.list('+', d.edges_added, presence);
  w.list('-', d.edges_removed, presence);
  w.list('~', changed, [&](const EdgeChange* e) {
    return fmt::format("{} -> {}: {}", w.name(e->from), w.name(e->to), w.name(detail::change_summary(d, *e)));
  });

  w.heading(fmt::format("findings: {} appeared, {} resolved, {} on both sides", d.findings_appeared.size(),
                        d.findings_resolved.size(), d.findings_kept));
  const auto finding = [&](const FindingChange& f) {
    return fmt::format("{} ({}): {} -- {}", analysis::to_string(f.finding.kind), analysis::to_string(f.finding.severity),
                       w.name(fmt::format("{}", fmt::join(f.finding.services, ", "))), w.name(f.finding.explanation));
  };
  w.list('+', d.findings_appeared, finding);
  w.list('-', d.findings_resolved, finding);

  if (d.bills.empty()) return;
  w.heading("overhead bill (USD/year against one process; P50 [P10..P90])");
  if (markdown) {
    w.line("| era | overhead before | overhead after | overhead change | net value change |");
    w.line("|---|---:|---:|---:|---:|");
  }
  for (const auto& b : d.bills) {
    const std::string before = band_text(b.before.overhead, false), after = band_text(b.after.overhead, false);
    const std::string change = band_text(b.overhead_change, true), net = band_text(b.net_change, true);
    if (markdown) w.line(fmt::format("| {} | {} | {} | {} | {} |", md(b.era), before, after, change, net));
    else w.line(fmt::format("  {}: overhead {} -> {}, change {}; net value change {}", b.era, before, after, change, net));
  }
}

}  // namespace

void write_diff_text(std::ostream& out, const DiffResult& diff) { write(out, diff, false); }
void write_diff_markdown(std::ostream& out, const DiffResult& diff) { write(out, diff, true); }

}  // namespace nanoscope::session
