// Helpers of the hostile-input tests: a scratch folder per test process, file writers, the
// one-line error an import throws, and running the nanoscope binary.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "importers/import_error.hpp"
#include "importers/import_set.hpp"

namespace nanoscope::test::hostile {

namespace fs = std::filesystem;

/// A fresh folder for one test (removed and recreated on each call with the same name).
inline fs::path scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("nanoscope-hostile-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/// what() of the ImportError `f` throws; "" when it throws nothing. Other exceptions propagate.
inline std::string import_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const importers::ImportError& e) {
    return e.what();
  }
  return "";
}

/// Imports `paths` with import_inputs(); the error text, or "" on success (result in `out`).
inline std::string try_import(const std::vector<std::string>& paths, importers::ImportResult* out = nullptr,
                              const importers::ImportOptions& options = {}) {
  return import_error([&] {
    auto r = importers::import_inputs(paths, options);
    if (out) *out = std::move(r);
  });
}

/// Output (stdout and stderr) and exit code of `nanoscope ARGS`.
struct CliRun {
  int code = -1;
  std::string out;
};

inline CliRun run_cli(const std::string& args) {
  CliRun r;
  const std::string cmd = std::string(NANOSCOPE_BINARY) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  while (p && std::fgets(buf.data(), static_cast<int>(buf.size()), p)) r.out += buf.data();
  const int status = p ? ::pclose(p) : -1;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

/// Whether `text` is one line (an optional trailing newline allowed).
inline bool one_line(const std::string& text) {
  const auto nl = text.find('\n');
  return nl == std::string::npos || nl + 1 == text.size();
}

}  // namespace nanoscope::test::hostile
