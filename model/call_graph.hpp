// The operation-level call graph: services, the operations they own, and caller->callee
// edges with traffic statistics. Adjacency is plain per-operation lists of edge ids (algorithms
// build their own graphs in .cpp files, e.g. analysis' CSR digraphs), so this header stays cheap
// to include; every later stage (analysis, simulation, economics) reads this.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/kinds.hpp"
#include "model/latency_summary.hpp"
#include "model/provenance.hpp"

namespace nanoscope::model {

using ServiceId = std::uint32_t;
using OperationId = std::uint32_t;
using EdgeId = std::uint32_t;

/// Deployment facts a manifest gives about a service (all optional).
struct DeploymentFacts {
  std::optional<int> replicas;
  std::optional<double> cpu_request_millicores;
  std::optional<double> cpu_limit_millicores;
  std::optional<double> memory_request_bytes;
  std::optional<double> memory_limit_bytes;
  std::vector<std::string> images;  ///< sorted, unique
  std::vector<int> ports;           ///< sorted, unique
  std::vector<std::string> sources; ///< where the facts came from, e.g. "Deployment/cart (file.yaml)"

  /// Fills what this one lacks from `other` and unions images, ports and sources.
  void merge(const DeploymentFacts& other);
  [[nodiscard]] bool empty() const;
};

/// A deployable unit (or an uninstrumented peer such as a database).
struct Service {
  std::string name;
  ServiceKind kind = ServiceKind::Service;
  DeploymentFacts deployment;
  bool observed = false;  ///< seen in traces or metrics
  bool declared = false;  ///< named by a manifest
  InputSet inputs;        ///< the graph's inputs (GraphFacts::inputs) that mention it
};

/// Byte counts of payloads; `samples` is how many calls reported a size.
struct ByteStats {
  std::uint64_t samples = 0;
  double total = 0.0;
  void add(double bytes, std::uint64_t count = 1) { samples += count; total += bytes * static_cast<double>(count); }
  void merge(const ByteStats& o) { samples += o.samples; total += o.total; }
  [[nodiscard]] double mean() const { return samples ? total / static_cast<double>(samples) : 0.0; }
};

/// One operation (endpoint, span name) of one service.
struct Operation {
  std::string name;
  ServiceId service = 0;
  std::uint64_t invocations = 0;  ///< spans observed for this operation
  std::uint64_t entry_count = 0;  ///< times it was a trace root (an entry point)
  std::uint64_t errors = 0;
  LatencySummary duration;        ///< span durations
  LatencySummary self_time;       ///< duration minus time spent waiting on children
  /// Start times (microseconds since the epoch) of the traces rooted here, for replaying
  /// arrivals; in the order seen, at most CallGraph::kMaxArrivals in the whole graph.
  std::vector<std::int64_t> arrivals_us;
};

/// Caller operation -> callee operation.
struct Edge {
  OperationId from = 0;
  OperationId to = 0;
  InteractionKind kind = InteractionKind::Sync;
  Protocol protocol = Protocol::Unknown;
  std::uint64_t calls = 0;
  std::uint64_t errors = 0;
  std::uint64_t traces = 0;  ///< distinct traces holding the edge; calls/traces = multiplicity
  /// Calls that overlapped in time with another synchronous call made by the same caller
  /// span (parallel fan-out); calls - parallel_calls were made one after another.
  std::uint64_t parallel_calls = 0;
  LatencySummary latency;    ///< as the caller sees it
  ByteStats request_bytes;
  ByteStats response_bytes;
  bool declared = false;     ///< named by a manifest (may also be observed)
  std::string evidence;      ///< for declared edges: where the manifest names it
  InputSet inputs;           ///< the graph's inputs (GraphFacts::inputs) that mention it

  [[nodiscard]] double multiplicity() const {
    return traces ? static_cast<double>(calls) / static_cast<double>(traces) : 0.0;
  }
};

/// Everything a call graph knows about itself as a whole (not per service, operation or edge).
/// One struct, so copies that rebuild a graph (canonical_order, induced_subgraph) carry it
/// over as a unit and a field added here is never forgotten by one of them.
struct GraphFacts {
  /// Observed time window of the traces in microseconds since the epoch (if known).
  std::optional<std::int64_t> window_start_us;
  std::optional<std::int64_t> window_end_us;
  /// Number of distinct traces the graph was built from.
  std::uint64_t trace_count = 0;
  /// Root arrivals seen beyond CallGraph::kMaxArrivals and not kept.
  std::uint64_t arrivals_not_kept = 0;
  /// The input files the graph was built from, in import order (provenance.hpp).
  std::vector<InputSource> inputs;
};

/// The operation-level graph. Operations and edges are only added, never removed, so ids
/// stay valid; partitions (see partition.hpp) regroup operations without touching this.
class CallGraph : public GraphFacts {
 public:
  /// Finds or adds a service. An existing service keeps its kind unless it is the default
  /// (Service) and `kind` is a specific one other than External (External never relabels).
  ServiceId add_service(std::string_view name, ServiceKind kind = ServiceKind::Service);
  /// Finds or adds the operation `name` of `service`.
  OperationId add_operation(ServiceId service, std::string_view name);
  /// Finds or adds the edge (from, to, kind); the caller then updates its statistics.
  EdgeId add_edge(OperationId from, OperationId to, InteractionKind kind);

