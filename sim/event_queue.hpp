// The pending-event set: a 4-ary min-heap of small POD events ordered by (time, sequence),
// so equal-time events leave in the order they were scheduled. Cancellation is lazy: a
// cancelled event stays in the heap and is skipped when it reaches the top.
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

namespace nanoscope::sim {

/// Simulated time in seconds.
using SimTime = double;
/// Index of a registered event handler (see Engine::add_handler).
using HandlerId = std::uint32_t;

/// One scheduled event. `kind` and `data` are the handler's own: typically kind says what
/// happens (arrival, completion, timeout) and data which job or server it concerns.
struct Event {
  SimTime time = 0.0;
  std::uint64_t seq = 0;    ///< insertion order; unique per engine
  HandlerId handler = 0;
  std::uint32_t kind = 0;
  std::uint64_t data = 0;
};

/// Identifies a scheduled event for cancellation.
struct EventHandle {
  SimTime time = 0.0;
  std::uint64_t seq = 0;
};

/// Min-heap of events with 4 children per node (shallower than binary: fewer cache misses
/// per pop). Complexity: push O(log4 n), pop O(4 log4 n), cancel O(1) expected.
class EventQueue {
 public:
  /// Adds an event; assigns and returns its sequence number.
  EventHandle push(SimTime time, HandlerId handler, std::uint32_t kind, std::uint64_t data) {
    Event ev{time, next_seq_++, handler, kind, data};
    heap_.push_back(ev);
    sift_up(heap_.size() - 1);
    return {time, ev.seq};
  }

  /// Removes the earliest live event into `out`; false when none is left. Skips cancelled ones.
  bool pop(Event& out) {
    while (!heap_.empty()) {
      out = heap_.front();
      remove_top();
      if (cancelled_.empty() || cancelled_.erase(out.seq) == 0) return true;
    }
    return false;
  }

  /// Like pop, but only if the earliest live event is due at or before `end`.
  bool pop_until(SimTime end, Event& out) {
    while (!heap_.empty()) {
      if (heap_.front().time > end) return false;
      out = heap_.front();
      remove_top();
      if (cancelled_.empty() || cancelled_.erase(out.seq) == 0) return true;
    }
    return false;
  }

  /// Time of the earliest live event (drops cancelled events on top); false when empty.
  bool peek_time(SimTime& time) {
    while (!heap_.empty()) {
      if (cancelled_.empty() || cancelled_.count(heap_.front().seq) == 0) {
        time = heap_.front().time;
        return true;
      }
      cancelled_.erase(heap_.front().seq);
      remove_top();
    }
    return false;
  }

  /// Marks a pending event cancelled. The caller guarantees it has not run yet (Engine
  /// checks that); returns false if it was already cancelled.
  bool cancel(std::uint64_t seq) { return cancelled_.insert(seq).second; }

  /// Live (not cancelled) events.
  [[nodiscard]] std::size_t size() const { return heap_.size() - cancelled_.size(); }
  [[nodiscard]] bool empty() const { return size() == 0; }
  /// Next sequence number to be assigned.
  [[nodiscard]] std::uint64_t next_seq() const { return next_seq_; }
  /// Drops every event (sequence numbers keep counting).
  void clear() {
    heap_.clear();
    cancelled_.clear();
  }
  /// Reserves room for `n` pending events.
  void reserve(std::size_t n) { heap_.reserve(n); }

 private:
  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  void sift_up(std::size_t i) {
    Event ev = heap_[i];
    while (i > 0) {
      std::size_t parent = (i - 1) / 4;
      if (!before(ev, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = ev;
  }
  void remove_top() {
    const std::size_t n = heap_.size() - 1;
    const Event last = heap_[n];
    heap_.pop_back();
    if (n == 0) return;
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      if (!before(heap_[best], last)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = last;
  }

  std::vector<Event> heap_;
  std::unordered_set<std::uint64_t> cancelled_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace nanoscope::sim
