// Distributed monolith: entry operations whose requests wait on long synchronous chains of
// services, and entry operations that synchronously need most of the system.
#include <algorithm>
#include <set>

#include "analysis/detectors.hpp"

namespace nanoscope::analysis::detail {
namespace {

std::string entry_name(const DetectorInput& in, const EntryOperation& e) {
  return in.graph.operation(e.operation).name + " (" + in.name(e.node) + ")";
}

}  // namespace

void detect_distributed_monolith(const DetectorInput& in, std::vector<Finding>& out) {
  const auto& t = in.thresholds;
  const auto node_count = in.digraph.node_count();
  std::set<std::vector<std::uint32_t>> chains_seen;
  for (const auto& e : in.reach.entries) {
    if (e.sync_depth >= std::max(1.0, t.monolith_chain_depth) && chains_seen.insert(e.deepest_chain).second) {
      Finding f;
      f.kind = FindingKind::DistributedMonolith;
      f.rule = "long-sync-chain";
      std::string path;
      for (std::size_t i = 0; i < e.deepest_chain.size(); ++i) {
        f.services.push_back(in.name(e.deepest_chain[i]));
        path += (i ? " -> " : "") + in.name(e.deepest_chain[i]);
        if (i == 0) continue;
        const auto a = in.digraph.find_arc(e.deepest_chain[i - 1], e.deepest_chain[i]);
        if (a >= 0) f.edges.push_back(in.edge(static_cast<std::uint32_t>(a)));
      }
      f.traffic = e.requests;
      f.traffic_share = in.reach.total_requests ? static_cast<double>(e.requests) / static_cast<double>(in.reach.total_requests) : 0.0;
      f.severity = e.sync_depth >= t.monolith_chain_depth + 3 ? Severity::High : Severity::Medium;
      f.explanation = "requests to " + entry_name(in, e) + " (" + std::to_string(e.requests) + ") wait on a chain of " +
                      std::to_string(e.sync_depth) + " synchronous service hops: " + path +
                      "; latency and failures add up along it";
      out.push_back(std::move(f));
    }
    if (static_cast<double>(node_count) < t.monolith_min_services || node_count == 0) continue;
    const double share = static_cast<double>(e.sync_services) / node_count;
    if (share < t.monolith_reach_share) continue;
    Finding f;
    f.kind = FindingKind::DistributedMonolith;
    f.rule = "wide-sync-entry";
    f.services = {in.name(e.node)};
    f.traffic = e.requests;
    f.traffic_share = in.reach.total_requests ? static_cast<double>(e.requests) / static_cast<double>(in.reach.total_requests) : 0.0;
    f.severity = share >= 0.8 ? Severity::High : Severity::Medium;
    f.explanation = "each request to " + entry_name(in, e) + " synchronously needs " + std::to_string(e.sync_services) +
                    " of " + std::to_string(node_count) + " services (" + percent(share) +
                    "): they must all be up, and usually deploy together";
    out.push_back(std::move(f));
  }
}

}  // namespace nanoscope::analysis::detail
