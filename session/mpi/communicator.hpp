// The MPI layer of nanoscope-mpi: one RAII communicator over MPI_COMM_WORLD (MPI_Init in the
// constructor, MPI_Finalize in the destructor) with the few collectives the distributed commands
// need, on byte strings only. No MPI type appears here, so users need no MPI headers.
//
// Failure agreement: every collective first exchanges a fixed-size header (ok or failed, payload
// length) among all ranks. A rank whose local work threw calls fail() instead of its next
// collective; its header then reaches every other rank in whichever collective they are in, and
// every rank throws RankFailure with the message of the lowest failing rank. After that no
// collective communicates again (each rethrows), so no rank waits for one that has stopped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace nanoscope::session::mpi {

/// What every rank throws once a failure was agreed: the message of the lowest failing rank.
class RankFailure : public std::runtime_error {
 public:
  RankFailure(const std::string& message, int rank, int exit_code)
      : std::runtime_error(message), rank_(rank), exit_code_(exit_code) {}
  /// The rank that failed first (lowest rank among those failing in the same collective).
  [[nodiscard]] int rank() const { return rank_; }
  /// The exit code that rank asked for (1: failed run, 2: usage error).
  [[nodiscard]] int exit_code() const { return exit_code_; }

 private:
  int rank_;
  int exit_code_;
};

/// What this rank's collectives moved (the scaling model of docs/distributed.md reads it).
struct Traffic {
  std::uint64_t collectives = 0;     ///< header rounds (one per collective call)
  std::uint64_t payload_rounds = 0;  ///< collectives that moved bytes (broadcast, gather, allgather)
  std::uint64_t bytes_sent = 0;      ///< payload bytes this rank contributed
  std::uint64_t bytes_received = 0;  ///< payload bytes this rank received (its own excluded)
  double seconds = 0.0;              ///< wall time inside collectives (waiting for others included)
};

/// MPI_COMM_WORLD for the life of the process: construct once in main(), before anything else
/// reads argv. Collectives must be called by every rank in the same order.
class Communicator {
 public:
  Communicator(int& argc, char**& argv);
  ~Communicator();
  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  [[nodiscard]] bool is_root() const { return rank_ == 0; }

  /// Waits for every rank; throws RankFailure when one reported a failure.
  void barrier();
  /// `root`'s bytes on every rank (the argument is ignored elsewhere).
  [[nodiscard]] std::string broadcast(std::string bytes, int root = 0);
  /// Every rank's bytes, by rank, on `root`; an empty vector elsewhere.
  [[nodiscard]] std::vector<std::string> gather(const std::string& mine, int root = 0);
  /// Every rank's bytes, by rank, on every rank.
  [[nodiscard]] std::vector<std::string> allgather(const std::string& mine);
  /// `to_each[r]` to rank r (one element per rank); what every rank sent this one, by rank.
  [[nodiscard]] std::vector<std::string> alltoall(const std::vector<std::string>& to_each);

  /// Reports this rank's failure to the others (in place of its next collective) and throws the
  /// agreed RankFailure: the lowest failing rank's message and exit code. Once a failure was
  /// agreed it communicates nothing and rethrows it.
  [[noreturn]] void fail(const std::string& message, int exit_code = 1);
  [[nodiscard]] const Traffic& traffic() const { return traffic_; }
  /// The agreed failure, once there was one.
  [[nodiscard]] const std::optional<RankFailure>& failure() const { return failure_; }

 private:
  // The header round: every rank's (status, length); throws RankFailure when any rank failed.
  std::vector<long long> exchange_headers(int status, std::size_t length, const std::string& message);
  void count(std::size_t sent, std::size_t received, double start);

  int rank_ = 0;
  int size_ = 1;
  std::optional<RankFailure> failure_;
  Traffic traffic_;
};

}  // namespace nanoscope::session::mpi
