// Distributed monolith: entry operations whose requests wait on long synchronous chains of
// services, and entry operations that synchronously need most of the system. A chain lists
// every hop it counts, each an operation-level edge (sync_chain.hpp).
#include <algorithm>
#include <set>

#include "analysis/detectors.hpp"

namespace nanoscope::analysis::detail {
namespace {

std::string entry_name(const DetectorInput& in, const EntryOperation& e) {
  return in.graph.operation(e.operation).name + " (" + in.name(e.node) + ")";
}

FindingEdge hop_edge(const DetectorInput& in, const ChainHop& hop) {
  return {in.name(hop.from_node), in.name(hop.to_node), hop.calls, in.graph.operation(hop.from).name,
          in.graph.operation(hop.to).name};
}

/// The chain finding of one entry: services along the walk (revisits repeated), its hops as
/// edges, and a path whose arrows are those hops ("=[N more hops]=>" stands for omitted ones).
Finding chain_finding(const DetectorInput& in, const EntryOperation& e) {
  const auto& chain = e.chain;
  Finding f;
  f.kind = FindingKind::DistributedMonolith;
  f.rule = "long-sync-chain";
  f.edge_count = chain.hops;
  std::string path;
  for (std::size_t i = 0; i < chain.listed.size(); ++i) {
    const auto& hop = chain.listed[i];
    if (i == 0) {
      f.services.push_back(in.name(hop.from_node));
      path = in.name(hop.from_node);
    } else if (i == chain.gap_at) {
      f.omitted_at = i;
      f.services.push_back(in.name(hop.from_node));
      path += " =[" + std::to_string(chain.omitted()) + " more hops]=> " + in.name(hop.from_node);
    }
    f.services.push_back(in.name(hop.to_node));
    path += " -> " + in.name(hop.to_node);
    f.edges.push_back(hop_edge(in, hop));
  }
  f.traffic = e.requests;
  f.traffic_share = in.reach.total_requests ? static_cast<double>(e.requests) / static_cast<double>(in.reach.total_requests) : 0.0;
  f.explanation = "requests to " + entry_name(in, e) + " (" + std::to_string(e.requests) + ") wait on a chain of " +
                  std::to_string(chain.hops) + " synchronous service hops: " + path +
                  "; latency and failures add up along it";
  return f;
}

}  // namespace

void detect_distributed_monolith(const DetectorInput& in, std::vector<Finding>& out) {
  const auto& t = in.thresholds;
  const auto node_count = in.digraph.node_count();
  // Chains that are the tail of a reported one are not reported again (tail_of); entries of
  // one service whose chains pass the same services are reported once.
  std::set<std::vector<std::string>> chains_seen;
  for (const auto& e : in.reach.entries) {
    if (e.sync_depth >= std::max(1.0, t.monolith_chain_depth) && e.chain.tail_of < 0) {
      Finding f = chain_finding(in, e);
      f.severity = e.sync_depth >= t.monolith_chain_depth + 3 ? Severity::High : Severity::Medium;
      auto key = f.services;
      key.push_back(std::to_string(e.chain.hops));
      if (chains_seen.insert(std::move(key)).second) out.push_back(std::move(f));
    }
    if (static_cast<double>(node_count) < t.monolith_min_services || node_count == 0) continue;
    const double share = static_cast<double>(e.sync_services) / node_count;
    if (share < t.monolith_reach_share) continue;
    Finding f;
    f.kind = FindingKind::DistributedMonolith;
    f.rule = "wide-sync-entry";
    f.services = {in.name(e.node)};
    for (const auto& [id, to_node] : e.first_hops) {
      const auto& edge = in.graph.edge(id);
      f.edges.push_back({in.name(e.node), in.name(to_node), edge.calls, in.graph.operation(edge.from).name,
                         in.graph.operation(edge.to).name});
    }
    std::sort(f.edges.begin(), f.edges.end(), [](const FindingEdge& a, const FindingEdge& b) {
      return std::tie(a.to, a.to_operation, a.from_operation) < std::tie(b.to, b.to_operation, b.from_operation);
    });
    f.edge_count = f.edges.size();
    f.traffic = e.requests;
    f.traffic_share = in.reach.total_requests ? static_cast<double>(e.requests) / static_cast<double>(in.reach.total_requests) : 0.0;
    f.severity = share >= 0.8 ? Severity::High : Severity::Medium;
    f.explanation = "each request to " + entry_name(in, e) + " synchronously needs " + std::to_string(e.sync_services) +
                    " of " + std::to_string(node_count) + " services (" + percent(share) +
                    "), starting with the calls listed as edges: they must all be up, and usually deploy together";
    out.push_back(std::move(f));
  }
}

}  // namespace nanoscope::analysis::detail
