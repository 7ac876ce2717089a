// Command stack of partition edits.
#include "gui/viewmodel/edit_history.hpp"

namespace nanoscope::gui {

void EditHistory::push(EditCommand command) {
  if (!sealed_ && cursor_ == commands_.size() && cursor_ > 0 && !command.coalesce_key.empty() &&
      commands_.back().coalesce_key == command.coalesce_key) {
    commands_.back().after = std::move(command.after);
    commands_.back().label = std::move(command.label);
    return;
  }
  commands_.resize(cursor_);
  commands_.push_back(std::move(command));
  cursor_ = commands_.size();
  sealed_ = false;
}

std::optional<model::Partition> EditHistory::undo() {
  if (!can_undo()) return std::nullopt;
  sealed_ = true;
  return commands_[--cursor_].before;
}

std::optional<model::Partition> EditHistory::redo() {
  if (!can_redo()) return std::nullopt;
  sealed_ = true;
  return commands_[cursor_++].after;
}

std::string EditHistory::undo_label() const { return can_undo() ? commands_[cursor_ - 1].label : std::string(); }
std::string EditHistory::redo_label() const { return can_redo() ? commands_[cursor_].label : std::string(); }

void EditHistory::clear() {
  commands_.clear();
  cursor_ = 0;
  sealed_ = false;
}

}  // namespace nanoscope::gui
