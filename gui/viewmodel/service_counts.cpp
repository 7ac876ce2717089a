// Service counts and their labels, shared by the header, the slider and the economics view.
#include "gui/viewmodel/service_counts.hpp"

#include <vector>

#include "economics/partition_measures.hpp"
#include "gui/viewmodel/document.hpp"

namespace nanoscope::gui {

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + ' ' + std::string(n == 1 ? one : many);
}

std::size_t business_services(const model::CallGraph& graph, const model::Partition& partition) {
  const auto business = economics::business_operations(graph);
  std::vector<char> seen(partition.group_count(), 0);  // runs every frame of the view: no set
  std::size_t groups = 0;
  for (model::OperationId op = 0; op < graph.operation_count() && op < partition.operation_count(); ++op)
    if (business[op] && !seen[partition.group_of(op)]) {
      seen[partition.group_of(op)] = 1;
      ++groups;
    }
  return groups;
}

std::string business_services_text(std::size_t n) { return counted(n, "business service", "business services"); }

ServiceCounts service_counts(const Document& doc) {
  if (doc.empty()) return {};
  return {doc.report().services.nodes.size(), business_services(doc.graph(), doc.partition())};
}

std::string header_text(const Document& doc) {
  if (doc.empty()) return "";
  const auto counts = service_counts(doc);
  return counted(counts.services, "service", "services") + " (" + std::to_string(counts.business) + " business), " +
         counted(doc.report().services.edges.size(), "dependency", "dependencies") + ", " +
         counted(doc.report().findings.size(), "finding", "findings") + ", " + counted(doc.knot_count(), "knot", "knots");
}

}  // namespace nanoscope::gui
