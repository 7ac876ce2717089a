// Automatic boundary suggestion: Leiden community detection (igraph, modularity objective) on
// the undirected graph of business operations weighted by call volume, run at a few
// resolutions; the partition with the highest modularity is the suggestion, described as
// groups and as moves away from the observed services. See docs/economics.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::economics {

/// igraph failed (out of memory, invalid input); what() carries igraph's message.
class CommunityDetectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Options of suggest_boundaries.
struct BoundaryOptions {
  /// Modularity resolutions (gamma) to try; 1 is classical modularity, larger gives smaller groups.
  std::vector<double> resolutions = {0.5, 0.75, 1.0, 1.5, 2.0};
  std::uint64_t seed = 1;      ///< seed of the local igraph RNG (Leiden's refinement is randomised)
  double beta = 0.01;          ///< Leiden's refinement randomness (igraph's default)
  int max_iterations = 50;     ///< Leiden iterations at most; it stops earlier when one changes nothing
};

/// One Leiden run.
struct ResolutionTrial {
  double resolution = 1.0;
  std::size_t groups = 0;      ///< business groups found
  double modularity = 0.0;     ///< classical modularity (gamma = 1) of what was found
};

/// A group of the suggestion.
struct SuggestedGroup {
  std::string name;
  std::vector<model::OperationId> operations;  ///< business operations, id order
  std::vector<std::string> operation_names;     ///< "service/operation", aligned with operations
  /// Observed services it draws from with their operation counts, most first (then by name).
  std::vector<std::pair<std::string, std::size_t>> from_services;
};

/// An observed service whose operations the suggestion spreads over several groups.
struct ServiceSplit {
  std::string service;
  std::vector<std::pair<std::string, std::size_t>> into;  ///< group, operations (most first)
};

/// A suggested group that gathers operations of several observed services.
struct ServiceMerge {
  std::string group;
  std::vector<std::pair<std::string, std::size_t>> from;  ///< observed service, operations
};

/// One business operation that leaves its observed service.
struct OperationMove {
  model::OperationId operation = 0;
  std::string operation_name;  ///< "service/operation"
  std::string from_service;
  std::string to_group;
};

/// The suggestion.
struct BoundarySuggestion {
  model::Partition partition;  ///< business operations regrouped; the rest as observed
  std::vector<SuggestedGroup> groups;  ///< ordered by lowest operation id
  double resolution = 1.0;     ///< of the chosen run
  double modularity = 0.0;     ///< classical modularity of the suggestion
  double observed_modularity = 0.0;  ///< classical modularity of the observed services
  std::uint64_t seed = 0;
  std::vector<ResolutionTrial> trials;  ///< every run, in the order of BoundaryOptions::resolutions
  std::size_t unlinked_operations = 0;  ///< business operations with no business call, kept with their service
  std::vector<ServiceSplit> splits;     ///< by service name
  std::vector<ServiceMerge> merges;     ///< by group name
  std::vector<OperationMove> moves;     ///< by operation id
};

/// What Leiden found, before it is named and compared with the observed services: small and
/// plain, so nanoscope-mpi runs Leiden on one rank and sends this to the others.
struct CommunityDetection {
  std::vector<std::size_t> membership;  ///< community of each business operation (id order), renumbered
  double resolution = 1.0, modularity = 0.0, observed_modularity = 0.0;
  std::uint64_t seed = 0;
  std::vector<ResolutionTrial> trials;
  std::size_t unlinked_operations = 0;
};
/// The expensive half of suggest_boundaries: Leiden at every resolution, the best kept.
[[nodiscard]] CommunityDetection detect_communities(const model::CallGraph& graph, const BoundaryOptions& options = {});
/// The cheap half: the suggestion (names, partition, splits, merges, moves) from what Leiden found.
[[nodiscard]] BoundarySuggestion describe_communities(const model::CallGraph& graph, const CommunityDetection& found);

/// Runs Leiden at every resolution and returns the best-modularity partition (ties: the
/// earlier resolution): describe_communities(graph, detect_communities(graph, options)). Deterministic for a given seed. Throws std::invalid_argument when the
/// graph has no business operation or no resolution is positive, CommunityDetectionError when
/// igraph fails.
[[nodiscard]] BoundarySuggestion suggest_boundaries(const model::CallGraph& graph, const BoundaryOptions& options = {});

/// Writes the suggestion as a partition file (docs/scenarios.md, "Partition files"): every
/// business operation listed as "service/operation" under its group.
void write_partition_file(std::ostream& out, const BoundarySuggestion& suggestion);

}  // namespace nanoscope::economics
