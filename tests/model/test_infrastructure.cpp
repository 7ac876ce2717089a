// Infrastructure kinds: spellings round-trip, recognition by name, image and port (with the
// reason), explicit kinds never overridden, the one-line description.
#include <doctest/doctest.h>

#include "model/infrastructure.hpp"

using namespace nanoscope;
using model::ServiceKind;

namespace {

std::optional<ServiceKind> kind_of(std::string_view name, std::vector<std::string> images = {},
                                   std::vector<int> ports = {}) {
  model::DeploymentFacts facts;
  facts.images = std::move(images);
  facts.ports = std::move(ports);
  auto match = model::recognise_infrastructure(name, facts);
  return match ? std::optional<ServiceKind>(match->kind) : std::nullopt;
}

}  // namespace

TEST_CASE("infrastructure kinds have stable spellings and are the only infrastructure") {
  for (auto kind : {ServiceKind::Telemetry, ServiceKind::FeatureFlags, ServiceKind::Registry, ServiceKind::Gateway,
                    ServiceKind::Sidecar}) {
    CHECK(model::is_infrastructure(kind));
    CHECK(model::runs_handlers(kind));
    CHECK(model::parse_service_kind(model::to_string(kind)) == kind);
  }
  CHECK(model::to_string(ServiceKind::FeatureFlags) == "feature-flags");
  for (auto kind : {ServiceKind::Service, ServiceKind::Database, ServiceKind::Cache, ServiceKind::Broker,
                    ServiceKind::External, ServiceKind::Client})
    CHECK_FALSE(model::is_infrastructure(kind));
  CHECK(model::runs_handlers(ServiceKind::Service));
  CHECK_FALSE(model::runs_handlers(ServiceKind::Database));
}

TEST_CASE("infrastructure is recognised by name") {
  CHECK(kind_of("otel-collector") == ServiceKind::Telemetry);
  CHECK(kind_of("opentelemetry-collector") == ServiceKind::Telemetry);
  CHECK(kind_of("jaeger") == ServiceKind::Telemetry);
  CHECK(kind_of("jaeger-query") == ServiceKind::Telemetry);
  CHECK(kind_of("prometheus") == ServiceKind::Telemetry);
  CHECK(kind_of("flagd") == ServiceKind::FeatureFlags);
  CHECK(kind_of("featureflagservice") == ServiceKind::FeatureFlags);
  CHECK(kind_of("eureka-server") == ServiceKind::Registry);
  CHECK(kind_of("config-server") == ServiceKind::Registry);
  CHECK(kind_of("frontend-proxy") == ServiceKind::Gateway);
  CHECK(kind_of("istio-ingressgateway") == ServiceKind::Gateway);
  CHECK(kind_of("api-gateway") == ServiceKind::Gateway);
  CHECK(kind_of("nginx-web-server") == ServiceKind::Gateway);
  CHECK(kind_of("istio-proxy") == ServiceKind::Sidecar);
  // Words inside other words, and business gateways, are not infrastructure.
  CHECK_FALSE(kind_of("payment-gateway"));
  CHECK_FALSE(kind_of("frontend"));
  CHECK_FALSE(kind_of("checkoutservice"));
  CHECK_FALSE(kind_of("hongkong-rates"));
  CHECK_FALSE(kind_of("collector"));
}

TEST_CASE("infrastructure is recognised by image, ignoring the tag and injected sidecars") {
  CHECK(kind_of("traces", {"otel/opentelemetry-collector-contrib:0.108.0"}) == ServiceKind::Telemetry);
  CHECK(kind_of("all-in-one", {"jaegertracing/all-in-one:1.57"}) == ServiceKind::Telemetry);
  CHECK(kind_of("flags", {"ghcr.io/open-feature/flagd:v0.11.1"}) == ServiceKind::FeatureFlags);
  CHECK(kind_of("edge", {"envoyproxy/envoy:v1.30"}) == ServiceKind::Gateway);
  CHECK(kind_of("metrics", {"prom/prometheus:v2.53"}) == ServiceKind::Telemetry);
  CHECK(kind_of("agent", {"jaegertracing/jaeger-agent:1.6"}) == ServiceKind::Telemetry);
  // Images that merely mention a product, under its organisation or registry, are applications.
  CHECK_FALSE(kind_of("ts-order-service", {"codewisdom/ts-order-service-with-jaeger:v1"}));
  CHECK_FALSE(kind_of("hotrod", {"jaegertracing/example-hotrod:latest"}));
  CHECK_FALSE(kind_of("details", {"registry.istio.io/release/examples-bookinfo-details-v1:1.20.3"}));
  CHECK_FALSE(kind_of("worker", {"temporalio/temporal-worker:1"}));
  // The OpenTelemetry demo's images differ only in the tag, which names the application.
  CHECK_FALSE(kind_of("cart", {"ghcr.io/open-telemetry/demo:1.11.1-cartservice"}));
  // An injected proxy beside the application image does not make the pod a sidecar.
  CHECK_FALSE(kind_of("reviews", {"docker.io/istio/examples-bookinfo-reviews-v1:1.20", "istio/proxyv2:1.20"}));
  CHECK(kind_of("proxy", {"istio/proxyv2:1.20"}) == ServiceKind::Sidecar);
  // Images that disagree say nothing.
  CHECK_FALSE(kind_of("mixed", {"grafana/grafana:10", "myapp:1"}));
}

TEST_CASE("infrastructure is recognised by conventional ports, with the reason") {
  model::DeploymentFacts facts;
  facts.ports = {8080, 4317};
  auto match = model::recognise_infrastructure("ingest", facts);
  REQUIRE(match);
  CHECK(match->kind == ServiceKind::Telemetry);
  CHECK(match->reason == "port 4317 (OTLP gRPC)");
  CHECK(kind_of("flags", {}, {8013}) == ServiceKind::FeatureFlags);
  CHECK(kind_of("discovery-1", {}, {8761}) == ServiceKind::Registry);
  CHECK_FALSE(kind_of("web", {}, {80, 8080, 9090}));
}

TEST_CASE("apply_infrastructure_kinds relabels plain services only, and describes them") {
  model::CallGraph g;
  g.add_service("otel-collector");
  g.add_service("flagd");
  g.add_service("cart");
  g.add_service("prometheus-db", ServiceKind::Database);  // a kind the input gave
  const auto saved = g.add_service("jaeger");             // named by a saved graph
  const auto recognised = model::apply_infrastructure_kinds(g, [&](model::ServiceId id) { return id == saved; });
  REQUIRE(recognised.size() == 2);
  CHECK(recognised[0].name == "flagd");
  CHECK(recognised[1].name == "otel-collector");
  CHECK(g.service(*g.find_service("otel-collector")).kind == ServiceKind::Telemetry);
  CHECK(g.service(*g.find_service("cart")).kind == ServiceKind::Service);
  CHECK(g.service(*g.find_service("prometheus-db")).kind == ServiceKind::Database);
  CHECK(g.service(saved).kind == ServiceKind::Service);
  CHECK(model::describe_recognised(recognised) ==
        "recognised 2 infrastructure services: flagd (feature-flags: name flagd), otel-collector (telemetry: name "
        "otelcollector)");
}
