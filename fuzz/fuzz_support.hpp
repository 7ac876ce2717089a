// Shared body of the libFuzzer targets: run one parser on the fuzzer's bytes and accept only
// its documented error type; any other exception, a crash or a sanitizer report is a finding.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "importers/graph_builder.hpp"
#include "importers/import_error.hpp"
#include "importers/input_file.hpp"

namespace nanoscope::fuzz {

/// Inputs above this size are skipped (the importers' own limits are tested elsewhere; here
/// the fuzzer should spend its time on structure, not on size).
constexpr std::size_t kMaxInputBytes = 1 << 20;

[[noreturn]] inline void unexpected(const char* what) {
  std::fprintf(stderr, "fuzz: unexpected exception (not the parser's error type): %s\n", what);
  std::abort();
}

/// Runs `f()`; `Expected` exceptions are the documented errors, anything else aborts.
template <class Expected, class F>
void expect_only(F&& f) {
  try {
    f();
  } catch (const Expected&) {
  } catch (const std::exception& e) {
    unexpected(e.what());
  }
}

/// Runs an importer entry point `fn(const InputFile&, GraphBuilder&)` on the bytes, then
/// finishes the graph (assembly runs too).
template <class Fn>
int run_importer(Fn fn, const std::uint8_t* data, std::size_t size, const char* name) {
  if (size > kMaxInputBytes) return -1;
  const auto file = importers::InputFile::from_string(name, {reinterpret_cast<const char*>(data), size});
  expect_only<importers::ImportError>([&] {
    importers::GraphBuilder builder;
    builder.set_source(name);
    (void)fn(file, builder);
    (void)builder.finish();
  });
  return 0;
}

}  // namespace nanoscope::fuzz
