// The exported report: analysis, economics of the chosen era, current partition.
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
}

}  // namespace nanoscope::gui
