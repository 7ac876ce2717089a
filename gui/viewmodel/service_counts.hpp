// The one definition of the service counts every view of the window shows (docs/gui.md,
// "Counts"). "services": the nodes of the current partition's service graph, of every kind
// (business services, databases, caches, infrastructure, external peers) - what the graph,
// the matrix and the header count. "business services": the groups holding at least one
// business operation (economics::business_operations: of a Service, with traffic when any
// has) - what the granularity slider, the economics view and `nanoscope sweep` count and
// price. Both follow every edit; labels always say which one they show.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::gui {

class Document;

/// "1 knot", "3 knots": a count with the noun in the right number.
[[nodiscard]] std::string counted(std::size_t n, std::string_view one, std::string_view many);

/// Business services of `partition` (groups holding a business operation).
[[nodiscard]] std::size_t business_services(const model::CallGraph& graph, const model::Partition& partition);

/// "1 business service", "21 business services".
[[nodiscard]] std::string business_services_text(std::size_t n);

/// Both counts of a document's current partition.
struct ServiceCounts {
  std::size_t services = 0;  ///< service-graph nodes, every kind
  std::size_t business = 0;  ///< of them, the business services (priced)
};
[[nodiscard]] ServiceCounts service_counts(const Document& doc);

/// The window header: "25 services (21 business), 30 dependencies, 2 findings, 1 knot"
/// (knots: the knot findings of the findings table, both rules).
[[nodiscard]] std::string header_text(const Document& doc);

}  // namespace nanoscope::gui
