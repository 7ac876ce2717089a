// Undo and redo of partition edits (merge, split, regroup): a command stack of named
// partition changes. Each command keeps the partition before and after, so undo and redo
// are exact and independent of how the change was computed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/partition.hpp"

namespace nanoscope::gui {

/// One edit: a label for the menu and the partitions on either side.
struct EditCommand {
  std::string label;        ///< e.g. "merge 3 services"
  model::Partition before;
  model::Partition after;
  std::string coalesce_key; ///< consecutive commands with the same non-empty key merge into one
};

/// Linear history with a cursor; pushing after an undo drops the redo tail.
class EditHistory {
 public:
  /// Records a change. When the newest command has the same non-empty coalesce key and
  /// nothing was undone, that command's `after` is replaced instead (a slider drag is one step).
  void push(EditCommand command);
  [[nodiscard]] bool can_undo() const { return cursor_ > 0; }
  [[nodiscard]] bool can_redo() const { return cursor_ < commands_.size(); }
  /// Steps back; returns the partition to show, or nullopt when there is nothing to undo.
  std::optional<model::Partition> undo();
  /// Steps forward; returns the partition to show, or nullopt when there is nothing to redo.
  std::optional<model::Partition> redo();
  /// Label of the command undo would revert ("" if none).
  [[nodiscard]] std::string undo_label() const;
  /// Label of the command redo would apply ("" if none).
  [[nodiscard]] std::string redo_label() const;
  [[nodiscard]] std::size_t size() const { return commands_.size(); }
  [[nodiscard]] std::size_t cursor() const { return cursor_; }
  /// Ends coalescing: the next push starts a new command even with the same key.
  void seal() { sealed_ = true; }
  void clear();

 private:
  std::vector<EditCommand> commands_;
  std::size_t cursor_ = 0;
  bool sealed_ = false;
};

}  // namespace nanoscope::gui
