// `nanoscope analyze`: import inputs, analyse the observed service graph, write the report
// (text to standard output by default; to a file atomically with -o).
#include <iostream>
#include <stdexcept>

#include "analysis/analysis.hpp"
#include "analysis/report_writers.hpp"
#include "analysis/thresholds_yaml.hpp"
#include "cli/commands.hpp"
#include "importers/atomic_output.hpp"
#include "importers/import_set.hpp"

namespace nanoscope::cli {
namespace {

analysis::ReportFormat choose_format(const AnalyzeOptions& o) {
  if (!o.format.empty()) {
    if (auto f = analysis::parse_report_format(o.format)) return *f;
    throw std::runtime_error("unknown report format '" + o.format + "'");
  }
  if (o.output.ends_with(".json")) return analysis::ReportFormat::Json;
  if (o.output.ends_with(".md")) return analysis::ReportFormat::Markdown;
  return analysis::ReportFormat::Text;
}

}  // namespace

int run_analyze(const AnalyzeOptions& options) {
  analysis::Thresholds thresholds;
  if (!options.scenario.empty()) analysis::apply_thresholds_yaml(thresholds, options.scenario);
  for (const auto& setting : options.thresholds)
    if (auto error = analysis::apply_threshold_setting(thresholds, setting); !error.empty())
      throw std::runtime_error(error);
  const auto format = choose_format(options);
  const importers::ImportOptions import_options{importers::parse_limit_settings(options.limits), {}};
  const importers::ImportResult imported = importers::import_inputs(options.inputs, import_options);
  const analysis::AnalysisReport report = analysis::analyze(imported.graph, thresholds);
  if (options.output.empty() || options.output == "-") {
    analysis::write_report(std::cout, report, format);
  } else {
    importers::write_file_atomically(options.output,
                                     [&](std::ostream& out) { analysis::write_report(out, report, format); });
  }
  return 0;
}

}  // namespace nanoscope::cli
