// The exported report: analysis, economics of the chosen era, current partition, last simulation.
#include "gui/viewmodel/report_export.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

#include "analysis/analysis.hpp"
#include "economics/report_writers.hpp"
#include "gui/viewmodel/app_model.hpp"

namespace nanoscope::gui {
namespace {

using Json = nlohmann::json;

// One writer's JSON document as a value.
template <class Write>
Json json_of(Write&& write) {
  std::ostringstream out;
  write(out);
  return Json::parse(out.str());
}

// Per group of the partition (by name): its operations as "service/operation", by name.
std::map<std::string, std::vector<std::string>> partition_groups(const model::CallGraph& graph, const model::Partition& p) {
  std::map<std::string, std::vector<std::string>> groups;
  for (model::OperationId op = 0; op < graph.operation_count() && op < p.operation_count(); ++op) {
    const auto& o = graph.operation(op);
    groups[p.name(p.group_of(op))].push_back(graph.service(o.service).name + "/" + o.name);
  }
  for (auto& [name, ops] : groups) std::sort(ops.begin(), ops.end());
  return groups;
}

double ms(const model::LatencySummary& s, double q) { return s.empty() ? 0.0 : s.quantile_us(q) / 1000.0; }

void write_simulation_markdown(std::ostream& out, const SimulationComparison& s) {
  out << "\n# Last simulation: observed services against the current partition\n\n"
      << s.replications << " replication(s) per side" << (s.cancelled ? " (cancelled)" : "") << "; remote calls "
      << s.remote_calls_before << " -> " << s.remote_calls_after << ".\n\n"
      << "| entry operation | p50 ms before | p50 ms after | p99 ms before | p99 ms after |\n|---|---:|---:|---:|---:|\n";
  for (const auto& e : s.entries)
    out << "| " << e.operation << " | " << economics::detail::short_number(ms(e.before_us, 0.5)) << " | "
        << economics::detail::short_number(ms(e.after_us, 0.5)) << " | "
        << economics::detail::short_number(ms(e.before_us, 0.99)) << " | "
        << economics::detail::short_number(ms(e.after_us, 0.99)) << " |\n";
}

Json simulation_json(const SimulationComparison& s) {
  Json entries = Json::array();
  for (const auto& e : s.entries)
    entries.push_back({{"operation", e.operation},
                       {"before_ms", {{"p50", ms(e.before_us, 0.5)}, {"p99", ms(e.before_us, 0.99)}}},
                       {"after_ms", {{"p50", ms(e.after_us, 0.5)}, {"p99", ms(e.after_us, 0.99)}}}});
  return {{"replications", s.replications}, {"cancelled", s.cancelled},
          {"remote_calls", {{"before", s.remote_calls_before}, {"after", s.remote_calls_after}}},
          {"entries", entries}};
}

}  // namespace

ReportContents report_contents(const AppModel& app) {
  ReportContents c;
  const auto& doc = app.document();
  if (doc.empty()) return c;
  c.document = &doc;
  for (const auto& s : app.sources()) c.name += (c.name.empty() ? "" : " ") + s;
  c.economics = app.economics.result();
  const auto& eras = app.economics.eras();
  if (!eras.empty() && app.pricing.matches(eras[app.economics.era()].name, doc.partition())) c.price = app.pricing.result();
  if (app.simulation()) c.simulation = &*app.simulation();
  return c;
}

economics::EconomicsReport era_report(const model::CallGraph& graph, const EconomicsResult& result, const std::string& name) {
  economics::EconomicsReport r;
  r.system = economics::summarize_system(graph, name);
  r.eras = {result.sweep};
  for (const auto& f : analysis::analyze(graph).findings)
    if (f.kind == analysis::FindingKind::Knot) r.knots.push_back(f);
  return r;
}

void write_app_report(std::ostream& out, const ReportContents& c, analysis::ReportFormat format) {
  if (!c.document) return;
  const auto& doc = *c.document;
  const auto groups = partition_groups(doc.graph(), doc.partition());
  if (format == analysis::ReportFormat::Json) {
    Json j;
    j["format"] = "nanoscope-app-report";
    j["analysis"] = json_of([&](std::ostream& o) { analysis::write_report(o, doc.report(), format); });
    j["economics"] = c.economics ? json_of([&](std::ostream& o) {
      economics::write_json(o, era_report(doc.graph(), *c.economics, c.name));
    })
                                 : Json();
    Json partition;
    for (const auto& [name, ops] : groups) partition["groups"].push_back({{"name", name}, {"operations", ops}});
    partition["priced"] = c.price ? json_of([&](std::ostream& o) { economics::write_whatif_json(o, c.price->report); }) : Json();
    j["partition"] = partition;
    j["simulation"] = c.simulation ? simulation_json(*c.simulation) : Json();
    out << j.dump(1) << "\n";
    return;
  }
  analysis::write_report(out, doc.report(), format);
  out << "\n";
  if (c.economics) economics::write_markdown(out, era_report(doc.graph(), *c.economics, c.name));
  else out << "# Overhead economics\n\nNot swept yet (open the economics view).\n";
  out << "\n# Current partition (" << groups.size() << (groups.size() == 1 ? " group" : " groups") << ")\n\n";
  for (const auto& [name, ops] : groups) {
    out << "- " << name << ":";
    for (const auto& op : ops) out << " " << op;
    out << "\n";
  }
  if (c.price) {
    out << "\n";
    economics::write_whatif_markdown(out, c.price->report);
  }
  if (c.simulation) write_simulation_markdown(out, *c.simulation);
}

}  // namespace nanoscope::gui
