// libFuzzer target: importers::import_compose_yaml on arbitrary bytes.
#include "fuzz/fuzz_support.hpp"
#include "importers/formats.hpp"

// The file lives in a folder that does not exist, so no .env beside it is ever read.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nanoscope::fuzz::run_importer(nanoscope::importers::import_compose_yaml, data, size,
                                       "/nonexistent-nanoscope-fuzz/compose.yaml");
}
