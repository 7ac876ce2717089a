// libFuzzer target: analysis::apply_thresholds_yaml_text (scenario `analysis.thresholds`).
#include <string>

#include "analysis/thresholds_yaml.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nanoscope;
  if (size > fuzz::kMaxInputBytes) return -1;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_only<std::runtime_error>([&] {
    analysis::Thresholds thresholds;
    analysis::apply_thresholds_yaml_text(thresholds, text, "scenario.yaml");
  });
  return 0;
}
