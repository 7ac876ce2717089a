// The distributed import's collectives (importers/distributed_import.hpp) on a Communicator.
#pragma once

#include "importers/distributed_import.hpp"
#include "session/mpi/communicator.hpp"

namespace nanoscope::session::mpi {

/// ImportExchange over the ranks of `communicator` (which must outlive it); a failure is the
/// communicator's agreed RankFailure.
class MpiImportExchange final : public importers::ImportExchange {
 public:
  explicit MpiImportExchange(Communicator& communicator) : communicator_(communicator) {}
  [[nodiscard]] std::size_t rank() const override { return static_cast<std::size_t>(communicator_.rank()); }
  [[nodiscard]] std::size_t ranks() const override { return static_cast<std::size_t>(communicator_.size()); }
  [[nodiscard]] std::string broadcast(std::string bytes) override { return communicator_.broadcast(std::move(bytes)); }
  [[nodiscard]] std::vector<std::string> gather(const std::string& mine) override { return communicator_.gather(mine); }
  [[nodiscard]] std::vector<std::string> all_to_all(std::vector<std::string> to_each) override {
    return communicator_.alltoall(to_each);
  }
  [[noreturn]] void fail(const std::string& message) override { communicator_.fail(message); }

 private:
  Communicator& communicator_;
};

}  // namespace nanoscope::session::mpi
