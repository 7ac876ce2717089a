// The service graph reduced to one arc per ordered pair of services (interaction kinds
// merged), with in/out adjacency (the Boost structure the algorithms run on is built from it
// by service_structure() in analysis/digraph.hpp, private to analysis).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/service_graph.hpp"

namespace nanoscope::analysis {

/// One caller -> callee pair of services. Declared-only edges keep the structure (a
/// manifest-only graph still has knots) but carry no traffic.
struct ServiceArc {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  std::uint64_t calls = 0;         ///< observed calls over every interaction kind
  bool sync = false;               ///< some traffic (or declaration) is synchronous or a database call
  bool async = false;              ///< some traffic is asynchronous
  bool declared_only = false;      ///< only manifests name it: structure, no traffic
  std::uint64_t traces = 0;        ///< traces holding its operation edges, summed (>= distinct traces)
  std::vector<std::uint32_t> service_edges;  ///< indices into ServiceGraph::edges
};

/// Arcs sorted by (from, to) with adjacency indices; node ids are ServiceGraph node indices.
class ServiceDigraph {
 public:
  /// Builds the digraph of `services`; `graph` supplies the operation-edge multiplicities.
  [[nodiscard]] static ServiceDigraph build(const model::CallGraph& graph, const model::ServiceGraph& services);

  [[nodiscard]] std::uint32_t node_count() const { return nodes_; }
  [[nodiscard]] const std::vector<ServiceArc>& arcs() const { return arcs_; }
  /// Arc indices leaving / entering a node, ascending by the other end.
  [[nodiscard]] std::span<const std::uint32_t> out_arcs(std::uint32_t node) const;
  [[nodiscard]] std::span<const std::uint32_t> in_arcs(std::uint32_t node) const;
  /// Index of the arc from -> to, or -1.
  [[nodiscard]] long find_arc(std::uint32_t from, std::uint32_t to) const;
  /// Sum of calls over every arc.
  [[nodiscard]] std::uint64_t total_calls() const { return total_calls_; }

 private:
  std::uint32_t nodes_ = 0;
  std::vector<ServiceArc> arcs_;
  std::vector<std::uint32_t> out_begin_;
  std::vector<std::uint32_t> out_index_;
  std::vector<std::uint32_t> in_begin_;
  std::vector<std::uint32_t> in_arcs_;
  std::uint64_t total_calls_ = 0;
};

}  // namespace nanoscope::analysis
