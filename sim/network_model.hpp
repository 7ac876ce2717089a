// The network between stations: where each group runs (node, zone, region from the
// scenario's placement), the one-way latency that placement implies, message transfer
// times, connection handshakes, and connection pools that make calls queue for a slot.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/ring_buffer.hpp"
#include "sim/scenario.hpp"

namespace nanoscope::sim {

/// Placement-dependent timing of messages between stations (ids in construction order).
class NetworkModel {
 public:
  /// `station_names` are the partition group names (placement is looked up by name);
  /// stations without a placement get a node of their own in the default zone and region.
  NetworkModel(const Scenario& scenario, const std::vector<std::string>& station_names);

  /// Adds a station (e.g. a broker) placed on its own node in the default zone; returns its id.
  std::uint32_t add_station(const std::string& name);

  /// One-way propagation latency from station a to station b.
  [[nodiscard]] double latency(std::uint32_t a, std::uint32_t b) const {
    const Location& x = where_[a];
    const Location& y = where_[b];
    if (x.region != y.region) return wan_s_;
    if (x.zone != y.zone) return cross_zone_s_;
    return x.node == y.node ? same_node_s_ : same_zone_s_;
  }
  /// Time for a message of `bytes` to go from a to b: latency, transmission and, with a
  /// service mesh, both sidecar proxies.
  [[nodiscard]] double wire_delay(std::uint32_t a, std::uint32_t b, double bytes) const {
    return latency(a, b) + bytes * s_per_byte_ + sidecar_s_;
  }
  /// Round trips spent opening a connection before a request can go (0 with keep-alive).
  [[nodiscard]] double handshake_delay(std::uint32_t a, std::uint32_t b) const {
    return handshake_round_trips_ * 2.0 * latency(a, b);
  }

 private:
  struct Location {
    std::uint32_t node, zone, region;
  };
  std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& ids, const std::string& name);
  Location locate(const std::string& name);

  const Scenario& scenario_;
  std::unordered_map<std::string, std::uint32_t> nodes_, zones_, regions_;
  std::vector<Location> where_;
  double same_node_s_, same_zone_s_, cross_zone_s_, wan_s_, s_per_byte_, sidecar_s_;
  double handshake_round_trips_ = 0.0;
};

/// Slots for calls in flight per (caller station, callee station) pair: HTTP/1.1 carries one
/// call per connection, HTTP/2 and gRPC max_streams_per_connection. A call that finds no free
/// slot waits FIFO; a released slot goes straight to the oldest waiter.
class ConnectionPools {
 public:
  /// Unlimited (disabled) when scenario.connections_per_replica is 0. `replicas[s]` is the
  /// replica count of station s (each caller replica has its own connections).
  ConnectionPools(const Scenario& scenario, std::vector<std::uint32_t> replicas);

  [[nodiscard]] bool enabled() const { return per_replica_ > 0; }
  /// Takes a slot for `waiter` (an opaque id); false when it has to wait (it is queued).
  bool acquire(std::uint32_t from, std::uint32_t to, std::uint64_t waiter);
  /// Frees a slot; returns the waiter that now holds it, or kNoWaiter. A caller that finds
  /// the waiter gone (e.g. timed out) releases again to pass the slot on.
  std::uint64_t release(std::uint32_t from, std::uint32_t to);
  /// Calls that had to wait for a slot.
  [[nodiscard]] std::uint64_t waits() const { return waits_; }

  static constexpr std::uint64_t kNoWaiter = ~std::uint64_t{0};

 private:
  struct Pool {
    std::uint32_t free = 0;
    detail::RingBuffer<std::uint64_t> waiting;
  };
  Pool& pool(std::uint32_t from, std::uint32_t to);

  std::uint32_t per_replica_;
  std::vector<std::uint32_t> replicas_;
  std::unordered_map<std::uint64_t, Pool> pools_;
  std::uint64_t waits_ = 0;
};

}  // namespace nanoscope::sim
