// docker-compose importer: the corpus compose files (HotROD, OpenTelemetry Demo with its .env,
// DeathStarBench, Train-Ticket), every dependency and interpolation form, facts, and bad input.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "importers/import_error.hpp"
#include "manifest_test_support.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using importers::ImportError;
using importers::InputFile;
using test::callees_of;
using test::declared_edge;
using test::declared_edges;
using test::find_service;
using test::import_compose;
using test::service_names;
using Names = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {

test::ManifestImport compose_text(std::string_view text) {
  return import_compose(InputFile::from_string("inline-compose.yaml", text));
}

std::string error_of(std::string_view text) {
  try {
    (void)import_compose(InputFile::from_string("bad-compose.yaml", text));
  } catch (const ImportError& e) {
    return e.what();
  }
  return "no error";
}

// A scratch directory holding a compose file and its .env files; removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("nanoscope-compose-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& name, std::string_view text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return (path_ / name).string();
  }

 private:
  fs::path path_;
};

}  // namespace

// ---------------------------------------------------------------- corpus

TEST_CASE("compose: jaeger hotrod gives hotrod -> jaeger from depends_on and the OTLP endpoint") {
  auto r = import_compose(InputFile::read(test::corpus_path("compose-jaeger-hotrod.yml")));
  CHECK(r.objects == std::vector<std::uint64_t>{2});
  CHECK(service_names(r.graph) == Names{"hotrod", "jaeger"});
  CHECK(declared_edges(r.graph) == Names{"hotrod->jaeger"});
  CHECK(declared_edge(r.graph, "hotrod", "jaeger")->evidence ==
        "depends_on; env OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318");
  // ${REGISTRY:-} and ${JAEGER_VERSION:-latest} take their defaults; nothing is unset.
  CHECK(find_service(r.graph, "jaeger")->deployment.images == Names{"jaegertracing/jaeger:latest"});
  CHECK(find_service(r.graph, "hotrod")->deployment.images == Names{"jaegertracing/example-hotrod:latest"});
  CHECK(find_service(r.graph, "jaeger")->deployment.ports == std::vector<int>{4317, 4318, 16686, 16687});
  CHECK(find_service(r.graph, "hotrod")->deployment.replicas == 1);
  CHECK(r.diagnostics.count("undefined-variable") == 0);
  CHECK(r.diagnostics.count("unresolved-reference") == 0);
}

