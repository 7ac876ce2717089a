// libFuzzer target: the call-graph CSV importer (Alibaba and DeathStarBench schemas) reading
// from memory through the streaming CsvReader, with a small chunk so rows cross chunk edges.
#include "fuzz/fuzz_support.hpp"
#include "importers/callgraph_csv_detail.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nanoscope;
  if (size > fuzz::kMaxInputBytes) return -1;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_only<importers::ImportError>([&] {
    importers::detail::CsvReader reader("calls.csv", text, 64);
    importers::GraphBuilder builder;
    builder.set_source("calls.csv");
    (void)importers::detail::import_callgraph_csv(reader, builder);
    (void)builder.finish();
  });
  return 0;
}
