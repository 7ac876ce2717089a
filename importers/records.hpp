// Neutral records every importer produces. Formats differ; these do not. The graph builder
// (graph_builder.hpp) turns them into one operation-level CallGraph.
// All string_views need only stay valid for the duration of the call that receives them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "model/call_graph.hpp"
#include "model/kinds.hpp"
#include "model/latency_summary.hpp"

namespace nanoscope::importers {

/// Span kind as the tracing systems define it.
enum class SpanKind { Unspecified, Internal, Server, Client, Producer, Consumer };

/// One span of a distributed trace.
struct SpanRecord {
  std::string_view trace_id;   ///< hex preferred; case and leading zeros are ignored
  std::string_view span_id;
  std::string_view parent_id;  ///< empty for a root span
  bool follows_from = false;   ///< the parent reference is FOLLOWS_FROM (asynchronous)
  std::string_view service;    ///< empty: counted as "span-without-service", put in "(unknown)"
  std::string_view operation;
  SpanKind kind = SpanKind::Unspecified;
  std::optional<std::int64_t> start_us;  ///< microseconds since the epoch
  std::int64_t duration_us = 0;
  bool error = false;
  /// The callee (Client/Producer span) or the broker (Producer/Consumer span) when the span
  /// names it: Zipkin remoteEndpoint, OTel peer.service / db.system / messaging.system.
  /// Never the caller: a SERVER span's remote endpoint must not be put here.
  std::string_view peer_service;
  model::ServiceKind peer_kind = model::ServiceKind::Service;
  std::string_view peer_operation;  ///< e.g. the topic or db operation; defaults to `operation`
  model::Protocol protocol = model::Protocol::Unknown;
  double request_bytes = -1;   ///< negative: unknown
  double response_bytes = -1;
};

/// One aggregated or single call between two operations, as call-graph tables, dependency
/// links and service-graph metrics give them. An empty from_service means the call came
/// from outside the system (an entry request).
struct CallRecord {
  std::string_view from_service;
  std::string_view from_operation;  ///< empty: the service's "*" operation
  std::string_view to_service;
  std::string_view to_operation;    ///< empty: the service's "*" operation
  model::ServiceKind from_kind = model::ServiceKind::Service;
  model::ServiceKind to_kind = model::ServiceKind::Service;
  model::InteractionKind kind = model::InteractionKind::Sync;
  model::Protocol protocol = model::Protocol::Unknown;
  std::uint64_t calls = 1;
  std::uint64_t errors = 0;
  std::optional<double> latency_us;               ///< one sample applied to every call
  const model::LatencySummary* latency = nullptr; ///< or a whole summary (takes precedence)
  /// Self time of the callee in these calls (its duration minus the time it waited on its own
  /// calls), merged into the callee operation's self_time; call tables compute it per trace.
  const model::LatencySummary* callee_self_time = nullptr;
  double request_bytes = -1;
  double response_bytes = -1;
  std::string_view trace_id;                      ///< optional; counts distinct traces
  /// For an aggregate of calls: the number of distinct traces they were seen in (added to the
  /// edge's trace count; the traces themselves are counted with GraphBuilder::add_traces).
  /// Use either this or trace_id, not both.
  std::uint64_t traces = 0;
  /// Of `calls`, those that ran in parallel with a sibling call (call_intervals.hpp's rule).
  std::uint64_t parallel_calls = 0;
  std::optional<std::int64_t> timestamp_us;       ///< optional; widens the observed window
  /// For an aggregate: the start of its last call (with timestamp_us = the first call's start,
  /// the window covers all of them).
  std::optional<std::int64_t> last_timestamp_us;
};

/// A service a manifest declares.
struct ServiceDecl {
  std::string_view name;
  model::ServiceKind kind = model::ServiceKind::Service;
  model::DeploymentFacts deployment;
};

/// A dependency a manifest declares (env var naming a host, depends_on, links ...).
struct DependencyDecl {
  std::string_view from;
  std::string_view to;
  model::InteractionKind kind = model::InteractionKind::Sync;
  std::string_view evidence;  ///< e.g. "env PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550"
};

/// Name of the placeholder operation used when only the service is known.
inline constexpr std::string_view kAnyOperation = "*";
/// Service name given to spans that name none.
inline constexpr std::string_view kUnknownService = "(unknown)";

}  // namespace nanoscope::importers
