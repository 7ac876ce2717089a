// AppModel's diff of two graphs: starting the diff job (two input sets, the open graph against
// a file, or two graphs in memory), showing its union graph in ColourMode::Diff with the table
// of changes, focusing a row, and closing back to the before graph.
#include "gui/viewmodel/app_model.hpp"

namespace nanoscope::gui {

bool AppModel::open_diff(std::vector<std::string> before, std::vector<std::string> after) {
  if (before.empty() || after.empty()) {
    add_message(true, "diff needs inputs on both sides (BEFORE... -- AFTER...)");
    return false;
  }
  diff_.start({std::move(before), nullptr, {}}, {std::move(after), nullptr, {}});
  return true;
}

bool AppModel::compare_with(std::vector<std::string> after) {
  if (doc_.empty()) {
    add_message(true, "nothing to compare: no graph is open");
    return false;
  }
  if (after.empty()) return false;
  // The open graph as imported (a diff shown: its before graph), edits to its partition aside.
  const auto before = diff_.open() ? diff_.before() : doc_.graph_ptr();
  const std::string label = sources_.empty() ? "before" : sources_.front();
  diff_.start({inputs_, before, label}, {std::move(after), nullptr, {}});
  return true;
}

void AppModel::diff_graphs(std::shared_ptr<const model::CallGraph> before, std::shared_ptr<const model::CallGraph> after) {
  diff_.start({{}, std::move(before), "before"}, {{}, std::move(after), "after"});
}

void AppModel::install_diff(LoadedDiff loaded) {
  const ColourMode colour = diff_.open() ? colour_before_diff_ : filters.colour;
  for (auto& w : loaded.warnings) add_message(false, std::move(w));
  loaded.warnings.clear();
  slider_ = std::move(loaded.slider);
  const std::string label = loaded.result.before.label + " -> " + loaded.result.after.label;
  install(std::move(loaded.document), label);  // a new graph: closes a diff shown before
  inputs_.clear();  // the union was not imported from one input set
  colour_before_diff_ = colour;
  filters.colour = ColourMode::Diff;
  diff_rows_ = gui::diff_rows(loaded.result);
  diff_.show(std::move(loaded));
  ++revision_;
}

void AppModel::focus_diff_row(std::size_t row) {
  if (row >= diff_rows_.size()) return;
  select_names(diff_rows_[row].services);
  const auto nodes = selected_nodes();
  if (!nodes.empty()) {
    fit_camera(nodes);
    user_moved_camera();
  }
}

void AppModel::close_diff() {
  diff_.discard();
  auto shown = diff_.close();
  if (!shown) return;
  const ColourMode colour = colour_before_diff_;
  slider_ = std::move(shown->before_slider);
  const std::string label = shown->result.before.label;
  install(std::move(shown->before_document), label);
  inputs_ = std::move(shown->before_paths);
  diff_rows_.clear();
  filters.colour = colour;
}

}  // namespace nanoscope::gui
