// Spellings of the model's enumerations and the technology-name heuristics for service kinds.
#include "model/kinds.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace nanoscope::model {
namespace {

constexpr std::array<std::pair<ServiceKind, std::string_view>, 11> kServiceKinds{{
    {ServiceKind::Service, "service"},
    {ServiceKind::Database, "database"},
    {ServiceKind::Cache, "cache"},
    {ServiceKind::Broker, "broker"},
    {ServiceKind::External, "external"},
    {ServiceKind::Client, "client"},
    {ServiceKind::Telemetry, "telemetry"},
    {ServiceKind::FeatureFlags, "feature-flags"},
    {ServiceKind::Registry, "registry"},
    {ServiceKind::Gateway, "gateway"},
    {ServiceKind::Sidecar, "sidecar"},
}};
constexpr std::array<std::pair<InteractionKind, std::string_view>, 3> kInteractionKinds{{
    {InteractionKind::Sync, "sync"},
    {InteractionKind::Async, "async"},
    {InteractionKind::Database, "database"},
}};
constexpr std::array<std::pair<Protocol, std::string_view>, 7> kProtocols{{
    {Protocol::Unknown, "unknown"},
    {Protocol::Http, "http"},
    {Protocol::Grpc, "grpc"},
    {Protocol::Thrift, "thrift"},
    {Protocol::Db, "db"},
    {Protocol::Mq, "mq"},
    {Protocol::InProcess, "inprocess"},
}};

template <typename Table, typename Enum>
std::string_view spell(const Table& table, Enum value) {
  for (const auto& [e, s] : table)
    if (e == value) return s;
  return "unknown";
}

template <typename Enum, typename Table>
std::optional<Enum> parse(const Table& table, std::string_view text) {
  for (const auto& [e, s] : table)
    if (s == text) return e;
  return std::nullopt;
}

}  // namespace

bool is_infrastructure(ServiceKind kind) {
  switch (kind) {
    case ServiceKind::Telemetry:
    case ServiceKind::FeatureFlags:
    case ServiceKind::Registry:
    case ServiceKind::Gateway:
    case ServiceKind::Sidecar:
      return true;
    case ServiceKind::Service:
    case ServiceKind::Database:
    case ServiceKind::Cache:
    case ServiceKind::Broker:
    case ServiceKind::External:
    case ServiceKind::Client:
      return false;
  }
  return false;
}

bool runs_handlers(ServiceKind kind) { return kind == ServiceKind::Service || is_infrastructure(kind); }

std::string_view to_string(ServiceKind kind) { return spell(kServiceKinds, kind); }
std::string_view to_string(InteractionKind kind) { return spell(kInteractionKinds, kind); }
std::string_view to_string(Protocol protocol) { return spell(kProtocols, protocol); }

std::optional<ServiceKind> parse_service_kind(std::string_view text) {
  return parse<ServiceKind>(kServiceKinds, text);
}
std::optional<InteractionKind> parse_interaction_kind(std::string_view text) {
  return parse<InteractionKind>(kInteractionKinds, text);
}
std::optional<Protocol> parse_protocol(std::string_view text) {
  return parse<Protocol>(kProtocols, text);
}

std::optional<ServiceKind> kind_from_technology(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto has = [&](std::string_view word) { return lower.find(word) != std::string::npos; };
  // Caches first: "redis" and "memcached" would otherwise not match any database word.
  if (has("memcache") || has("redis") || has("valkey") || has("hazelcast")) return ServiceKind::Cache;
  if (has("kafka") || has("rabbitmq") || has("nats") || has("pulsar") || has("activemq") ||
      has("sqs") || has("pubsub") || has("amqp"))
    return ServiceKind::Broker;
  if (has("mongo") || has("mysql") || has("postgres") || has("mariadb") || has("cassandra") ||
      has("sqlite") || has("oracle") || has("mssql") || has("sqlserver") || has("dynamodb") ||
      has("elasticsearch") || has("couchbase") || has("couchdb") || has("neo4j") ||
      has("cockroach") || has("clickhouse") || has("etcd") || has("influx") || has("-db") ||
      lower.ends_with("db") || has("database"))
    return ServiceKind::Database;
  return std::nullopt;
}

}  // namespace nanoscope::model
