// Splitting one service: its operations start in one group; the user moves operations
// between groups (drag and drop in the panel) and applies, which yields the new partition.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/viewmodel/document.hpp"
#include "session/partition_edits.hpp"

namespace nanoscope::gui {

/// A split applied: the new partition, the names of the groups it leaves (the service first)
/// and the settings, as `--split` would take them.
struct SplitResult {
  model::Partition partition;
  std::vector<std::string> groups;
  std::vector<std::string> settings;
};

/// Editing state of a split.
class SplitEditor {
 public:
  /// Starts splitting node `node` of `doc`; false if it has fewer than two operations.
  bool begin(const Document& doc, std::uint32_t node);
  void cancel() { active_ = false; }
  [[nodiscard]] bool active() const { return active_; }
  [[nodiscard]] const std::string& service() const { return service_; }
  /// Operations of each group (the first non-empty one keeps the service's name).
  [[nodiscard]] const std::vector<std::vector<model::OperationId>>& groups() const { return groups_; }
  /// Adds an empty group; returns its index.
  std::size_t add_group();
  /// Moves `op` into group `to`; false if `op` is not being split or `to` is out of range.
  bool move(model::OperationId op, std::size_t to);
  /// The split settings ("SERVICE:op1,op2") the groups amount to: the first non-empty group
  /// keeps the service, each other non-empty group is split off. Empty when nothing would split.
  [[nodiscard]] std::vector<session::SplitSpec> settings(const Document& doc) const;
  /// Name group `group` gets when applied (session::split_group_name; the service's own name
  /// for the group that keeps it; a placeholder for an empty group).
  [[nodiscard]] std::string group_name(const Document& doc, std::size_t group) const;
  /// Applies settings() to the document's partition; nullopt when fewer than two groups are
  /// non-empty (nothing to split).
  [[nodiscard]] std::optional<SplitResult> apply(const Document& doc) const;

 private:
  bool active_ = false;
  std::string service_;
  std::vector<std::vector<model::OperationId>> groups_;
};

}  // namespace nanoscope::gui
