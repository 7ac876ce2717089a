// Benchmark driver: imports the given inputs with importers::import_inputs (what
// `nanoscope import` does) and prints one summary line; with -o also writes the graph JSON.
// Kept apart from the CLI so the importer's cost can be measured on its own. With
// --write-repeat N it then writes the graph JSON N more times into memory and prints the
// writer's CPU time (this thread's clock, so other load on the machine changes it little).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "importers/graph_writers.hpp"
#include "importers/import_error.hpp"
#include "importers/import_set.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  std::string output;
  int repeat = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-o" && i + 1 < argc) {
      output = argv[++i];
    } else if (arg == "--write-repeat" && i + 1 < argc) {
      repeat = std::max(0, std::atoi(argv[++i]));
    } else if (arg == "-h" || arg == "--help") {
      std::printf("usage: nanoscope-import-driver INPUT... [-o GRAPH.json] [--write-repeat N]\n");
      return 0;
    } else {
      inputs.push_back(arg);
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "nanoscope-import-driver: no input (see --help)\n");
    return 2;
  }
  try {
    const auto start = std::chrono::steady_clock::now();
    nanoscope::importers::ImportResult result = nanoscope::importers::import_inputs(inputs);
    const auto imported = std::chrono::steady_clock::now();
    if (!output.empty()) {
      std::ofstream out(output, std::ios::binary);
      nanoscope::importers::write_graph_json(out, result.graph, &result.diagnostics);
      if (!out) {
        std::fprintf(stderr, "nanoscope-import-driver: cannot write %s\n", output.c_str());
        return 1;
      }
    }
    const auto written = std::chrono::steady_clock::now();
    std::uint64_t bytes = 0;
    for (const auto& f : result.files) bytes += f.bytes;
    const double import_s = std::chrono::duration<double>(imported - start).count();
    const double write_s = std::chrono::duration<double>(written - imported).count();
    std::printf("files=%zu bytes=%llu spans=%llu services=%zu operations=%zu edges=%zu traces=%llu "
                "import_s=%.3f write_s=%.3f MB/s=%.1f\n",
                result.files.size(), static_cast<unsigned long long>(bytes),
                static_cast<unsigned long long>(result.spans), result.graph.service_count(),
                result.graph.operation_count(), result.graph.edge_count(),
                static_cast<unsigned long long>(result.graph.trace_count), import_s, write_s,
                import_s > 0 ? static_cast<double>(bytes) / 1e6 / import_s : 0.0);
    if (repeat > 0) {
      std::vector<double> cpu;
      std::size_t size = 0;
      for (int r = 0; r < repeat; ++r) {
        std::ostringstream sink;
        timespec a{}, b{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
        nanoscope::importers::write_graph_json(sink, result.graph, &result.diagnostics);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
        cpu.push_back(static_cast<double>(b.tv_sec - a.tv_sec) + 1e-9 * static_cast<double>(b.tv_nsec - a.tv_nsec));
        size = sink.str().size();
      }
      std::sort(cpu.begin(), cpu.end());
      std::printf("write_repeat=%d json_bytes=%zu write_cpu_min_s=%.4f write_cpu_median_s=%.4f\n", repeat, size,
                  cpu.front(), cpu[cpu.size() / 2]);
    }
    for (const auto& d : result.diagnostics.sorted())
      std::printf("  %s %s x%llu: %s\n", d.severity == nanoscope::model::Severity::Warning ? "warning" : "info",
                  d.code.c_str(), static_cast<unsigned long long>(d.count), d.message.c_str());
  } catch (const nanoscope::importers::ImportError& e) {
    std::fprintf(stderr, "nanoscope-import-driver: %s\n", e.what());
    return 1;
  }
  return 0;
}
