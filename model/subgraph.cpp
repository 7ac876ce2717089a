// Restricting a call graph to some services (subgraph.hpp).
#include "model/subgraph.hpp"

#include <stdexcept>
#include <string>

namespace nanoscope::model {

CallGraph induced_subgraph(const CallGraph& graph, const std::vector<bool>& keep_service,
                           const std::vector<bool>& keep_edge) {
  if (keep_service.size() != graph.service_count())
    throw std::invalid_argument("induced_subgraph: " + std::to_string(keep_service.size()) + " flags for " +
                                std::to_string(graph.service_count()) + " services");
  if (!keep_edge.empty() && keep_edge.size() != graph.edge_count())
    throw std::invalid_argument("induced_subgraph: " + std::to_string(keep_edge.size()) + " flags for " +
                                std::to_string(graph.edge_count()) + " edges");
  CallGraph out;
  constexpr OperationId kDropped = static_cast<OperationId>(-1);
  std::vector<OperationId> new_op(graph.operation_count(), kDropped);
  for (ServiceId s = 0; s < graph.service_count(); ++s) {
    if (!keep_service[s]) continue;
    const Service& from = graph.service(s);
    const ServiceId id = out.add_service(from.name, from.kind);
    out.service(id) = from;
    for (const OperationId op : graph.operations_of(s)) {
      const Operation& o = graph.operation(op);
      const OperationId nid = out.add_operation(id, o.name);
      Operation copy = o;
      copy.service = id;
      copy.arrivals_us.clear();
      out.operation(nid) = std::move(copy);
      for (const std::int64_t t : o.arrivals_us) out.record_arrival(nid, t);
      new_op[op] = nid;
    }
  }
  for (EdgeId id = 0; id < graph.edge_count(); ++id) {
    const Edge& e = graph.edge(id);
    if (new_op[e.from] == kDropped || new_op[e.to] == kDropped) continue;
    if (!keep_edge.empty() && !keep_edge[id]) continue;
    Edge copy = e;
    copy.from = new_op[e.from];
    copy.to = new_op[e.to];
    out.edge(out.add_edge(copy.from, copy.to, copy.kind)) = std::move(copy);
  }
  out.facts() = graph.facts();
  return out;
}

}  // namespace nanoscope::model
