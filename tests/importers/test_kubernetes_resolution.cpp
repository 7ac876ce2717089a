// Kubernetes importer: workloads keep their names with Services as aliases (versions of one
// app merge), how env values (literal,
// $(VAR)-expanded, from ConfigMaps) resolve to hosts, workload kinds and resource facts.
#include <doctest/doctest.h>

#include "manifest_test_support.hpp"

using namespace nanoscope;
using importers::InputFile;
using test::callees_of;
using test::declared_edge;
using test::declared_edges;
using test::deployment;
using test::env_var;
using test::find_service;
using test::import_kubernetes;
using test::import_kubernetes_text;
using test::service;
using test::service_names;
using Names = std::vector<std::string>;

TEST_CASE("kubernetes: callers name the Service; versions of one app it selects merge under the app name") {
  const std::string text = deployment("api-v1", "api") + "---\n" + deployment("api-v2", "api") + "---\n" +
                           service("api", "api", 8080) + "---\n" +
                           deployment("web", "web", env_var("API_URL", "http://api:8080/v1/items")) + "---\n" +
                           service("web", "web") + "---\n" + service("web-lb", "web", 443);
  auto r = import_kubernetes_text(text);
  CHECK(service_names(r.graph) == Names{"api", "web"});
  CHECK(find_service(r.graph, "api")->deployment.replicas == 2);
  CHECK(find_service(r.graph, "web")->deployment.ports == std::vector<int>{80, 443});
  CHECK(declared_edges(r.graph) == Names{"web->api"});
  CHECK(declared_edge(r.graph, "web", "api")->evidence == "env API_URL=http://api:8080/v1/items in Deployment/web");
}

TEST_CASE("kubernetes: workloads keep their names; every Service selecting them is an alias") {
  // OpenTelemetry demo / train-ticket style: one Deployment jaeger behind three Services.
  auto jaeger = [](const std::string& name) {
    return "apiVersion: v1\nkind: Service\nmetadata: {name: " + name +
           "}\nspec: {selector: {app: jaeger}, ports: [{port: 1}]}\n---\n";
  };
  const std::string text = deployment("jaeger", "jaeger") + "---\n" + jaeger("jaeger-agent") +
                           jaeger("jaeger-collector") + jaeger("jaeger-query") +
                           deployment("api", "api",
                                      "        env:\n"
                                      "        - {name: TRACES, value: 'http://jaeger-collector:14268/api/traces'}\n"
                                      "        - {name: UI, value: 'jaeger-query.default.svc.cluster.local:16686'}\n");
  auto r = import_kubernetes_text(text);
  CHECK(service_names(r.graph) == Names{"api", "jaeger"});
  CHECK(declared_edges(r.graph) == Names{"api->jaeger"});
  CHECK(find_service(r.graph, "jaeger")->kind == model::ServiceKind::Telemetry);
}

TEST_CASE("kubernetes: a Service selecting unrelated workloads reaches each of them, with an info") {
  auto worker = [](const std::string& name, const std::string& tier) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name +
           "}\nspec:\n  template:\n    metadata: {labels: {team: jobs, tier: " + tier +
           "}}\n    spec: {containers: [{name: c, image: busybox}]}\n";
  };
  auto svc = [](const std::string& name, const std::string& selector) {
    return "apiVersion: v1\nkind: Service\nmetadata: {name: " + name + "}\nspec: {selector: " + selector + "}\n";
  };
  const std::string text = worker("worker-a", "a") + "---\n" + worker("worker-b", "b") + "---\n" +
                           svc("a-direct", "{team: jobs, tier: a}") + "---\n" + svc("pool", "{team: jobs}") +
                           "---\n" +
                           deployment("client", "client",
                                      "        env:\n        - {name: ONE, value: 'a-direct:80'}\n"
                                      "        - {name: ALL, value: 'pool:80'}\n");
  auto r = import_kubernetes_text(text);
  CHECK(service_names(r.graph) == Names{"client", "worker-a", "worker-b"});
  CHECK(declared_edges(r.graph) == Names{"client->worker-a", "client->worker-b"});
  CHECK(declared_edge(r.graph, "client", "worker-b")->evidence == "env ALL=pool:80 in Deployment/client");
  CHECK(r.diagnostics.count("service-selects-several-workloads") == 1);
  CHECK(test::diagnostic_messages(r.diagnostics, "service-selects-several-workloads") ==
        "Service/pool selects 2 workloads without one app name (worker-a, worker-b); references to it reach each of "
        "them\n");
}

