// Removing services from a call graph and summarising what went (service_filter.hpp).
#include "model/service_filter.hpp"

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
  FilteredGraph out{graph.empty_copy(), {}};
  ExclusionSummary& summary = out.summary;
  constexpr ServiceId kGone = ~ServiceId{0};
  std::vector<ServiceId> new_service(graph.service_count(), kGone);
  for (ServiceId s = 0; s < graph.service_count(); ++s) {
    const Service& service = graph.service(s);
    switch (exclude(service)) {
      case ExclusionReason::Kept: {
        new_service[s] = out.graph.add_service(service.name, service.kind);
        out.graph.service(new_service[s]) = service;
        break;
      }
      case ExclusionReason::Infrastructure: summary.infrastructure.push_back(service.name); break;
      case ExclusionReason::Pattern: summary.by_pattern.push_back(service.name); break;
    }
  }
  std::vector<OperationId> new_op(graph.operation_count(), kGone);
  for (OperationId op = 0; op < graph.operation_count(); ++op) {
    const Operation& o = graph.operation(op);
    if (new_service[o.service] == kGone) {
      ++summary.operations;
      continue;
    }
    new_op[op] = out.graph.add_operation(new_service[o.service], o.name);
    Operation copy = o;
    copy.service = new_service[o.service];
    copy.arrivals_us.clear();
    out.graph.operation(new_op[op]) = std::move(copy);
    for (const std::int64_t t : o.arrivals_us) out.graph.record_arrival(new_op[op], t);
  }
  for (const Edge& e : graph.edges()) {
    const bool from_kept = new_op[e.from] != kGone, to_kept = new_op[e.to] != kGone;
    if (from_kept && to_kept) {
      const EdgeId id = out.graph.add_edge(new_op[e.from], new_op[e.to], e.kind);
      Edge copy = e;
      copy.from = new_op[e.from];
      copy.to = new_op[e.to];
      out.graph.edge(id) = std::move(copy);
    } else if (from_kept) {
      ++summary.dropped_edges;
      summary.dropped_calls += e.calls;
    } else if (to_kept) {
      out.graph.operation(new_op[e.to]).entry_count += e.calls;
      summary.promoted_calls += e.calls;
    }
  }
  std::sort(summary.infrastructure.begin(), summary.infrastructure.end());
  std::sort(summary.by_pattern.begin(), summary.by_pattern.end());
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
