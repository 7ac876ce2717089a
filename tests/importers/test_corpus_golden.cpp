// Every file of the shared corpus imports without error, and its graph is pinned by a golden
// file (UPDATE_GOLDEN=1 rewrites them for review). A few are also pinned in every format.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "importers/graph_writers.hpp"
#include "importers/import_set.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

// Input names as in ../shared/corpus/MANIFEST.md (the .env is read with its compose file).
const char* const kCorpus[] = {
    "compose-deathstarbench-social-swarm.yml", "compose-deathstarbench-social.yml", "compose-jaeger-hotrod.yml",
    "compose-opentelemetry-demo.yaml", "compose-train-ticket.yml", "csv-deathstarbench-social-callgraph.csv",
    "jaeger-deathstarbench-social-20traces.json", "jaeger-deps-small.json", "jaeger-ui-otlp2jaeger-multi-out.json",
    "jaeger-ui-petclinic-normal.json", "jaeger-ui-petclinic-trace.json", "jaeger-uimodel-ui-01.json",
    "k8s-deathstarbench-hotel", "k8s-deathstarbench-media-openshift", "k8s-istio-bookinfo.yaml",
    "k8s-online-boutique.yaml", "k8s-sock-shop.yaml", "k8s-train-ticket-with-jaeger-part1.yml",
    "k8s-train-ticket-with-jaeger-part2.yml", "k8s-train-ticket-with-jaeger-part3.yml",
    "otlp-jaeger-memory-fixture-traces.json", "otlp-jaeger-telemetrygen-trace.json",
    "otlp-jaeger-ui-multi-in-combined.json", "otlp-proto-example-trace.json", "zipkin-ascend.json",
    "zipkin-benchmark-client.json", "zipkin-messaging-kafka.json", "zipkin-messaging.json", "zipkin-skew.json",
    "zipkin-smartthings-oauth-authorization.json", "zipkin-yelp.json",
};

// Paths in diagnostics depend on where the corpus sits; golden files say "corpus/".
std::string normalise(std::string text) {
  const std::string dir = std::string(NANOSCOPE_CORPUS_DIR) + "/";
  for (auto pos = text.find(dir); pos != std::string::npos; pos = text.find(dir, pos)) text.replace(pos, dir.size(), "corpus/");
  return text;
}

std::string render(const importers::ImportResult& r, importers::GraphFormat format) {
  std::ostringstream out;
  importers::write_graph(out, format, r.graph, &r.diagnostics);
  return normalise(out.str());
}

}  // namespace

TEST_CASE("corpus: every file imports and matches its golden graph") {
  for (const char* name : kCorpus) {
    CAPTURE(name);
    importers::ImportResult result;
    REQUIRE_NOTHROW(result = importers::import_inputs({test::corpus_path(name)}));
    CHECK(result.graph.service_count() > 0);
    CHECK(test::check_golden(std::string("corpus/") + name + ".json", render(result, importers::GraphFormat::Json)) == "");
  }
}

TEST_CASE("corpus: the whole corpus directory imports as one graph") {
  importers::ImportResult result;
  REQUIRE_NOTHROW(result = importers::import_inputs({NANOSCOPE_CORPUS_DIR}));
  CHECK(result.files.size() >= 100);  // files in MANIFEST.md
  // Skipped: MANIFEST.md itself and the formats MANIFEST.md lists as "added later" that no
  // importer reads yet (Kiali graph JSON, OTLP protobuf and its text form). Every other file
  // is read; a Kiali graph is never mistaken for a Jaeger trace.
  std::vector<std::string> skipped;
  for (const auto& f : result.files)
    if (f.format == "skipped") skipped.push_back(f.path.substr(f.path.find_last_of('/') + 1));
  std::sort(skipped.begin(), skipped.end());
  CHECK(skipped == std::vector<std::string>{"MANIFEST.md", "kiali-graph-app.json", "kiali-graph-service.json",
                                            "kiali-graph-workload.json", "otlp-proto-example-trace.protobuf-bin",
                                            "otlp-proto-example-trace.protobuf-text"});
  CHECK(result.diagnostics.count("skipped-file") == skipped.size());
}

TEST_CASE("corpus: graphs in every output format are pinned") {
  for (const char* name : {"jaeger-deathstarbench-social-20traces.json", "k8s-online-boutique.yaml"}) {
    CAPTURE(name);
    auto result = importers::import_inputs({test::corpus_path(name)});
    const std::string base = std::string("formats/") + name;
    CHECK(test::check_golden(base + ".dot", render(result, importers::GraphFormat::Dot)) == "");
    CHECK(test::check_golden(base + ".graphml", render(result, importers::GraphFormat::GraphMl)) == "");
    CHECK(test::check_golden(base + ".csv", render(result, importers::GraphFormat::Csv)) == "");
  }
}

TEST_CASE("graph json: a written graph re-imports to the same graph") {
  for (const char* name : {"jaeger-deathstarbench-social-20traces.json", "zipkin-messaging-kafka.json", "k8s-online-boutique.yaml"}) {
    CAPTURE(name);
    auto first = importers::import_inputs({test::corpus_path(name)});
    std::ostringstream once;
    importers::write_graph_json(once, first.graph, nullptr);
    importers::GraphBuilder b;
    importers::import_nanoscope_graph(importers::InputFile::from_string("graph.json", once.str()), b);
    auto again = b.finish();
    std::ostringstream twice;
    importers::write_graph_json(twice, again, nullptr);
    CHECK(once.str() == twice.str());
  }
}
