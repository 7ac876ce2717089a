// Small enumerations shared by the whole model: service kinds, interaction kinds, protocols.
// Each has a stable lower-case spelling used in every output format.
#pragma once

#include <optional>
#include <string_view>

namespace nanoscope::model {

/// What a node of the service graph is.
enum class ServiceKind { Service, Database, Cache, Broker, External, Client };

/// How a caller reaches a callee.
enum class InteractionKind { Sync, Async, Database };

/// Wire protocol of a call, where the input tells it.
enum class Protocol { Unknown, Http, Grpc, Thrift, Db, Mq, InProcess };

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
