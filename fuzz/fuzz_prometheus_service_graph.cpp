// libFuzzer target: importers::import_prometheus_service_graph on arbitrary bytes.
#include "fuzz/fuzz_support.hpp"
#include "importers/formats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nanoscope::fuzz::run_importer(nanoscope::importers::import_prometheus_service_graph, data, size, "metrics.prom");
}
