// Service kinds: stable spellings that parse back, the technology-name guesses, which kinds are
// infrastructure or run handlers, and the upgrade rule of CallGraph::add_service (the default
// Service gives way to a kind that says what the node is; nothing else changes a kind).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "model/call_graph.hpp"
#include "model/kinds.hpp"

using namespace nanoscope;
using model::ServiceKind;

namespace {

constexpr ServiceKind kAll[] = {ServiceKind::Service,   ServiceKind::Database,     ServiceKind::Cache,
                                ServiceKind::Broker,    ServiceKind::External,     ServiceKind::Client,
                                ServiceKind::Telemetry, ServiceKind::FeatureFlags, ServiceKind::Registry,
                                ServiceKind::Gateway,   ServiceKind::Sidecar};

/// Kind of `name` after add_service was called with each of `seen` in turn.
ServiceKind after(std::initializer_list<ServiceKind> seen) {
  model::CallGraph g;
  for (const auto kind : seen) g.add_service("x", kind);
  REQUIRE(g.service_count() == 1);
  return g.service(0).kind;
}

}  // namespace

TEST_CASE("kinds: every spelling is distinct and parses back; unknown spellings do not parse") {
  std::set<std::string> spellings;
  for (const auto kind : kAll) {
    const auto text = model::to_string(kind);
    CHECK(text != "unknown");
    spellings.insert(std::string(text));
    CHECK(model::parse_service_kind(text) == kind);
  }
  CHECK(spellings.size() == std::size(kAll));
  for (const auto kind : {model::InteractionKind::Sync, model::InteractionKind::Async, model::InteractionKind::Database})
    CHECK(model::parse_interaction_kind(model::to_string(kind)) == kind);
  for (const auto p : {model::Protocol::Unknown, model::Protocol::Http, model::Protocol::Grpc, model::Protocol::Thrift,
                       model::Protocol::Db, model::Protocol::Mq, model::Protocol::InProcess})
    CHECK(model::parse_protocol(model::to_string(p)) == p);
  CHECK(!model::parse_service_kind("Database"));  // spellings are lower-case, exactly
  CHECK(!model::parse_service_kind(""));
  CHECK(!model::parse_interaction_kind("rpc"));
  CHECK(!model::parse_protocol("soap"));
}

TEST_CASE("kinds: infrastructure and handler-running kinds") {
  for (const auto kind : kAll) {
    CAPTURE(model::to_string(kind));
    // Handlers run in plain services and infrastructure; storage, brokers, clients and
    // external peers run none of the application's code.
    CHECK(model::runs_handlers(kind) == (kind == ServiceKind::Service || model::is_infrastructure(kind)));
  }
  CHECK(!model::is_infrastructure(ServiceKind::Service));
  CHECK(!model::is_infrastructure(ServiceKind::Database));
  CHECK(model::is_infrastructure(ServiceKind::Gateway));
  CHECK(model::is_infrastructure(ServiceKind::Sidecar));
}

TEST_CASE("kinds: technology names guess cache before database, brokers, and nothing for plain names") {
  CHECK(model::kind_from_technology("redis:7-alpine") == ServiceKind::Cache);
  CHECK(model::kind_from_technology("Memcached") == ServiceKind::Cache);  // case does not matter
  CHECK(model::kind_from_technology("bitnami/kafka") == ServiceKind::Broker);
  CHECK(model::kind_from_technology("rabbitmq") == ServiceKind::Broker);
  CHECK(model::kind_from_technology("mongodb") == ServiceKind::Database);
  CHECK(model::kind_from_technology("postgres:15") == ServiceKind::Database);
  CHECK(model::kind_from_technology("user-db") == ServiceKind::Database);
  CHECK(model::kind_from_technology("redisdb") == ServiceKind::Cache);  // the cache words are tried first
  CHECK(!model::kind_from_technology("compose-post-service"));
  CHECK(!model::kind_from_technology(""));
}

TEST_CASE("kinds: add_service upgrades the default to a specific kind, once, and External never relabels") {
  // The default Service gives way to every kind that says what the node is ...
  for (const auto kind : kAll) {
    CAPTURE(model::to_string(kind));
    const ServiceKind expected = kind == ServiceKind::External ? ServiceKind::Service : kind;
    CHECK(after({ServiceKind::Service, kind}) == expected);
  }
  // ... a specific kind is never replaced, neither by the default nor by another specific one ...
  CHECK(after({ServiceKind::Database, ServiceKind::Service}) == ServiceKind::Database);
  CHECK(after({ServiceKind::Database, ServiceKind::Cache}) == ServiceKind::Database);
  CHECK(after({ServiceKind::Gateway, ServiceKind::Broker}) == ServiceKind::Gateway);
  // ... and an external peer stays external: only the default gives way.
  CHECK(after({ServiceKind::External, ServiceKind::Service}) == ServiceKind::External);
  CHECK(after({ServiceKind::External, ServiceKind::Database}) == ServiceKind::External);
  // A chain: default, then External (ignored), then Broker, then Database (ignored).
  CHECK(after({ServiceKind::Service, ServiceKind::External, ServiceKind::Broker, ServiceKind::Database}) ==
        ServiceKind::Broker);
}

TEST_CASE("kinds: an upgrade keeps the service's id, operations and edges") {
  model::CallGraph g;
  const auto s = g.add_service("orders");
  const auto op = g.add_operation(s, "put");
  const auto caller = g.add_operation(g.add_service("front"), "home");
  const auto e = g.add_edge(caller, op, model::InteractionKind::Async);
  CHECK(g.add_service("orders", ServiceKind::Broker) == s);
  CHECK(g.service(s).kind == ServiceKind::Broker);
  CHECK(g.operations_of(s) == std::vector<model::OperationId>{op});
  CHECK(g.in_edges(op) == std::vector<model::EdgeId>{e});
}
