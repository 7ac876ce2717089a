// Slider positions over the economics granularity family's levels.
#include "gui/viewmodel/granularity_slider.hpp"

#include <algorithm>
#include <unordered_map>

#include "gui/viewmodel/service_counts.hpp"

namespace nanoscope::gui {

GranularitySlider GranularitySlider::build(const model::CallGraph& graph, const economics::GranularityOptions& options) {
  GranularitySlider slider;
  slider.options_ = options;
  auto levels = std::make_shared<std::vector<economics::GranularityLevel>>(economics::granularity_levels(graph, options));
  for (std::size_t i = 0; i < levels->size(); ++i)
    if ((*levels)[i].label == "observed") slider.observed_ = i;
  slider.levels_ = std::move(levels);
  return slider;
}

const economics::GranularityLevel& GranularitySlider::level(std::size_t position) const {
  return (*levels_)[std::min(position, positions() - 1)];
}

std::optional<std::size_t> GranularitySlider::exact_position(std::size_t services) const {
  if (!levels_) return std::nullopt;
  const auto it = std::lower_bound(levels_->begin(), levels_->end(), services,
                                   [](const auto& level, std::size_t s) { return level.services < s; });
  if (it == levels_->end() || it->services != services) return std::nullopt;
  return static_cast<std::size_t>(it - levels_->begin());
}

std::size_t nearest_level(const std::vector<economics::GranularityLevel>& levels, std::size_t services) {
  std::size_t best = 0;
  auto distance = [&](std::size_t i) {
    const auto s = levels[i].services;
    return s > services ? s - services : services - s;
  };
  for (std::size_t i = 1; i < levels.size(); ++i)
    if (distance(i) < distance(best)) best = i;  // strictly nearer: ties keep the coarser
  return best;
}

std::size_t GranularitySlider::nearest_position(std::size_t services) const {
  return levels_ ? nearest_level(*levels_, services) : 0;
}

bool GranularitySlider::matches(std::size_t position, const model::Partition& partition) const {
  if (!positions()) return false;
  const auto& mine = level(position).partition;
  if (mine.operation_count() != partition.operation_count()) return false;
  // Same grouping: the group ids correspond one to one.
  std::unordered_map<model::GroupId, model::GroupId> to, from;
  for (model::OperationId op = 0; op < mine.operation_count(); ++op) {
    const auto a = mine.group_of(op), b = partition.group_of(op);
    if (to.try_emplace(a, b).first->second != b || from.try_emplace(b, a).first->second != a) return false;
  }
  return true;
}

std::optional<std::size_t> GranularitySlider::position_of(const Levels& priced, std::size_t index) const {
  if (!positions() || !priced || index >= priced->size()) return std::nullopt;
  if (priced == levels_) return index;  // the sweep priced the slider's own levels
  return exact_position((*priced)[index].services);
}

std::string GranularitySlider::text(std::size_t position) const {
  if (!positions()) return "";
  const auto& l = level(position);
  std::string out = business_services_text(l.services);
  if (!l.label.empty()) out += " (" + l.label + ")";
  return out;
}

}  // namespace nanoscope::gui
