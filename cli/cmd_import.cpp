// `nanoscope import`: import inputs, then print a summary or write the graph atomically.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "importers/atomic_output.hpp"
#include "importers/graph_writers.hpp"
#include "importers/import_set.hpp"
#include "importers/import_summary.hpp"

namespace nanoscope::cli {
namespace {

importers::GraphFormat choose_format(const ImportOptions& o) {
  if (!o.format.empty()) return *importers::parse_graph_format(o.format);
  auto ends = [&](const char* ext) { return o.output.size() >= std::char_traits<char>::length(ext) && o.output.ends_with(ext); };
  if (ends(".dot") || ends(".gv")) return importers::GraphFormat::Dot;
  if (ends(".graphml")) return importers::GraphFormat::GraphMl;
  if (ends(".csv")) return importers::GraphFormat::Csv;
  return importers::GraphFormat::Json;
}

}  // namespace

int run_import(const ImportOptions& options) {
  importers::ImportOptions import_options;
  auto megabytes = [](double mb) { return mb <= 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(mb * 1048576.0); };
  import_options.limits.max_file_bytes = megabytes(options.max_input_mb);
  import_options.limits.max_manifest_bytes = megabytes(options.max_manifest_mb);
  import_options.limits = importers::parse_limit_settings(options.limits, import_options.limits);
  const bool show_progress = !options.quiet && ::isatty(STDERR_FILENO);
  if (show_progress)
    import_options.progress = [](std::uint64_t done, std::uint64_t total) {
      if (total < (64ull << 20)) return;
      std::fprintf(stderr, "\rimporting: %3.0f%% (%llu of %llu MB)", 100.0 * static_cast<double>(done) / static_cast<double>(total),
                   static_cast<unsigned long long>(done >> 20), static_cast<unsigned long long>(total >> 20));
      if (done >= total) std::fputc('\n', stderr);
    };
  importers::ImportResult result = importers::import_inputs(options.inputs, import_options);

  if (options.output.empty()) {
    std::cout << importers::format_import_summary(result);
    return 0;
  }
  const auto format = choose_format(options);
  if (options.output == "-") {
    importers::write_graph(std::cout, format, result.graph, &result.diagnostics);
  } else {
    importers::write_file_atomically(options.output, [&](std::ostream& out) {
      importers::write_graph(out, format, result.graph, &result.diagnostics);
    });
    if (!options.quiet) {
      std::uint64_t warnings = 0;
      for (const auto& d : result.diagnostics.sorted())
        if (d.severity == model::Severity::Warning) warnings += d.count;
      std::fprintf(stderr, "nanoscope: wrote %s (%zu services, %zu operations, %zu edges; %llu warnings)\n",
                   options.output.c_str(), result.graph.service_count(), result.graph.operation_count(),
                   result.graph.edge_count(), static_cast<unsigned long long>(warnings));
    }
  }
  return 0;
}

}  // namespace nanoscope::cli
