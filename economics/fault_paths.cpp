// Sampling the synchronously needed operations of each entry's requests.
#include "economics/fault_paths.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/graph_workload.hpp"
#include "sim/rng.hpp"

namespace nanoscope::economics {
namespace {

void expand(const sim::Workload& w, model::OperationId op, std::uint32_t depth, std::uint32_t max_depth,
            sim::RngStream& rng, std::vector<bool>& seen, std::vector<model::OperationId>& out) {
  if (depth >= max_depth) return;
  for (const auto& call : w.operations[op].calls) {
    const double whole = std::floor(call.mean_calls);
    const bool made = whole >= 1.0 || rng.uniform() < call.mean_calls - whole;
    if (!made || call.async || seen[call.callee]) continue;
    seen[call.callee] = true;
    out.push_back(call.callee);
    expand(w, call.callee, depth + 1, max_depth, rng, seen, out);
  }
}

}  // namespace

FaultPaths sample_fault_paths(const model::CallGraph& graph, const sim::Scenario& scenario, std::uint32_t samples) {
  return sample_fault_paths(sim::build_workload(graph, scenario), scenario, samples);
}

FaultPaths sample_fault_paths(const sim::Workload& w, const sim::Scenario& scenario, std::uint32_t samples) {
  FaultPaths paths;
  std::vector<bool> seen(w.operations.size(), false);
  for (std::size_t e = 0; e < w.entries.size(); ++e) {
    FaultPaths::Entry entry;
    entry.operation = w.entries[e].operation;
    entry.rate_per_s = w.entries[e].rate_per_s;
    entry.samples = samples;
    sim::RngStream rng(scenario.seed, sim::stream_id(sim::StreamKind::Failures, 7000 + e));
    std::map<std::vector<model::OperationId>, std::uint32_t> sets;
    for (std::uint32_t s = 0; s < samples; ++s) {
      std::vector<model::OperationId> ops{entry.operation};
      seen[entry.operation] = true;
      expand(w, entry.operation, 0, scenario.max_call_depth, rng, seen, ops);
      for (const auto op : ops) seen[op] = false;
      std::sort(ops.begin(), ops.end());
      ++sets[ops];
    }
    for (auto& [ops, count] : sets) entry.sets.push_back({ops, count});
    paths.total_rate_per_s += entry.rate_per_s;
    paths.entries.push_back(std::move(entry));
  }
  return paths;
}

}  // namespace nanoscope::economics
