// --scenario, --samples and --threads of the economics commands, and the eras they load.
#include "cli/economics_options.hpp"

#include "cli/run_context.hpp"
#include "session/scenario_locator.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>


namespace nanoscope::cli {

void add_economics_options(CLI::App* command, EconomicsOptions& options) {
  command->add_option("--scenario", options.scenarios, "Era scenario file (repeatable; default: scenarios/eras/*.yaml)")
      ->allow_extra_args(false);
  command->add_option("--samples", options.samples, "Monte-Carlo samples per era (default: the era file's)")
      ->check(CLI::Range(1u, 1'000'000u));
  command->add_option("--threads", options.threads,
                      "Worker threads (default: NANOSCOPE_THREADS, else every core; results do not depend on it)")
      ->envname("NANOSCOPE_THREADS")
      ->check(CLI::Range(1u, 4096u));
}

std::vector<economics::Era> load_eras(const EconomicsOptions& options) {
  std::vector<economics::Era> eras;
  if (options.scenarios.empty()) {
    eras = economics::load_bundled_eras(session::scenarios_root().string());
  } else {
    for (const auto& path : options.scenarios) eras.push_back(economics::load_era_file(path));
  }
  if (options.samples > 0)
    for (auto& e : eras) e.samples = options.samples;
  return eras;
}

unsigned economics_threads(const EconomicsOptions& options, const RunContext* context) {
  if (options.threads > 0 || !context) return options.threads;
  return context->default_threads;
}

OutputFormats economics_formats(bool html, const std::string& fallback) {
  OutputFormats formats{{{"json", {}, {".json"}}, {"markdown", {"md"}, {".md", ".markdown"}}, {"csv", {}, {".csv"}}},
                        fallback};
  if (html) formats.formats.push_back({"html", {}, {".html", ".htm"}});
  return formats;
}

economics::SweepProgress terminal_progress(bool quiet) {
  if (quiet || !isatty(fileno(stderr))) return {};
  return [](const std::string& what, std::size_t done, std::size_t total) {
    std::fprintf(stderr, "\r%-50s %zu/%zu", what.c_str(), done, total);
    if (done == total) std::fprintf(stderr, "\r%70s\r", "");
    std::fflush(stderr);
  };
}

}  // namespace nanoscope::cli
