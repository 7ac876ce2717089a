// Every file of the shared corpus imports without error, and its graph is pinned by a golden
// file (UPDATE_GOLDEN=1 rewrites them for review). A few are also pinned in every format.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "importers/graph_writers.hpp"
#include "importers/import_set.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

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
  for (const auto& name : test::corpus_inputs()) {
    CAPTURE(name);
    importers::ImportResult result;
    REQUIRE_NOTHROW(result = importers::import_inputs({test::corpus_path(name)}));
    CHECK(result.graph.service_count() > 0);
    CHECK(test::check_golden("corpus/" + name + ".json", render(result, importers::GraphFormat::Json)) == "");
  }
}

TEST_CASE("corpus: the whole corpus directory imports as one graph") {
  importers::ImportResult result;
  REQUIRE_NOTHROW(result = importers::import_inputs({NANOSCOPE_CORPUS_DIR}));
  CHECK(result.files.size() >= 100);  // files in MANIFEST.md
  // Skipped: MANIFEST.md itself and the protobuf text form (no input format: a reading aid).
  // Every other file is read; a Kiali graph is read as one, never mistaken for a Jaeger trace.
  std::vector<std::string> skipped, kiali;
  for (const auto& f : result.files) {
    const std::string name = f.path.substr(f.path.find_last_of('/') + 1);
    if (f.format == "skipped") skipped.push_back(name);
    if (f.format == "kiali-graph") kiali.push_back(name);
    if (name == "otlp-proto-example-trace.protobuf-bin") CHECK(f.format == "otlp-protobuf");
  }
  std::sort(skipped.begin(), skipped.end());
  std::sort(kiali.begin(), kiali.end());
  CHECK(skipped == std::vector<std::string>{"MANIFEST.md", "otlp-proto-example-trace.protobuf-text"});
  CHECK(kiali == std::vector<std::string>{"kiali-graph-app.json", "kiali-graph-service.json", "kiali-graph-workload.json"});
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

TEST_CASE("graph json: import, export, import, export is byte-identical for every corpus input") {
  // Diagnostics and provenance (inputs, per-service and per-edge input indices) survive the
  // re-import: the second file equals the first byte for byte.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("nanoscope-round-trip-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<std::string> inputs;
  for (const auto& name : test::corpus_inputs()) inputs.push_back(test::corpus_path(name));
  inputs.push_back(NANOSCOPE_CORPUS_DIR);  // everything at once: many inputs, many diagnostics
  for (const auto& input : inputs) {
    CAPTURE(input);
    const auto first = importers::import_inputs({input});
    std::ostringstream once;
    importers::write_graph_json(once, first.graph, &first.diagnostics);
    const std::string saved = (dir / "graph.json").string();
    {
      std::ofstream out(saved, std::ios::binary);
      out << once.str();
    }
    const auto again = importers::import_inputs({saved});
    std::ostringstream twice;
    importers::write_graph_json(twice, again.graph, &again.diagnostics);
    CHECK(once.str() == twice.str());
    CHECK(again.graph.inputs == first.graph.inputs);
    CHECK(!first.graph.inputs.empty());
    CHECK(again.diagnostics.sorted().size() == first.diagnostics.sorted().size());
  }
  fs::remove_all(dir);
}

TEST_CASE("provenance: every service and edge of an import names the inputs that mention it") {
  const auto r = importers::import_inputs(
      {test::corpus_path("zipkin-yelp.json"), test::corpus_path("jaeger-ui-petclinic-trace.json")});
  REQUIRE(r.graph.inputs.size() == 2);
  CHECK(r.graph.inputs[0].format == "zipkin-json");
  CHECK(r.graph.inputs[0].records == 16);
  CHECK(r.graph.inputs[0].traces == 1);
  CHECK(r.graph.inputs[0].has_window());
  CHECK(r.graph.inputs[1].records == 17);
  for (const auto& s : r.graph.services()) {
    CAPTURE(s.name);
    REQUIRE(s.inputs.size() == 1);
    const bool petclinic = s.name == "api-gateway" || s.name == "customers-service";
    CHECK(s.inputs[0] == (petclinic ? 1u : 0u));
  }
  for (const auto& e : r.graph.edges()) {
    REQUIRE(e.inputs.size() == 1);
    CHECK(e.inputs == r.graph.service(r.graph.operation(e.from).service).inputs);
  }
  // The graph's window is the union of its inputs'.
  CHECK(*r.graph.window_start_us == std::min(*r.graph.inputs[0].window_start_us, *r.graph.inputs[1].window_start_us));
  CHECK(*r.graph.window_end_us == std::max(*r.graph.inputs[0].window_end_us, *r.graph.inputs[1].window_end_us));
  CHECK(r.graph.trace_count == r.graph.inputs[0].traces + r.graph.inputs[1].traces);
}
