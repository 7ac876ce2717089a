// Small enumerations shared by the whole model: service kinds, interaction kinds, protocols.
// Each has a stable lower-case spelling used in every output format.
#pragma once

#include <optional>
#include <string_view>

namespace nanoscope::model {

/// What a node of the service graph is. The last five are platform infrastructure (see
/// model/infrastructure.hpp for how they are recognised).
enum class ServiceKind {
  Service,
  Database,
  Cache,
  Broker,
  External,
  Client,
  Telemetry,     ///< collectors, tracing and metrics backends (otel-collector, jaeger, prometheus)
  FeatureFlags,  ///< feature-flag services (flagd, unleash)
  Registry,      ///< service registries and config servers (eureka, consul)
  Gateway,       ///< gateways, ingress and edge proxies (envoy, nginx, frontend-proxy)
  Sidecar,       ///< per-pod proxies (istio-proxy, linkerd-proxy)
};

/// How a caller reaches a callee.
enum class InteractionKind { Sync, Async, Database };

/// Wire protocol of a call, where the input tells it.
enum class Protocol { Unknown, Http, Grpc, Thrift, Db, Mq, InProcess };

/// Whether the kind is platform infrastructure (telemetry, feature flags, registry, gateway,
/// sidecar) rather than application code or its storage.
[[nodiscard]] bool is_infrastructure(ServiceKind kind);
/// Whether operations of this kind run request-handling code that the analyses and pricing
/// look at: plain services and infrastructure (which callers may exclude by filtering the graph).
[[nodiscard]] bool runs_handlers(ServiceKind kind);

/// Stable spelling, e.g. "database".
[[nodiscard]] std::string_view to_string(ServiceKind kind);
/// Stable spelling, e.g. "async".
[[nodiscard]] std::string_view to_string(InteractionKind kind);
/// Stable spelling, e.g. "grpc".
[[nodiscard]] std::string_view to_string(Protocol protocol);

/// Inverse of to_string; nullopt for an unknown spelling.
[[nodiscard]] std::optional<ServiceKind> parse_service_kind(std::string_view text);
/// Inverse of to_string; nullopt for an unknown spelling.
[[nodiscard]] std::optional<InteractionKind> parse_interaction_kind(std::string_view text);
/// Inverse of to_string; nullopt for an unknown spelling.
[[nodiscard]] std::optional<Protocol> parse_protocol(std::string_view text);

/// Guess a service kind from a technology name such as "mongodb", "redis", "kafka".
/// Returns nullopt when the name says nothing.
[[nodiscard]] std::optional<ServiceKind> kind_from_technology(std::string_view name);

}  // namespace nanoscope::model
