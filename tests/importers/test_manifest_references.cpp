// Host mentions in configuration values, env-name hints, image kinds and resource quantities
// shared by the Kubernetes and compose importers.
#include <doctest/doctest.h>

#include "importers/manifest_references.hpp"
#include "importers/resource_quantities.hpp"

using namespace nanoscope;
namespace d = importers::detail;

namespace {
std::string mentions(std::string_view value) {
  std::string out;
  for (const auto& m : d::find_host_mentions(value)) {
    if (!out.empty()) out += " ";
    out += m.host;
    out += m.form == d::MentionForm::Url ? "(url)" : m.form == d::MentionForm::HostPort ? "(hp)" : "(bare)";
  }
  return out;
}
}  // namespace

TEST_CASE("manifest references: host mentions") {
  CHECK(mentions("productcatalogservice:3550") == "productcatalogservice(hp)");
  CHECK(mentions("http://jaeger:4318") == "jaeger(url)");
  CHECK(mentions("mongodb://u:p@db-1:27017,db-2:27017/app?replicaSet=rs") == "db-1(url) db-2(hp)");
  CHECK(mentions("jdbc:mysql://ts-mysql:3306/ts?useSSL=false") == "ts-mysql(url)");
  CHECK(mentions("PLAINTEXT://Kafka.Example.:9092") == "kafka.example(url)");
  CHECK(mentions("-Dspring.url=http://a:1 --peer=b:2 c:3/path") == "a(url) b(hp) c(hp)");
  CHECK(mentions("redis") == "redis(bare)");
  CHECK(mentions("zipkin.jaeger.svc.cluster.local") == "zipkin.jaeger.svc.cluster.local(bare)");
  CHECK(mentions("user@cache:11211") == "cache(hp)");
  // Not hosts.
  CHECK(mentions("true").empty());
  CHECK(mentions("8080").empty());
  CHECK(mentions("/tmp/logs").empty());
  CHECK(mentions("10.0.0.1:80").empty());
  CHECK(mentions("http://localhost:8080/x").empty());
  CHECK(mentions("http://*:7070").empty());
  CHECK(mentions("0.0.0.0").empty());
  CHECK(mentions("file:/dev/urandom").empty());
  CHECK(mentions("2024-01-01T10:00:00").empty());
  CHECK(mentions("two words").empty());
  CHECK(mentions("http/protobuf").empty());
  CHECK(mentions("a:99999").empty());
  CHECK(mentions("").empty());
}

TEST_CASE("manifest references: credentials are masked in evidence") {
  CHECK(d::redact_credentials("postgres://user:secret@db/x") == "postgres://user:***@db/x");
  CHECK(d::redact_credentials("a=amqp://g:p@mq:5672 b=http://plain:80") == "a=amqp://g:***@mq:5672 b=http://plain:80");
  CHECK(d::redact_credentials("http://user@host/x") == "http://user@host/x");
  CHECK(d::redact_credentials("host:80") == "host:80");
}

TEST_CASE("manifest references: env-name hints, images and kinds") {
  CHECK(d::env_name_says_host("REDIS_HOST"));
  CHECK(d::env_name_says_host("cart_service_addr"));
  CHECK(d::env_name_says_host("KAFKA_BROKERS"));
  CHECK_FALSE(d::env_name_says_host("PORT"));
  CHECK(d::env_name_says_not_host("OTEL_SERVICE_NAME"));
  CHECK(d::env_name_says_not_host("DB_PASSWORD"));
  CHECK_FALSE(d::env_name_says_not_host("DB_HOST"));
  CHECK(d::image_repository_name("localhost:5000/team/redis:7-alpine@sha256:abc") == "redis");
  CHECK(d::image_repository_name("mongo") == "mongo");
  CHECK(d::kind_from_images_or_name({"weaveworksdemos/user-db:0.3.0"}, "user-db") == model::ServiceKind::Database);
  CHECK(d::kind_from_images_or_name({"redis:alpine"}, "session-db") == model::ServiceKind::Cache);
  CHECK(d::kind_from_images_or_name({"ghcr.io/x/demo:latest-kafka"}, "kafka") == model::ServiceKind::Broker);
  CHECK(d::kind_from_images_or_name({"example/cart"}, "cart") == model::ServiceKind::Service);
  CHECK(d::interaction_for(model::ServiceKind::Cache) == model::InteractionKind::Database);
  CHECK(d::interaction_for(model::ServiceKind::Broker) == model::InteractionKind::Async);
  CHECK(d::interaction_for(model::ServiceKind::External) == model::InteractionKind::Sync);
}

