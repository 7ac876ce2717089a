// Long work off the UI thread. BackgroundJob<T> is the job manager of one kind of job (import,
// simulation, sweep, pricing): each start() is a new generation with its own thread, progress
// and cancel token (model/cancellation.hpp); the UI polls once per frame and only ever takes
// the result of the current generation. discard() cancels the current run and forgets it
// without waiting: its thread stops on its own (the work checks the token in its long loops
// and throws model::Cancelled) and is joined later, once it has ended, or in the destructor
// after cancelling. So the UI thread never waits for a worker, and a stale result (computed
// for a graph that is no longer open) is dropped, never installed.
//
// Why gui/viewmodel and not session/: the CLI runs its work in the foreground and stops on
// SIGINT (importers/interrupt_cleanup); only a UI that must stay responsive needs jobs with
// generations. What both share, the token and Cancelled, lives in model/.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "model/cancellation.hpp"

namespace nanoscope::gui {

/// Progress and cancellation of one run, shared between the UI and the worker.
class JobProgress {
 public:
  JobProgress() : cancel_(model::CancelToken::make()) {}
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
  void request_cancel() { cancel_.request(); }
  [[nodiscard]] bool cancel_requested() const { return cancel_.requested(); }
  /// The token to hand to the libraries (ImportOptions, SweepOptions, simulate_graph ...).
  [[nodiscard]] const model::CancelToken& cancel_token() const { return cancel_; }

 private:
  std::atomic<double> fraction_{0.0};
  model::CancelToken cancel_;
  mutable std::mutex mutex_;
  std::string stage_;
};

namespace detail {

/// What one run shares between the UI and its worker; the worker's reference keeps it alive
/// after the UI has let go of the run.
struct JobState {
  explicit JobState(std::uint64_t g) : generation(g) {}
  const std::uint64_t generation;
  JobProgress progress;
  std::atomic<bool> finished{false};  ///< set (release) after the outcome below is written
  std::mutex mutex;
  std::string error;                  ///< the work threw something other than Cancelled
  bool cancelled = false;             ///< the work threw model::Cancelled
};

/// The threads of one kind of job (BackgroundJob's type-free core, background_job.cpp): the
/// current run's and those of discarded runs still stopping.
class JobThreads {
 public:
  JobThreads() = default;
  JobThreads(const JobThreads&) = delete;
  JobThreads& operator=(const JobThreads&) = delete;
  /// Cancels every run and joins every thread (each stops within its cancel latency).
  ~JobThreads();
  /// Runs `body` for `state` on a new thread, which becomes the current one; a previous current
  /// thread (finished or discarded) is kept until it can be joined without waiting.
  void launch(std::shared_ptr<JobState> state, std::function<void()> body);
  /// Cancels the current run and stops tracking it as current (never waits).
  void retire();
  /// Joins the threads of runs that have ended; never waits for a running one.
  void reap();
  /// Blocks until the current run has ended (headless mode and tests only).
  void wait();
  /// Threads not yet joined (current and retired): what the UI is not waiting for.
  [[nodiscard]] std::size_t threads() const { return (current_.thread.joinable() ? 1 : 0) + retired_.size(); }

 private:
  struct Worker {
    std::shared_ptr<JobState> state;
    std::thread thread;
  };
  Worker current_;
  std::vector<Worker> retired_;
};

}  // namespace detail

/// One kind of job producing a T; one run at a time is current.
template <class T>
class BackgroundJob {
 public:
  BackgroundJob() = default;
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  /// Starts `work` as the next generation; false while the current run is still running
  /// (discard() it first to replace it). An untaken result of an earlier run is dropped.
  bool start(std::function<T(JobProgress&)> work) {
    threads_.reap();
    if (running()) return false;
    auto state = std::make_shared<State>(++generation_);
    current_ = state;
    threads_.launch(state, [state, work = std::move(work)] {
      try {
        T value = work(state->progress);
        std::lock_guard lock(state->mutex);
        state->result = std::move(value);
      } catch (const model::Cancelled&) {
        std::lock_guard lock(state->mutex);
        state->cancelled = true;
      } catch (const std::exception& e) {
        std::lock_guard lock(state->mutex);
        state->error = e.what();
      } catch (...) {
        std::lock_guard lock(state->mutex);
        state->error = "unknown error";
      }
    });
    return true;
  }
  [[nodiscard]] bool running() const { return current_ && !current_->finished.load(std::memory_order_acquire); }
  /// The current run's progress (an idle, zero progress when there is none).
  [[nodiscard]] const JobProgress& progress() const { return current_ ? current_->progress : idle_; }
  /// Asks the current run to stop; it ends with its partial result or as cancelled (take_cancelled).
  void cancel() {
    if (current_) current_->progress.request_cancel();
  }
  /// The generation of the current run (0 before the first start); discard() moves past it.
  [[nodiscard]] std::uint64_t generation() const { return generation_; }
  /// The current run's result once finished (moved out; later calls return nullopt).
  std::optional<T> take_result() {
    auto* s = finished_current();
    if (!s) return std::nullopt;
    std::lock_guard lock(s->mutex);
    return std::exchange(s->result, std::nullopt);
  }
  /// The current run's error once finished ("" if none; cleared by the call).
  std::string take_error() {
    auto* s = finished_current();
    if (!s) return {};
    std::lock_guard lock(s->mutex);
    return std::exchange(s->error, std::string());
  }
  /// Whether the current run ended by model::Cancelled (true once; cleared by the call).
  bool take_cancelled() {
    auto* s = finished_current();
    if (!s) return false;
    std::lock_guard lock(s->mutex);
    return std::exchange(s->cancelled, false);
  }
  /// Cancels the current run and drops it and whatever it produces, without waiting (the input
  /// it worked on is gone, e.g. another graph was opened). A new run can start at once.
  void discard() {
    if (!current_) return;
    threads_.retire();
    current_.reset();
    ++generation_;
    threads_.reap();
  }
  /// Blocks until the current run ends (headless mode and tests; never from a frame).
  void wait() { threads_.wait(); }
  /// Worker threads not yet joined, discarded ones included.
  [[nodiscard]] std::size_t threads() const { return threads_.threads(); }

 private:
  struct State : detail::JobState {
    using detail::JobState::JobState;
    std::optional<T> result;
  };
  State* finished_current() {
    threads_.reap();
    if (!current_ || current_->generation != generation_ || !current_->finished.load(std::memory_order_acquire))
      return nullptr;
    return current_.get();
  }

  JobProgress idle_;
  std::uint64_t generation_ = 0;
  std::shared_ptr<State> current_;
  detail::JobThreads threads_;  // last: destroyed (cancel, join) before the state above
};

}  // namespace nanoscope::gui
