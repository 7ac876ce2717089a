// MPI_COMM_WORLD behind byte-string collectives, each preceded by the header round that carries
// failures (see communicator.hpp).
#include "session/mpi/communicator.hpp"

#include <mpi.h>

#include <climits>
#include <numeric>

namespace nanoscope::session::mpi {
namespace {

constexpr long long kOk = 0;

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(std::string("MPI ") + what + " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

// Counts and displacements of a variable-length exchange as MPI wants them (int).
struct Layout {
  std::vector<int> counts, displacements;
  std::size_t total = 0;
};

Layout layout_of(const std::vector<long long>& headers) {
  Layout l;
  const std::size_t ranks = headers.size() / 2;
  for (std::size_t r = 0; r < ranks; ++r) {
    const auto length = static_cast<std::size_t>(headers[2 * r + 1]);
    if (l.total + length > static_cast<std::size_t>(INT_MAX))
      throw std::runtime_error("an MPI exchange of more than 2 GiB is not supported");
    l.counts.push_back(static_cast<int>(length));
    l.displacements.push_back(static_cast<int>(l.total));
    l.total += length;
  }
  return l;
}

std::vector<std::string> split(const std::string& all, const Layout& l) {
  std::vector<std::string> out;
  for (std::size_t r = 0; r < l.counts.size(); ++r)
    out.push_back(all.substr(static_cast<std::size_t>(l.displacements[r]), static_cast<std::size_t>(l.counts[r])));
  return out;
}

}  // namespace

Communicator::Communicator(int& argc, char**& argv) {
  int provided = 0;
  // Worker threads compute but never call MPI: only the main thread does.
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "init");
  // Errors come back as codes (turned into exceptions), not as an abort of the whole job.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Communicator::~Communicator() { MPI_Finalize(); }

std::vector<long long> Communicator::exchange_headers(int status, std::size_t length, const std::string& message) {
  if (failure_) throw *failure_;
  ++traffic_.collectives;
  const long long mine[2] = {status, static_cast<long long>(length)};
  std::vector<long long> all(2 * static_cast<std::size_t>(size_));
  check(MPI_Allgather(mine, 2, MPI_LONG_LONG, all.data(), 2, MPI_LONG_LONG, MPI_COMM_WORLD), "allgather");
  int first = -1;
  for (int r = 0; r < size_ && first < 0; ++r)
    if (all[2 * static_cast<std::size_t>(r)] != kOk) first = r;
  if (first < 0) return all;
  // Some rank failed: every failing rank's message goes to all (the others send nothing).
  std::vector<long long> message_headers(all.size());
  for (int r = 0; r < size_; ++r) {
    const auto i = 2 * static_cast<std::size_t>(r);
    message_headers[i] = all[i];
    message_headers[i + 1] = all[i] != kOk ? all[i + 1] : 0;
  }
  const Layout l = layout_of(message_headers);
  std::string text(l.total, '\0');
  const std::string& send = status != kOk ? message : std::string();
  check(MPI_Allgatherv(send.data(), static_cast<int>(send.size()), MPI_CHAR, text.data(), l.counts.data(),
                       l.displacements.data(), MPI_CHAR, MPI_COMM_WORLD),
        "allgatherv");
  const auto f = static_cast<std::size_t>(first);
  failure_.emplace(split(text, l)[f], first, static_cast<int>(all[2 * f]));
  throw *failure_;
}

void Communicator::barrier() { (void)exchange_headers(kOk, 0, {}); }

std::string Communicator::broadcast(std::string bytes, int root) {
  const double start = MPI_Wtime();
  const auto headers = exchange_headers(kOk, rank_ == root ? bytes.size() : 0, {});
  const auto length = static_cast<std::size_t>(headers[2 * static_cast<std::size_t>(root) + 1]);
  if (length > static_cast<std::size_t>(INT_MAX)) throw std::runtime_error("an MPI broadcast of more than 2 GiB is not supported");
  bytes.resize(length);
  check(MPI_Bcast(bytes.data(), static_cast<int>(length), MPI_CHAR, root, MPI_COMM_WORLD), "broadcast");
  count(rank_ == root ? length : 0, rank_ == root ? 0 : length, start);
  return bytes;
}

std::vector<std::string> Communicator::gather(const std::string& mine, int root) {
  const double start = MPI_Wtime();
  const Layout l = layout_of(exchange_headers(kOk, mine.size(), {}));
  std::string all(rank_ == root ? l.total : 0, '\0');
  check(MPI_Gatherv(mine.data(), static_cast<int>(mine.size()), MPI_CHAR, all.data(), l.counts.data(),
                    l.displacements.data(), MPI_CHAR, root, MPI_COMM_WORLD),
        "gatherv");
  count(mine.size(), rank_ == root ? l.total - mine.size() : 0, start);
  return rank_ == root ? split(all, l) : std::vector<std::string>{};
}

std::vector<std::string> Communicator::allgather(const std::string& mine) {
  const double start = MPI_Wtime();
  const Layout l = layout_of(exchange_headers(kOk, mine.size(), {}));
  std::string all(l.total, '\0');
  check(MPI_Allgatherv(mine.data(), static_cast<int>(mine.size()), MPI_CHAR, all.data(), l.counts.data(),
                       l.displacements.data(), MPI_CHAR, MPI_COMM_WORLD),
        "allgatherv");
  count(mine.size(), l.total - mine.size(), start);
  return split(all, l);
}

void Communicator::count(std::size_t sent, std::size_t received, double start) {
  ++traffic_.payload_rounds;
  traffic_.bytes_sent += sent;
  traffic_.bytes_received += received;
  traffic_.seconds += MPI_Wtime() - start;
}

std::vector<std::string> Communicator::alltoall(const std::vector<std::string>& to_each) {
  if (to_each.size() != static_cast<std::size_t>(size_)) throw std::logic_error("alltoall: one message per rank");
  (void)exchange_headers(kOk, 0, {});
  const auto n = static_cast<std::size_t>(size_);
  std::vector<int> send_counts(n), send_displacements(n), receive_counts(n), receive_displacements(n);
  std::size_t total = 0;
  for (std::size_t r = 0; r < n; ++r) {
    if (total + to_each[r].size() > static_cast<std::size_t>(INT_MAX))
      throw std::runtime_error("an MPI exchange of more than 2 GiB is not supported");
    send_counts[r] = static_cast<int>(to_each[r].size());
    send_displacements[r] = static_cast<int>(total);
    total += to_each[r].size();
  }
  std::string send;
  send.reserve(total);
  for (const auto& bytes : to_each) send += bytes;
  check(MPI_Alltoall(send_counts.data(), 1, MPI_INT, receive_counts.data(), 1, MPI_INT, MPI_COMM_WORLD), "alltoall");
  Layout l;
  for (std::size_t r = 0; r < n; ++r) {
    if (l.total + static_cast<std::size_t>(receive_counts[r]) > static_cast<std::size_t>(INT_MAX))
      throw std::runtime_error("an MPI exchange of more than 2 GiB is not supported");
    l.counts.push_back(receive_counts[r]);
    l.displacements.push_back(static_cast<int>(l.total));
    l.total += static_cast<std::size_t>(receive_counts[r]);
  }
  std::string all(l.total, '\0');
  check(MPI_Alltoallv(send.data(), send_counts.data(), send_displacements.data(), MPI_CHAR, all.data(),
                      l.counts.data(), l.displacements.data(), MPI_CHAR, MPI_COMM_WORLD),
        "alltoallv");
  return split(all, l);
}

void Communicator::fail(const std::string& message, int exit_code) {
  (void)exchange_headers(exit_code == 0 ? 1 : exit_code, message.size(), message);
  // Unreachable: a failing header always ends in the agreed RankFailure.
  throw std::logic_error("failure not agreed");
}

}  // namespace nanoscope::session::mpi