TEST_CASE("kubernetes: a bare word equal to a service name is an info, not a dependency") {
  const std::string text = deployment("prometheus", "prometheus") + "---\n" + service("prometheus", "prometheus") +
                           "---\n" +
                           deployment("jaeger", "jaeger",
                                      "        env:\n"
                                      "        - {name: METRICS_STORAGE_TYPE, value: prometheus}\n"
                                      "        - {name: PROMETHEUS_SERVER_URL, value: 'http://prometheus:9090'}\n") +
                           "---\n" +
                           deployment("grafana", "grafana", env_var("METRICS_HOST", "prometheus")) + "---\n" +
                           deployment("loki", "loki", env_var("STORAGE", "prometheus.default"));
  auto r = import_kubernetes_text(text);
  // Only the URL, the address-named variable and the dotted name make edges.
  CHECK(declared_edges(r.graph) == Names{"grafana->prometheus", "jaeger->prometheus", "loki->prometheus"});
  CHECK(declared_edge(r.graph, "jaeger", "prometheus")->evidence ==
        "env PROMETHEUS_SERVER_URL=http://prometheus:9090 in Deployment/jaeger");
  CHECK(r.diagnostics.count("bare-word-reference") == 1);
  CHECK(test::diagnostic_messages(r.diagnostics, "bare-word-reference") ==
        "env METRICS_STORAGE_TYPE=prometheus in Deployment/jaeger equals service prometheus but is not an address; "
        "no dependency\n");
  CHECK(r.diagnostics.sorted().front().file == "inline.yaml");
}

TEST_CASE("kubernetes: Services without selector or workload are services of their own") {
  const std::string text =
      "apiVersion: v1\nkind: Service\nmetadata: {name: payments-api}\nspec:\n  type: ExternalName\n  externalName: "
      "api.example.com\n---\n"
      "apiVersion: v1\nkind: Service\nmetadata: {name: legacy-db}\nspec:\n  ports: [{port: 5432}]\n---\n" +
      deployment("shop", "shop",
                 "        env:\n        - {name: PAY, value: 'https://payments-api/charge'}\n"
                 "        - {name: DB, value: 'legacy-db:5432'}\n");
  auto r = import_kubernetes_text(text);
  CHECK(service_names(r.graph) == Names{"legacy-db", "payments-api", "shop"});
  CHECK(find_service(r.graph, "payments-api")->kind == model::ServiceKind::External);
  CHECK(find_service(r.graph, "legacy-db")->kind == model::ServiceKind::Database);
  CHECK(find_service(r.graph, "legacy-db")->deployment.ports == std::vector<int>{5432});
  CHECK(declared_edges(r.graph) == Names{"shop->legacy-db", "shop->payments-api"});
  CHECK(r.diagnostics.count("service-without-workload") == 2);
}

