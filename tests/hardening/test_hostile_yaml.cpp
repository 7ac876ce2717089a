// Hostile YAML manifests: alias bombs ("billion laughs"), deep nesting, byte-order marks,
// CRLF, invalid UTF-8 and NUL bytes, for the Kubernetes and compose importers.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "hardening/hostile_support.hpp"
#include "importers/formats.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using namespace nanoscope::test::hostile;

namespace {

struct Outcome {
  std::string error;
  model::CallGraph graph;
};

Outcome kubernetes(const std::string& name, const std::string& text) {
  Outcome o;
  importers::GraphBuilder b;
  b.set_source(name);
  std::vector<importers::InputFile> files;
  files.push_back(importers::InputFile::from_string(name, text));
  o.error = import_error([&] { (void)importers::import_kubernetes_yaml(files, b); });
  if (o.error.empty()) o.graph = b.finish();
  return o;
}

Outcome compose(const std::string& name, const std::string& text) {
  Outcome o;
  importers::GraphBuilder b;
  b.set_source(name);
  const auto file = importers::InputFile::from_string(name, text);
  o.error = import_error([&] { (void)importers::import_compose_yaml(file, b); });
  if (o.error.empty()) o.graph = b.finish();
  return o;
}

/// Nine levels of nine aliases each: 9^9 (387 million) strings if anything expanded them.
std::string laughs(const std::string& indent) {
  std::string s = indent + "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i <= 9; ++i) {
    s += indent + "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) s += (k ? ", *l" : "*l") + std::to_string(i - 1);
    s += "]\n";
  }
  return s;
}

const std::string kDeployment =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n"
    "    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n";

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("hostile yaml: alias bombs are never expanded (Kubernetes and compose)") {
  const auto t0 = std::chrono::steady_clock::now();
  // The bomb sits in an extension field and is then used where the importer reads a list.
  auto k = kubernetes("bomb.yaml", "x-bomb:\n" + laughs("  ") + kDeployment + "        args: *l9\n");
  CHECK(k.error == "");
  CHECK(k.graph.service_count() == 1);
  auto c = compose("compose.yaml", "x-bomb:\n" + laughs("  ") +
                                       "services:\n  a:\n    image: x\n    command: *l9\n"
                                       "    environment: {TARGET: 'http://b:80'}\n  b:\n    image: y\n");
  CHECK(c.error == "");
  CHECK(test::has_service_edge(test::service_graph(c.graph), "a", "b"));
  CHECK(seconds_since(t0) < 20.0);  // expanded, 9^9 nodes would take minutes and gigabytes
}

TEST_CASE("hostile yaml: deep nesting is a one-line error at its position") {
  auto flow = kubernetes("deep.yaml", kDeployment + "        args: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  CHECK(flow.error.starts_with("deep.yaml:14:"));
  CHECK(flow.error.find("yaml nesting too deep") != std::string::npos);
  std::string labels = "services:\n  a:\n    image: x\n    labels:\n";
  for (std::size_t i = 0; i < 3000; ++i) labels += std::string(6 + 2 * i, ' ') + "a:\n";
  auto nested = compose("deep-compose.yaml", labels);
  CHECK(nested.error.find("yaml nesting too deep") != std::string::npos);
  CHECK(one_line(nested.error));
}

TEST_CASE("hostile yaml: a byte-order mark and CRLF line endings are read like plain LF") {
  std::string crlf;
  for (char ch : kDeployment) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  for (const auto& text : {"\xEF\xBB\xBF" + kDeployment, crlf, "\xEF\xBB\xBF" + crlf}) {
    auto k = kubernetes("k.yaml", text);
    CHECK(k.error == "");
    CHECK(k.graph.service_count() == 1);
    CHECK(k.graph.services().front().name == "web");
  }
}

TEST_CASE("hostile yaml: invalid UTF-8 and NUL bytes are errors at their line and column") {
  std::string bad = kDeployment;
  bad.replace(bad.find("name: web"), 9, "name: w\xFF" "eb");
  CHECK(kubernetes("bad.yaml", bad).error == "bad.yaml:4:10: invalid UTF-8 (the input must be UTF-8 text)");
  std::string nul = kDeployment;
  nul.replace(nul.find("name: web"), 9, std::string("name: w\0eb", 10));
  CHECK(kubernetes("nul.yaml", nul).error == "nul.yaml:4:10: NUL byte in text (is this a binary file?)");
  CHECK(compose("c.yaml", "services:\n  a:\n    image: \xC0\xAF\n").error.starts_with("c.yaml:3:12: invalid UTF-8"));
}

TEST_CASE("hostile yaml: a document starting with a stray ',' is an error, not yaml-cpp 0.7's endless loop") {
  // Found by fuzz/run.sh compose_yaml: YAML::LoadAll() added empty documents forever (memory
  // grew by ~350 MB/s) on this input (jbeder/yaml-cpp#1040).
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(compose("comma.yaml", ", x\nservices:").error == "comma.yaml:1:1: yaml syntax error: unexpected token");
  CHECK(kubernetes("comma.yaml", ",").error == "comma.yaml:1:1: yaml syntax error: unexpected token");
  // Several documents, the stray comma in the second.
  CHECK(kubernetes("multi.yaml", kDeployment + "---\n, x\n").error.starts_with("multi.yaml:15:"));
  CHECK(seconds_since(t0) < 20.0);
}
