// libFuzzer target: sim::parse_scenario_yaml (the simulation section of a scenario file).
#include <string_view>

#include "fuzz/fuzz_support.hpp"
#include "sim/scenario_yaml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nanoscope;
  if (size > fuzz::kMaxInputBytes) return -1;
  fuzz::expect_only<sim::ScenarioError>(
      [&] { (void)sim::parse_scenario_yaml({reinterpret_cast<const char*>(data), size}, "scenario.yaml"); });
  return 0;
}
