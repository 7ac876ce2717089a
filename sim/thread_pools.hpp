// Request threads of blocking (thread-per-request) stations: each replica of each station
// has a bounded pool; a request takes one thread when it starts there and keeps it until it
// answers, waiting calls included. A request that finds none waits FIFO for the next free one.
// Also the time integral of threads in use, for the report's thread utilisation.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/ring_buffer.hpp"

namespace nanoscope::sim {

/// Thread pools per (station, replica); waiters are opaque ids (frames).
class ThreadPools {
 public:
  static constexpr std::uint64_t kNoWaiter = ~std::uint64_t{0};

  /// Adds a station with `replicas` pools of `threads` threads each; returns its index.
  std::uint32_t add_station(std::uint32_t replicas, std::uint32_t threads) {
    stations_.push_back(Station{threads, std::vector<Pool>(replicas == 0 ? 1 : replicas), 0, 0, 0.0, 0.0, 0.0});
    return static_cast<std::uint32_t>(stations_.size() - 1);
  }

  /// Takes a thread of (station, replica) for `waiter` at time `now`; false when it has to
  /// wait (it is queued and handed a thread by a later release()).
  bool acquire(std::uint32_t station, std::uint32_t replica, std::uint64_t waiter, double now) {
    Station& st = stations_[station];
    Pool& pool = st.pools[replica];
    if (pool.busy < st.threads) {
      account(st, now);
      ++pool.busy;
      ++st.busy;
      return true;
    }
    account(st, now);
    pool.waiting.push(waiter);
    ++st.waiting;
    ++waits_;
    return false;
  }

  /// Frees a thread of (station, replica) at `now`; returns the waiter that now holds it, or
  /// kNoWaiter when nobody waited.
  std::uint64_t release(std::uint32_t station, std::uint32_t replica, double now) {
    Station& st = stations_[station];
    Pool& pool = st.pools[replica];
    account(st, now);
    if (!pool.waiting.empty()) {  // handed on: still busy
      --st.waiting;
      return pool.waiting.pop();
    }
    --pool.busy;
    --st.busy;
    return kNoWaiter;
  }

  /// Restarts the thread-time integrals at `now` (end of the warm-up).
  void reset_stats(double now) {
    for (auto& st : stations_) {
      account(st, now);
      st.busy_time = 0.0;
      st.present_time = 0.0;
    }
  }
  /// Mean threads in use at station `s` from the last reset to `now`, over all its replicas.
  [[nodiscard]] double mean_busy(std::uint32_t s, double since, double now) const {
    const Station& st = stations_[s];
    const double area = st.busy_time + static_cast<double>(st.busy) * (now - st.last);
    return now > since ? area / (now - since) : 0.0;
  }
  /// Mean requests holding or waiting for a thread at station `s` (Little's L of the service).
  [[nodiscard]] double mean_present(std::uint32_t s, double since, double now) const {
    const Station& st = stations_[s];
    const double area = st.present_time + static_cast<double>(st.busy + st.waiting) * (now - st.last);
    return now > since ? area / (now - since) : 0.0;
  }
  [[nodiscard]] std::uint32_t threads_per_replica(std::uint32_t s) const { return stations_[s].threads; }
  /// Requests that had to wait for a thread.
  [[nodiscard]] std::uint64_t waits() const { return waits_; }

 private:
  struct Pool {
    std::uint32_t busy = 0;
    detail::RingBuffer<std::uint64_t> waiting;
  };
  struct Station {
    std::uint32_t threads;
    std::vector<Pool> pools;
    std::uint64_t busy;     // threads in use over every replica
    std::uint64_t waiting;  // requests waiting for one
    double busy_time;       // integral of `busy` since the last reset
    double present_time;    // integral of `busy + waiting`
    double last;
  };
  static void account(Station& st, double now) {
    st.busy_time += static_cast<double>(st.busy) * (now - st.last);
    st.present_time += static_cast<double>(st.busy + st.waiting) * (now - st.last);
    st.last = now;
  }

  std::vector<Station> stations_;
  std::uint64_t waits_ = 0;
};

}  // namespace nanoscope::sim
