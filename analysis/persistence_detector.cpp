// Persistence-related structure: databases and caches shared by several services (their
// schemas couple those services), and nanoservice candidates (one tiny operation with a
// single caller; whether the split pays is for the overhead model to say).
#include <algorithm>
#include <set>

#include "analysis/detectors.hpp"

namespace nanoscope::analysis::detail {

void detect_shared_persistence(const DetectorInput& in, std::vector<Finding>& out) {
  const auto& arcs = in.digraph.arcs();
  for (std::uint32_t v = 0; v < in.digraph.node_count(); ++v) {
    const auto kind = in.services.nodes[v].kind;
    if (kind != model::ServiceKind::Database && kind != model::ServiceKind::Cache) continue;
    std::vector<std::uint32_t> callers, used;
    std::uint64_t calls = 0;
    for (auto a : in.digraph.in_arcs(v)) {
      if (!in.is_application(arcs[a].from)) continue;
      callers.push_back(arcs[a].from);
      used.push_back(a);
      calls += arcs[a].calls;
    }
    if (static_cast<double>(callers.size()) < std::max(2.0, in.thresholds.shared_persistence_min_callers)) continue;
    Finding f;
    f.kind = FindingKind::SharedPersistence;
    f.rule = kind == model::ServiceKind::Cache ? "shared-cache" : "shared-database";
    std::vector<std::uint32_t> all = callers;
    all.push_back(v);
    f.services = in.names(all);
    in.set_edges(f, used);
    f.traffic = calls;
    f.traffic_share = in.share(calls);
    f.severity = callers.size() >= 4 ? Severity::High : Severity::Medium;
    std::string who;
    for (const auto& name : in.names(callers)) who += (who.empty() ? "" : ", ") + name;
    f.explanation = std::to_string(callers.size()) + " services (" + who + ") use " +
                    std::string(model::to_string(kind)) + " " + in.name(v) +
                    ": its schema couples them, so none owns its data";
    out.push_back(std::move(f));
  }
}

void detect_nanoservice_candidates(const DetectorInput& in, std::vector<Finding>& out) {
  const auto& arcs = in.digraph.arcs();
  for (std::uint32_t v = 0; v < in.digraph.node_count(); ++v) {
    const auto& node = in.services.nodes[v];
    const auto& m = in.metrics[v];
    if (!in.is_application(v) || node.operations.size() != 1 || m.fan_in != 1 || m.entry_requests > 0) continue;
    const auto& op = in.graph.operation(node.operations.front());
    if (op.invocations == 0 || op.self_time.empty()) continue;
    const double self_us = op.self_time.mean_us();
    if (self_us > in.thresholds.nanoservice_max_self_time_us) continue;
    const auto a = in.digraph.in_arcs(v).front();
    Finding f;
    f.kind = FindingKind::NanoserviceCandidate;
    f.rule = "single-tiny-operation";
    f.severity = Severity::Low;
    f.services = {node.name};
    f.edges = {in.edge(a)};
    f.edge_count = 1;
    f.traffic = arcs[a].calls;
    f.traffic_share = in.share(f.traffic);
    f.explanation = "one operation (" + op.name + "), mean self time " + decimal(self_us) +
                    " us, called only by " + in.name(arcs[a].from) +
                    ": its work may cost less than the hop to it; the overhead model gives the verdict";
    out.push_back(std::move(f));
  }
}

}  // namespace nanoscope::analysis::detail
