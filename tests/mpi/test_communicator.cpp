// The MPI communicator under mpiexec (tests/mpi/CMakeLists.txt runs it with 1, 2 and 4 ranks):
// the byte collectives deliver every rank's bytes in rank order, and a failure reported by some
// ranks between collectives reaches every rank as the same RankFailure (the lowest failing rank
// of the first round that saw one), after which no collective communicates. Exit 0 when every
// check held on this rank.
#include <cstdio>
#include <string>

#include "session/mpi/communicator.hpp"

using nanoscope::session::mpi::Communicator;
using nanoscope::session::mpi::RankFailure;

namespace {

int failures = 0;

void expect(bool ok, const char* what, int rank) {
  if (ok) return;
  std::fprintf(stderr, "rank %d: check failed: %s\n", rank, what);
  ++failures;
}

std::string blob(int rank) { return std::string(static_cast<std::size_t>(rank) * 3 + 1, static_cast<char>('a' + rank)); }

}  // namespace

int main(int argc, char** argv) {
  Communicator comm(argc, argv);
  const int rank = comm.rank(), size = comm.size();

  expect(comm.broadcast(rank == 0 ? "from root" : "ignored") == "from root", "broadcast from rank 0", rank);
  const auto all = comm.allgather(blob(rank));
  expect(static_cast<int>(all.size()) == size, "allgather: one blob per rank", rank);
  for (int r = 0; r < static_cast<int>(all.size()); ++r) expect(all[static_cast<std::size_t>(r)] == blob(r), "allgather: rank order", rank);
  const auto gathered = comm.gather(blob(rank));
  expect(rank == 0 ? gathered == all : gathered.empty(), "gather: all on rank 0, nothing elsewhere", rank);
  expect(comm.allgather(std::string()).size() == static_cast<std::size_t>(size), "allgather of empty blobs", rank);
  comm.barrier();

  // The last rank (and rank 2 of 4) fails before its next collective; the others go on calling
  // allgather, which must throw instead of waiting for the failed ranks.
  const int expected = size >= 4 ? 2 : size - 1;
  const bool fails_here = rank == size - 1 || (size >= 4 && rank == 2);
  bool agreed = false;
  try {
    if (fails_here) comm.fail("rank " + std::to_string(rank) + " failed on purpose");
    for (int round = 0; round < 5; ++round) (void)comm.allgather(blob(rank));
  } catch (const RankFailure& f) {
    agreed = true;
    expect(f.rank() == expected, "the agreed failure is the lowest failing rank's", rank);
    expect(std::string(f.what()) == "rank " + std::to_string(expected) + " failed on purpose", "its message", rank);
    expect(f.exit_code() == 1, "its exit code", rank);
  }
  expect(agreed, "every rank learned of the failure", rank);
  bool rethrown = false;
  try {
    comm.barrier();
  } catch (const RankFailure&) {
    rethrown = true;
  }
  expect(rethrown, "a collective after the failure rethrows it", rank);
  if (failures == 0 && rank == 0) std::printf("communicator: %d ranks, collectives and failure agreement hold\n", size);
  return failures == 0 ? 0 : 1;
}
