// The threads behind BackgroundJob: launched per run, joined only once their run has ended
// (or at destruction, after cancelling), so the UI thread never waits for a worker.
#include "gui/viewmodel/background_job.hpp"

#include <algorithm>

namespace nanoscope::gui::detail {

JobThreads::~JobThreads() {
  if (current_.state) current_.state->progress.request_cancel();
  for (auto& w : retired_) w.state->progress.request_cancel();
  if (current_.thread.joinable()) current_.thread.join();
  for (auto& w : retired_)
    if (w.thread.joinable()) w.thread.join();
}

void JobThreads::launch(std::shared_ptr<JobState> state, std::function<void()> body) {
  reap();
  if (current_.thread.joinable()) retired_.push_back(std::move(current_));
  current_.state = state;
  current_.thread = std::thread([state = std::move(state), body = std::move(body)] {
    body();
    state->finished.store(true, std::memory_order_release);
  });
}

void JobThreads::retire() {
  if (!current_.thread.joinable()) return;
  current_.state->progress.request_cancel();
  retired_.push_back(std::move(current_));
  current_ = {};
}

void JobThreads::reap() {
  auto ended = [](Worker& w) { return w.state->finished.load(std::memory_order_acquire); };
  for (auto& w : retired_)
    if (ended(w)) w.thread.join();  // its body has returned: the join only collects the thread
  std::erase_if(retired_, [](const Worker& w) { return !w.thread.joinable(); });
  if (current_.thread.joinable() && ended(current_)) current_.thread.join();
}

void JobThreads::wait() {
  if (current_.thread.joinable()) current_.thread.join();
}

}  // namespace nanoscope::gui::detail
