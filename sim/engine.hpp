// The discrete-event engine: a clock, the pending-event queue and a table of handlers.
// It knows nothing of queues, networks or requests; models register handlers and schedule
// events addressed to them. No global state: every simulation owns its engine.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "model/cancellation.hpp"
#include "sim/event_queue.hpp"
#include "sim/rng.hpp"

namespace nanoscope::sim {

class Engine;

/// Something that reacts to events. Dispatch is one virtual call through the handler
/// table: no per-event allocation or std::function.
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  /// Called when an event addressed to this handler is due; engine.now() == event.time.
  virtual void on_event(Engine& engine, const Event& event) = 0;
};

/// Clock + event queue + handlers. Deterministic: the same schedule calls in the same order
/// give the same run, and equal-time events run in the order they were scheduled.
class Engine {
 public:
  /// `seed` seeds every RNG stream handed out by make_stream.
  explicit Engine(std::uint64_t seed = 1) : seed_(seed) {}
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Registers a handler (which must outlive the engine's use of it); returns its id.
  HandlerId add_handler(EventHandler& handler);

  /// Schedules an event `delay` seconds from now (negative delays count as zero).
  EventHandle schedule_in(SimTime delay, HandlerId handler, std::uint32_t kind = 0, std::uint64_t data = 0) {
    return queue_.push(now_ + (delay > 0.0 ? delay : 0.0), handler, kind, data);
  }
  /// Schedules an event at absolute time `time` (times in the past run now).
  EventHandle schedule_at(SimTime time, HandlerId handler, std::uint32_t kind = 0, std::uint64_t data = 0) {
    return queue_.push(time > now_ ? time : now_, handler, kind, data);
  }
  /// Cancels a pending event. Returns false if it already ran or was already cancelled.
  bool cancel(const EventHandle& handle);

  /// Runs every event due at or before `end`, then sets the clock to `end` (unless stopped
  /// earlier). Returns the number of events run by this call.
  std::uint64_t run_until(SimTime end);
  /// Runs until no event is left (or stop() is called). Returns the events run.
  std::uint64_t run();
  /// Makes the current run_until/run return after the event being handled.
  void stop() { stopped_ = true; }
  /// run_until/run throw model::Cancelled within a few thousand events of `token` being
  /// cancelled (the run is then abandoned; the model is left mid-run).
  void set_cancel(model::CancelToken token) { cancel_ = std::move(token); }

  /// Current simulated time in seconds.
  [[nodiscard]] SimTime now() const { return now_; }
  /// Events run since construction.
  [[nodiscard]] std::uint64_t events_processed() const { return processed_; }
  /// Live pending events.
  [[nodiscard]] std::size_t pending() const { return queue_.size(); }
  /// The run seed.
  [[nodiscard]] std::uint64_t seed() const { return seed_; }
  /// An independent random stream for component `component_id` of this run.
  [[nodiscard]] RngStream make_stream(std::uint64_t component_id) const { return RngStream(seed_, component_id); }
  /// Reserves queue room for `n` pending events.
  void reserve(std::size_t n) { queue_.reserve(n); }

 private:
  template <bool kBounded>
  std::uint64_t run_loop(SimTime end);

  EventQueue queue_;
  std::vector<EventHandler*> handlers_;
  SimTime now_ = 0.0;
  SimTime last_time_ = -1.0;      // (time, seq) of the last event run: anything at or
  std::uint64_t last_seq_ = 0;    // before it has already fired
  bool any_fired_ = false;
  bool stopped_ = false;
  std::uint64_t processed_ = 0;
  model::CancelToken cancel_;
  std::uint64_t seed_;
};

}  // namespace nanoscope::sim
