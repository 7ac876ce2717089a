// The JSON form of an analysis report: built as nlohmann::ordered_json (key order as written,
// escaping and UTF-8 checking by the library) and printed one record per line, so that a
// service or a finding is one line of a diff.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/report_writers.hpp"

namespace nanoscope::analysis {
namespace {

using Json = nlohmann::ordered_json;

/// Six significant digits (the report's precision); non-finite values as 0.
double number(double value) {
  if (!std::isfinite(value)) return 0.0;
  return std::stod(fmt::format("{:.6g}", value));
}

std::string text(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json service_json(const model::ServiceNode& node, const ServiceMetrics& m) {
  return {{"name", node.name},
          {"kind", model::to_string(node.kind)},
          {"operations", m.operations},
          {"invocations", m.invocations},
          {"entry_requests", m.entry_requests},
          {"fan_in", m.fan_in},
          {"fan_out", m.fan_out},
          {"acs", m.acs},
          {"siy", m.siy},
          {"instability", number(m.instability)},
          {"calls_in", m.calls_in},
          {"calls_out", m.calls_out},
          {"acs_weighted", number(m.acs_weighted)},
          {"instability_weighted", number(m.instability_weighted)},
          {"chattiness", number(m.chattiness)},
          {"sync_depth", m.sync_depth},
          {"entry_share", number(m.entry_share)}};
}

Json finding_json(const Finding& f) {
  Json edges = Json::array();
  for (const auto& e : f.edges) {
    Json edge = {{"from", e.from}, {"to", e.to}, {"calls", e.calls}};
    if (!e.from_operation.empty() || !e.to_operation.empty()) {
      edge["from_operation"] = e.from_operation;
      edge["to_operation"] = e.to_operation;
    }
    edges.push_back(std::move(edge));
  }
  Json j = {{"kind", to_string(f.kind)},
            {"rule", f.rule},
            {"severity", to_string(f.severity)},
            {"services", f.services},
            {"edges", std::move(edges)},
            {"edge_count", f.edge_count}};
  if (f.omitted_at) j["omitted_at"] = *f.omitted_at;
  j["traffic"] = f.traffic;
  j["traffic_share"] = number(f.traffic_share);
  j["explanation"] = f.explanation;
  return j;
}

/// `items` as a JSON array (a member of the top object) with one element per line.
void rows(std::ostream& out, const std::vector<Json>& items) {
  out << '[';
  for (std::size_t i = 0; i < items.size(); ++i) out << (i ? ",\n    " : "\n    ") << text(items[i]);
  out << (items.empty() ? "]" : "\n  ]");
}

}  // namespace

void write_json_report(std::ostream& out, const AnalysisReport& report) {
  const Json summary = {{"services", report.services.nodes.size()},
                        {"dependencies", report.matrix.cells.size()},
                        {"calls", report.total_calls},
                        {"entry_requests", report.entry_requests},
                        {"entry_operations", report.entry_operations},
                        {"followed_entry_operations", report.followed_entry_operations},
                        {"knots", report.knots},
                        {"findings", report.findings.size()}};
  Json thresholds = Json::object();
  for (const auto& t : describe(report.thresholds)) thresholds[t.name] = number(t.value);
  std::vector<Json> services;
  for (std::size_t i = 0; i < report.services.nodes.size(); ++i)
    services.push_back(service_json(report.services.nodes[i], report.metrics[i]));
  Json order = Json::array(), blocks = Json::array(), cells = Json::array();
  for (const auto row : report.matrix.order) order.push_back(report.services.nodes[row].name);
  for (const auto& b : report.matrix.blocks) blocks.push_back({{"first", b.first}, {"size", b.size}});
  for (const auto& c : report.matrix.cells) cells.push_back({c.row, c.column, c.calls, c.declared_only ? 1 : 0});
  std::vector<Json> findings;
  for (const auto& f : report.findings) findings.push_back(finding_json(f));

  out << "{\n  \"summary\": " << text(summary) << ",\n  \"thresholds\": " << text(thresholds)
      << ",\n  \"services\": ";
  rows(out, services);
  out << ",\n  \"matrix\": {\"order\": " << text(order) << ",\n    \"blocks\": " << text(blocks)
      << ",\n    \"cells\": " << text(cells) << "},\n  \"findings\": ";
  rows(out, findings);
  out << "\n}\n";
}

std::optional<ReportFormat> parse_report_format(std::string_view text) {
  if (text == "text") return ReportFormat::Text;
  if (text == "json") return ReportFormat::Json;
  if (text == "markdown" || text == "md") return ReportFormat::Markdown;
  return std::nullopt;
}

void write_report(std::ostream& out, const AnalysisReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::Text: write_text_report(out, report); return;
    case ReportFormat::Json: write_json_report(out, report); return;
    case ReportFormat::Markdown: write_markdown_report(out, report); return;
  }
}

}  // namespace nanoscope::analysis
