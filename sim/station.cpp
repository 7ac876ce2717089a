// Station arrivals, replica choice, service completions and time-integral bookkeeping.
#include "sim/station.hpp"

#include <algorithm>

namespace nanoscope::sim {

Station::Station(Engine& engine, std::uint32_t id, StationConfig config, StationListener& listener)
    : engine_(engine),
      listener_(listener),
      config_(std::move(config)),
      id_(id),
      handler_(engine.add_handler(*this)),
      rng_(engine.make_stream(stream_id(StreamKind::Balancing, id))) {
  config_.replicas = std::max<std::uint32_t>(config_.replicas, 1);
  config_.workers = std::max<std::uint32_t>(config_.workers, 1);
  replicas_.resize(config_.replicas);
  last_change_ = engine.now();
  stats_.since = engine.now();
}

void Station::account() {
  const double now = engine_.now();
  const double dt = now - last_change_;
  if (dt > 0.0) {
    stats_.busy_time += static_cast<double>(busy_) * dt;
    stats_.area_in_system += static_cast<double>(in_system_) * dt;
    last_change_ = now;
  }
}

std::uint32_t Station::pick_replica() {
  const auto n = static_cast<std::uint32_t>(replicas_.size());
  if (n == 1) return 0;
  switch (config_.balancing) {
    case LoadBalancing::RoundRobin: {
      const std::uint32_t r = next_rr_;
      next_rr_ = (next_rr_ + 1) % n;
      return r;
    }
    case LoadBalancing::LeastLoaded: {
      std::uint32_t best = 0;
      for (std::uint32_t r = 1; r < n; ++r)
        if (replicas_[r].in_system < replicas_[best].in_system) best = r;
      return best;
    }
    case LoadBalancing::Random: return static_cast<std::uint32_t>(rng_.below(n));
  }
  return 0;
}

bool Station::arrive(std::uint64_t job, double service_s) { return arrive_at(pick_replica(), job, service_s); }

bool Station::arrive_at(std::uint32_t r, std::uint64_t job, double service_s) {
  Replica& rep = replicas_[r];
  if (rep.busy < config_.workers) {
    account();
    ++rep.busy;
    ++busy_;
    engine_.schedule_in(service_s, handler_, r, job);
  } else {
    if (config_.queue_capacity != 0 && rep.line.size() >= config_.queue_capacity) {
      ++stats_.rejected;
      return false;
    }
    account();
    rep.line.push({job, service_s});
  }
  ++rep.in_system;
  ++in_system_;
  ++stats_.arrived;
  return true;
}

bool Station::continue_with(std::uint64_t job, double service_s, std::uint32_t replica) {
  if (departing_ == kAnyReplica || continued_ || (replica != kAnyReplica && replica != departing_)) return false;
  continued_ = true;
  ++replicas_[departing_].in_system;
  ++in_system_;
  ++stats_.arrived;
  engine_.schedule_in(service_s, handler_, departing_, job);
  return true;
}

void Station::on_event(Engine& engine, const Event& event) {
  account();
  const auto r = static_cast<std::uint32_t>(event.kind);
  Replica& rep = replicas_[r];
  --rep.in_system;
  --in_system_;
  ++stats_.completed;
  // The listener hears first and may keep this worker for its request's next step. A job it
  // offers here with arrive() instead queues behind those already waiting, since the worker
  // still counts as busy until it is handed on below.
  departing_ = r;
  continued_ = false;
  listener_.on_departure(engine, id_, event.data);
  departing_ = kAnyReplica;
  if (continued_) return;
  if (!rep.line.empty()) {
    const Waiting next = rep.line.pop();
    engine.schedule_in(next.service_s, handler_, r, next.job);
  } else {
    --rep.busy;
    --busy_;
  }
}

void Station::reset_stats() {
  account();
  stats_ = StationStats{};
  stats_.since = engine_.now();
  last_change_ = engine_.now();
}

StationStats Station::stats() const {
  StationStats s = stats_;
  const double dt = engine_.now() - last_change_;
  if (dt > 0.0) {
    s.busy_time += static_cast<double>(busy_) * dt;
    s.area_in_system += static_cast<double>(in_system_) * dt;
  }
  return s;
}

double Station::utilisation() const {
  const StationStats s = stats();
  const double span = engine_.now() - s.since;
  const double servers = static_cast<double>(config_.replicas) * config_.workers;
  return span > 0.0 ? s.busy_time / (span * servers) : 0.0;
}

}  // namespace nanoscope::sim
