// Engine run loop, handler registration, event cancellation and run cancellation.
#include "sim/engine.hpp"

namespace nanoscope::sim {

HandlerId Engine::add_handler(EventHandler& handler) {
  handlers_.push_back(&handler);
  return static_cast<HandlerId>(handlers_.size() - 1);
}

bool Engine::cancel(const EventHandle& handle) {
  // Events run in strictly increasing (time, seq) order, so a handle at or before the
  // last one run has already fired.
  if (any_fired_ && (handle.time < last_time_ || (handle.time == last_time_ && handle.seq <= last_seq_)))
    return false;
  if (handle.seq >= queue_.next_seq()) return false;
  return queue_.cancel(handle.seq);
}

template <bool kBounded>
std::uint64_t Engine::run_loop(SimTime end) {
  stopped_ = false;
  std::uint64_t count = 0;
  Event ev;
  while (!stopped_) {
    if constexpr (kBounded) {
      if (!queue_.pop_until(end, ev)) break;
    } else {
      if (!queue_.pop(ev)) break;
    }
    now_ = ev.time;
    last_time_ = ev.time;
    last_seq_ = ev.seq;
    any_fired_ = true;
    if ((++count & 4095u) == 0) cancel_.check();  // a relaxed load per 4096 events
    handlers_[ev.handler]->on_event(*this, ev);
  }
  processed_ += count;
  return count;
}

std::uint64_t Engine::run_until(SimTime end) {
  const std::uint64_t count = run_loop<true>(end);
  if (!stopped_ && end > now_) now_ = end;
  return count;
}

std::uint64_t Engine::run() { return run_loop<false>(0.0); }

}  // namespace nanoscope::sim
