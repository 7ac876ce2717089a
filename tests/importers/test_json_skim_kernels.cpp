// The skim kernels (importers/json_skim_kernel.cpp): every instruction-set variant this CPU runs
// finds the same closing bracket as the portable one, on hand-checked cases and on generated
// text with strings, escapes and brackets across 64-byte block boundaries.
#include <doctest/doctest.h>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "importers/json_skim.hpp"

namespace {
using nanoscope::importers::detail::kNotClosed;
using nanoscope::importers::detail::skim_container_end;
using nanoscope::importers::detail::skim_kernel_name;
using nanoscope::importers::detail::skim_kernels;

// The kernels read whole 64-byte blocks: keep 64 zero bytes past the text.
struct Padded {
  explicit Padded(const std::string& text) : size(text.size()), bytes(text) { bytes.append(64, '\0'); }
  std::size_t size;
  std::string bytes;
};
}  // namespace

TEST_CASE("skim kernels: hand-checked closing brackets") {
  const auto kernels = skim_kernels();
  REQUIRE(!kernels.empty());
  CHECK(std::string(kernels.front().name) == skim_kernel_name());
  CHECK(std::string(kernels.back().name) == "portable");
  struct Case {
    std::string text;
    std::size_t open, end;
  };
  const std::vector<Case> cases = {
      {R"({"a":"}"})", 0, 9},            // a bracket inside a string does not count
      {R"([1,[2]] )", 0, 7},             // nested
      {R"([1,[2]] )", 3, 6},             // from an inner bracket
      {R"({"a\"}":1})", 0, 10},          // an escaped quote does not end the string
      {R"({"a\\":[1]})", 0, 11},         // an escaped backslash does not escape the quote
      {R"({"a":[1,2)", 0, kNotClosed},   // never closed
      {"[" + std::string(70, ' ') + "]", 0, 72},  // closes in the second block
  };
  for (const auto& kernel : kernels) {
    for (const auto& c : cases) {
      Padded p(c.text);
      CAPTURE(kernel.name);
      CAPTURE(c.text);
      CHECK(kernel.container_end(p.bytes.data(), p.size, c.open) == c.end);
    }
  }
  Padded p(R"({"x":[{"y":"]"}]})");
  CHECK(skim_container_end(p.bytes.data(), p.size, 0) == p.size);
}

TEST_CASE("skim kernels: every variant agrees with the portable one on generated text") {
  const auto kernels = skim_kernels();
  const auto& portable = kernels.back();
  std::mt19937 rng(20261203);
  const std::string alphabet = "{}[]\"\\ a:,";
  for (int round = 0; round < 300; ++round) {
    std::string text = "[";
    const auto length = std::uniform_int_distribution<std::size_t>(1, 400)(rng);
    for (std::size_t i = 0; i < length; ++i) text += alphabet[rng() % alphabet.size()];
    if (round % 2 == 0) text += std::string(8, ']');  // often closed, sometimes not
    Padded p(text);
    for (std::size_t open = 0; open < p.size; ++open) {
      if (text[open] != '[' && text[open] != '{') continue;
      const std::size_t expected = portable.container_end(p.bytes.data(), p.size, open);
      for (const auto& kernel : kernels) {
        CAPTURE(kernel.name);
        CAPTURE(text);
        REQUIRE(kernel.container_end(p.bytes.data(), p.size, open) == expected);
      }
    }
  }
}
