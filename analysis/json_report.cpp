// The JSON form of an analysis report, written directly (stable key order, no dependencies).
#include <cmath>
#include <cstdio>

#include "analysis/report_writers.hpp"

namespace nanoscope::analysis {
namespace {

void string(std::ostream& out, std::string_view text) {
  out << '"';
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out << '\\' << ch;
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out << buffer;
    } else {
      out << ch;
    }
  }
  out << '"';
}

void number(std::ostream& out, double value) {
  if (!std::isfinite(value)) value = 0.0;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  out << buffer;
}

void names(std::ostream& out, const std::vector<std::string>& list) {
  out << '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out << ", ";
    string(out, list[i]);
  }
  out << ']';
}

void write_service(std::ostream& out, const model::ServiceNode& node, const ServiceMetrics& m) {
  out << "    {\"name\": ";
  string(out, node.name);
  out << ", \"kind\": ";
  string(out, model::to_string(node.kind));
  out << ", \"operations\": " << m.operations << ", \"invocations\": " << m.invocations
      << ", \"entry_requests\": " << m.entry_requests << ", \"fan_in\": " << m.fan_in << ", \"fan_out\": " << m.fan_out
      << ", \"acs\": " << m.acs << ", \"siy\": " << m.siy << ", \"instability\": ";
  number(out, m.instability);
  out << ", \"calls_in\": " << m.calls_in << ", \"calls_out\": " << m.calls_out << ", \"acs_weighted\": ";
  number(out, m.acs_weighted);
  out << ", \"instability_weighted\": ";
  number(out, m.instability_weighted);
  out << ", \"chattiness\": ";
  number(out, m.chattiness);
  out << ", \"sync_depth\": " << m.sync_depth << ", \"entry_share\": ";
  number(out, m.entry_share);
  out << '}';
}

void write_finding(std::ostream& out, const Finding& f) {
  out << "    {\"kind\": ";
  string(out, to_string(f.kind));
  out << ", \"rule\": ";
  string(out, f.rule);
  out << ", \"severity\": ";
  string(out, to_string(f.severity));
  out << ",\n     \"services\": ";
  names(out, f.services);
  out << ",\n     \"edges\": [";
  for (std::size_t i = 0; i < f.edges.size(); ++i) {
    out << (i ? ", " : "") << "{\"from\": ";
    string(out, f.edges[i].from);
    out << ", \"to\": ";
    string(out, f.edges[i].to);
    out << ", \"calls\": " << f.edges[i].calls;
    if (!f.edges[i].from_operation.empty() || !f.edges[i].to_operation.empty()) {
      out << ", \"from_operation\": ";
      string(out, f.edges[i].from_operation);
      out << ", \"to_operation\": ";
      string(out, f.edges[i].to_operation);
    }
    out << '}';
  }
  out << "], \"edge_count\": " << f.edge_count;
  if (f.omitted_at) out << ", \"omitted_at\": " << *f.omitted_at;
  out << ",\n     \"traffic\": " << f.traffic << ", \"traffic_share\": ";
  number(out, f.traffic_share);
  out << ",\n     \"explanation\": ";
  string(out, f.explanation);
  out << '}';
}

}  // namespace

void write_json_report(std::ostream& out, const AnalysisReport& report) {
  out << "{\n  \"summary\": {\"services\": " << report.services.nodes.size()
      << ", \"dependencies\": " << report.matrix.cells.size() << ", \"calls\": " << report.total_calls
      << ", \"entry_requests\": " << report.entry_requests << ", \"entry_operations\": " << report.entry_operations
      << ", \"followed_entry_operations\": " << report.followed_entry_operations << ", \"knots\": " << report.knots
      << ", \"findings\": " << report.findings.size() << "},\n  \"thresholds\": {";
  const auto thresholds = describe(report.thresholds);
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    out << (i ? ", " : "");
    string(out, thresholds[i].name);
    out << ": ";
    number(out, thresholds[i].value);
  }
  out << "},\n  \"services\": [";
  for (std::size_t i = 0; i < report.services.nodes.size(); ++i) {
    out << (i ? ",\n" : "\n");
    write_service(out, report.services.nodes[i], report.metrics[i]);
  }
  out << "\n  ],\n  \"matrix\": {\"order\": [";
  for (std::size_t i = 0; i < report.matrix.order.size(); ++i) {
    out << (i ? ", " : "");
    string(out, report.services.nodes[report.matrix.order[i]].name);
  }
  out << "],\n    \"blocks\": [";
  for (std::size_t i = 0; i < report.matrix.blocks.size(); ++i)
    out << (i ? ", " : "") << "{\"first\": " << report.matrix.blocks[i].first << ", \"size\": " << report.matrix.blocks[i].size << '}';
  out << "],\n    \"cells\": [";
  for (std::size_t i = 0; i < report.matrix.cells.size(); ++i) {
    const auto& c = report.matrix.cells[i];
    out << (i ? ", " : "") << '[' << c.row << ", " << c.column << ", " << c.calls << ", " << (c.declared_only ? 1 : 0) << ']';
  }
  out << "]},\n  \"findings\": [";
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    out << (i ? ",\n" : "\n");
    write_finding(out, report.findings[i]);
  }
  out << (report.findings.empty() ? "]\n}\n" : "\n  ]\n}\n");
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
