// The table of changes: rows from a DiffResult, cell texts, orders and row colours.
#include "gui/viewmodel/diff_table.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "gui/viewmodel/diff_view.hpp"

namespace nanoscope::gui {
namespace {

std::string services_text(const std::vector<std::string>& services) {
  std::string out;
  for (const auto& s : services) out += (out.empty() ? "" : ", ") + s;
  return out;
}

DiffRow finding_row(const session::FindingChange& f, bool appeared) {
  DiffRow r;
  const bool knot = f.finding.kind == analysis::FindingKind::Knot;
  r.kind = appeared ? (knot ? DiffChangeKind::KnotFormed : DiffChangeKind::FindingAppeared)
                    : (knot ? DiffChangeKind::KnotDissolved : DiffChangeKind::FindingResolved);
  r.from = fmt::format("{} ({})", analysis::to_string(f.finding.kind), f.finding.rule);
  r.to = services_text(f.finding.services);
  r.services = f.finding.services;
  return r;
}

DiffRow service_row(const std::string& name, bool added) {
  DiffRow r;
  r.kind = added ? DiffChangeKind::ServiceAdded : DiffChangeKind::ServiceRemoved;
  r.from = name;
  r.services = {name};
  return r;
}

DiffRow presence_row(const session::EdgePresence& e, bool added) {
  DiffRow r;
  r.kind = added ? DiffChangeKind::EdgeAdded : DiffChangeKind::EdgeRemoved;
  r.from = e.from;
  r.to = e.to;
  r.services = {e.from, e.to};
  (added ? r.after_rate : r.before_rate) = e.rate;
  return r;
}

DiffRow change_row(const session::EdgeChange& e) {
  DiffRow r;
  r.kind = DiffChangeKind::EdgeChanged;
  r.from = e.from;
  r.to = e.to;
  r.services = {e.from, e.to};
  r.before_rate = e.before.rate;
  r.after_rate = e.after.rate;
  r.ratio = e.rate_ratio;
  r.grew = edge_grew(e);
  r.error_before = e.before.error_rate;
  r.error_after = e.after.error_rate;
  std::vector<std::string> flagged;
  if (e.rate_significant) {
    flagged.push_back(fmt::format("rate p={:.2g}", e.rate_p_value));
    r.p_value = std::min(r.p_value, e.rate_p_value);
  }
  if (e.error_significant) {
    flagged.push_back(fmt::format("errors p={:.2g}", e.error_p_value));
    r.p_value = std::min(r.p_value, e.error_p_value);
  }
  for (const auto& p : e.latency) {
    if (p.q >= 0.985 && p.q <= 0.995) {
      r.p99_before_us = p.before_us;
      r.p99_after_us = p.after_us;
    }
    if (p.significant) flagged.push_back(fmt::format("p{:.0f}", p.q * 100.0));
  }
  r.significance = services_text(flagged);
  return r;
}

/// NaN ("-", the side has none) sorts after every number in either direction: `descending`
/// pre-flips it, since order_rows flips the whole comparison of a descending column.
int compare_numbers(double a, double b, bool descending) {
  const bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb) return na == nb ? 0 : ((na ? 1 : -1) * (descending ? -1 : 1));
  return compare3(a, b);
}

std::string rate_text(double rate, session::ExposureKind exposure) {
  if (std::isnan(rate)) return "-";
  const char* unit = exposure == session::ExposureKind::Requests ? "/req"
                     : exposure == session::ExposureKind::Seconds ? "/s"
                                                                   : "";
  return fmt::format("{:.3g}{}", rate, unit);
}

std::string latency_text(double us) {
  if (us >= 1e6) return fmt::format("{:.2f} s", us / 1e6);
  if (us >= 1e3) return fmt::format("{:.1f} ms", us / 1e3);
  return fmt::format("{:.0f} us", us);
}

}  // namespace

const char* to_string(DiffChangeKind kind) {
  switch (kind) {
    case DiffChangeKind::KnotFormed: return "knot formed";
    case DiffChangeKind::FindingAppeared: return "finding appeared";
    case DiffChangeKind::ServiceAdded: return "service added";
    case DiffChangeKind::ServiceRemoved: return "service removed";
    case DiffChangeKind::EdgeAdded: return "edge added";
    case DiffChangeKind::EdgeRemoved: return "edge removed";
    case DiffChangeKind::EdgeChanged: return "edge changed";
    case DiffChangeKind::KnotDissolved: return "knot dissolved";
    case DiffChangeKind::FindingResolved: return "finding resolved";
  }
  return "?";
}

const std::vector<std::string>& diff_headers() {
  static const std::vector<std::string> headers = {"Change", "From / service", "To", "Before", "After",
                                                   "Ratio", "Errors",         "p99", "Significance"};
  return headers;
}

