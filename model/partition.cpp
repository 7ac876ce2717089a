// Partition constructors (observed, monolith, per-operation) and merge/split edits.
#include "model/partition.hpp"

#include <algorithm>

namespace nanoscope::model {

Partition Partition::observed(const CallGraph& graph) {
  Partition p;
  p.group_of_.resize(graph.operation_count());
  for (OperationId op = 0; op < graph.operation_count(); ++op) p.group_of_[op] = graph.operation(op).service;
  for (const auto& s : graph.services()) p.names_.push_back(s.name);
  return p;
}

Partition Partition::monolith(const CallGraph& graph, std::string_view name) {
  Partition p;
  p.group_of_.assign(graph.operation_count(), 0);
  p.names_.emplace_back(name);
  return p;
}

Partition Partition::per_operation(const CallGraph& graph) {
  Partition p;
  p.group_of_.resize(graph.operation_count());
  for (OperationId op = 0; op < graph.operation_count(); ++op) {
    p.group_of_[op] = op;
    const auto& o = graph.operation(op);
    p.names_.push_back(graph.service(o.service).name + "/" + o.name);
  }
  return p;
}

std::vector<OperationId> Partition::operations_of(GroupId g) const {
  std::vector<OperationId> ops;
  for (OperationId op = 0; op < group_of_.size(); ++op)
    if (group_of_[op] == g) ops.push_back(op);
  return ops;
}

std::size_t Partition::non_empty_groups() const {
  std::vector<bool> used(names_.size(), false);
  for (auto g : group_of_) used[g] = true;
  return static_cast<std::size_t>(std::count(used.begin(), used.end(), true));
}

std::optional<GroupId> Partition::find(std::string_view name) const {
  std::vector<bool> used(names_.size(), false);
  for (auto g : group_of_) used[g] = true;
  std::optional<GroupId> empty_match;
  for (GroupId g = 0; g < names_.size(); ++g) {
    if (names_[g] != name) continue;
    if (used[g]) return g;
    if (!empty_match) empty_match = g;
  }
  return empty_match;
}

GroupId Partition::merge(GroupId a, GroupId b) {
  if (a == b) return a;
  for (auto& g : group_of_)
    if (g == b) g = a;
  return a;
}

GroupId Partition::split(const std::vector<OperationId>& ops, std::string_view name) {
  auto g = static_cast<GroupId>(names_.size());
  names_.emplace_back(name);
  for (auto op : ops) group_of_[op] = g;
  return g;
}

}  // namespace nanoscope::model
