// The partition a command simulates or prices: the observed services, or a partition file,
// then `--merge A,B` and `--split SERVICE[:op,op...]` edits in order (the syntax and names of
// session/partition_edits.hpp, shared by `simulate`, `whatif` and the window).
#pragma once

#include "model/call_graph.hpp"
#include "session/partition_edits.hpp"

namespace CLI {
class App;
}

namespace nanoscope::cli {

/// What the command line said about the partition: --partition FILE, --merge A,B (repeatable,
/// applied in order), --split SERVICE[:op,op...] (repeatable, after the merges).
using PartitionOptions = session::PartitionRecipe;

/// Adds --partition, --merge and --split to `command`; the syntax of each --merge and --split
/// is checked by the parser (a malformed one is a usage error).
void add_partition_options(CLI::App* command, PartitionOptions& options);

/// A partition and how it was made, for the report.
using ChosenPartition = session::EditedPartition;

/// The observed partition of `graph` (or the file's), with every edit applied. Throws
/// sim::PartitionError naming the unknown service, operation or file position.
[[nodiscard]] inline ChosenPartition choose_partition(const PartitionOptions& options, const model::CallGraph& graph) {
  return session::partition_from_recipe(options, graph);
}

}  // namespace nanoscope::cli
