// Splitting one service: its operations start in one group; the user moves operations
// between groups (drag and drop in the panel) and applies, which yields the new partition.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/viewmodel/document.hpp"

namespace nanoscope::gui {

/// Editing state of a split.
class SplitEditor {
 public:
  /// Starts splitting node `node` of `doc`; false if it has fewer than two operations.
  bool begin(const Document& doc, std::uint32_t node);
  void cancel() { active_ = false; }
  [[nodiscard]] bool active() const { return active_; }
  [[nodiscard]] const std::string& service() const { return service_; }
  /// Operations of each group (group 0 keeps the service's name).
  [[nodiscard]] const std::vector<std::vector<model::OperationId>>& groups() const { return groups_; }
  /// Adds an empty group; returns its index.
  std::size_t add_group();
  /// Moves `op` into group `to`; false if `op` is not being split or `to` is out of range.
  bool move(model::OperationId op, std::size_t to);
  /// Name a group gets: the service's name, then "name-2", "name-3"...
  [[nodiscard]] std::string group_name(std::size_t group) const;
  /// Applies to `partition`: every non-empty group after the first becomes a new group.
  /// nullopt when fewer than two groups are non-empty (nothing to split).
  [[nodiscard]] std::optional<model::Partition> apply(const model::Partition& partition) const;

 private:
  bool active_ = false;
  std::string service_;
  std::vector<std::vector<model::OperationId>> groups_;
};

}  // namespace nanoscope::gui
