// Cooperative cancellation shared by every long computation (import, pricing, simulation):
// a CancelToken that the owner of a job sets and the work polls in its long loops, and the
// typed Cancelled exception the work throws when it sees it. It lives in model/, the layer
// importers, sim and economics all depend on, so each of them checks the same token; the GUI's
// jobs (gui/viewmodel/background_job.hpp) hand one to the work they start.
#pragma once

#include <atomic>
#include <exception>
#include <memory>

namespace nanoscope::model {

/// Thrown by work that saw its token cancelled; not an error (nothing to report but "cancelled").
class Cancelled : public std::exception {
 public:
  [[nodiscard]] const char* what() const noexcept override { return "cancelled"; }
};

/// A shared cancellation flag. Copies share the flag, so the owner keeps one copy and the work
/// another; a default-constructed token is never cancelled and costs one null test per check.
class CancelToken {
 public:
  CancelToken() = default;
  /// A token that can be cancelled.
  [[nodiscard]] static CancelToken make() {
    CancelToken t;
    t.flag_ = std::make_shared<std::atomic<bool>>(false);
    return t;
  }
  /// Asks the work to stop (no effect on a default-constructed token).
  void request() const {
    if (flag_) flag_->store(true, std::memory_order_relaxed);
  }
  [[nodiscard]] bool requested() const { return flag_ && flag_->load(std::memory_order_relaxed); }
  /// Throws Cancelled once cancellation was requested.
  void check() const {
    if (requested()) throw Cancelled();
  }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace nanoscope::model
