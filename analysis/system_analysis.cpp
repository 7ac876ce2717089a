// Per-system analysis and its report (system_analysis.hpp).
#include "analysis/system_analysis.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <sstream>
#include <string>

namespace nanoscope::analysis {
namespace {

// "2023-09-29 00:30:55 UTC"
std::string utc(std::int64_t us) {
  const std::time_t seconds = static_cast<std::time_t>(us / 1'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return text;
}

std::string window_text(const model::System& s) {
  if (!s.window_start_us || !s.window_end_us) return "no time window";
  return utc(*s.window_start_us) + " to " + utc(*s.window_end_us);
}

void write_heading(std::ostream& out, const SystemReport& r, std::size_t count, bool markdown) {
  const auto& s = r.system;
  const std::string title = "System " + std::to_string(s.index) + " of " + std::to_string(count) + ": " + s.name;
  if (markdown) {
    out << "# " << title << "\n\n" << window_text(s) << ". Inputs:\n\n";
    for (const auto& in : r.inputs) out << "- `" << in.path << "` (" << in.format << ", " << in.records << " records)\n";
    out << '\n';
  } else {
    out << "=== " << title << " ===\n" << window_text(s) << "\n";
    for (const auto& in : r.inputs) out << "  input: " << in.path << " (" << in.format << ", " << in.records << " records)\n";
    out << '\n';
  }
}

nlohmann::ordered_json system_header(const SystemReport& r) {
  nlohmann::ordered_json j;
  j["index"] = r.system.index;
  j["name"] = r.system.name;
  if (r.system.window_start_us && r.system.window_end_us)
    j["window"] = {{"start_us", *r.system.window_start_us}, {"end_us", *r.system.window_end_us}};
  else
    j["window"] = nullptr;
  j["inputs"] = nlohmann::ordered_json::array();
  for (const auto& in : r.inputs)
    j["inputs"].push_back({{"path", in.path}, {"format", in.format}, {"records", in.records}, {"traces", in.traces}});
  return j;
}

void write_json(std::ostream& out, const std::vector<SystemReport>& reports) {
  out << "{\n \"systems\": [\n";
  for (std::size_t k = 0; k < reports.size(); ++k) {
    // The header's members, then the report as write_json_report gives it (not re-parsed).
    std::string head = system_header(reports[k]).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    head.pop_back();  // the closing brace
    std::ostringstream report;
    write_json_report(report, reports[k].report);
    std::string body = report.str();
    while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
    out << "  " << head << ", \"report\": " << body << '}' << (k + 1 < reports.size() ? ",\n" : "\n");
  }
  out << " ]\n}\n";
}

}  // namespace

std::vector<SystemReport> analyze_systems(const model::CallGraph& graph, const std::vector<model::System>& systems,
                                          const Thresholds& thresholds) {
  std::vector<SystemReport> reports;
  reports.reserve(systems.size());
  for (const auto& system : systems) {
    SystemReport r;
    r.system = system;
    for (const auto i : system.inputs) r.inputs.push_back(graph.inputs[i]);
    r.report = analyze(model::system_graph(graph, system), thresholds);
    reports.push_back(std::move(r));
  }
  return reports;
}

void write_systems_report(std::ostream& out, const std::vector<SystemReport>& reports, ReportFormat format) {
  if (reports.size() == 1) {
    write_report(out, reports.front().report, format);
    return;
  }
  if (format == ReportFormat::Json) {
    write_json(out, reports);
    return;
  }
  for (std::size_t k = 0; k < reports.size(); ++k) {
    if (k) out << '\n';
    write_heading(out, reports[k], reports.size(), format == ReportFormat::Markdown);
    write_report(out, reports[k].report, format);
  }
}

}  // namespace nanoscope::analysis
