// Benchmark input generator for the coupling analysis: a seeded random service graph of N
// services and M dependencies, mostly layered (edges from a lower to a higher layer) with a
// share of short back edges that close cycles, so SCCs of many sizes appear. Writes a plain
// edge list ("N M" then one "from to calls" line per edge; what the peer scripts read) or a
// nanoscope graph JSON.
// Usage: nanoscope-gen-graph SERVICES EDGES OUT [--format edges|json] [--seed S]
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bench/generated_graph.hpp"
#include "importers/graph_writers.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: nanoscope-gen-graph SERVICES EDGES OUT [--format edges|json] [--seed S]\n");
    return 2;
  }
  const auto services = static_cast<std::uint32_t>(std::stoul(argv[1]));
  const auto edges = static_cast<std::uint64_t>(std::stoull(argv[2]));
  const std::string out_path = argv[3];
  std::string format = "edges";
  std::uint64_t seed = 42;
  for (int i = 4; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--format") format = argv[i + 1];
    else if (flag == "--seed") seed = std::stoull(argv[i + 1]);
  }
  if (services < 2 || edges == 0 || (format != "edges" && format != "json")) {
    std::fprintf(stderr, "nanoscope-gen-graph: need >= 2 services, >= 1 edge, format edges or json\n");
    return 2;
  }
  const auto list = nanoscope::bench::generate_edges(services, edges, seed);
  std::ofstream out(out_path, std::ios::binary);
  if (format == "edges") {
    nanoscope::bench::write_edge_list(out, services, list);
  } else {
    const auto graph = nanoscope::bench::to_call_graph(services, list);
    nanoscope::importers::write_graph_json(out, graph, nullptr);
  }
  if (!out) {
    std::fprintf(stderr, "nanoscope-gen-graph: cannot write %s\n", out_path.c_str());
    return 1;
  }
  std::printf("services=%u edges=%zu seed=%llu format=%s\n", services, list.size(),
              static_cast<unsigned long long>(seed), format.c_str());
  return 0;
}
