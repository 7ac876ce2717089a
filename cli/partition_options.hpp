// The partition a command simulates or prices: the observed services, or a partition file,
// then `--merge A,B` and `--split SERVICE[:op,op...]` edits in order (the syntax of
// sim/partition_file.hpp, shared by `simulate` and `whatif`).
#pragma once

#include <string>
#include <vector>

#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace CLI {
class App;
}

namespace nanoscope::cli {

/// What the command line said about the partition.
struct PartitionOptions {
  std::string partition;             ///< --partition FILE, or empty
  std::vector<std::string> merges;   ///< --merge A,B (repeatable, applied in order)
  std::vector<std::string> splits;   ///< --split SERVICE[:op,op...] (repeatable, after the merges)

  [[nodiscard]] bool edited() const { return !partition.empty() || !merges.empty() || !splits.empty(); }
};

/// Adds --partition, --merge and --split to `command`; the syntax of each --merge and --split
/// is checked by the parser (a malformed one is a usage error).
void add_partition_options(CLI::App* command, PartitionOptions& options);

/// A partition and how it was made, for the report.
struct ChosenPartition {
  model::Partition partition;
  std::string description;  ///< "partition p.yaml; merge a,b; split c", or "" when not edited
};

/// The observed partition of `graph` (or the file's), with every edit applied. Throws
/// sim::PartitionError naming the unknown service, operation or file position.
[[nodiscard]] ChosenPartition choose_partition(const PartitionOptions& options, const model::CallGraph& graph);

}  // namespace nanoscope::cli
