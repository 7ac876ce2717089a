// Partition edits, the one home for both front ends: merging groups, splitting a group (one
// syntax, "SERVICE" or "SERVICE:op1,op2", for `--split` and the window's split editor), the
// names merged and split groups get, and a partition made from a file plus edits in order.
// The partition file format itself is read and written by sim/partition_file.hpp.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::session {

// --- names ---

/// Name of a group made by merging groups named `names` (in the order given, the first kept):
/// "a+b", "a+b+c", and beyond three "a +3" (the first name and how many joined it).
[[nodiscard]] std::string merged_group_name(const std::vector<std::string>& names);

/// A split setting: "SERVICE" splits the group into one group per operation, each named
/// "service/operation"; "SERVICE:op1,op2" moves those operations into one new group.
struct SplitSpec {
  std::string service;
  std::vector<std::string> operations;  ///< empty: one group per operation
};

/// The setting's text, "SERVICE" or "SERVICE:op1,op2" (parse_split_spec reads it back).
[[nodiscard]] std::string format_split_spec(const SplitSpec& spec);

/// Name of the group a "SERVICE:op,..." split makes: the setting itself for up to three
/// operations ("api:put,get"), else the first three and how many more ("api:a,b,c +2").
[[nodiscard]] std::string split_group_name(const SplitSpec& spec);

// --- settings as typed on the command line ---

/// The two names of an "A,B" merge setting. Throws sim::PartitionError when malformed:
/// "--merge expects two service names separated by a comma, got '...'".
[[nodiscard]] std::pair<std::string, std::string> parse_merge_spec(std::string_view spec);

/// Parses "SERVICE" or "SERVICE:op,op...". Throws sim::PartitionError for an empty service,
/// an empty list after ':' or an empty operation name; the message quotes the setting.
[[nodiscard]] SplitSpec parse_split_spec(std::string_view spec);

// --- edits ---

/// Merges `groups` (at least two, distinct) into the first, named merged_group_name() of their
/// names; the others are left empty and retired (see retire_emptied_groups). Returns the kept group.
model::GroupId merge_groups(model::Partition& partition, const model::CallGraph& graph,
                            const std::vector<model::GroupId>& groups);

/// Merges the groups named `a` and `b` into one named "a+b". Throws sim::PartitionError naming
/// the unknown group (with the list of groups) or a merge of a group with itself.
void merge_groups(model::Partition& partition, const model::CallGraph& graph, std::string_view a,
                  std::string_view b);

/// Applies a split: the named group (a service, or a group made by an earlier edit) into one
/// group per operation, or the listed operations into a new group named split_group_name().
/// An operation is named by its own name, or "service/operation" when the group holds two of
/// that name. Returns the names of the groups made. Throws sim::PartitionError naming the
/// unknown group or operation, a repeated operation, or a split that would move nothing or
/// everything; `setting` (the text the user typed, if any) prefixes the message.
std::vector<std::string> apply_split(model::Partition& partition, const model::CallGraph& graph,
                                     const SplitSpec& spec, std::string_view setting = {});

/// The setting that moves `operations` (all in one group named `group`) into a new group:
/// operations by their own names, or "service/operation" where the group holds two of a name.
[[nodiscard]] SplitSpec split_spec_for(const model::Partition& partition, const model::CallGraph& graph,
                                       std::string_view group, const std::vector<model::OperationId>& operations);

/// Renames groups that an edit emptied of every operation (a service merged away or split
/// apart) to "NAME (emptied)", so a later edit by name reports the service as unknown instead of
/// finding an empty group (the service graph drops emptied groups either way); manifest-only
/// services (no operations ever) keep their names.
void retire_emptied_groups(const model::CallGraph& graph, model::Partition& partition);

// --- a partition from a file and edits ---

/// How a partition is made: the observed services or a partition file, then merges, then splits.
struct PartitionRecipe {
  std::string file;                 ///< partition file, or empty for the observed services
  std::vector<std::string> merges;  ///< "A,B" settings, applied in order
  std::vector<std::string> splits;  ///< "SERVICE[:op,...]" settings, applied in order after the merges

  [[nodiscard]] bool edited() const { return !file.empty() || !merges.empty() || !splits.empty(); }
};

/// A partition and how it was made, for reports.
struct EditedPartition {
  model::Partition partition;
  std::string description;  ///< "partition p.yaml; merge a,b; split c", or "" when not edited
};

/// The partition `recipe` describes for `graph`. Throws sim::PartitionError naming the file
/// position, unknown service or operation.
[[nodiscard]] EditedPartition partition_from_recipe(const PartitionRecipe& recipe, const model::CallGraph& graph);

}  // namespace nanoscope::session
