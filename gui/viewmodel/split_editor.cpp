// Split editing: operations moved between groups, then applied as the split settings of
// session/partition_edits (the syntax and names `--split` uses).
#include "gui/viewmodel/split_editor.hpp"

#include <algorithm>

namespace nanoscope::gui {

bool SplitEditor::begin(const Document& doc, std::uint32_t node) {
  if (doc.empty() || node >= doc.report().services.nodes.size()) return false;
  const auto& n = doc.report().services.nodes[node];
  if (n.operations.size() < 2) return false;
  service_ = n.name;
  groups_.assign(2, {});
  groups_[0] = n.operations;
  active_ = true;
  return true;
}

std::size_t SplitEditor::add_group() {
  groups_.emplace_back();
  return groups_.size() - 1;
}

bool SplitEditor::move(model::OperationId op, std::size_t to) {
  if (!active_ || to >= groups_.size()) return false;
  for (auto& g : groups_) {
    const auto it = std::find(g.begin(), g.end(), op);
    if (it == g.end()) continue;
    g.erase(it);
    auto& target = groups_[to];
    target.insert(std::lower_bound(target.begin(), target.end(), op), op);
    return true;
  }
  return false;
}

std::vector<session::SplitSpec> SplitEditor::settings(const Document& doc) const {
  std::vector<session::SplitSpec> out;
  if (!active_ || doc.empty()) return out;
  // The first non-empty group keeps the service (and its name); each other one is split off.
  bool kept = false;
  for (const auto& group : groups_) {
    if (group.empty()) continue;
    if (!kept) {
      kept = true;
      continue;
    }
    out.push_back(session::split_spec_for(doc.partition(), doc.graph(), service_, group));
  }
  return out;
}

std::string SplitEditor::group_name(const Document& doc, std::size_t group) const {
  if (group >= groups_.size() || groups_[group].empty()) return "new group (drop operations here)";
  for (std::size_t g = 0; g < group; ++g)
    if (!groups_[g].empty()) return session::split_group_name(session::split_spec_for(doc.partition(), doc.graph(), service_, groups_[group]));
  return service_;
}

std::optional<SplitResult> SplitEditor::apply(const Document& doc) const {
  const auto specs = settings(doc);
  if (specs.empty()) return std::nullopt;
  SplitResult result{doc.partition(), {service_}, {}};
  for (const auto& spec : specs) {
    for (auto& name : session::apply_split(result.partition, doc.graph(), spec)) result.groups.push_back(std::move(name));
    result.settings.push_back(session::format_split_spec(spec));
  }
  return result;
}

}  // namespace nanoscope::gui
