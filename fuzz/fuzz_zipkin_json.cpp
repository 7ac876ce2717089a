// libFuzzer target: importers::import_zipkin_json on arbitrary bytes.
#include "fuzz/fuzz_support.hpp"
#include "importers/formats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nanoscope::fuzz::run_importer(nanoscope::importers::import_zipkin_json, data, size, "zipkin.json");
}