TEST_CASE("manifest references: one rule for when a mention is a dependency") {
  using d::MentionUse;
  auto use = [](std::string_view name, std::string_view value, bool resolves) {
    const auto mentions = d::find_host_mentions(value);
    REQUIRE(mentions.size() == 1);
    return d::classify_mention(name, mentions.front(), resolves);
  };
  CHECK(use("X", "http://cart:8080/x", true) == MentionUse::Dependency);
  CHECK(use("X", "cart:7070", true) == MentionUse::Dependency);
  CHECK(use("X", "cart:7070", false) == MentionUse::Unresolved);
  CHECK(use("X", "cart.shop", true) == MentionUse::Dependency);           // a dotted name
  CHECK(use("CART_ADDR", "cart", true) == MentionUse::Dependency);        // the name says address
  CHECK(use("CART_ADDR", "cart", false) == MentionUse::Unresolved);
  CHECK(use("METRICS_STORAGE_TYPE", "prometheus", true) == MentionUse::BareWord);
  CHECK(use("METRICS_STORAGE_TYPE", "prometheus", false) == MentionUse::Ignore);
  CHECK(use("OTEL_SERVICE_NAME", "cart", true) == MentionUse::Ignore);    // the name says not an address
  CHECK(use("X", "zipkin.jaeger.svc.cluster.local", false) == MentionUse::Unresolved);
  CHECK(use("X", "example.com", false) == MentionUse::Ignore);
}

TEST_CASE("manifest references: kubernetes quantities and compose sizes") {
  CHECK(d::parse_kubernetes_quantity("100m") == doctest::Approx(0.1));
  CHECK(d::parse_kubernetes_quantity("0.5") == doctest::Approx(0.5));
  CHECK(d::parse_kubernetes_quantity("64Mi") == doctest::Approx(64.0 * 1048576));
  CHECK(d::parse_kubernetes_quantity("1Gi") == doctest::Approx(1073741824.0));
  CHECK(d::parse_kubernetes_quantity("128M") == doctest::Approx(128e6));
  CHECK(d::parse_kubernetes_quantity("1e3") == doctest::Approx(1000));
  CHECK(d::parse_kubernetes_quantity("12E-1") == doctest::Approx(1.2));
  CHECK(d::parse_kubernetes_quantity("2k") == doctest::Approx(2000));
  CHECK(d::parse_kubernetes_quantity(".5") == doctest::Approx(0.5));
  CHECK_FALSE(d::parse_kubernetes_quantity("12xyz"));
  CHECK_FALSE(d::parse_kubernetes_quantity("-1"));
  CHECK_FALSE(d::parse_kubernetes_quantity("1e9999"));
  CHECK_FALSE(d::parse_kubernetes_quantity(""));
  CHECK(d::parse_compose_bytes("300M") == doctest::Approx(300.0 * 1048576));
  CHECK(d::parse_compose_bytes("1.5g") == doctest::Approx(1.5 * 1073741824.0));
  CHECK(d::parse_compose_bytes("512kb") == doctest::Approx(512.0 * 1024));
  CHECK(d::parse_compose_bytes("100") == doctest::Approx(100));
  CHECK(d::parse_compose_bytes("64MiB") == doctest::Approx(64.0 * 1048576));
  CHECK_FALSE(d::parse_compose_bytes("lots"));
  CHECK_FALSE(d::parse_compose_bytes("5x"));
  CHECK(d::parse_decimal("0.25") == doctest::Approx(0.25));
  CHECK_FALSE(d::parse_decimal("1/2"));
}
