// How a command runs: alone (`nanoscope`, no context) or as one rank of `nanoscope-mpi`
// (cli/mpi_main.cpp passes a context to each command it registers). The commands ask it whether
// this process writes outputs and prints, and where units of work go; the context holds only
// abstract hooks, so the commands (and `nanoscope`) stay free of MPI.
#pragma once

#include <cstddef>

namespace nanoscope::economics {
class UnitDistributor;
}
namespace nanoscope::importers {
class ImportExchange;
}

namespace nanoscope::cli {

/// One rank's view of a distributed run.
struct RunContext {
  std::size_t rank = 0;
  std::size_t ranks = 1;
  /// Where sweep units go (economics/unit_distributor.hpp); null: this process's threads.
  economics::UnitDistributor* units = nullptr;
  /// Worker threads per rank when neither --threads nor NANOSCOPE_THREADS says (ranks replace
  /// threads: 1 by default in nanoscope-mpi).
  unsigned default_threads = 0;
  /// The ranks the inputs' call tables are dealt to (importers/distributed_import.hpp); null:
  /// this process imports them all.
  importers::ImportExchange* imports = nullptr;
};

/// Whether this process writes outputs and prints progress and summaries: always without a
/// context, only rank 0 with one.
[[nodiscard]] inline bool writes_outputs(const RunContext* context) { return !context || context->rank == 0; }

}  // namespace nanoscope::cli