  [[nodiscard]] std::optional<ServiceId> find_service(std::string_view name) const;
  [[nodiscard]] std::optional<OperationId> find_operation(ServiceId service, std::string_view name) const;
  [[nodiscard]] std::optional<EdgeId> find_edge(OperationId from, OperationId to, InteractionKind kind) const;

  [[nodiscard]] std::size_t service_count() const { return services_.size(); }
  [[nodiscard]] std::size_t operation_count() const { return operations_.size(); }
  [[nodiscard]] std::size_t edge_count() const { return edges_.size(); }

  [[nodiscard]] const Service& service(ServiceId id) const { return services_[id]; }
  [[nodiscard]] Service& service(ServiceId id) { return services_[id]; }
  [[nodiscard]] const Operation& operation(OperationId id) const { return operations_[id]; }
  [[nodiscard]] Operation& operation(OperationId id) { return operations_[id]; }
  [[nodiscard]] const Edge& edge(EdgeId id) const { return edges_[id]; }
  [[nodiscard]] Edge& edge(EdgeId id) { return edges_[id]; }

  [[nodiscard]] const std::vector<Service>& services() const { return services_; }
  [[nodiscard]] const std::vector<Operation>& operations() const { return operations_; }
  [[nodiscard]] const std::vector<Edge>& edges() const { return edges_; }
  /// Operations owned by a service, in id order.
  [[nodiscard]] const std::vector<OperationId>& operations_of(ServiceId id) const { return ops_of_[id]; }

  /// Edges leaving / entering an operation, in id order (ids only grow, so appending keeps it).
  [[nodiscard]] const std::vector<EdgeId>& out_edges(OperationId op) const { return out_[op]; }
  [[nodiscard]] const std::vector<EdgeId>& in_edges(OperationId op) const { return in_[op]; }

  /// The graph-level facts (window, trace count, ...), as one copyable unit.
  [[nodiscard]] const GraphFacts& facts() const { return *this; }
  [[nodiscard]] GraphFacts& facts() { return *this; }

  /// Root arrivals kept for replay in the whole graph at most (8 MB); the rest are counted.
  static constexpr std::uint64_t kMaxArrivals = 1'000'000;
  /// Keeps a trace root's start time for `op`; false (and counted) when the cap is reached.
  bool record_arrival(OperationId op, std::int64_t start_us);
  /// Root arrivals kept, over all operations.
  [[nodiscard]] std::uint64_t arrivals_kept() const { return arrivals_kept_; }

  /// Adds another graph into this one: services, operations and edges are matched by name,
  /// statistics added, deployment facts merged, windows and trace counts combined; `other`'s
  /// inputs are appended to this graph's and its services' and edges' input sets follow them.
  void merge(const CallGraph& other);
  /// The same, for two parts of one import that share their inputs (e.g. files imported by
  /// different MPI ranks): `other`'s input i is this graph's input `input_map[i]` (one entry
  /// per input of `other`, each below inputs.size()), whose records, traces and window it adds to.
  void merge(const CallGraph& other, const std::vector<std::uint32_t>& input_map);

  /// Length of the observed window in seconds (0 when unknown).
  [[nodiscard]] double window_seconds() const;
  /// Widens the observed window to include [start, end].
  void observe_window(std::int64_t start_us, std::int64_t end_us);

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using NameIndex = std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>>;
  struct PairHash {
    std::size_t operator()(std::uint64_t k) const { return std::hash<std::uint64_t>{}(k * 0x9E3779B97F4A7C15ull); }
  };
  /// merge()'s body once the inputs are combined: `input_map` (null: add `input_offset`).
  void merge_content(const CallGraph& other, const std::vector<std::uint32_t>* input_map, std::uint32_t input_offset);
  std::uint64_t arrivals_kept_ = 0;
  std::vector<Service> services_;
  std::vector<Operation> operations_;
  std::vector<Edge> edges_;
  std::vector<std::vector<OperationId>> ops_of_;
  std::vector<std::vector<EdgeId>> out_;  // per operation, ascending edge ids
  std::vector<std::vector<EdgeId>> in_;   // per operation, ascending edge ids
  NameIndex service_index_;
  std::vector<NameIndex> operation_index_;  // per service
  std::unordered_map<std::uint64_t, EdgeId, PairHash> edge_index_[3];          // per InteractionKind
};

}  // namespace nanoscope::model