TEST_CASE("compose: opentelemetry demo resolves pass-through env from its .env") {
  auto r = import_compose(InputFile::read(test::corpus_path("compose-opentelemetry-demo.yaml")));
  CHECK(r.objects == std::vector<std::uint64_t>{20});
  CHECK(service_names(r.graph).size() == 20);
  CHECK(r.diagnostics.count("dotenv-used") == 1);
  CHECK(declared_edges(r.graph).size() == 57);

  // "- CART_ADDR" takes CART_ADDR=cart:${CART_PORT} from the .env.
  CHECK(declared_edge(r.graph, "frontend", "cart")->evidence == "depends_on; env CART_ADDR=cart:7070");
  CHECK(callees_of(r.graph, "frontend") == Names{"ad", "cart", "checkout", "currency", "flagd", "image-provider",
                                                 "otel-collector", "product-catalog", "quote", "recommendation",
                                                 "shipping"});
  CHECK(callees_of(r.graph, "checkout") ==
        Names{"cart", "currency", "email", "flagd", "otel-collector", "payment", "product-catalog", "shipping"});
  CHECK(declared_edge(r.graph, "checkout", "email")->evidence == "depends_on; env EMAIL_ADDR=http://email:6060");
  // Only the .env names these: no depends_on.
  CHECK(declared_edge(r.graph, "shipping", "quote")->evidence == "env QUOTE_ADDR=http://quote:8090");
  CHECK(declared_edge(r.graph, "load-generator", "otel-collector")->evidence ==
        "env OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318; env "
        "K6_OTEL_HTTP_EXPORTER_ENDPOINT=otel-collector:4318");
  CHECK(declared_edge(r.graph, "email", "flagd")->evidence == "env FLAGD_HOST=flagd");
  // A connection string with credentials: resolved, password masked.
  CHECK(declared_edge(r.graph, "product-catalog", "astronomy-db")->evidence ==
        "depends_on; env DB_CONNECTION_STRING=postgres://astronomy_user:***@astronomy-db/astronomy_db?sslmode=disable");
  CHECK(declared_edge(r.graph, "cart", "valkey-cart")->kind == model::InteractionKind::Database);

  CHECK(find_service(r.graph, "valkey-cart")->kind == model::ServiceKind::Cache);
  CHECK(find_service(r.graph, "astronomy-db")->kind == model::ServiceKind::Database);
  // Infrastructure gets its own kinds, said once in an info.
  CHECK(find_service(r.graph, "otel-collector")->kind == model::ServiceKind::Telemetry);
  CHECK(find_service(r.graph, "flagd")->kind == model::ServiceKind::FeatureFlags);
  CHECK(find_service(r.graph, "frontend-proxy")->kind == model::ServiceKind::Gateway);
  CHECK(find_service(r.graph, "frontend")->kind == model::ServiceKind::Service);
  CHECK(r.diagnostics.count("infrastructure-recognised") >= 3);
  CHECK(find_service(r.graph, "ad")->deployment.memory_limit_bytes == doctest::Approx(300.0 * 1024 * 1024));
  CHECK(find_service(r.graph, "ad")->deployment.ports == std::vector<int>{9465, 9555});
  CHECK(find_service(r.graph, "ad")->deployment.images == Names{"ghcr.io/open-telemetry/demo:latest-ad"});
  CHECK(find_service(r.graph, "frontend-proxy")->deployment.ports == std::vector<int>{8080, 10000});
  CHECK(find_service(r.graph, "astronomy-db")->deployment.ports == std::vector<int>{5432});

  // The observability overlay's hosts are not in this file: reported, not nodes.
  CHECK(r.diagnostics.count("unresolved-reference") == 5);
  for (const char* host : {"grafana", "jaeger", "opamp-server", "firepit", "chatbot"})
    CHECK(find_service(r.graph, host) == nullptr);
  CHECK(r.diagnostics.count("unset-pass-through") == 1);  // _JAVA_OPTIONS
  CHECK(r.diagnostics.count("undefined-variable") == 0);
}

TEST_CASE("compose: deathstarbench social network: long-form depends_on, infrastructure edges only") {
  auto r = import_compose(InputFile::read(test::corpus_path("compose-deathstarbench-social.yml")));
  CHECK(r.objects == std::vector<std::uint64_t>{27});
  CHECK(declared_edges(r.graph).size() == 19);
  CHECK(callees_of(r.graph, "social-graph-service") == Names{"jaeger-agent", "social-graph-mongodb"});
  CHECK(declared_edge(r.graph, "social-graph-service", "social-graph-mongodb")->kind ==
        model::InteractionKind::Database);
  CHECK(find_service(r.graph, "social-graph-mongodb")->kind == model::ServiceKind::Database);
  CHECK(find_service(r.graph, "post-storage-memcached")->kind == model::ServiceKind::Cache);
  CHECK(find_service(r.graph, "post-storage-service")->deployment.ports == std::vector<int>{9090});

  auto swarm = import_compose(InputFile::read(test::corpus_path("compose-deathstarbench-social-swarm.yml")));
  CHECK(swarm.objects == std::vector<std::uint64_t>{31});
  CHECK(declared_edges(swarm.graph).size() == 61);
  CHECK(callees_of(swarm.graph, "jaeger-agent") == Names{"jaeger-collector"});
  CHECK(swarm.diagnostics.count("unresolved-reference") == 0);
}

