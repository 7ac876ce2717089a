// Inspector content for one service node.
#include "gui/viewmodel/inspector_view.hpp"

#include <algorithm>

namespace nanoscope::gui {

std::vector<std::size_t> findings_naming(const Document& doc, const std::string& service) {
  std::vector<std::size_t> out;
  const auto& findings = doc.report().findings;
  for (std::size_t i = 0; i < findings.size(); ++i)
    if (std::find(findings[i].services.begin(), findings[i].services.end(), service) != findings[i].services.end())
      out.push_back(i);
  return out;
}

InspectorView build_inspector(const Document& doc, std::uint32_t node) {
  InspectorView view;
  if (doc.empty() || node >= doc.report().services.nodes.size()) return view;
  const auto& n = doc.report().services.nodes[node];
  view.valid = true;
  view.node = node;
  view.name = n.name;
  view.kind = std::string(model::to_string(n.kind));
  view.metrics = doc.report().metrics[node];
  view.latency_us = doc.facts()[node].latency_us;
  view.knot = doc.facts()[node].knot;
  for (auto op : n.operations) {
    const auto& o = doc.graph().operation(op);
    view.operations.push_back({op, doc.graph().service(o.service).name + "/" + o.name, o.invocations,
                               o.duration.mean_us(), o.duration.quantile_us(0.95)});
  }
  std::stable_sort(view.operations.begin(), view.operations.end(),
                   [](const auto& a, const auto& b) { return a.invocations > b.invocations; });
  view.findings = findings_naming(doc, n.name);
  return view;
}

}  // namespace nanoscope::gui
