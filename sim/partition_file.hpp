// Partition files: a YAML (or JSON) file that groups services and operations into named
// services, read against an imported graph and written from a partition. Unknown names are
// errors. Format: docs/scenarios.md, section "Partition files". Edits (merge, split) and the
// names of merged and split groups live in session/partition_edits.hpp.
#pragma once

#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>
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

/// One group of a partition file: its name and its members, each a service (all its
/// operations) or "service/operation".
struct PartitionFileGroup {
  std::string name;
  std::vector<std::string> members;
  bool operator==(const PartitionFileGroup&) const = default;
};

/// Where a problem with member `member` of group `group` is, as a whole one-line message
/// ("FILE:LINE:COL: message", or however the caller's format locates it).
using PartitionErrorAt = std::function<std::string(std::size_t group, std::size_t member, const std::string& message)>;

/// The partition `groups` describe for `graph`, read as a partition file's `services` are:
/// from the observed partition, every listed service (all its operations) or operation moves
/// into its group; a group named like an existing one joins it. An unknown name or an
/// operation listed twice throws PartitionError with the message `error_at` makes.
[[nodiscard]] model::Partition partition_from_groups(const model::CallGraph& graph,
                                                     const std::vector<PartitionFileGroup>& groups,
                                                     const PartitionErrorAt& error_at);

/// The groups that describe `partition` in a file, by name: each member a whole service when
/// the group holds all of that service's operations, else "service/operation"; a name two
/// groups share gets " (2)", " (3)"... With `changed_only`, a service left exactly as observed
/// (same operations, same name) is not listed, since a partition file starts from the observed
/// services -- so a file from a graph with infrastructure still reads on one without it.
/// Reading the groups back with partition_from_groups gives the same grouping under the same names.
[[nodiscard]] std::vector<PartitionFileGroup> partition_file_groups(const model::CallGraph& graph,
                                                                    const model::Partition& partition,
                                                                    bool changed_only = true);

/// Writes a partition file (YAML: name, description, services) with a leading `# comment` line
/// per line of `comment` (none when empty).
void write_partition_yaml(std::ostream& out, std::string_view name, std::string_view description,
                          const std::vector<PartitionFileGroup>& groups, std::string_view comment = {});

}  // namespace nanoscope::sim