TEST_CASE("compose: train-ticket gives 68 services, one edge, and reports its unset variables") {
  auto r = import_compose(InputFile::read(test::corpus_path("compose-train-ticket.yml")));
  CHECK(r.objects == std::vector<std::uint64_t>{68});
  CHECK(service_names(r.graph).size() == 68);
  CHECK(declared_edges(r.graph) == Names{"ts-voucher-service->ts-voucher-mysql"});
  CHECK(find_service(r.graph, "ts-voucher-mysql")->deployment.ports == std::vector<int>{3306});  // expose
  CHECK(r.diagnostics.count("undefined-variable") == 84);  // ${NAMESPACE} and ${TAG} in 42 images
}

// ---------------------------------------------------------------- dependency forms

TEST_CASE("compose: depends_on short and long forms, links with aliases, unknown names reported") {
  auto r = compose_text(
      "services:\n"
      "  web:\n    image: nginx\n    depends_on: [api, ghost]\n    links: ['db:database', cache]\n"
      "    environment:\n      DATABASE_URL: 'mysql://database:3306/app'\n"
      "  api:\n    image: example/api\n    depends_on:\n      db: {condition: service_healthy}\n"
      "      queue:\n        condition: service_started\n"
      "  db: {image: 'mysql:8'}\n  cache: {image: memcached}\n  queue: {image: 'rabbitmq:3'}\n");
  CHECK(declared_edges(r.graph) == Names{"api->db", "api->queue", "web->api", "web->cache", "web->db"});
  CHECK(declared_edge(r.graph, "web", "db")->evidence == "links; env DATABASE_URL=mysql://database:3306/app");
  CHECK(declared_edge(r.graph, "api", "queue")->kind == model::InteractionKind::Async);
  CHECK(declared_edge(r.graph, "web", "cache")->kind == model::InteractionKind::Database);
  CHECK(r.diagnostics.count("unresolved-reference") == 1);
  CHECK(test::diagnostic_messages(r.diagnostics, "unresolved-reference") ==
        "depends_on of service web names ghost (not a service in the compose file)\n");
}

TEST_CASE("compose: environment list and map forms, host forms, container names and network aliases") {
  auto r = compose_text(
      "services:\n"
      "  app:\n    image: example/app\n    environment:\n"
      "      - A=http://svc-a:8080/path\n      - B=svc-b:9000\n      - C_HOST=svc-c\n      - D=named-d:1\n"
      "      - E=alias-e:2\n      - F_HOST=nowhere\n      - G=nowhere\n      - H=true\n      - SELF=app:80\n"
      "      - OTEL_SERVICE_NAME=svc-a\n"
      "  worker:\n    image: example/worker\n    environment:\n      QUEUE_URL: amqp://svc-b\n      EMPTY:\n"
      "      N: 5\n"
      "  svc-a: {image: x}\n  svc-b: {image: x}\n  svc-c: {image: x}\n"
      "  svc-d: {image: x, container_name: named-d}\n"
      "  svc-e:\n    image: x\n    networks:\n      backend:\n        aliases: [alias-e]\n");
  CHECK(callees_of(r.graph, "app") == Names{"svc-a", "svc-b", "svc-c", "svc-d", "svc-e"});
  CHECK(callees_of(r.graph, "worker") == Names{"svc-b"});
  CHECK(declared_edge(r.graph, "app", "svc-c")->evidence == "env C_HOST=svc-c");
  CHECK(r.diagnostics.count("unresolved-reference") == 1);  // F_HOST=nowhere; G=nowhere is just a word
  CHECK(r.diagnostics.count("unset-pass-through") == 1);    // EMPTY
}

