// The text and markdown forms of an analysis report: a summary line, the findings worst
// first with their evidence, the per-service metrics, then the matrix (matrix_report.cpp).
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "analysis/report_writers.hpp"

namespace nanoscope::analysis {
namespace {

constexpr std::size_t kListedNames = 12;  // longer service lists are cut, with a count

std::string fixed(double value, int digits) {
  return fmt::format("{:.{}f}", value, digits);
}

std::string joined(const std::vector<std::string>& list, const char* separator) {
  std::string text;
  for (std::size_t i = 0; i < list.size() && i < kListedNames; ++i) text += (i ? separator : "") + list[i];
  if (list.size() > kListedNames) text += " and " + std::to_string(list.size() - kListedNames) + " more";
  return text;
}

std::string edge_end(const std::string& service, const std::string& operation) {
  return operation.empty() ? service : service + " [" + operation + "]";
}

/// The first kListedNames edges, "a [op] -> b [op] (calls)", then how many more there are.
std::string edge_list(const Finding& f) {
  std::string text;
  for (std::size_t i = 0; i < f.edges.size() && i < kListedNames; ++i) {
    const auto& e = f.edges[i];
    text += (i ? ", " : "") + edge_end(e.from, e.from_operation) + " -> " + edge_end(e.to, e.to_operation) + " (" +
            std::to_string(e.calls) + ")";
  }
  const auto total = std::max<std::uint64_t>(f.edge_count, f.edges.size());
  const auto shown = std::min(f.edges.size(), kListedNames);
  if (total > shown) text += " ... and " + std::to_string(total - shown) + " more";
  return text;
}

std::string summary_line(const AnalysisReport& r) {
  return std::to_string(r.services.nodes.size()) + " services, " + std::to_string(r.matrix.cells.size()) +
         " dependencies, " + std::to_string(r.total_calls) + " calls, " + std::to_string(r.entry_requests) +
         " entry requests, " + std::to_string(r.knots) + " knots";
}

std::string severity_counts(const AnalysisReport& r) {
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& f : r.findings) ++counts[static_cast<int>(f.severity)];
  return std::to_string(r.findings.size()) + " findings (" + std::to_string(counts[2]) + " high, " +
         std::to_string(counts[1]) + " medium, " + std::to_string(counts[0]) + " low)";
}

/// Services in the order a reader wants: most coupled (ACS, then traffic) first.
std::vector<std::size_t> coupling_order(const AnalysisReport& r) {
  std::vector<std::size_t> order(r.services.nodes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = r.metrics[a];
    const auto& y = r.metrics[b];
    if (x.acs != y.acs) return x.acs > y.acs;
    return x.calls_in + x.calls_out > y.calls_in + y.calls_out;
  });
  return order;
}

}  // namespace

void write_text_report(std::ostream& out, const AnalysisReport& r) {
  out << "nanoscope analysis: " << summary_line(r) << '\n' << severity_counts(r) << "\n\n";
  for (const auto& f : r.findings) {
    std::string tag = std::string(to_string(f.severity));
    for (auto& ch : tag) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    out << tag << std::string(7 - tag.size(), ' ') << to_string(f.kind) << " (" << f.rule << "): "
        << joined(f.services, ", ") << '\n';
    out << "       " << f.explanation << '\n';
    if (!f.edges.empty()) out << "       edges: " << edge_list(f) << '\n';
  }
  if (!r.findings.empty()) out << '\n';
  out << "services (most coupled first)\n";
  out << fmt::format("  {:<32} {:<9} {:>6} {:>7} {:>6} {:>4} {:>6} {:>10} {:>10} {:>8} {:>5} {:>6}\n", "name", "kind",
                     "fan-in", "fan-out", "acs", "siy", "instab", "calls-in", "calls-out", "chatty", "depth", "entry%");
  for (auto i : coupling_order(r)) {
    const auto& m = r.metrics[i];
    const auto& node = r.services.nodes[i];
    out << fmt::format("  {:<32} {:<9} {:>6} {:>7} {:>6} {:>4} {:>6} {:>10} {:>10} {:>8} {:>5} {:>6}\n", node.name,
                       model::to_string(node.kind), m.fan_in, m.fan_out, m.acs, m.siy, fixed(m.instability, 2),
                       m.calls_in, m.calls_out, fixed(m.chattiness, 2), m.sync_depth, fixed(100.0 * m.entry_share, 1));
  }
  out << '\n';
  write_matrix_text(out, r);
}

void write_markdown_report(std::ostream& out, const AnalysisReport& r) {
  out << "# Coupling analysis\n\n" << summary_line(r) << "; " << severity_counts(r) << ".\n\n## Findings\n\n";
  if (r.findings.empty()) out << "None.\n\n";
  for (const auto& f : r.findings) {
    out << "- **" << to_string(f.severity) << " " << to_string(f.kind) << "** (" << f.rule << "): "
        << joined(f.services, ", ") << ". " << f.explanation << ".";
    if (!f.edges.empty()) out << " Edges: " << edge_list(f) << ".";
    out << '\n';
  }
  out << "\n## Services\n\n| service | kind | fan-in | fan-out | ACS | SIY | instability | calls in | calls out | "
         "calls/request | sync depth | entry share |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (auto i : coupling_order(r)) {
    const auto& m = r.metrics[i];
    const auto& node = r.services.nodes[i];
    out << "| " << node.name << " | " << model::to_string(node.kind) << " | " << m.fan_in << " | " << m.fan_out << " | "
        << m.acs << " | " << m.siy << " | " << fixed(m.instability, 2) << " | " << m.calls_in << " | " << m.calls_out
        << " | " << fixed(m.chattiness, 2) << " | " << m.sync_depth << " | " << fixed(100.0 * m.entry_share, 1)
        << "% |\n";
  }
  write_matrix_markdown(out, r);
}

}  // namespace nanoscope::analysis
