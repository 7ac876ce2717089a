// Leaving services out of a call graph before it is analysed, simulated or priced:
// infrastructure (by kind) and services named by the user (exact name or glob). What was left
// out is summarised so reports can say it; traffic the excluded services passed on is kept.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/call_graph.hpp"

namespace nanoscope::model {

/// Why a service is left out (Kept: it is not).
enum class ExclusionReason { Kept, Infrastructure, Pattern };

/// Decides for each service whether and why it is left out.
using ServiceExclusion = std::function<ExclusionReason(const Service&)>;

/// What exclude_services left out.
struct ExclusionSummary {
  std::vector<std::string> infrastructure;  ///< excluded for their kind, sorted
  std::vector<std::string> by_pattern;      ///< excluded by a name or glob, sorted
  std::uint64_t operations = 0;             ///< operations removed with them
  std::uint64_t dropped_edges = 0;          ///< edges from kept services to excluded ones
  std::uint64_t dropped_calls = 0;          ///< calls kept services made to excluded ones
  std::uint64_t promoted_calls = 0;         ///< calls excluded services made to kept ones, now entries
  [[nodiscard]] bool empty() const { return infrastructure.empty() && by_pattern.empty(); }
};

/// The graph without the services `exclude` leaves out.
struct FilteredGraph {
  CallGraph graph;
  ExclusionSummary summary;
};

/// Removes the excluded services with their operations and edges. Every graph-level field is
/// kept (induced_subgraph); kept services keep their ids' relative order. Calls a kept
/// service made to an excluded one are counted (dropped_calls); calls an excluded service made
/// to a kept operation are added to that operation's entry_count (so the traffic an excluded
/// gateway or collector passed on still enters the model) and counted (promoted_calls).
[[nodiscard]] FilteredGraph exclude_services(const CallGraph& graph, const ServiceExclusion& exclude);

/// What to leave out: infrastructure kinds unless `include_infrastructure`, and services whose
/// name equals a pattern or matches it as a glob (fnmatch: *, ?, [...]).
struct ExclusionOptions {
  bool include_infrastructure = false;
  std::vector<std::string> patterns;
};

/// The exclusion `options` describe; a pattern match wins over the kind as the reason.
[[nodiscard]] ServiceExclusion exclusion_predicate(const ExclusionOptions& options);

/// Patterns that match no service of `graph`, in the order given (worth a warning: a typo).
[[nodiscard]] std::vector<std::string> unmatched_patterns(const CallGraph& graph,
                                                          const std::vector<std::string>& patterns);

/// One line: "excluded 3 infrastructure services (flagd, jaeger, otel-collector) and 1 by
/// --exclude (cart); 1,234 calls on 12 edges to them dropped". Empty when nothing was excluded.
[[nodiscard]] std::string describe_exclusion(const ExclusionSummary& summary);

}  // namespace nanoscope::model