TEST_CASE("compose: hostname is an alias; a bare service name in a plain variable is an info, not an edge") {
  auto r = compose_text(
      "services:\n"
      "  jaeger:\n    image: jaegertracing/all-in-one\n    environment:\n"
      "      - METRICS_STORAGE_TYPE=prometheus\n      - PROMETHEUS_SERVER_URL=http://prometheus:9090\n"
      "  grafana:\n    image: grafana/grafana\n    environment:\n      - GF_DATASOURCE_HOST=metrics-box\n"
      "  prom:\n    image: prom/prometheus\n    hostname: metrics-box\n    container_name: prometheus\n");
  CHECK(declared_edges(r.graph) == Names{"grafana->prom", "jaeger->prom"});
  CHECK(declared_edge(r.graph, "jaeger", "prom")->evidence == "env PROMETHEUS_SERVER_URL=http://prometheus:9090");
  CHECK(r.diagnostics.count("bare-word-reference") == 1);
  CHECK(test::diagnostic_messages(r.diagnostics, "bare-word-reference") ==
        "env METRICS_STORAGE_TYPE=prometheus in service jaeger equals service prom but is not an address; no "
        "dependency\n");
}

// ---------------------------------------------------------------- interpolation and .env

TEST_CASE("compose: interpolation forms in values") {
  ScratchDir dir;
  dir.write(".env", "HOST=api\nEMPTY=\nPORT=8080\n");
  const std::string path = dir.write("stack.yaml",
                                     "services:\n  api: {image: x}\n  other: {image: x}\n  web:\n    image: x\n"
                                     "    environment:\n"
                                     "      - A=http://${HOST}:${PORT}\n"
                                     "      - B=${MISSING:-other}:1\n"
                                     "      - C=${EMPTY:-other}:2\n"
                                     "      - D=${EMPTY-api}x:3\n"
                                     "      - E=$$HOST:4\n"
                                     "      - F=$HOST:5\n"
                                     "      - G=${MISSING:-${HOST}}:6\n"
                                     "      - H=${HOST:+other}:7\n"
                                     "      - I=${NOPE}\n");
  auto r = import_compose(InputFile::read(path));
  CHECK(declared_edges(r.graph) == Names{"web->api", "web->other"});
  CHECK(declared_edge(r.graph, "web", "api")->evidence == "env A=http://api:8080; env F=api:5; env G=api:6");
  CHECK(declared_edge(r.graph, "web", "other")->evidence == "env B=other:1; env C=other:2; env H=other:7");
  CHECK(r.diagnostics.count("undefined-variable") == 1);    // ${NOPE}
  CHECK(r.diagnostics.count("unresolved-reference") == 1);  // D=x:3 names host "x"
}

TEST_CASE("compose: <stem>.env beside the file wins over .env; pass-through entries read it") {
  ScratchDir dir;
  dir.write(".env", "TARGET=one\nSHARED=from-dotenv\n");
  dir.write("app.env", "export TARGET=two\nBACKEND_URL=\"http://${TARGET}:80\"\n");
  const std::string path = dir.write("app.yml",
                                     "services:\n  one: {image: x}\n  two: {image: x}\n  web:\n    image: x\n"
                                     "    environment: [BACKEND_URL, SHARED]\n    env_file: [a.env, b.env]\n");
  auto r = import_compose(InputFile::read(path));
  CHECK(declared_edges(r.graph) == Names{"web->two"});
  CHECK(declared_edge(r.graph, "web", "two")->evidence == "env BACKEND_URL=http://two:80");
  CHECK(r.diagnostics.count("dotenv-used") == 2);
  CHECK(r.diagnostics.count("env-file-ignored") == 2);
}

// ---------------------------------------------------------------- facts

