// A finding: one named problem in the service graph, with its severity, the services and
// edges involved, the traffic it concerns and a plain-language explanation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nanoscope::analysis {

/// What kind of problem a finding names (stable spellings in to_string).
enum class FindingKind { Knot, Cycle, Hub, Chatty, DistributedMonolith, SharedPersistence, NanoserviceCandidate };

/// How urgent it is.
enum class Severity { Low, Medium, High };

/// One service edge named by a finding. On the hops of a chain it is one operation-level
/// edge: `from_operation` of `from` calls `to_operation` of `to` (both empty elsewhere).
struct FindingEdge {
  std::string from;
  std::string to;
  std::uint64_t calls = 0;
  std::string from_operation;
  std::string to_operation;
  bool operator==(const FindingEdge&) const = default;
};

/// One finding. `services` is sorted by name, except for cycles and chains, where it is the
/// path in order (a cycle starts at its smallest name and does not repeat it at the end; a
/// chain lists a service again when the walk revisits it).
struct Finding {
  FindingKind kind = FindingKind::Knot;
  std::string rule;                  ///< which test fired, e.g. "strongly-connected", "near-clique", "god-service"
  Severity severity = Severity::Low;
  std::vector<std::string> services;
  std::vector<FindingEdge> edges;    ///< sorted by (from, to) except along cycles and chains
  std::uint64_t edge_count = 0;      ///< edges the finding concerns; `edges` lists all or the busiest
  /// Chains too long to list whole: the edge_count - edges.size() omitted hops come between
  /// edges[omitted_at - 1] and edges[omitted_at].
  std::optional<std::size_t> omitted_at;
  std::uint64_t traffic = 0;         ///< observed calls the finding concerns
  double traffic_share = 0.0;        ///< traffic / all inter-service calls
  std::string explanation;
};

/// "knot", "cycle", "hub", "chatty", "distributed-monolith", "shared-persistence", "nanoservice-candidate".
[[nodiscard]] std::string_view to_string(FindingKind kind);
/// "low", "medium", "high".
[[nodiscard]] std::string_view to_string(Severity severity);
/// Inverse of to_string; nullopt for an unknown spelling.
[[nodiscard]] std::optional<FindingKind> parse_finding_kind(std::string_view text);

/// Worst first: severity, then traffic, then kind, services and rule; deterministic.
void sort_findings(std::vector<Finding>& findings);

}  // namespace nanoscope::analysis
