// The open-network model: Poisson sources, a job table, Markov routing, and the analytic
// M/M/c formulas it is validated against.
#include "sim/open_network.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>

namespace nanoscope::sim {
namespace {

struct JobRecord {
  double born = 0.0;     // entered the network
  double entered = 0.0;  // entered the current station
};

class OpenNetwork final : public EventHandler, public StationListener {
 public:
  OpenNetwork(Engine& engine, const OpenNetworkConfig& config) : engine_(engine), config_(config) {
    handler_ = engine.add_handler(*this);
    const auto n = static_cast<std::uint32_t>(config.stations.size());
    stations_.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      stations_.push_back(std::make_unique<Station>(engine, i, config.stations[i].station, *this));
      arrival_rng_.push_back(engine.make_stream(stream_id(StreamKind::Arrivals, i)));
      service_rng_.push_back(engine.make_stream(stream_id(StreamKind::Service, i)));
      route_rng_.push_back(engine.make_stream(stream_id(StreamKind::Routing, i)));
    }
    per_station_.resize(n);
  }

  void start() {
    for (std::uint32_t i = 0; i < stations_.size(); ++i) schedule_arrival(i);
  }

  // External arrival at station event.kind.
  void on_event(Engine& engine, const Event& event) override {
    const auto s = event.kind;
    schedule_arrival(s);
    account();
    const std::uint64_t job = new_job();
    ++arrived_;
    if (engine.now() >= measure_from_) ++measured_arrivals_;
    enter(s, job);
  }

  void on_departure(Engine& engine, std::uint32_t station, std::uint64_t job) override {
    ++hops_;
    JobRecord& rec = jobs_[job];
    const double now = engine.now();
    if (rec.entered >= measure_from_) {
      per_station_[station].sojourn_sum += now - rec.entered;
      ++per_station_[station].visits;
    }
    const auto& routes = config_.stations[station].routes;
    if (routes.size() == 1 && routes[0].second >= 1.0) {
      enter(routes[0].first, job);  // certain route: no draw
      return;
    }
    if (!routes.empty()) {
      double u = route_rng_[station].uniform();
      for (const auto& [next, p] : routes) {
        if (u < p) {
          enter(next, job);
          return;
        }
        u -= p;
      }
    }
    account();
    if (rec.born >= measure_from_) {
      sojourn_sum_ += now - rec.born;
      ++measured_jobs_;
    }
    ++completed_;
    release(job);
  }

  void begin_measurement() {
    account();
    measure_from_ = engine_.now();
    area_ = 0.0;
    measured_arrivals_ = 0;
    for (auto& st : stations_) st->reset_stats();
  }

  OpenNetworkResult result() {
    account();
    OpenNetworkResult r;
    r.arrived = arrived_;
    r.completed = completed_;
    r.failed = failed_;
    r.in_flight = in_network_;
    r.measured_jobs = measured_jobs_;
    r.mean_sojourn_s = measured_jobs_ ? sojourn_sum_ / static_cast<double>(measured_jobs_) : 0.0;
    const double span = engine_.now() - measure_from_;
    r.arrival_rate = span > 0.0 ? static_cast<double>(measured_arrivals_) / span : 0.0;
    r.mean_in_network = span > 0.0 ? area_ / span : 0.0;
    r.hops = hops_;
    r.events = engine_.events_processed();
    for (std::size_t i = 0; i < stations_.size(); ++i) {
      const StationStats st = stations_[i]->stats();
      StationResult sr;
      sr.name = stations_[i]->config().name;
      sr.arrived = st.arrived;
      sr.rejected = st.rejected;
      sr.completed = st.completed;
      sr.utilisation = stations_[i]->utilisation();
      sr.mean_in_system = span > 0.0 ? st.area_in_system / span : 0.0;
      const auto& ps = per_station_[i];
      sr.mean_sojourn_s = ps.visits ? ps.sojourn_sum / static_cast<double>(ps.visits) : 0.0;
      r.stations.push_back(std::move(sr));
    }
    return r;
  }

 private:
  struct PerStation {
    double sojourn_sum = 0.0;
    std::uint64_t visits = 0;
  };

  void schedule_arrival(std::uint32_t s) {
    const double rate = config_.stations[s].external_rate;
    if (rate > 0.0) engine_.schedule_in(arrival_rng_[s].exponential(rate), handler_, s);
  }
  void enter(std::uint32_t s, std::uint64_t job) {
    jobs_[job].entered = engine_.now();
    const double service = config_.stations[s].service.sample(service_rng_[s]);
    if (!stations_[s]->arrive(job, service)) {
      account();
      ++failed_;
      release(job);
    }
  }
  std::uint64_t new_job() {
    ++in_network_;
    std::uint64_t id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      id = jobs_.size();
      jobs_.emplace_back();
    }
    jobs_[id].born = engine_.now();
    return id;
  }
  void release(std::uint64_t job) {
    --in_network_;
    free_.push_back(job);
  }
  void account() {
    const double now = engine_.now();
    area_ += static_cast<double>(in_network_) * (now - last_);
    last_ = now;
  }

  Engine& engine_;
  const OpenNetworkConfig& config_;
  HandlerId handler_ = 0;
  std::vector<std::unique_ptr<Station>> stations_;
  std::vector<RngStream> arrival_rng_, service_rng_, route_rng_;
  std::vector<PerStation> per_station_;
  std::vector<JobRecord> jobs_;
  std::vector<std::uint64_t> free_;
  std::uint64_t arrived_ = 0, completed_ = 0, failed_ = 0, hops_ = 0, in_network_ = 0;
  std::uint64_t measured_jobs_ = 0, measured_arrivals_ = 0;
  double sojourn_sum_ = 0.0, area_ = 0.0, last_ = 0.0, measure_from_ = 0.0;
};

}  // namespace

OpenNetworkResult run_open_network(const OpenNetworkConfig& config) {
  const auto wall_start = std::chrono::steady_clock::now();
  Engine engine(config.seed);
  engine.reserve(1024);
  OpenNetwork net(engine, config);
  net.start();
  if (config.warmup_s > 0.0) engine.run_until(config.warmup_s);
  net.begin_measurement();
  engine.run_until(config.warmup_s + config.duration_s);
  OpenNetworkResult r = net.result();
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

OpenNetworkConfig tandem_network(std::uint32_t n, double lambda, double mu) {
  OpenNetworkConfig config;
  for (std::uint32_t i = 0; i < n; ++i) {
    NetworkStation st;
    st.station.name = "s" + std::to_string(i);
    st.service = ServiceTime::exponential(1.0 / mu);
    st.external_rate = i == 0 ? lambda : 0.0;
    if (i + 1 < n) st.routes.emplace_back(i + 1, 1.0);
    config.stations.push_back(std::move(st));
  }
  return config;
}

double erlang_c(std::uint32_t c, double a) {
  if (c == 0) return 1.0;
  // Erlang B by the stable recurrence, then C from B.
  double b = 1.0;
  for (std::uint32_t k = 1; k <= c; ++k) b = a * b / (static_cast<double>(k) + a * b);
  const double rho = a / static_cast<double>(c);
  if (rho >= 1.0) return 1.0;
  return b / (1.0 - rho * (1.0 - b));
}

double mmc_mean_sojourn(std::uint32_t c, double lambda, double mu) {
  if (lambda >= static_cast<double>(c) * mu) return std::numeric_limits<double>::infinity();
  return erlang_c(c, lambda / mu) / (static_cast<double>(c) * mu - lambda) + 1.0 / mu;
}

}  // namespace nanoscope::sim