TEST_CASE("compose: replicas, resources and ports in every form") {
  auto r = compose_text(
      "x-defaults: &defaults\n  restart: always\n  deploy:\n    replicas: 2\n"
      "services:\n"
      "  a:\n    <<: *defaults\n    image: 'redis:7'\n"
      "    ports: ['8080:80', '127.0.0.1:9090:90/tcp', '7000-7002:7000-7002', 6000, {target: 5000, published: 5001}]\n"
      "  b:\n    image: x\n    deploy:\n      replicas: 3\n      resources:\n"
      "        limits: {cpus: '0.5', memory: 512M}\n        reservations: {cpus: 0.25, memory: 1g}\n"
      "  c:\n    image: x\n    cpus: 1.5\n    mem_limit: 2048k\n    mem_reservation: 100\n    scale: 4\n"
      "  d:\n    image: x\n    deploy: {mode: global}\n");
  const auto& a = find_service(r.graph, "a")->deployment;
  CHECK(a.replicas == 2);  // through the merge key
  CHECK(a.ports == std::vector<int>{80, 90, 5000, 6000, 7000, 7001, 7002});
  CHECK(find_service(r.graph, "a")->kind == model::ServiceKind::Cache);
  const auto& b = find_service(r.graph, "b")->deployment;
  CHECK(b.replicas == 3);
  CHECK(b.cpu_limit_millicores == doctest::Approx(500));
  CHECK(b.cpu_request_millicores == doctest::Approx(250));
  CHECK(b.memory_limit_bytes == doctest::Approx(512.0 * 1024 * 1024));
  CHECK(b.memory_request_bytes == doctest::Approx(1024.0 * 1024 * 1024));
  const auto& c = find_service(r.graph, "c")->deployment;
  CHECK(c.replicas == 4);
  CHECK(c.cpu_limit_millicores == doctest::Approx(1500));
  CHECK(c.memory_limit_bytes == doctest::Approx(2048.0 * 1024));
  CHECK(c.memory_request_bytes == doctest::Approx(100));
  CHECK_FALSE(find_service(r.graph, "d")->deployment.replicas.has_value());
  CHECK(find_service(r.graph, "b")->deployment.sources == Names{"service b (inline-compose.yaml)"});
}

TEST_CASE("compose: empty files and files without services are reported, not fatal") {
  auto empty = compose_text("# nothing here\n");
  CHECK(empty.objects == std::vector<std::uint64_t>{0});
  CHECK(empty.diagnostics.count("no-services") == 1);
  auto none = compose_text("version: '3'\nnetworks: {}\n");
  CHECK(none.objects == std::vector<std::uint64_t>{0});
  CHECK(none.diagnostics.count("no-services") == 1);
  auto bad_port = compose_text("services:\n  a:\n    image: x\n    ports: ['http']\n");
  CHECK(bad_port.diagnostics.count("invalid-port") == 1);
}

// ---------------------------------------------------------------- bad input

TEST_CASE("compose: syntax errors and wrong types fail with file:line:col") {
  CHECK(error_of("services:\n  a:\n    image: [x\n") ==
        "bad-compose.yaml:4:1: yaml syntax error: end of sequence flow not found");
  CHECK(error_of("- just\n- a list\n") == "bad-compose.yaml:1:1: a compose file must be a mapping with a services key");
  CHECK(error_of("services:\n  - a\n  - b\n") == "bad-compose.yaml:2:3: services must be a mapping");
  CHECK(error_of("services:\n  a: just-text\n") == "bad-compose.yaml:2:6: service a must be a mapping");
  CHECK(error_of("services:\n  a:\n    environment: 5\n") == "bad-compose.yaml:3:18: environment must be a list");
  CHECK(error_of("services:\n  a:\n    image: ${BROKEN\n") ==
        "bad-compose.yaml:3:12: invalid interpolation in image: unterminated '${BROKEN'");
  CHECK(error_of("services:\n  a:\n    deploy: {replicas: many}\n") ==
        "bad-compose.yaml:3:24: deploy.replicas must be a non-negative integer, not 'many'");
  CHECK(error_of("services:\n  a:\n    deploy:\n      resources: {limits: {memory: lots}}\n") ==
        "bad-compose.yaml:4:36: invalid memory 'lots'");
}