TEST_CASE("kubernetes: FQDN, URL and user@host forms resolve; other namespaces do not") {
  std::string text;
  const char* targets[] = {"s1", "s2", "s3", "s4", "s5", "s6", "s7"};
  for (const char* t : targets) text += "---\n" + deployment(t, t) + "---\n" + service(t, t);  // no namespace: any
  text += "---\n" + deployment("caller", "caller",
                               "        env:\n"
                               "        - {name: A, value: 's1.shop:80'}\n"
                               "        - {name: B, value: 's2.shop.svc'}\n"
                               "        - {name: C, value: 'http://s3.shop.svc.cluster.local:9000/x'}\n"
                               "        - {name: D, value: 'amqp://guest:secret@s4:5672'}\n"
                               "        - {name: E, value: 's5:1,s6:2'}\n"
                               "        - {name: F, value: '-Dbroker=s7:61616 -Xmx1g'}\n"
                               "        - {name: G, value: 'ghost.other.svc.cluster.local'}\n");
  auto r = import_kubernetes_text(text);
  CHECK(callees_of(r.graph, "caller") == Names{"s1", "s2", "s3", "s4", "s5", "s6", "s7"});
  CHECK(declared_edge(r.graph, "caller", "s4")->evidence == "env D=amqp://guest:***@s4:5672 in Deployment/caller");
  CHECK(r.diagnostics.count("unresolved-reference") == 1);  // the bare FQDN is clearly a host

  const std::string namespaced =
      "apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: prod}\nspec: {selector: {app: db}}\n---\n"
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: prod}\nspec: {template: {metadata: "
      "{labels: {app: db}}, spec: {containers: [{name: c, image: mongo}]}}}\n---\n"
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app, namespace: dev}\nspec: {template: {metadata: "
      "{labels: {app: app}}, spec: {containers: [{name: c, image: x, env: [{name: A, value: 'db:27017'}, "
      "{name: B, value: 'db.prod:27017'}]}]}}}\n";
  auto n = import_kubernetes_text(namespaced);
  CHECK(declared_edges(n.graph) == Names{"app->db"});
  CHECK(declared_edge(n.graph, "app", "db")->evidence == "env B=db.prod:27017 in Deployment/app");
  CHECK(n.diagnostics.count("unresolved-reference") == 1);  // plain "db" from namespace dev
}

TEST_CASE("kubernetes: $(VAR) expands earlier env vars of the same container; $$( escapes") {
  const std::string text = deployment("b", "b") + "---\n" + service("b", "b") + "---\n" + deployment("c", "c") +
                           "---\n" + service("c", "c") + "---\n" +
                           deployment("a", "a",
                                      "        env:\n"
                                      "        - {name: HOST, value: b}\n"
                                      "        - {name: PORT, value: '8080'}\n"
                                      "        - {name: TARGET, value: 'http://$(HOST):$(PORT)/api'}\n"
                                      "        - {name: LITERAL, value: '$$(C_HOST):1'}\n"
                                      "        - {name: LATER, value: '$(NOT_YET)'}\n"
                                      "        - {name: NOT_YET, value: 'c:1'}\n");
  auto r = import_kubernetes_text(text);
  CHECK(declared_edges(r.graph) == Names{"a->b", "a->c"});
  const auto* ab = declared_edge(r.graph, "a", "b");
  CHECK(ab->evidence == "env HOST=b in Deployment/a; env TARGET=http://b:8080/api in Deployment/a");
  CHECK(declared_edge(r.graph, "a", "c")->evidence == "env NOT_YET=c:1 in Deployment/a");
  CHECK(r.diagnostics.count("unresolved-reference") == 0);
}

TEST_CASE("kubernetes: env values from ConfigMaps (configMapKeyRef, envFrom with prefix) resolve across files") {
  std::vector<InputFile> files;
  files.push_back(InputFile::from_string(
      "config.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: endpoints}\ndata:\n  cart: 'http://cart:7070'\n"
      "  queue: 'amqp://rabbitmq:5672'\n  mode: fast\n"));
  files.push_back(InputFile::from_string(
      "web.yaml", deployment("web", "web",
                             "        envFrom:\n        - configMapRef: {name: endpoints}\n          prefix: EP_\n"
                             "        env:\n        - name: CART\n          valueFrom:\n            configMapKeyRef: "
                             "{name: endpoints, key: cart}\n"
                             "        - name: MISSING\n          valueFrom:\n            configMapKeyRef: {name: "
                             "absent, key: x}\n"
                             "        - name: SECRET\n          valueFrom:\n            secretKeyRef: {name: s, key: "
                             "k}\n")));
  files.push_back(InputFile::from_string("backends.yaml", deployment("cart", "cart") + "---\n" +
                                                              service("cart", "cart") + "---\n" +
                                                              deployment("rabbitmq", "mq") + "---\n" +
                                                              service("rabbitmq", "mq")));
  auto r = import_kubernetes(files);
  CHECK(r.objects == std::vector<std::uint64_t>{1, 1, 4});
  CHECK(declared_edges(r.graph) == Names{"web->cart", "web->rabbitmq"});
  CHECK(declared_edge(r.graph, "web", "cart")->evidence ==
        "env EP_cart=http://cart:7070 (ConfigMap/endpoints) in Deployment/web; "
        "env CART=http://cart:7070 (ConfigMap/endpoints) in Deployment/web");
  CHECK(declared_edge(r.graph, "web", "rabbitmq")->kind == model::InteractionKind::Async);
  CHECK(r.diagnostics.count("missing-configmap") == 1);
}

TEST_CASE("kubernetes: plain values, self references and not-host names are ignored silently") {
  const std::string text = deployment("orders", "orders") + "---\n" + service("orders", "orders") + "---\n" +
                           deployment("api", "api",
                                      "        env:\n"
                                      "        - {name: ENABLED, value: 'true'}\n"
                                      "        - {name: PORT, value: '8080'}\n"
                                      "        - {name: LOG_DIR, value: /tmp/logs}\n"
                                      "        - {name: LEVEL, value: info}\n"
                                      "        - {name: JAVA_OPTS, value: '-Xmx128m -Dfile=file:/dev/urandom'}\n"
                                      "        - {name: SELF_ADDR, value: 'api:80'}\n"
                                      "        - {name: OTEL_SERVICE_NAME, value: orders}\n"
                                      "        - {name: LISTEN, value: '0.0.0.0:8080'}\n"
                                      "        - {name: LOCAL_URL, value: 'http://localhost:9000'}\n"
                                      "        - {name: WORD, value: unknownthing}\n") +
                           "---\n" + service("api", "api");
  auto r = import_kubernetes_text(text);
  CHECK(declared_edges(r.graph).empty());
  CHECK(r.diagnostics.count("unresolved-reference") == 0);
  // The same unknown word in a *_HOST variable is worth a warning.
  auto w = import_kubernetes_text(deployment("api", "api", env_var("CACHE_HOST", "memcache")));
  CHECK(w.diagnostics.count("unresolved-reference") == 1);
  CHECK(find_service(w.graph, "memcache") == nullptr);
}

TEST_CASE("kubernetes: every workload kind and its replica semantics") {
  auto pod = [](const std::string& labels) {
    return "template:\n    metadata: {labels: " + labels + "}\n    spec: {containers: [{name: c, image: busybox}]}\n";
  };
  const std::string text =
      "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  " + pod("{app: agent}") + "---\n" +
      "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  replicas: 4\n  " + pod("{app: rs}") +
      "---\n" + "apiVersion: batch/v1\nkind: Job\nmetadata: {name: job}\nspec:\n  parallelism: 2\n  " +
      pod("{app: job}") + "---\n" +
      "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cron}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n"
      "    spec:\n      template:\n        metadata: {labels: {app: cron}}\n        spec:\n          containers:\n"
      "          - name: c\n            image: busybox\n            env: [{name: TARGET_URL, value: 'http://rs'}]\n"
      "---\napiVersion: v1\nkind: Pod\nmetadata: {name: solo, labels: {app: solo}}\nspec: {containers: [{name: c, "
      "image: busybox, env: [{name: X, value: 'job:1'}]}]}\n---\n" +
      "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: sts}\nspec:\n  " + pod("{app: sts}") + "---\n" +
      service("rs", "rs") + "---\n" + service("job", "job");
  auto r = import_kubernetes_text(text);
  CHECK(service_names(r.graph) == Names{"agent", "cron", "job", "rs", "solo", "sts"});
  CHECK_FALSE(find_service(r.graph, "agent")->deployment.replicas.has_value());
  CHECK(find_service(r.graph, "rs")->deployment.replicas == 4);
  CHECK(find_service(r.graph, "job")->deployment.replicas == 2);
  CHECK(find_service(r.graph, "cron")->deployment.replicas == 1);
  CHECK(find_service(r.graph, "solo")->deployment.replicas == 1);
  CHECK(find_service(r.graph, "sts")->deployment.replicas == 1);
  CHECK(declared_edges(r.graph) == Names{"cron->rs", "solo->job"});
  CHECK(find_service(r.graph, "cron")->deployment.sources == Names{"CronJob/cron (inline.yaml)"});
}

TEST_CASE("kubernetes: resource quantities in every notation; containers of a pod add up") {
  const std::string resources =
      "        resources:\n          requests: {cpu: '0.5', memory: 1e3}\n          limits: {cpu: 1, memory: 128M}\n"
      "      - name: sidecar\n        image: envoy\n        resources:\n          requests: {cpu: 250m, memory: 1Gi}\n"
      "          limits: {cpu: '1.5', memory: 64Mi}\n";
  auto r = import_kubernetes_text(deployment("app", "app", resources));
  const auto& d = find_service(r.graph, "app")->deployment;
  CHECK(d.cpu_request_millicores == doctest::Approx(750));
  CHECK(d.cpu_limit_millicores == doctest::Approx(2500));
  CHECK(d.memory_request_bytes == doctest::Approx(1000.0 + 1073741824.0));
  CHECK(d.memory_limit_bytes == doctest::Approx(128e6 + 64.0 * 1048576));
  CHECK(d.images == Names{"envoy", "example/app:1"});
}

