// Kubernetes manifest importer: the corpus manifests (Online Boutique, Bookinfo, Sock Shop,
// Train-Ticket, DeathStarBench directories), YAML quirks (multi-document, List, anchors), and bad input.
#include <doctest/doctest.h>

#include "importers/import_error.hpp"
#include "manifest_test_support.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using importers::ImportError;
using importers::InputFile;
using test::callees_of;
using test::declared_edge;
using test::declared_edges;
using test::deployment;
using test::find_service;
using test::import_kubernetes;
using test::import_kubernetes_text;
using test::service;
using test::service_names;
using Names = std::vector<std::string>;

namespace {

std::string error_of(const std::string& text, const std::string& name = "bad.yaml") {
  try {
    (void)import_kubernetes_text(text, name);
  } catch (const ImportError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

// ---------------------------------------------------------------- corpus

TEST_CASE("kubernetes: online boutique gives 12 services and the env-declared call graph") {
  auto r = import_kubernetes({InputFile::read(test::corpus_path("k8s-online-boutique.yaml"))});
  CHECK(r.objects == std::vector<std::uint64_t>{35});
  CHECK(service_names(r.graph) == Names{"adservice", "cartservice", "checkoutservice", "currencyservice",
                                        "emailservice", "frontend", "loadgenerator", "paymentservice",
                                        "productcatalogservice", "recommendationservice", "redis-cart",
                                        "shippingservice"});
  CHECK(callees_of(r.graph, "frontend") == Names{"adservice", "cartservice", "checkoutservice", "currencyservice",
                                                 "productcatalogservice", "recommendationservice", "shippingservice"});
  CHECK(callees_of(r.graph, "checkoutservice") == Names{"cartservice", "currencyservice", "emailservice",
                                                        "paymentservice", "productcatalogservice", "shippingservice"});
  CHECK(callees_of(r.graph, "cartservice") == Names{"redis-cart"});
  CHECK(callees_of(r.graph, "recommendationservice") == Names{"productcatalogservice"});
  CHECK(callees_of(r.graph, "loadgenerator") == Names{"frontend"});
  CHECK(declared_edges(r.graph).size() == 16);

  const auto* pc = declared_edge(r.graph, "frontend", "productcatalogservice");
  REQUIRE(pc);
  CHECK(pc->evidence == "env PRODUCT_CATALOG_SERVICE_ADDR=productcatalogservice:3550 in Deployment/frontend");
  const auto* redis = declared_edge(r.graph, "cartservice", "redis-cart");
  REQUIRE(redis);
  CHECK(redis->kind == model::InteractionKind::Database);
  CHECK(find_service(r.graph, "redis-cart")->kind == model::ServiceKind::Cache);
  CHECK(find_service(r.graph, "frontend")->kind == model::ServiceKind::Service);

  // The dangling reference is reported, not turned into a node.
  CHECK(find_service(r.graph, "shoppingassistantservice") == nullptr);
  CHECK(r.diagnostics.count("unresolved-reference") == 1);
  CHECK(test::diagnostic_messages(r.diagnostics, "unresolved-reference") ==
        "env SHOPPING_ASSISTANT_SERVICE_ADDR=shoppingassistantservice:80 in Deployment/frontend names host "
        "shoppingassistantservice (not a Service in the input)\n");
  CHECK(r.diagnostics.count("ignored-kind") == 11);  // ServiceAccounts

  // frontend-external is an alias of frontend: its port and source land on frontend.
  const auto& f = find_service(r.graph, "frontend")->deployment;
  CHECK(f.replicas == 1);
  CHECK(f.cpu_request_millicores == doctest::Approx(100));
  CHECK(f.cpu_limit_millicores == doctest::Approx(200));
  CHECK(f.memory_request_bytes == doctest::Approx(64.0 * 1024 * 1024));
  CHECK(f.memory_limit_bytes == doctest::Approx(128.0 * 1024 * 1024));
  CHECK(f.ports == std::vector<int>{80, 8080});
  CHECK(f.images == Names{"us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/frontend:v0.10.6"});
  CHECK(f.sources == Names{"Deployment/frontend (k8s-online-boutique.yaml)",
                           "Service/frontend (k8s-online-boutique.yaml)",
                           "Service/frontend-external (k8s-online-boutique.yaml)"});
  CHECK(find_service(r.graph, "emailservice")->deployment.ports == std::vector<int>{5000, 8080});

  auto sg = test::service_graph(r.graph);
  CHECK(sg.nodes.size() == 12);
  CHECK(test::has_service_edge(sg, "frontend", "cartservice"));
  CHECK_FALSE(test::has_service_edge(sg, "cartservice", "frontend"));
}

TEST_CASE("kubernetes: bookinfo merges reviews-v1/v2/v3 as versions of reviews; trailing empty document") {
  auto r = import_kubernetes({InputFile::read(test::corpus_path("k8s-istio-bookinfo.yaml"))});
  CHECK(r.objects == std::vector<std::uint64_t>{14});  // 15 documents, the last one empty
  CHECK(service_names(r.graph) == Names{"details", "productpage", "ratings", "reviews"});
  const auto& reviews = find_service(r.graph, "reviews")->deployment;
  CHECK(reviews.replicas == 3);
  CHECK(reviews.images.size() == 3);
  CHECK(reviews.ports == std::vector<int>{9080});
  CHECK(reviews.sources.size() == 4);
  CHECK(declared_edges(r.graph).empty());  // Bookinfo's calls are in code, not manifests
  CHECK(r.diagnostics.count("unresolved-reference") == 0);
  CHECK(r.diagnostics.count("ignored-kind") == 4);
}

TEST_CASE("kubernetes: sock shop gives 14 services, user -> user-db and the zipkin FQDN reported") {
  auto r = import_kubernetes({InputFile::read(test::corpus_path("k8s-sock-shop.yaml"))});
  CHECK(r.objects == std::vector<std::uint64_t>{29});
  CHECK(service_names(r.graph).size() == 14);
  CHECK(declared_edges(r.graph) == Names{"user->user-db"});
  CHECK(declared_edge(r.graph, "user", "user-db")->evidence == "env mongo=user-db:27017 in Deployment/user");
  CHECK(find_service(r.graph, "rabbitmq")->kind == model::ServiceKind::Broker);
  CHECK(find_service(r.graph, "user-db")->kind == model::ServiceKind::Database);
  CHECK(find_service(r.graph, "session-db")->kind == model::ServiceKind::Cache);  // image redis:alpine
  CHECK(find_service(r.graph, "payment")->deployment.cpu_request_millicores == doctest::Approx(99));
  CHECK(r.diagnostics.count("unresolved-reference") == 1);
  CHECK(test::diagnostic_messages(r.diagnostics, "unresolved-reference").find("zipkin.jaeger.svc.cluster.local") !=
        std::string::npos);
}

TEST_CASE("kubernetes: train-ticket parts import together; Deployment jaeger keeps its name behind four Services") {
  std::vector<InputFile> files;
  for (const char* part : {"k8s-train-ticket-with-jaeger-part1.yml", "k8s-train-ticket-with-jaeger-part2.yml",
                           "k8s-train-ticket-with-jaeger-part3.yml"})
    files.push_back(InputFile::read(test::corpus_path(part)));
  auto r = import_kubernetes(files);
  CHECK(r.objects == std::vector<std::uint64_t>{49, 80, 2});
  CHECK(service_names(r.graph).size() == 23 + 40 + 1);
  REQUIRE(find_service(r.graph, "jaeger") != nullptr);
  CHECK(find_service(r.graph, "jaeger")->kind == model::ServiceKind::Telemetry);
  for (const char* alias : {"jaeger-query", "jaeger-collector", "zipkin"})
    CHECK(find_service(r.graph, alias) == nullptr);
  CHECK(find_service(r.graph, "jaeger")->deployment.ports.size() == 8);
  CHECK(find_service(r.graph, "ts-user-mongo")->kind == model::ServiceKind::Database);  // name had a trailing blank
  CHECK(find_service(r.graph, "ts-voucher-mysql")->kind == model::ServiceKind::Database);
  CHECK(find_service(r.graph, "rest-service-collect") == nullptr);  // fully commented out in part 2
  const auto& ui = find_service(r.graph, "ts-ui-dashboard")->deployment;
  CHECK(ui.cpu_request_millicores == doctest::Approx(50));
  CHECK(ui.cpu_limit_millicores == doctest::Approx(500));
  CHECK(ui.memory_request_bytes == doctest::Approx(100.0 * 1024 * 1024));
  CHECK(ui.memory_limit_bytes == doctest::Approx(500.0 * 1024 * 1024));
  CHECK(ui.ports == std::vector<int>{8080});
  CHECK(declared_edges(r.graph).empty());

  auto part2 = import_kubernetes({InputFile::read(test::corpus_path("k8s-train-ticket-with-jaeger-part2.yml"))});
  CHECK(service_names(part2.graph).size() == 40);
}

TEST_CASE("kubernetes: deathstarbench hotel directory gives 19 workloads") {
  auto files = test::yaml_files_under(test::corpus_path("k8s-deathstarbench-hotel"));
  REQUIRE(files.size() == 50);
  auto r = import_kubernetes(files);
  CHECK(r.objects == std::vector<std::uint64_t>(50, 1));
  CHECK(service_names(r.graph).size() == 19);
  CHECK(find_service(r.graph, "mongodb-geo")->kind == model::ServiceKind::Database);
  CHECK(find_service(r.graph, "memcached-rate")->kind == model::ServiceKind::Cache);
  CHECK(find_service(r.graph, "geo")->kind == model::ServiceKind::Service);
  CHECK(find_service(r.graph, "geo")->deployment.cpu_request_millicores == doctest::Approx(100));
  CHECK(find_service(r.graph, "geo")->deployment.cpu_limit_millicores == doctest::Approx(1000));
  CHECK(find_service(r.graph, "geo")->deployment.sources ==
        Names{"Deployment/geo (geo-deployment.yaml)", "Service/geo (geo-service.yaml)"});
  CHECK(r.diagnostics.count("ignored-kind") == 12);  // 6 PersistentVolumes, 6 claims
  CHECK(declared_edges(r.graph).empty());            // they find each other through consul
}

TEST_CASE("kubernetes: deathstarbench media openshift directory gives 33 services") {
  auto files = test::yaml_files_under(test::corpus_path("k8s-deathstarbench-media-openshift"));
  REQUIRE(files.size() == 34);
  auto r = import_kubernetes(files);
  std::uint64_t objects = 0;
  for (auto n : r.objects) objects += n;
  CHECK(objects == 68);
  CHECK(service_names(r.graph).size() == 33);
  CHECK(find_service(r.graph, "jaeger-out") == nullptr);  // a second Service of the jaeger Deployment
  CHECK(find_service(r.graph, "movie-review-redis")->kind == model::ServiceKind::Cache);
  CHECK(r.diagnostics.count("ignored-kind") == 2);  // Namespace, Route
}

// ---------------------------------------------------------------- YAML quirks

TEST_CASE("kubernetes: comment-only, empty, fully commented and trailing documents are skipped") {
  const std::string text = "# leading comment\n---\n# only a comment\n---\n---\n" + deployment("a", "a") +
                           "---\n# apiVersion: v1\n# kind: Service\n# metadata:\n#   name: ghost\n---\n" +
                           service("a", "a") + "...\n---\n";
  auto r = import_kubernetes_text(text);
  CHECK(r.objects == std::vector<std::uint64_t>{2});
  CHECK(service_names(r.graph) == Names{"a"});
}

TEST_CASE("kubernetes: List kinds are unpacked and their items counted") {
  const std::string text =
      "apiVersion: v1\nkind: List\nitems:\n"
      "- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web}\n"
      "  spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: nginx, "
      "env: [{name: DB_HOST, value: db}]}]}}}\n"
      "- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata: {name: db}\n  spec: {replicas: 3, template: {metadata: "
      "{labels: {app: db}}, spec: {containers: [{name: c, image: 'postgres:16'}]}}}\n"
      "- {apiVersion: v1, kind: ServiceAccount, metadata: {name: sa}}\n";
  auto r = import_kubernetes_text(text);
  CHECK(r.objects == std::vector<std::uint64_t>{3});
  CHECK(service_names(r.graph) == Names{"db", "web"});
  CHECK(find_service(r.graph, "db")->deployment.replicas == 3);
  CHECK(find_service(r.graph, "db")->kind == model::ServiceKind::Database);
  CHECK(declared_edges(r.graph) == Names{"web->db"});  // bare host in a *_HOST variable
  CHECK(declared_edge(r.graph, "web", "db")->kind == model::InteractionKind::Database);
  CHECK(r.diagnostics.count("ignored-kind") == 1);
}

TEST_CASE("kubernetes: anchors, aliases and merge keys are followed; self-referencing aliases never hang") {
  const std::string text =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    metadata: {labels: "
      "{app: a}}\n    spec:\n      containers:\n      - &base\n        name: main\n        image: example/a\n"
      "        env: &env\n        - {name: B_ADDR, value: 'b:80'}\n"
      "      - <<: *base\n        name: sidecar\n"
      "---\n" +
      deployment("b", "b") + "---\n" + service("b", "b") +
      "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: loop}\ndata: &loop\n  <<: *loop\n  k: v\n";
  auto r = import_kubernetes_text(text);
  CHECK(declared_edges(r.graph) == Names{"a->b"});
  CHECK(find_service(r.graph, "a")->deployment.images == Names{"example/a"});

  // An alias to its own anchor is a cycle in yaml-cpp's node graph.
  CHECK_NOTHROW(import_kubernetes_text("a: &x [*x]\n"));
  CHECK_NOTHROW(import_kubernetes_text("apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: m, <<: [*m, *m]}\n"));
}

TEST_CASE("kubernetes: duplicates and objects without kind or name are reported, not fatal") {
  const std::string text = deployment("a", "a") + "---\n" + deployment("a", "a") +
                           "---\napiVersion: v1\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Service\nspec: {}\n";
  auto r = import_kubernetes_text(text);
  CHECK(r.objects == std::vector<std::uint64_t>{4});
  CHECK(service_names(r.graph) == Names{"a"});
  CHECK(r.diagnostics.count("duplicate-object") == 1);
  CHECK(r.diagnostics.count("object-without-kind") == 1);
  CHECK(r.diagnostics.count("object-without-name") == 1);
}

TEST_CASE("kubernetes: imports are deterministic") {
  const auto path = test::corpus_path("k8s-online-boutique.yaml");
  auto a = import_kubernetes({InputFile::read(path)});
  auto b = import_kubernetes({InputFile::read(path)});
  CHECK(declared_edges(a.graph) == declared_edges(b.graph));
  CHECK(service_names(a.graph) == service_names(b.graph));
  CHECK(import_kubernetes({}).objects.empty());
}

// ---------------------------------------------------------------- bad input

TEST_CASE("kubernetes: YAML syntax errors give file:line:col") {
  CHECK(error_of("apiVersion: v1\nkind: Service\nmetadata: {name: [a, b\n") ==
        "bad.yaml:4:1: yaml syntax error: end of sequence flow not found");
  CHECK(error_of("a: 1\n b: 2\n").rfind("bad.yaml:2:3: yaml syntax error", 0) == 0);
  CHECK(error_of("kind: Pod\n\t- x\n").rfind("bad.yaml:2:", 0) == 0);
  CHECK(error_of("a: " + std::string(3000, '[') + std::string(3000, ']')) ==
        "bad.yaml:1:6004: yaml nesting too deep: more than 2000 levels, the most yaml-cpp reads");  // no stack overflow
}

TEST_CASE("kubernetes: wrongly typed fields fail at their position") {
  CHECK(error_of("just a string\n") ==
        "bad.yaml:1:1: a kubernetes document must be a mapping with apiVersion and kind");
  CHECK(error_of("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec:\n"
                 "      containers: oops\n") == "bad.yaml:7:19: containers must be a list");
  CHECK(error_of("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  replicas: three\n") ==
        "bad.yaml:5:13: spec.replicas must be a non-negative integer, not 'three'");
  CHECK(error_of(deployment("a", "a", "        resources: {limits: {memory: 12xyz}}\n")) ==
        "bad.yaml:17:38: invalid memory limit quantity '12xyz'");
  CHECK(error_of(deployment("a", "a", "        env: [{name: X, value: [1, 2]}]\n")) ==
        "bad.yaml:17:32: env value must be a single value, not a list or mapping");
  CHECK(error_of("kind: [Deployment]\n") == "bad.yaml:1:7: kind must be a single value, not a list or mapping");
  CHECK(error_of(deployment("a", "a", "        ports: [{containerPort: 70000}]\n")) ==
        "bad.yaml:17:33: containerPort 70000 is out of range");
}
