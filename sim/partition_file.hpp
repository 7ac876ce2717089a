// Partitions from files and command-line edits: a YAML (or JSON) file that groups services
// and operations into named services, and merges / splits of services by name. Unknown names
// are errors. Format: docs/scenarios.md, section "Partition files".
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::sim {

/// A partition file or edit that cannot be applied; what() names the file and position.
class PartitionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses partition YAML/JSON text against `graph`: starts from the observed partition and
/// moves every listed service (all its operations) or operation ("service/operation") into
/// the named group; a group named like an existing one joins it. Listing an operation twice
/// or naming something the graph lacks throws PartitionError "SOURCE:LINE:COL: ...".
[[nodiscard]] model::Partition parse_partition_yaml(std::string_view text, const std::string& source,
                                                    const model::CallGraph& graph);

/// Reads and parses a partition file. Throws PartitionError.
[[nodiscard]] model::Partition load_partition_file(const std::string& path, const model::CallGraph& graph);

/// Merges the groups named `a` and `b` into one named "a+b". Throws PartitionError naming
/// the unknown or empty group.
void merge_groups(model::Partition& partition, std::string_view a, std::string_view b);

/// The two names of an "A,B" merge spec (as given to --merge). Throws PartitionError when
/// malformed: "--merge expects two service names separated by a comma, got '...'".
[[nodiscard]] std::pair<std::string, std::string> parse_merge_spec(std::string_view spec);

/// Applies a "A,B" merge spec (as given to --merge). Throws PartitionError when malformed.
void apply_merge_spec(model::Partition& partition, std::string_view spec);

/// Splits the group `name` into one group per operation, named "service/operation".
/// Throws PartitionError for an unknown or empty group.
void split_group(model::Partition& partition, const model::CallGraph& graph, std::string_view name);

/// A split as given to --split (the one syntax of `simulate` and `whatif`): "SERVICE" splits
/// the service into one per operation; "SERVICE:op1,op2" moves those operations of SERVICE
/// into a new service named like the whole setting ("SERVICE:op1,op2").
struct SplitSpec {
  std::string service;
  std::vector<std::string> operations;  ///< empty: one service per operation
};

/// Parses "SERVICE" or "SERVICE:op,op...". Throws PartitionError for an empty service, an
/// empty list after ':' or an empty operation name; the message quotes the setting.
[[nodiscard]] SplitSpec parse_split_spec(std::string_view spec);

/// Applies a --split setting to `partition`. SERVICE is a group of the partition (a service,
/// or a group made by an earlier edit); an operation is named by its own name or as
/// "service/operation" when the group holds two of that name. Throws PartitionError naming
/// the unknown group or operation.
void apply_split_spec(model::Partition& partition, const model::CallGraph& graph, std::string_view spec);

}  // namespace nanoscope::sim
