// A station: one service's replicas, each with a fixed number of workers and its own FIFO
// waiting line. Jobs are opaque ids; the owner supplies each job's service time and hears
// about departures through a StationListener, during which it may keep the freed worker for
// the same request's next step (continue_with) instead of queueing that step again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/ring_buffer.hpp"

namespace nanoscope::sim {

/// How an arriving job picks a replica.
enum class LoadBalancing {
  RoundRobin,   ///< replicas in turn
  LeastLoaded,  ///< fewest jobs in system; ties to the lowest index
  Random,       ///< uniformly at random (the station's own RNG stream)
};

/// Shape of a station.
struct StationConfig {
  std::string name;
  std::uint32_t replicas = 1;        ///< independent copies, each with its own line
  std::uint32_t workers = 1;         ///< servers per replica (threads, cores)
  std::uint32_t queue_capacity = 0;  ///< waiting places per replica; 0 = unlimited
  LoadBalancing balancing = LoadBalancing::RoundRobin;
};

/// Counters and time integrals since construction or the last reset_stats().
struct StationStats {
  std::uint64_t arrived = 0;    ///< accepted arrivals
  std::uint64_t rejected = 0;   ///< arrivals turned away by a full line
  std::uint64_t completed = 0;
  double busy_time = 0.0;       ///< integral of busy workers over time (worker-seconds)
  double area_in_system = 0.0;  ///< integral of jobs in system over time (job-seconds)
  double since = 0.0;           ///< start of the observation period
};

/// Hears about jobs leaving a station.
class StationListener {
 public:
  virtual ~StationListener() = default;
  /// `job` finished service at station `station` at engine.now().
  virtual void on_departure(Engine& engine, std::uint32_t station, std::uint64_t job) = 0;
};

/// FIFO multi-server station. Registers itself with the engine, so it must not move.
class Station final : public EventHandler {
 public:
  Station(Engine& engine, std::uint32_t id, StationConfig config, StationListener& listener);
  Station(const Station&) = delete;
  Station& operator=(const Station&) = delete;

  /// Offers `job` needing `service_s` seconds of one worker. Returns false (and counts a
  /// rejection) if the chosen replica's line is full.
  bool arrive(std::uint64_t job, double service_s);
  /// As arrive(), at replica `replica` (a request pinned to one replica, e.g. holding a thread).
  bool arrive_at(std::uint32_t replica, std::uint64_t job, double service_s);
  /// Only from inside this station's on_departure call, once: the worker that just finished
  /// goes on with `job` for `service_s` without queueing (the same request's next CPU step).
  /// False (nothing done) outside that call, after a first continuation, or when `replica`
  /// is given and is not the departing job's replica.
  bool continue_with(std::uint64_t job, double service_s, std::uint32_t replica = kAnyReplica);
  /// The replica the balancing rule gives the next arrival (advances round robin).
  std::uint32_t pick_replica();
  static constexpr std::uint32_t kAnyReplica = 0xFFFFFFFFu;

  /// Completion of a service (engine callback).
  void on_event(Engine& engine, const Event& event) override;

  /// Restarts the counters and integrals at the current time (e.g. after a warm-up).
  void reset_stats();
  /// Statistics with the time integrals brought up to engine.now().
  [[nodiscard]] StationStats stats() const;
  /// Mean fraction of workers busy since the last reset.
  [[nodiscard]] double utilisation() const;
  /// Jobs waiting or in service now.
  [[nodiscard]] std::uint64_t in_system() const { return in_system_; }
  [[nodiscard]] const StationConfig& config() const { return config_; }
  [[nodiscard]] std::uint32_t id() const { return id_; }

 private:
  struct Waiting {
    std::uint64_t job;
    double service_s;
  };
  struct Replica {
    std::uint32_t busy = 0;
    std::uint64_t in_system = 0;
    detail::RingBuffer<Waiting> line;
  };
  void account();

  Engine& engine_;
  StationListener& listener_;
  StationConfig config_;
  std::uint32_t id_;
  HandlerId handler_;
  RngStream rng_;
  std::vector<Replica> replicas_;
  std::uint32_t next_rr_ = 0;
  std::uint32_t departing_ = kAnyReplica;  // replica of the job whose departure is being told
  bool continued_ = false;
  std::uint64_t in_system_ = 0;
  std::uint64_t busy_ = 0;
  double last_change_ = 0.0;
  StationStats stats_;
};

}  // namespace nanoscope::sim
