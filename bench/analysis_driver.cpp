// Benchmark driver for the coupling analysis: reads an edge list from nanoscope-gen-graph,
// builds the call graph, then times (a) Boost strong_components on the service digraph,
// the part compared with graph-tool and networkx, best of RUNS, and (b) the whole analysis
// (service graph, metrics, matrix, every detector) once. Prints one key=value line.
// Usage: nanoscope-analysis-driver EDGES [--runs R] [-o REPORT.json|.text|.md]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"
#include "analysis/condensation.hpp"
#include "analysis/digraph.hpp"
#include "analysis/report_writers.hpp"
#include "analysis/service_digraph.hpp"
#include "bench/generated_graph.hpp"
#include "model/partition.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace nanoscope;
  if (argc < 2) {
    std::fprintf(stderr, "usage: nanoscope-analysis-driver EDGES [--runs R] [-o REPORT.json]\n");
    return 2;
  }
  int runs = 5;
  std::string report_path;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--runs") runs = std::max(1, std::stoi(argv[i + 1]));
    else if (flag == "-o") report_path = argv[i + 1];
  }
  std::ifstream in(argv[1]);
  std::uint32_t services = 0;
  std::vector<bench::GeneratedEdge> edges;
  auto start = std::chrono::steady_clock::now();
  if (!bench::read_edge_list(in, services, edges)) {
    std::fprintf(stderr, "nanoscope-analysis-driver: cannot read edge list %s\n", argv[1]);
    return 1;
  }
  const double read_s = seconds_since(start);
  start = std::chrono::steady_clock::now();
  const model::CallGraph graph = bench::to_call_graph(services, edges);
  const double build_s = seconds_since(start);

  start = std::chrono::steady_clock::now();
  const auto service_graph = model::derive_service_graph(graph, model::Partition::observed(graph));
  const auto digraph = analysis::ServiceDigraph::build(graph, service_graph);
  const auto structure = analysis::service_structure(digraph);
  const double digraph_s = seconds_since(start);

  std::vector<std::uint32_t> labels;
  std::uint32_t components = 0;
  double scc_s = 1e30;
  for (int r = 0; r < runs; ++r) {
    start = std::chrono::steady_clock::now();
    components = analysis::strong_component_labels(structure, labels);
    scc_s = std::min(scc_s, seconds_since(start));
  }
  std::vector<std::uint32_t> sizes(components, 0);
  for (auto l : labels) ++sizes[l];
  const std::uint32_t largest = sizes.empty() ? 0 : *std::max_element(sizes.begin(), sizes.end());

  start = std::chrono::steady_clock::now();
  const auto report = analysis::analyze(graph);
  const double analysis_s = seconds_since(start);
  if (!report_path.empty()) {
    std::ofstream out(report_path, std::ios::binary);
    const auto dot = report_path.rfind('.');
    const auto format = analysis::parse_report_format(dot == std::string::npos ? "" : report_path.substr(dot + 1));
    analysis::write_report(out, report, format.value_or(analysis::ReportFormat::Json));
  }
  std::printf("services=%u edges=%zu components=%u largest_scc=%u knots=%u findings=%zu read_s=%.3f build_s=%.3f "
              "digraph_s=%.3f scc_s=%.4f analysis_s=%.3f\n",
              services, edges.size(), components, largest, report.knots, report.findings.size(), read_s, build_s,
              digraph_s, scc_s, analysis_s);
  return 0;
}
