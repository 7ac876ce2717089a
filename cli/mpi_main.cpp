// nanoscope-mpi: the `import`, `sweep`, `report` and `whatif` commands of nanoscope as ranks of
// one MPI job (`mpiexec -n N build/nanoscope-mpi sweep ...`). The commands are nanoscope's own
// (cli/cmd_*.cpp), given a RunContext: rank 0 alone prints and writes outputs (atomically), the
// economics units are dealt to every rank (session/mpi/mpi_unit_distributor.hpp), and ranks
// replace threads (one worker thread per rank unless --threads says). A failure on any rank
// reaches every rank (session/mpi/communicator.hpp): all exit non-zero, rank 0 prints the first
// failing rank's one-line error, and nothing is written. See docs/distributed.md.
#include <CLI/CLI.hpp>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/run_context.hpp"
#include "cli/usage.hpp"
#include "importers/interrupt_cleanup.hpp"
#include "session/mpi/communicator.hpp"
#include "session/mpi/mpi_import_exchange.hpp"
#include "session/mpi/mpi_unit_distributor.hpp"

namespace {

using nanoscope::session::mpi::Communicator;
using nanoscope::session::mpi::RankFailure;

// The other ranks print nothing (their commands run quietly; usage errors and --help would be
// printed once per rank): their standard output and error go to an anonymous memory file.
void silence_non_root(const Communicator& comm) {
  if (comm.is_root()) return;
  const int fd = memfd_create("nanoscope-mpi-rank-output", MFD_CLOEXEC);
  if (fd < 0) return;
  dup2(fd, STDOUT_FILENO);
  dup2(fd, STDERR_FILENO);
  close(fd);
}

// NANOSCOPE_MPI_STATS=1: every rank's traffic and CPU time on rank 0's standard error, one line
// per rank (docs/distributed.md uses them for the scaling model).
void print_traffic(Communicator& comm) {
  const char* wanted = std::getenv("NANOSCOPE_MPI_STATS");
  if (!wanted || std::string(wanted) != "1") return;
  const auto& t = comm.traffic();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  const std::string line = "nanoscope-mpi: rank " + std::to_string(comm.rank()) + ": " +
                           std::to_string(t.payload_rounds) + " exchanges, " + std::to_string(t.bytes_sent) +
                           " bytes sent, " + std::to_string(t.bytes_received) + " bytes received, " +
                           std::to_string(t.seconds) + " s in collectives, " + std::to_string(cpu) + " s CPU\n";
  for (const auto& l : comm.gather(line))
    std::fputs(l.c_str(), stderr);
}

// Runs one rank's command and agrees with the others on the outcome: a local exception is
// reported to every rank, and every rank (the failing one too) throws the first failure,
// which run_command_line prints (rank 0 only, see above) and maps to the exit code.
int run_agreed(Communicator& comm, const std::function<int()>& run) {
  try {
    int code = 0;
    try {
      code = run();
    } catch (const RankFailure&) {
      throw;
    } catch (const nanoscope::cli::UsageError& e) {
      comm.fail(e.what(), nanoscope::cli::kExitUsageError);
    } catch (const std::exception& e) {
      comm.fail(e.what(), nanoscope::cli::kExitFailedRun);
    }
    comm.barrier();  // the last agreement: a rank that failed after its last exchange is heard here
    print_traffic(comm);
    return code;
  } catch (const RankFailure& f) {
    if (f.exit_code() == nanoscope::cli::kExitUsageError) throw nanoscope::cli::UsageError(f.what());
    throw std::runtime_error(f.what());
  }
}

}  // namespace

int main(int argc, char** argv) {
  nanoscope::importers::install_interrupt_cleanup();
  Communicator comm(argc, argv);
  silence_non_root(comm);
  nanoscope::session::mpi::MpiUnitDistributor units(comm);
  nanoscope::cli::RunContext context;
  context.rank = static_cast<std::size_t>(comm.rank());
  context.ranks = static_cast<std::size_t>(comm.size());
  context.units = &units;
  nanoscope::session::mpi::MpiImportExchange imports(comm);
  context.imports = &imports;
  context.default_threads = 1;

  CLI::App app{"nanoscope-mpi: nanoscope's import, sweep, report and whatif across the ranks of an MPI job "
               "(mpiexec -n N nanoscope-mpi COMMAND ...; see docs/distributed.md)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "nanoscope-mpi 0.1.0");
  app.footer(nanoscope::cli::conventions_help());
  std::vector<nanoscope::cli::Command> commands = {
      nanoscope::cli::add_import_command(app, &context),
      nanoscope::cli::add_report_command(app, &context),
      nanoscope::cli::add_sweep_command(app, &context),
      nanoscope::cli::add_whatif_command(app, &context),
  };
  for (auto& c : commands) c.run = [&comm, run = c.run] { return run_agreed(comm, run); };
  return nanoscope::cli::run_command_line(app, commands, argc, argv);
}
