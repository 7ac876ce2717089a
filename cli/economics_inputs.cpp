// Shared plumbing of the economics commands.
#include "cli/economics_inputs.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "importers/atomic_output.hpp"

#ifndef NANOSCOPE_SOURCE_DIR
#define NANOSCOPE_SOURCE_DIR "."
#endif

namespace nanoscope::cli {

std::vector<economics::Era> load_eras(const std::vector<std::string>& scenarios, unsigned samples) {
  std::vector<economics::Era> eras;
  if (scenarios.empty()) {
    // The bundled eras: from the working directory when it is a checkout, else the source tree.
    std::string root = NANOSCOPE_SOURCE_DIR;
    // (A std::string, not a literal: g++ 12 warns falsely, -Wrestrict, on assigning a literal here.)
    if (std::filesystem::exists("scenarios/eras/soa-2012.yaml")) root = std::string(".");
    eras = economics::load_bundled_eras(root);
  } else {
    for (const auto& path : scenarios) eras.push_back(economics::load_era_file(path));
  }
  if (samples > 0)
    for (auto& e : eras) e.samples = samples;
  return eras;
}

economics::ReportFormat choose_economics_format(const std::string& format, const std::string& output,
                                                economics::ReportFormat fallback) {
  if (!format.empty()) {
    if (auto f = economics::parse_report_format(format)) return *f;
    throw std::runtime_error("unknown report format '" + format + "' (json, markdown, csv, html)");
  }
  if (auto f = economics::format_from_extension(output)) return *f;
  return fallback;
}

unsigned economics_threads(unsigned option) {
  if (option > 0) return option;
  const char* env = std::getenv("NANOSCOPE_THREADS");
  if (!env || !*env) return 0;
  char* end = nullptr;
  const unsigned long n = std::strtoul(env, &end, 10);
  if (*end != '\0' || n == 0 || n > 4096 || env[0] == '-')
    throw std::runtime_error(std::string("NANOSCOPE_THREADS='") + env + "' is not a thread count (1 to 4096)");
  return static_cast<unsigned>(n);
}

economics::SweepProgress terminal_progress(bool quiet) {
  if (quiet || !isatty(fileno(stderr))) return {};
  return [](const std::string& what, std::size_t done, std::size_t total) {
    std::fprintf(stderr, "\r%-50s %zu/%zu", what.c_str(), done, total);
    if (done == total) std::fprintf(stderr, "\r%70s\r", "");
    std::fflush(stderr);
  };
}

void write_output(const std::string& output, const std::function<void(std::ostream&)>& write) {
  if (output.empty() || output == "-") {
    write(std::cout);
    std::cout.flush();
    return;
  }
  importers::write_file_atomically(output, write);
}

std::string system_name(const std::vector<std::string>& inputs) {
  std::string name;
  for (const auto& in : inputs) {
    std::string s = std::filesystem::path(in).lexically_normal().string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    name += (name.empty() ? "" : " + ") + s;
  }
  return name;
}

}  // namespace nanoscope::cli
