// Generates the same deterministic OTLP traces twice for the protobuf vs JSON import benchmark
// (bench/run_otlp_bench.sh): PREFIX.json, OTLP/JSON with one export object per line (what the
// Collector's file exporter writes with `format: json`), and PREFIX.binpb, the length-prefixed
// protobuf stream it writes with `format: proto`. 20 traces per export.
// Usage: nanoscope-gen-otlp SPANS SERVICES PREFIX [SEED]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "bench/otlp_synthetic.hpp"
#include "importers/otlp_wire.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: nanoscope-gen-otlp SPANS SERVICES PREFIX [SEED]\n");
    return 2;
  }
  const std::uint64_t spans = std::strtoull(argv[1], nullptr, 10);
  const int services = std::atoi(argv[2]);
  const std::string prefix = argv[3];
  const std::uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 42;
  if (spans == 0 || services < 2) {
    std::fprintf(stderr, "nanoscope-gen-otlp: SPANS must be positive and SERVICES at least 2\n");
    return 2;
  }
  const auto exports = nanoscope::bench::OtlpSynthesizer(seed, services).generate(spans, 20);
  std::ofstream json(prefix + ".json", std::ios::binary), proto(prefix + ".binpb", std::ios::binary);
  for (const auto& e : exports) {
    json << nanoscope::bench::otlp_json(e) << '\n';
    proto << nanoscope::importers::otlp_wire::length_prefixed(nanoscope::bench::otlp_protobuf(e));
  }
  json.close();
  proto.close();
  if (!json || !proto) {
    std::fprintf(stderr, "nanoscope-gen-otlp: cannot write %s.json / %s.binpb\n", prefix.c_str(), prefix.c_str());
    return 1;
  }
  return 0;
}
