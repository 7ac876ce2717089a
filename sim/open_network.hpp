// Open queueing networks: FIFO stations fed by external Poisson arrivals with Markov
// routing between them (Jackson networks when service is exponential). The analytic oracles
// of the validation tests and the tandem benchmark both run on this.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/service_time.hpp"
#include "sim/station.hpp"

namespace nanoscope::sim {

/// One station of an open network.
struct NetworkStation {
  StationConfig station;                ///< name, replicas, workers, capacity, balancing
  ServiceTime service = ServiceTime::exponential(1.0);
  double external_rate = 0.0;           ///< Poisson arrivals per second from outside
  /// (next station, probability) after service here; the remaining probability leaves.
  std::vector<std::pair<std::uint32_t, double>> routes;
};

/// A whole run: stations, warm-up, measured duration and seed.
struct OpenNetworkConfig {
  std::vector<NetworkStation> stations;
  double warmup_s = 0.0;      ///< simulated, then statistics restart
  double duration_s = 1000.0; ///< measured simulated time after the warm-up
  std::uint64_t seed = 1;
};

/// Per-station results over the measured period.
struct StationResult {
  std::string name;
  std::uint64_t arrived = 0;
  std::uint64_t rejected = 0;
  std::uint64_t completed = 0;
  double utilisation = 0.0;        ///< fraction of workers busy
  double mean_in_system = 0.0;     ///< time-average jobs waiting or in service
  double mean_sojourn_s = 0.0;     ///< per visit: wait + service, visits begun after warm-up
};

/// Results of a run. Job counts cover the whole run (warm-up included), so
/// arrived == completed + failed + in_flight always holds.
struct OpenNetworkResult {
  std::uint64_t arrived = 0;       ///< jobs that entered from outside
  std::uint64_t completed = 0;     ///< jobs that left after their last service
  std::uint64_t failed = 0;        ///< jobs turned away by a full station
  std::uint64_t in_flight = 0;     ///< jobs still inside at the end
  std::uint64_t measured_jobs = 0; ///< jobs born after warm-up that completed
  double mean_sojourn_s = 0.0;     ///< end-to-end time of the measured jobs
  double arrival_rate = 0.0;       ///< external arrivals per second during the measured period
  double mean_in_network = 0.0;    ///< time-average jobs inside during the measured period
  std::uint64_t hops = 0;          ///< station services completed (whole run)
  std::uint64_t events = 0;        ///< engine events run
  double wall_seconds = 0.0;       ///< host time spent in the run (not deterministic)
  std::vector<StationResult> stations;
};

/// Simulates an open network. Deterministic for a given config (except wall_seconds).
[[nodiscard]] OpenNetworkResult run_open_network(const OpenNetworkConfig& config);

/// A tandem of `n` single-server exponential stations (rate `mu`) fed at rate `lambda`.
[[nodiscard]] OpenNetworkConfig tandem_network(std::uint32_t n, double lambda, double mu);

/// Erlang C: probability an arrival waits in an M/M/c queue with offered load a = lambda/mu.
[[nodiscard]] double erlang_c(std::uint32_t c, double offered_load);
/// Mean sojourn (wait + service) of M/M/c; infinity when lambda >= c mu.
[[nodiscard]] double mmc_mean_sojourn(std::uint32_t c, double lambda, double mu);

}  // namespace nanoscope::sim
