// Removing services from a call graph and summarising what went (service_filter.hpp).
#include "model/service_filter.hpp"

#include "model/subgraph.hpp"

#include <fnmatch.h>

#include <algorithm>

namespace nanoscope::model {
namespace {

bool matches(const std::string& pattern, const std::string& name) {
  return pattern == name || ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

// "1234567" -> "1,234,567".
std::string grouped(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

FilteredGraph exclude_services(const CallGraph& graph, const ServiceExclusion& exclude) {
  ExclusionSummary summary;
  std::vector<bool> keep(graph.service_count(), false);
  for (ServiceId s = 0; s < graph.service_count(); ++s) {
    const Service& service = graph.service(s);
    switch (exclude(service)) {
      case ExclusionReason::Kept: keep[s] = true; break;
      case ExclusionReason::Infrastructure: summary.infrastructure.push_back(service.name); break;
      case ExclusionReason::Pattern: summary.by_pattern.push_back(service.name); break;
    }
    if (!keep[s]) summary.operations += graph.operations_of(s).size();
  }
  FilteredGraph out{induced_subgraph(graph, keep), {}};
  for (const Edge& e : graph.edges()) {
    const ServiceId from = graph.operation(e.from).service, to = graph.operation(e.to).service;
    if (keep[from] == keep[to]) continue;
    if (keep[from]) {
      ++summary.dropped_edges;
      summary.dropped_calls += e.calls;
      continue;
    }
    // A kept callee of an excluded caller: its calls stay in the model as entries.
    const ServiceId callee = *out.graph.find_service(graph.service(to).name);
    out.graph.operation(*out.graph.find_operation(callee, graph.operation(e.to).name)).entry_count += e.calls;
    summary.promoted_calls += e.calls;
  }
  std::sort(summary.infrastructure.begin(), summary.infrastructure.end());
  std::sort(summary.by_pattern.begin(), summary.by_pattern.end());
  out.summary = std::move(summary);
  return out;
}

ServiceExclusion exclusion_predicate(const ExclusionOptions& options) {
  return [options](const Service& service) {
    for (const auto& pattern : options.patterns)
      if (matches(pattern, service.name)) return ExclusionReason::Pattern;
    if (!options.include_infrastructure && is_infrastructure(service.kind)) return ExclusionReason::Infrastructure;
    return ExclusionReason::Kept;
  };
}

std::vector<std::string> unmatched_patterns(const CallGraph& graph, const std::vector<std::string>& patterns) {
  std::vector<std::string> out;
  for (const auto& pattern : patterns)
    if (std::none_of(graph.services().begin(), graph.services().end(),
                     [&](const Service& s) { return matches(pattern, s.name); }))
      out.push_back(pattern);
  return out;
}

std::string describe_exclusion(const ExclusionSummary& summary) {
  if (summary.empty()) return {};
  std::string out = "excluded ";
  const auto& infra = summary.infrastructure;
  const auto& named = summary.by_pattern;
  if (!infra.empty())
    out += std::to_string(infra.size()) + " infrastructure service" + (infra.size() == 1 ? "" : "s") + " (" +
           listed(infra) + ")";
  if (!infra.empty() && !named.empty()) out += " and ";
  if (!named.empty())
    out += (infra.empty() ? std::to_string(named.size()) + " service" + (named.size() == 1 ? "" : "s") + " "
                          : std::to_string(named.size()) + " ") +
           "by --exclude (" + listed(named) + ")";
  out += "; " + grouped(summary.dropped_calls) + " call" + (summary.dropped_calls == 1 ? "" : "s") + " on " +
         grouped(summary.dropped_edges) + " edge" + (summary.dropped_edges == 1 ? "" : "s") + " to them dropped";
  if (summary.promoted_calls > 0)
    out += ", " + grouped(summary.promoted_calls) + " from them kept as entries";
  return out;
}

}  // namespace nanoscope::model
