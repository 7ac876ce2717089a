// AppModel's background jobs and exports: importing, simulating, writing the report. Every
// job hands its JobProgress's cancel token to the library it runs, which throws
// model::Cancelled within moments of a cancel; the document's jobs are discarded (never
// joined) when another graph replaces it, so no result of the old graph is ever installed.
#include <fstream>
#include <sstream>

#include "analysis/report_writers.hpp"
#include "gui/viewmodel/app_model.hpp"
#include "gui/viewmodel/report_export.hpp"
#include "importers/atomic_output.hpp"

namespace nanoscope::gui {

bool AppModel::open(std::vector<std::string> paths) {
  if (paths.empty()) return false;
  return import_.start([paths = std::move(paths)](JobProgress& progress) {
    return import_inputs(paths, {}, std::nullopt, {}, progress);
  });
}

AppModel::~AppModel() {
  import_.cancel();
  simulation_.cancel();
  diff_.cancel();
  economics.cancel();
  pricing.cancel();
}

bool AppModel::busy() const {
  return import_.running() || simulation_.running() || diff_.running() || economics.running() || pricing.running() ||
         (!doc_.empty() && !layout_settled());
}

bool AppModel::start_simulation() {
  if (doc_.empty() || !simulation_controls.error().empty()) return false;
  simulation_result_.reset();
  auto graph = doc_.graph_ptr();
  auto partition = doc_.partition();
  return simulation_.start([graph, partition, scenario = simulation_controls.scenario(),
                            replications = simulation_controls.replications()](JobProgress& progress) {
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
    importers::write_file_atomically(path, [&](std::ostream& out) { write_app_report(out, report_contents(*this), format); });
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
