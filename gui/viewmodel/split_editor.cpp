// Split editing: operations moved between groups, then applied as partition splits.
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

std::string SplitEditor::group_name(std::size_t group) const {
  return group == 0 ? service_ : service_ + "-" + std::to_string(group + 1);
}

std::optional<model::Partition> SplitEditor::apply(const model::Partition& partition) const {
  if (!active_) return std::nullopt;
  const auto non_empty = std::count_if(groups_.begin(), groups_.end(), [](const auto& g) { return !g.empty(); });
  if (non_empty < 2) return std::nullopt;
  auto p = partition;
  for (std::size_t g = 1; g < groups_.size(); ++g)
    if (!groups_[g].empty()) p.split(groups_[g], group_name(g));
  // If group 0 lost every operation, the original group is empty and leaves the service graph.
  return p;
}

}  // namespace nanoscope::gui
