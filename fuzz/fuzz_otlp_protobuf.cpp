// libFuzzer target: importers::import_otlp_protobuf on arbitrary bytes.
#include "fuzz/fuzz_support.hpp"
#include "importers/formats.hpp"

namespace {
std::uint64_t import_protobuf(const nanoscope::importers::InputFile& file, nanoscope::importers::GraphBuilder& builder) {
  return nanoscope::importers::import_otlp_protobuf(file, builder);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nanoscope::fuzz::run_importer(import_protobuf, data, size, "otlp.binpb");
}
