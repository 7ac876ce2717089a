// Timing helpers of the cancellation tests: how long a cancelled job may take to stop, and a
// watcher that cancels a token from another thread once the work has run for a while.
#pragma once

#include <chrono>
#include <thread>

#include "model/cancellation.hpp"

namespace nanoscope::test {

/// The bound on the time from a cancel to the work's end: 200 ms, the UI's target (one frame of
/// an import dialog's "cancel" feeling instant). Sanitizers slow the work between two checks
/// 5-15x, so their builds allow ten times as much.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
inline constexpr double kPromptCancelMs = 2000.0;
#else
inline constexpr double kPromptCancelMs = 200.0;
#endif

using Clock = std::chrono::steady_clock;

[[nodiscard]] inline double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// Requests `token` after `delay_ms` on its own thread; `requested_at()` is when it did.
class DelayedCancel {
 public:
  DelayedCancel(model::CancelToken token, int delay_ms)
      : thread_([this, token, delay_ms] {
          std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
          at_ = Clock::now();
          token.request();
        }) {}
  DelayedCancel(const DelayedCancel&) = delete;
  DelayedCancel& operator=(const DelayedCancel&) = delete;
  ~DelayedCancel() { join(); }
  /// Waits for the cancel to have been requested, then returns when.
  Clock::time_point requested_at() {
    join();
    return at_;
  }

 private:
  void join() {
    if (thread_.joinable()) thread_.join();
  }
  Clock::time_point at_{};
  std::thread thread_;
};

}  // namespace nanoscope::test
