// Placement lookup and connection-pool bookkeeping.
#include "sim/network_model.hpp"

#include <utility>

namespace nanoscope::sim {

NetworkModel::NetworkModel(const Scenario& scenario, const std::vector<std::string>& station_names)
    : scenario_(scenario),
      same_node_s_(scenario.same_node_s),
      same_zone_s_(scenario.propagation_s),
      cross_zone_s_(scenario.cross_zone_s),
      wan_s_(scenario.wan_s),
      s_per_byte_(scenario.bandwidth_bytes_per_s > 0.0 ? 1.0 / scenario.bandwidth_bytes_per_s : 0.0),
      sidecar_s_(scenario.sidecar ? 2.0 * scenario.sidecar_latency_s : 0.0) {
  if (!scenario.keep_alive) handshake_round_trips_ = scenario.tls ? 2.0 : 1.0;  // TCP, then TLS 1.3
  where_.reserve(station_names.size());
  for (const auto& name : station_names) where_.push_back(locate(name));
}

std::uint32_t NetworkModel::add_station(const std::string& name) {
  where_.push_back(locate(name));
  return static_cast<std::uint32_t>(where_.size() - 1);
}

std::uint32_t NetworkModel::intern(std::unordered_map<std::string, std::uint32_t>& ids, const std::string& name) {
  return ids.emplace(name, static_cast<std::uint32_t>(ids.size())).first->second;
}

NetworkModel::Location NetworkModel::locate(const std::string& name) {
  Placement p;
  if (const auto it = scenario_.placement.find(name); it != scenario_.placement.end()) p = it->second;
  Location at{};
  // A station with no node named gets one of its own ("\n" cannot appear in a YAML scalar key).
  at.node = intern(nodes_, p.node.empty() ? "\n" + name : p.node);
  at.zone = intern(zones_, p.zone.empty() ? scenario_.default_zone : p.zone);
  at.region = intern(regions_, p.region.empty() ? scenario_.default_region : p.region);
  return at;
}

ConnectionPools::ConnectionPools(const Scenario& scenario, std::vector<std::uint32_t> replicas)
    : per_replica_(scenario.connections_per_replica *
                   (scenario.protocol == Protocol::Http1 ? 1u : scenario.max_streams_per_connection)),
      replicas_(std::move(replicas)) {}

ConnectionPools::Pool& ConnectionPools::pool(std::uint32_t from, std::uint32_t to) {
  const std::uint64_t key = (static_cast<std::uint64_t>(from) << 32) | to;
  auto [it, fresh] = pools_.try_emplace(key);
  if (fresh) it->second.free = per_replica_ * (from < replicas_.size() ? replicas_[from] : 1u);
  return it->second;
}

bool ConnectionPools::acquire(std::uint32_t from, std::uint32_t to, std::uint64_t waiter) {
  Pool& p = pool(from, to);
  if (p.free > 0) {
    --p.free;
    return true;
  }
  ++waits_;
  p.waiting.push(waiter);
  return false;
}

std::uint64_t ConnectionPools::release(std::uint32_t from, std::uint32_t to) {
  Pool& p = pool(from, to);
  if (!p.waiting.empty()) return p.waiting.pop();
  ++p.free;
  return kNoWaiter;
}

}  // namespace nanoscope::sim
