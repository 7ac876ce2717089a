// libFuzzer target: format detection on the first bytes of a file, for each file name shape
// the walker meets (the first input byte picks the name).
#include <array>
#include <string_view>

#include "fuzz/fuzz_support.hpp"
#include "importers/formats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nanoscope;
  if (size == 0 || size > fuzz::kMaxInputBytes) return -1;
  static constexpr std::array<std::string_view, 8> kNames = {"a.json", "a.csv", "a.yaml", "a.yml", "compose.yaml",
                                                             ".env",   "a.txt", "a"};
  const std::string_view name = kNames[data[0] % kNames.size()];
  fuzz::expect_only<importers::ImportError>(
      [&] { (void)importers::detect_format(name, {reinterpret_cast<const char*>(data) + 1, size - 1}); });
  return 0;
}
