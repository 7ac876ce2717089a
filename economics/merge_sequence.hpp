// The agglomeration behind the granularity family (granularity.hpp): the business operations
// merged pairwise by average linkage on call volume, first inside each observed service, then
// across services, recorded once as a merge sequence (a dendrogram) from which the partition
// at any service count is replayed. Every tie is broken by names, never by ids, so the
// sequence does not change when the same graph is re-imported with its ids renumbered.
#pragma once

#include <boost/pending/disjoint_sets.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/call_graph.hpp"

namespace nanoscope::economics {

/// One merge of the sequence: the cluster led by leaf `absorbed` joins the cluster led by
/// leaf `kept`. A cluster is led by its first member in name order, so kept < absorbed and
/// the merged cluster is led by `kept`.
struct Merge {
  std::uint32_t kept = 0;
  std::uint32_t absorbed = 0;
};

/// The dendrogram of a graph's business operations (economics::business_operations).
struct MergeSequence {
  /// The leaves: business operations in name order, (service name, operation name).
  std::vector<model::OperationId> leaves;
  /// leaves.size() - 1 merges (none without leaves); after the first j merges there are
  /// leaves.size() - j clusters. The first leaves.size() - observed merges stay inside one
  /// observed service, so after them the clusters are exactly the observed services.
  std::vector<Merge> merges;
  /// Observed services holding business operations.
  std::size_t observed = 0;
};

/// The merge sequence of `graph`. Linked clusters merge first: the pair with the highest
/// calls between them / (size a x size b) (average linkage; both directions count), compared
/// exactly as fractions; an edge without calls weighs infinitesimally little (it only orders
/// pairs with equal calls, and links clusters ahead of unlinked ones; with no calls anywhere
/// every edge weighs the same); remaining ties go to the pair whose leaders come first by
/// name. When no linked pair is left (within a service, or at all), the two smallest clusters
/// merge (smallest combined size, then leaders by name). Memory linear in operations and
/// edges; under 2 s for the 20,000-service generated graph (docs/economics.md).
[[nodiscard]] MergeSequence build_merge_sequence(const model::CallGraph& graph);

/// Union-find over leaf indices (union by rank, path compression).
using DisjointSets = boost::disjoint_sets_with_storage<>;

/// Clusters of boost::disjoint_sets over a sequence's leaves (each root mapped to its cluster's
/// leader), replaying the sequence's merges in order.
class MergeReplay {
 public:
  explicit MergeReplay(const MergeSequence& sequence);
  /// Applies merges until `clusters` clusters are left (never un-merges; clamped to >= 1).
  void advance_to(std::size_t clusters);
  [[nodiscard]] std::size_t clusters() const { return clusters_; }
  /// The leader (first leaf by name) of leaf `leaf`'s cluster.
  [[nodiscard]] std::uint32_t leader(std::uint32_t leaf);

 private:
  const MergeSequence* sequence_;
  DisjointSets sets_;
  std::vector<std::uint32_t> leader_;  // per root of sets_
  std::size_t applied_ = 0;
  std::size_t clusters_ = 0;
};

}  // namespace nanoscope::economics
