// Chatty interactions: edges with many calls per request (the N+1 pattern across a network)
// and services that make many outgoing calls per entry request.
#include <algorithm>

#include "analysis/detectors.hpp"

namespace nanoscope::analysis::detail {

void detect_chatty(const DetectorInput& in, std::vector<Finding>& out) {
  const auto& t = in.thresholds;
  const auto& arcs = in.digraph.arcs();
  const auto requests = in.reach.total_requests;
  for (std::uint32_t a = 0; a < arcs.size(); ++a) {
    const auto& arc = arcs[a];
    if (arc.declared_only || static_cast<double>(arc.calls) < std::max(1.0, t.chatty_min_calls)) continue;
    // Requests using the edge: the traces holding its operation edges (a sum, so never fewer
    // than the distinct ones), at most every entry request; without trace counts, all requests.
    std::uint64_t using_requests = arc.traces;
    if (requests > 0) using_requests = using_requests ? std::min(using_requests, requests) : requests;
    if (using_requests == 0) continue;
    const double per_request = static_cast<double>(arc.calls) / static_cast<double>(using_requests);
    if (per_request < t.chatty_edge_calls_per_request) continue;
    Finding f;
    f.kind = FindingKind::Chatty;
    f.rule = "chatty-edge";
    f.services = in.names({arc.from, arc.to});
    f.edges = {in.edge(a)};
    f.edge_count = 1;
    f.traffic = arc.calls;
    f.traffic_share = in.share(arc.calls);
    f.severity = per_request >= 4 * t.chatty_edge_calls_per_request ? Severity::High : Severity::Medium;
    f.explanation = in.name(arc.from) + " calls " + in.name(arc.to) + " " + decimal(per_request) +
                    " times per request (" + std::to_string(arc.calls) +
                    " calls): an N+1 pattern over the network; batch the calls or move the data";
    out.push_back(std::move(f));
  }
  if (requests == 0) return;
  for (std::uint32_t v = 0; v < in.digraph.node_count(); ++v) {
    const auto& m = in.metrics[v];
    if (m.chattiness < t.chatty_service_calls_per_request) continue;
    std::vector<std::uint32_t> outgoing(in.digraph.out_arcs(v).begin(), in.digraph.out_arcs(v).end());
    Finding f;
    f.kind = FindingKind::Chatty;
    f.rule = "chatty-service";
    f.services = {in.name(v)};
    in.set_edges(f, outgoing);
    f.traffic = m.calls_out;
    f.traffic_share = in.share(m.calls_out);
    f.severity = m.chattiness >= 4 * t.chatty_service_calls_per_request ? Severity::High : Severity::Medium;
    f.explanation = in.name(v) + " makes " + decimal(m.chattiness) + " calls per entry request to " +
                    std::to_string(m.fan_out) + " services: each request pays that many network round trips";
    out.push_back(std::move(f));
  }
}

}  // namespace nanoscope::analysis::detail
