// AppModel's background jobs and exports: importing, simulating, writing the report. Every
// job hands its JobProgress's cancel token to the library it runs, which throws
// model::Cancelled within moments of a cancel; the document's jobs are discarded (never
// joined) when another graph replaces it, so no result of the old graph is ever installed.
#include <fstream>
#include <sstream>

#include "analysis/report_writers.hpp"
#include "gui/viewmodel/app_model.hpp"
#include "importers/atomic_output.hpp"

namespace nanoscope::gui {

bool AppModel::open(std::vector<std::string> paths) {
  if (paths.empty()) return false;
  return import_.start([paths = std::move(paths)](JobProgress& progress) {
    progress.set_stage("importing");
    importers::ImportOptions options;
    options.cancel = progress.cancel_token();
    options.progress = [&progress](std::uint64_t done, std::uint64_t total) {
      if (total) progress.set(0.8 * static_cast<double>(done) / static_cast<double>(total));
    };
    auto result = importers::import_inputs(paths, options);
    LoadedInputs loaded;
    loaded.files = std::move(result.files);
    loaded.spans = result.spans;
    for (const auto& d : result.diagnostics.sorted())
      loaded.warnings.push_back(d.file + ": " + d.code + ": " + d.message +
                                (d.count > 1 ? " (" + std::to_string(d.count) + " times)" : ""));
    auto graph = std::make_shared<const model::CallGraph>(std::move(result.graph));
    progress.cancel_token().check();
    progress.set(0.85);
    progress.set_stage("building the granularity family");
    loaded.slider = GranularitySlider::build(*graph);
    progress.cancel_token().check();
    progress.set_stage("analysing");
    const auto observed = model::Partition::observed(*graph);
    loaded.document = Document::build(std::move(graph), observed);
    progress.cancel_token().check();
    progress.set(1.0);
    return loaded;
  });
}

AppModel::~AppModel() {
  import_.cancel();
  simulation_.cancel();
  economics.cancel();
  pricing.cancel();
}

bool AppModel::busy() const {
  return import_.running() || simulation_.running() || economics.running() || pricing.running() ||
         (!doc_.empty() && !layout_settled());
}

bool AppModel::start_simulation(int replications, double duration_s) {
  if (doc_.empty()) return false;
  simulation_result_.reset();
  auto graph = doc_.graph_ptr();
  auto partition = doc_.partition();
  return simulation_.start([graph, partition, replications, duration_s](JobProgress& progress) {
    sim::Scenario scenario;
    scenario.duration_s = duration_s;
    scenario.warmup_s = std::min(5.0, duration_s / 6.0);
    return compare_partitions(*graph, partition, scenario, replications, progress);
  });
}

bool AppModel::export_report(const std::string& path) {
  if (doc_.empty()) {
    add_message(true, "nothing to export: no graph is open");
    return false;
  }
  auto format = analysis::ReportFormat::Markdown;
  const auto dot = path.rfind('.');
  if (dot != std::string::npos) {
    if (const auto parsed = analysis::parse_report_format(path.substr(dot + 1))) format = *parsed;
    else if (path.substr(dot + 1) == "txt") format = analysis::ReportFormat::Text;
  }
  try {
    importers::write_file_atomically(path, [&](std::ostream& out) { analysis::write_report(out, doc_.report(), format); });
  } catch (const std::exception& e) {
    add_message(true, e.what());
    return false;
  }
  add_message(false, "report written to " + path);
  return true;
}

bool AppModel::export_image(const std::string& path, const std::function<void(std::ostream&)>& encode) {
  try {
    importers::write_file_atomically(path, encode);
  } catch (const std::exception& e) {
    add_message(true, e.what());
    return false;
  }
  add_message(false, "view written to " + path);
  return true;
}

}  // namespace nanoscope::gui
