// The economics sweep's units dealt over MPI ranks: economics::UnitDistributor on a Communicator.
#pragma once

#include "economics/unit_distributor.hpp"
#include "session/mpi/communicator.hpp"

namespace nanoscope::session::mpi {

/// Deals units to the ranks of `communicator` (which must outlive it); an exchange is one
/// allgather, a failure the communicator's agreed RankFailure.
class MpiUnitDistributor final : public economics::UnitDistributor {
 public:
  explicit MpiUnitDistributor(Communicator& communicator) : communicator_(communicator) {}
  [[nodiscard]] std::size_t rank() const override { return static_cast<std::size_t>(communicator_.rank()); }
  [[nodiscard]] std::size_t ranks() const override { return static_cast<std::size_t>(communicator_.size()); }
  [[nodiscard]] std::vector<std::string> exchange(const std::string& mine) override {
    return communicator_.allgather(mine);
  }
  [[noreturn]] void fail(const std::string& message) override { communicator_.fail(message); }

 private:
  Communicator& communicator_;
};

}  // namespace nanoscope::session::mpi
