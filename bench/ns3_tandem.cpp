// Simulator benchmark peer: a tandem of 5 M/M/1 stations at utilisation 0.8 on ns-3's event
// scheduler (Simulator::Schedule with the heap or map scheduler), the same model as
// sim_tandem.cpp and drawing from the same RNG, so only the engines differ.
// Usage: nanoscope-ns3-tandem [customers=2000000] [heap|map] [seed=1]
#include <ns3/core-module.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

#include "sim/rng.hpp"

namespace {

constexpr int kStations = 5;
constexpr double kLambda = 0.8, kMu = 1.0;

class Tandem {
 public:
  explicit Tandem(std::uint64_t seed)
      : arrivals_(seed, 1), service_(seed, 2), busy_(kStations, false), lines_(kStations) {}

  void Arrive() {
    ns3::Simulator::Schedule(ns3::Seconds(arrivals_.exponential(kLambda)), &Tandem::Arrive, this);
    Enter(0, ns3::Simulator::Now().GetSeconds());
  }

  void Depart(int station, double born) {
    ++hops_;
    if (!lines_[station].empty()) {
      const double next = lines_[station].front();
      lines_[station].pop_front();
      Start(station, next);
    } else {
      busy_[station] = false;
    }
    if (station + 1 < kStations) {
      Enter(station + 1, born);
    } else {
      ++done_;
      sojourn_ += ns3::Simulator::Now().GetSeconds() - born;
    }
  }

  std::uint64_t hops_ = 0, done_ = 0;
  double sojourn_ = 0.0;

 private:
  void Enter(int station, double born) {
    if (busy_[station]) {
      lines_[station].push_back(born);
    } else {
      busy_[station] = true;
      Start(station, born);
    }
  }
  void Start(int station, double born) {
    ns3::Simulator::Schedule(ns3::Seconds(service_.exponential(kMu)), &Tandem::Depart, this, station, born);
  }

  nanoscope::sim::RngStream arrivals_, service_;
  std::vector<bool> busy_;
  std::vector<std::deque<double>> lines_;
};

}  // namespace

int main(int argc, char** argv) {
  const double customers = argc > 1 ? std::atof(argv[1]) : 2.0e6;
  const std::string which = argc > 2 ? argv[2] : "heap";
  const unsigned long long seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  ns3::ObjectFactory factory;
  factory.SetTypeId(which == "map" ? "ns3::MapScheduler" : "ns3::HeapScheduler");
  ns3::Simulator::SetScheduler(factory);
  Tandem tandem(seed);
  ns3::Simulator::Schedule(ns3::Seconds(0.0), &Tandem::Arrive, &tandem);
  ns3::Simulator::Stop(ns3::Seconds(customers / kLambda));
  const auto start = std::chrono::steady_clock::now();
  ns3::Simulator::Run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t events = ns3::Simulator::GetEventCount();
  ns3::Simulator::Destroy();
  std::printf("engine=ns-3.37-%s customers=%llu hops=%llu events=%llu wall_s=%.3f hops_per_s=%.0f "
              "events_per_s=%.0f mean_sojourn=%.3f (analytic %.3f)\n",
              which.c_str(), static_cast<unsigned long long>(tandem.done_),
              static_cast<unsigned long long>(tandem.hops_), static_cast<unsigned long long>(events), wall,
              static_cast<double>(tandem.hops_) / wall, static_cast<double>(events) / wall,
              tandem.sojourn_ / static_cast<double>(tandem.done_ ? tandem.done_ : 1), kStations / (kMu - kLambda));
  return 0;
}
