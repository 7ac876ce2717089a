// A partition groups operations into services. The observed partition is "each operation
// in the service that owns it"; splits, merges and granularity sweeps are other partitions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/call_graph.hpp"

namespace nanoscope::model {

using GroupId = std::uint32_t;

/// Operation -> group assignment with a name per group. Groups are dense 0..size()-1.
class Partition {
 public:
  /// Each operation in the service that owns it; group i is service i (services without
  /// operations keep an empty group so ids line up).
  [[nodiscard]] static Partition observed(const CallGraph& graph);
  /// Every operation in one group called `name`.
  [[nodiscard]] static Partition monolith(const CallGraph& graph, std::string_view name = "monolith");
  /// One group per operation, named "service/operation".
  [[nodiscard]] static Partition per_operation(const CallGraph& graph);

  [[nodiscard]] std::size_t group_count() const { return names_.size(); }
  [[nodiscard]] std::size_t operation_count() const { return group_of_.size(); }
  [[nodiscard]] GroupId group_of(OperationId op) const { return group_of_[op]; }
  [[nodiscard]] const std::string& name(GroupId g) const { return names_[g]; }
  /// Operations of a group in id order.
  [[nodiscard]] std::vector<OperationId> operations_of(GroupId g) const;
  /// Number of non-empty groups.
  [[nodiscard]] std::size_t non_empty_groups() const;
  /// The group called `name`, preferring one with operations (a merge leaves the absorbed
  /// group empty under its old name); nullopt when no group has that name.
  [[nodiscard]] std::optional<GroupId> find(std::string_view name) const;

  /// Moves every operation of `b` into `a`; `b` becomes empty. Returns `a`.
  GroupId merge(GroupId a, GroupId b);
  /// Moves `ops` into a new group called `name`; returns its id.
  GroupId split(const std::vector<OperationId>& ops, std::string_view name);
  /// Renames a group.
  void rename(GroupId g, std::string_view name) { names_[g] = std::string(name); }

  /// Same assignment and names.
  bool operator==(const Partition&) const = default;

 private:
  std::vector<GroupId> group_of_;
  std::vector<std::string> names_;
};

}  // namespace nanoscope::model
