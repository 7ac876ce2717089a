// Renumbering a call graph by names (canonical_order.hpp).
#include "model/canonical_order.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace nanoscope::model {

CallGraph canonical_order(const CallGraph& graph) {
  CallGraph out;
  std::vector<ServiceId> services(graph.service_count());
  std::iota(services.begin(), services.end(), ServiceId{0});
  std::sort(services.begin(), services.end(),
            [&](ServiceId a, ServiceId b) { return graph.service(a).name < graph.service(b).name; });
  std::vector<OperationId> new_op(graph.operation_count());
  for (const ServiceId s : services) {
    const Service& from = graph.service(s);
    const ServiceId id = out.add_service(from.name, from.kind);
    out.service(id) = from;
    std::vector<OperationId> ops = graph.operations_of(s);
    std::sort(ops.begin(), ops.end(),
              [&](OperationId a, OperationId b) { return graph.operation(a).name < graph.operation(b).name; });
    for (const OperationId op : ops) {
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
  std::vector<EdgeId> edges(graph.edge_count());
  std::iota(edges.begin(), edges.end(), EdgeId{0});
  auto key = [&](EdgeId e) {
    const Edge& x = graph.edge(e);
    return std::make_tuple(new_op[x.from], new_op[x.to], static_cast<int>(x.kind));
  };
  std::sort(edges.begin(), edges.end(), [&](EdgeId a, EdgeId b) { return key(a) < key(b); });
  for (const EdgeId e : edges) {
    const Edge& x = graph.edge(e);
    const EdgeId nid = out.add_edge(new_op[x.from], new_op[x.to], x.kind);
    Edge copy = x;
    copy.from = new_op[x.from];
    copy.to = new_op[x.to];
    out.edge(nid) = std::move(copy);
  }
  out.facts() = graph.facts();
  return out;
}

}  // namespace nanoscope::model
