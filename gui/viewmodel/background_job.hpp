// Long work off the UI thread: a job runs a function on its own thread, reports a progress
// fraction and a stage, honours cancellation, and hands back a result or an error message.
// The UI polls once per frame and never blocks.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace nanoscope::gui {

/// Shared between the UI and the worker.
class JobProgress {
 public:
  void set(double fraction) { fraction_.store(fraction); }
  [[nodiscard]] double fraction() const { return fraction_.load(); }
  void set_stage(std::string stage) {
    std::lock_guard lock(mutex_);
    stage_ = std::move(stage);
  }
  [[nodiscard]] std::string stage() const {
    std::lock_guard lock(mutex_);
    return stage_;
  }
  void request_cancel() { cancel_.store(true); }
  [[nodiscard]] bool cancel_requested() const { return cancel_.load(); }
  void reset() {
    fraction_.store(0.0);
    cancel_.store(false);
    set_stage("");
  }

 private:
  std::atomic<double> fraction_{0.0};
  std::atomic<bool> cancel_{false};
  mutable std::mutex mutex_;
  std::string stage_;
};

/// One job at a time producing a T.
template <class T>
class BackgroundJob {
 public:
  BackgroundJob() = default;
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;
  ~BackgroundJob() {
    progress_.request_cancel();
    if (thread_.joinable()) thread_.join();
  }

  /// Starts `work`; false if a job is still running.
  bool start(std::function<T(JobProgress&)> work) {
    if (running()) return false;
    if (thread_.joinable()) thread_.join();
    progress_.reset();
    {
      std::lock_guard lock(mutex_);
      result_.reset();
      error_.clear();
    }
    running_.store(true);
    thread_ = std::thread([this, work = std::move(work)] {
      try {
        T value = work(progress_);
        std::lock_guard lock(mutex_);
        result_ = std::move(value);
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        error_ = e.what();
      } catch (...) {
        std::lock_guard lock(mutex_);
        error_ = "unknown error";
      }
      running_.store(false);
    });
    return true;
  }
  [[nodiscard]] bool running() const { return running_.load(); }
  [[nodiscard]] const JobProgress& progress() const { return progress_; }
  void cancel() { progress_.request_cancel(); }
  /// The result once finished (moved out; later calls return nullopt).
  std::optional<T> take_result() {
    if (running()) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto r = std::move(result_);
    result_.reset();
    return r;
  }
  /// The error once finished ("" if none; cleared by the call).
  std::string take_error() {
    if (running()) return {};
    std::lock_guard lock(mutex_);
    return std::exchange(error_, std::string());
  }
  /// Cancels the running job, waits for it, and drops its result or error (the input it
  /// worked on is gone, e.g. another graph was opened).
  void discard() {
    cancel();
    wait();
    (void)take_result();
    (void)take_error();
  }
  /// Blocks until the job ends (headless mode and tests).
  void wait() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  JobProgress progress_;
  std::atomic<bool> running_{false};
  std::mutex mutex_;
  std::optional<T> result_;
  std::string error_;
  std::thread thread_;
};

}  // namespace nanoscope::gui