std::vector<DiffRow> diff_rows(const session::DiffResult& diff) {
  std::vector<DiffRow> rows;
  for (const auto* k : diff.knots_formed()) rows.push_back(finding_row(*k, true));
  for (const auto& f : diff.findings_appeared)
    if (f.finding.kind != analysis::FindingKind::Knot) rows.push_back(finding_row(f, true));
  for (const auto& s : diff.services_added) rows.push_back(service_row(s, true));
  for (const auto& s : diff.services_removed) rows.push_back(service_row(s, false));
  for (const auto& e : diff.edges_added) rows.push_back(presence_row(e, true));
  for (const auto& e : diff.edges_removed) rows.push_back(presence_row(e, false));
  for (const auto* e : diff.changed_edges()) rows.push_back(change_row(*e));
  for (const auto* k : diff.knots_dissolved()) rows.push_back(finding_row(*k, false));
  for (const auto& f : diff.findings_resolved)
    if (f.finding.kind != analysis::FindingKind::Knot) rows.push_back(finding_row(f, false));
  return rows;
}

std::vector<std::uint32_t> diff_row_order(const std::vector<DiffRow>& rows, const std::string& filter,
                                          const std::vector<TableSort>& sort) {
  std::vector<std::string> names(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) names[i] = rows[i].from + " -> " + rows[i].to;
  auto keep = [&](std::uint32_t i) {
    const auto& r = rows[i];
    return contains_nocase(to_string(r.kind), filter) || contains_nocase(r.from, filter) || contains_nocase(r.to, filter);
  };
  auto compare = [&](std::uint32_t a, std::uint32_t b, std::size_t column) {
    const auto& x = rows[a];
    const auto& y = rows[b];
    const bool desc = std::any_of(sort.begin(), sort.end(), [&](const TableSort& s) { return s.column == column && s.descending; });
    auto numbers = [desc](double p, double q) { return compare_numbers(p, q, desc); };
    switch (static_cast<DiffColumn>(column)) {
      case DiffColumn::Change: return compare3(x.kind, y.kind);
      case DiffColumn::From: return compare3(x.from, y.from);
      case DiffColumn::To: return compare3(x.to, y.to);
      case DiffColumn::Before: return numbers(x.before_rate, y.before_rate);
      case DiffColumn::After: return numbers(x.after_rate, y.after_rate);
      case DiffColumn::Ratio: return numbers(x.ratio, y.ratio);
      case DiffColumn::Errors: return numbers(x.error_after - x.error_before, y.error_after - y.error_before);
      case DiffColumn::P99: return numbers(x.p99_after_us - x.p99_before_us, y.p99_after_us - y.p99_before_us);
      case DiffColumn::Significance: return compare3(x.p_value, y.p_value);
      case DiffColumn::Count: break;
    }
    return 0;
  };
  // Without a sort of the user's, the rows keep diff_rows' order (headline first).
  auto order_sort = sort;
  if (order_sort.empty()) order_sort.push_back({static_cast<std::size_t>(DiffColumn::Change), false});
  auto by_change = [&](std::uint32_t a, std::uint32_t b, std::size_t column) {
    const int c = compare(a, b, column);
    return c != 0 || column != static_cast<std::size_t>(DiffColumn::Change) || !sort.empty() ? c : compare3(a, b);
  };
  return order_rows(rows.size(), keep, order_sort, by_change, [&](std::uint32_t i) -> std::string_view { return names[i]; });
}

std::string diff_cell(const DiffRow& row, DiffColumn column, session::ExposureKind exposure) {
  switch (column) {
    case DiffColumn::Change: return to_string(row.kind);
    case DiffColumn::From: return row.from;
    case DiffColumn::To: return row.to;
    case DiffColumn::Before: return rate_text(row.before_rate, exposure);
    case DiffColumn::After: return rate_text(row.after_rate, exposure);
    case DiffColumn::Ratio: return std::isnan(row.ratio) ? "-" : fmt::format("x{:.2f}", row.ratio);
    case DiffColumn::Errors:
      if (std::isnan(row.error_before) || std::isnan(row.error_after)) return "-";
      return fmt::format("{:.1f}% -> {:.1f}%", 100.0 * row.error_before, 100.0 * row.error_after);
    case DiffColumn::P99:
      if (std::isnan(row.p99_before_us) || std::isnan(row.p99_after_us)) return "-";
      return latency_text(row.p99_before_us) + " -> " + latency_text(row.p99_after_us);
    case DiffColumn::Significance: return row.significance;
    case DiffColumn::Count: break;
  }
  return {};
}

Colour diff_row_colour(const DiffRow& row) {
  switch (row.kind) {
    case DiffChangeKind::KnotFormed: return kDiffKnotRing;
    case DiffChangeKind::ServiceAdded:
    case DiffChangeKind::EdgeAdded: return kDiffAdded;
    case DiffChangeKind::ServiceRemoved:
    case DiffChangeKind::EdgeRemoved: return kDiffRemoved;
    case DiffChangeKind::EdgeChanged: return row.grew ? kDiffGrew : kDiffShrank;
    default: return 0;
  }
}

std::string diff_summary(const session::DiffResult& diff) {
  const char* rates = diff.exposure == session::ExposureKind::Requests ? "calls per request"
                      : diff.exposure == session::ExposureKind::Seconds ? "calls per second"
                                                                         : "raw call counts";
  return fmt::format("services +{} -{}; edges +{} -{}, {} changed; findings +{} -{}; {} knot(s) formed ({} compared)",
                     diff.services_added.size(), diff.services_removed.size(), diff.edges_added.size(),
                     diff.edges_removed.size(), diff.changed_edges().size(), diff.findings_appeared.size(),
                     diff.findings_resolved.size(), diff.knots_formed().size(), rates);
}

}  // namespace nanoscope::gui
