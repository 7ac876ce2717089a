// Implementation of the shared test helpers.
#include "support/test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "model/partition.hpp"

namespace nanoscope::test {

std::string corpus_path(std::string_view name) { return std::string(NANOSCOPE_CORPUS_DIR) + "/" + std::string(name); }

const std::vector<std::string>& corpus_inputs() {
  static const std::vector<std::string> inputs = {
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
  return inputs;
}

std::vector<std::string> corpus_trace_inputs() {
  std::vector<std::string> traces;
  for (const auto& name : corpus_inputs())
    if (name.rfind("compose-", 0) != 0 && name.rfind("k8s-", 0) != 0) traces.push_back(name);
  return traces;
}
std::string golden_path(std::string_view name) { return std::string(NANOSCOPE_GOLDEN_DIR) + "/" + std::string(name); }

std::filesystem::path fresh_temp_dir(std::string_view name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("nanoscope-" + std::string(name) + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string check_golden(std::string_view name, const std::string& actual) {
  const std::string path = golden_path(name);
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary);
    out << actual;
    return out ? "" : "cannot write " + path;
  }
  std::string expected = read_text(path);
  if (expected == actual) return "";
  if (expected.empty()) return "golden file missing or empty: " + path + " (run with UPDATE_GOLDEN=1)";
  std::size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  std::size_t line = 1 + static_cast<std::size_t>(std::count(expected.begin(), expected.begin() + static_cast<long>(i), '\n'));
  return "differs from " + path + " at line " + std::to_string(line);
}

model::ServiceGraph service_graph(const model::CallGraph& graph) {
  return model::derive_service_graph(graph, model::Partition::observed(graph));
}

std::uint64_t service_calls(const model::ServiceGraph& graph, const std::string& from, const std::string& to) {
  int f = graph.find(from), t = graph.find(to);
  std::uint64_t calls = 0;
  for (const auto& e : graph.edges)
    if (static_cast<int>(e.from) == f && static_cast<int>(e.to) == t) calls += e.calls;
  return calls;
}

bool has_service_edge(const model::ServiceGraph& graph, const std::string& from, const std::string& to) {
  int f = graph.find(from), t = graph.find(to);
  for (const auto& e : graph.edges)
    if (static_cast<int>(e.from) == f && static_cast<int>(e.to) == t) return true;
  return false;
}

CliRun run_cli(const std::string& args, bool with_stderr) {
  CliRun r;
  const std::string cmd = std::string(NANOSCOPE_BINARY) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  while (p && fgets(buf.data(), buf.size(), p)) r.out += buf.data();
  const int status = p ? pclose(p) : -1;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

importers::SpanRecord span_record(std::string_view trace, std::string_view id, std::string_view parent,
                                  std::string_view service, std::string_view op, std::optional<std::int64_t> start,
                                  std::int64_t duration, importers::SpanKind kind) {
  importers::SpanRecord s;
  s.trace_id = trace;
  s.span_id = id;
  s.parent_id = parent;
  s.service = service;
  s.operation = op;
  s.start_us = start;
  s.duration_us = duration;
  s.kind = kind;
  return s;
}

const model::Edge* find_edge(const model::CallGraph& g, std::string_view from_service, std::string_view from_op,
                             std::string_view to_service, std::string_view to_op, model::InteractionKind kind) {
  auto a = g.find_service(from_service), b = g.find_service(to_service);
  if (!a || !b) return nullptr;
  auto x = g.find_operation(*a, from_op), y = g.find_operation(*b, to_op);
  if (!x || !y) return nullptr;
  auto e = g.find_edge(*x, *y, kind);
  return e ? &g.edge(*e) : nullptr;
}

}  // namespace nanoscope::test
