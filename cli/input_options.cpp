// Positional inputs, --limit and -q on every command; loading them and refusing empty results.
#include "cli/input_options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "cli/usage.hpp"
#include "importers/distributed_import.hpp"
#include "importers/import_limits.hpp"
#include "model/service_filter.hpp"

namespace nanoscope::cli {
namespace {

std::string limit_help() {
  std::string help = "Set an import limit, NAME=VALUE (repeatable; sizes take K, M, G suffixes; docs/limits.md):";
  const char* separator = " ";
  for (const auto& limit : importers::describe(importers::ImportLimits{})) {
    help += separator + std::string(limit.name) + " (" + std::string(limit.unit) + ")";
    separator = ", ";
  }
  return help;
}

// Why one file added no service.
std::string why_nothing(const importers::FileSummary& file, const model::Diagnostics& diagnostics) {
  if (file.format == "empty" || (file.format == "skipped" && file.bytes == 0)) return "empty file";
  if (file.format == "skipped") return "not a recognised input format";
  if (file.format == "empty-archive") return "an archive with no regular file in it";
  if (file.format.starts_with("dotenv")) return "a .env file (read only by compose files beside it)";
  if (file.records == 0) return file.format + " with no records";
  for (const auto& d : diagnostics.sorted())
    if (d.file == file.path && d.severity == model::Severity::Warning)
      return fmt::format("{} records, no service ({}: {})", file.records, d.code, d.message);
  return fmt::format("{} records, no service", file.records);
}

std::string nothing_imported(const importers::ImportResult& result, const std::vector<std::string>& inputs) {
  std::string reasons;
  constexpr std::size_t kShown = 6;
  for (std::size_t i = 0; i < result.files.size() && i < kShown; ++i)
    reasons += (i ? "; " : "") + result.files[i].path + ": " + why_nothing(result.files[i], result.diagnostics);
  if (result.files.size() > kShown) reasons += fmt::format("; and {} more", result.files.size() - kShown);
  if (result.files.empty()) {
    for (const auto& input : inputs)
      reasons += (reasons.empty() ? "" : "; ") + input + ": no files in it (hidden entries, pipes and devices are not read)";
    for (const auto& d : result.diagnostics.sorted())
      if (d.severity == model::Severity::Warning && d.code != "empty-input") reasons += "; " + d.file + ": " + d.message;
  }
  return "nothing imported: " + reasons;
}

void print_notes(const importers::ImportResult& result) {
  std::uint64_t skipped = 0, warnings = 0;
  for (const auto& f : result.files) skipped += f.format == "skipped" || f.format == "empty";
  for (const auto& d : result.diagnostics.sorted())
    if (d.severity == model::Severity::Warning) warnings += d.count;
  if (skipped == 0 && warnings == 0) return;
  std::string counts;
  if (skipped > 0) counts = fmt::format("{} file{} skipped", skipped, skipped == 1 ? "" : "s");
  if (warnings > 0)
    counts += fmt::format("{}{} import warning{}", counts.empty() ? "" : ", ", warnings, warnings == 1 ? "" : "s");
  std::fprintf(stderr, "nanoscope: note: %s (`nanoscope import` lists them; -q hides this)\n", counts.c_str());
}

}  // namespace

void add_input_options(CLI::App* command, InputOptions& options) {
  command
      ->add_option("inputs", options.inputs,
                   "Files or directories (Jaeger, Zipkin, OTLP, call-graph CSV, service-graph metrics, Kubernetes, "
                   "compose, nanoscope graph JSON), merged into one graph")
      ->required();
  command->add_option("--limit", options.limits, limit_help())
      ->allow_extra_args(false)
      ->check(CLI::Validator(
          [](std::string& setting) {
            importers::ImportLimits limits;
            try {
              importers::apply_limit_setting(limits, setting);
            } catch (const std::exception& e) {
              return std::string(e.what());
            }
            return std::string();
          },
          "NAME=VALUE", "limit"));
  command->add_flag("-q,--quiet", options.quiet, "No progress or notes on standard error");
  if (!options.selects) return;
  command->add_option("--exclude", options.exclude,
                      "Leave out services by name or glob, e.g. 'test-*' (repeatable)")
      ->allow_extra_args(false);
  command->add_flag("--include-infrastructure", options.include_infrastructure,
                    "Keep telemetry, feature-flag, registry, gateway and sidecar services (left out by default; "
                    "docs/infrastructure.md)");
  command->add_option("--system", options.system,
                      "Work on one system of the inputs: its name, 1-based index or an input file (docs/analysis.md)");
}

importers::ImportResult load_inputs(const InputOptions& options, ImportNotes notes) {
  importers::ImportOptions import_options;
  import_options.limits = importers::parse_limit_settings(options.limits);
  import_options.trace_window = options.trace_window;
  if (!options.quiet && ::isatty(STDERR_FILENO))
    import_options.progress = [](std::uint64_t done, std::uint64_t total) {
      if (total < (64ull << 20)) return;
      std::fprintf(stderr, "\rimporting: %3.0f%% (%llu of %llu MB)", 100.0 * static_cast<double>(done) / static_cast<double>(total),
                   static_cast<unsigned long long>(done >> 20), static_cast<unsigned long long>(total >> 20));
      if (done >= total) std::fputc('\n', stderr);
    };
  importers::ImportResult result;
  if (options.exchange) {
    auto mine = importers::import_distributed(options.inputs, import_options, *options.exchange,
                                              options.result_on_every_rank);
    if (!mine) return result;  // a rank that needs no result (nanoscope-mpi import, not rank 0)
    result = std::move(*mine);
  } else {
    result = importers::import_inputs(options.inputs, import_options);
  }
  if (result.graph.service_count() == 0) throw std::runtime_error(nothing_imported(result, options.inputs));
  if (!options.quiet && notes == ImportNotes::Print) print_notes(result);
  return result;
}

namespace {

std::string system_list(const std::vector<model::System>& systems) {
  std::string out;
  for (const auto& s : systems) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", s.index, s.name);
  return out;
}

}  // namespace

LoadedSystems load_systems(const InputOptions& options, ImportNotes notes) {
  LoadedSystems loaded{load_inputs(options, notes), {}};
  if (!options.selects) {
    loaded.systems = model::split_systems(loaded.imported.graph);
    return loaded;
  }
  model::CallGraph& graph = loaded.imported.graph;
  for (const auto& pattern : model::unmatched_patterns(graph, options.exclude))
    if (!options.quiet) std::fprintf(stderr, "nanoscope: warning: --exclude '%s' matches no service\n", pattern.c_str());
  auto filtered = model::exclude_services(graph, model::exclusion_predicate({options.include_infrastructure, options.exclude}));
  if (!options.quiet && !filtered.summary.empty())
    std::fprintf(stderr, "nanoscope: note: %s\n", model::describe_exclusion(filtered.summary).c_str());
  if (filtered.graph.service_count() == 0)
    throw std::runtime_error("nothing left to analyse: every service was excluded (" +
                             model::describe_exclusion(filtered.summary) + ")");
  graph = std::move(filtered.graph);
  const auto ignore = [](const model::Service& s) { return model::is_infrastructure(s.kind); };
  loaded.systems = model::split_systems(graph, ignore);
  model::Diagnostics found;
  model::report_systems(graph, loaded.systems, found, ignore);
  if (!options.quiet)
    for (const auto& d : found.sorted())
      if (d.severity == model::Severity::Warning) std::fprintf(stderr, "nanoscope: warning: %s\n", d.message.c_str());
  loaded.imported.diagnostics.merge(found);
  if (!options.system.empty()) {
    const model::System* chosen = model::find_system(loaded.systems, graph, options.system);
    if (!chosen)
      throw UsageError("--system '" + options.system + "' names no system; the inputs hold " +
                       system_list(loaded.systems));
    model::System system = *chosen;
    graph = model::system_graph(graph, system);
    loaded.systems = model::split_systems(graph, ignore);
  }
  return loaded;
}

importers::ImportResult load_one_system(const InputOptions& options) {
  LoadedSystems loaded = load_systems(options);
  if (loaded.systems.size() > 1)
    throw std::runtime_error(fmt::format("the inputs hold {} unrelated systems ({}); pick one with --system",
                                         loaded.systems.size(), system_list(loaded.systems)));
  return std::move(loaded.imported);
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
