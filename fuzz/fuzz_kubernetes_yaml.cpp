// libFuzzer target: importers::import_kubernetes_yaml on arbitrary bytes (one file).
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "importers/formats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nanoscope;
  if (size > fuzz::kMaxInputBytes) return -1;
  std::vector<importers::InputFile> files;
  files.push_back(importers::InputFile::from_string("k8s.yaml", {reinterpret_cast<const char*>(data), size}));
  fuzz::expect_only<importers::ImportError>([&] {
    importers::GraphBuilder builder;
    builder.set_source("k8s.yaml");
    (void)importers::import_kubernetes_yaml(files, builder);
    (void)builder.finish();
  });
  return 0;
}
