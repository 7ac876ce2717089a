// `nanoscope analyze`: import inputs, analyse the observed service graph, write the report
// (text to standard output by default; to files atomically with -o).
#include <CLI/CLI.hpp>

#include <memory>

#include "analysis/analysis.hpp"
#include "analysis/report_writers.hpp"
#include "analysis/system_analysis.hpp"
#include "analysis/thresholds_yaml.hpp"
#include "cli/command.hpp"
#include "cli/input_options.hpp"
#include "cli/output_options.hpp"

namespace nanoscope::cli {
namespace {

struct AnalyzeCommand {
  InputOptions input;
  OutputOptions output;
  std::vector<std::string> thresholds;  ///< "name=value" settings (analysis/thresholds.hpp), checked while parsing
  std::string scenario;                 ///< scenario YAML whose `analysis.thresholds` apply first
};

const OutputFormats& analysis_formats() {
  static const OutputFormats formats{{{"text", {}, {".txt"}},
                                      {"json", {}, {".json"}},
                                      {"markdown", {"md"}, {".md", ".markdown"}}},
                                     "text"};
  return formats;
}

int run_analyze(const AnalyzeCommand& o) {
  const auto targets = resolve_outputs(o.output, analysis_formats());
  analysis::Thresholds thresholds;
  if (!o.scenario.empty()) analysis::apply_thresholds_yaml(thresholds, o.scenario);
  for (const auto& setting : o.thresholds) (void)analysis::apply_threshold_setting(thresholds, setting);
  // Each system is analysed on its own graph, so one system's counts are never divided by
  // another's requests; one system gives exactly the single report.
  const LoadedSystems loaded = load_systems(o.input);
  const auto reports = analysis::analyze_systems(loaded.imported.graph, loaded.systems, thresholds);
  write_outputs(targets, [&](std::ostream& out, const std::string& format) {
    analysis::write_systems_report(out, reports, *analysis::parse_report_format(format));
  });
  return 0;
}

}  // namespace

Command add_analyze_command(CLI::App& app) {
  auto state = std::make_shared<AnalyzeCommand>();
  CLI::App* command = app.add_subcommand("analyze", "Coupling metrics and anti-pattern findings of the service graph");
  add_input_options(command, state->input);
  add_output_options(command, state->output, analysis_formats(), "the report");
  command->add_option("--threshold", state->thresholds, "Set a detector threshold, name=value (repeatable; see "
                                                        "docs/analysis.md)")
      ->allow_extra_args(false)
      ->check(CLI::Validator(
          [](std::string& setting) {
            analysis::Thresholds scratch;
            return analysis::apply_threshold_setting(scratch, setting);
          },
          "NAME=VALUE", "threshold"));
  command->add_option("--scenario", state->scenario, "Scenario YAML; its analysis.thresholds apply before "
                                                     "--threshold settings");
  return {command, [state] { return run_analyze(*state); }};
}

}  // namespace nanoscope::cli
