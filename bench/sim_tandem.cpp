// Simulator benchmark: a tandem of 5 M/M/1 stations at utilisation 0.8 on nanoscope's engine
// (the same model as simpy_tandem.py and ns3_tandem.cpp). Prints one line of throughput.
// Usage: nanoscope-sim-tandem [customers=2000000] [seed=1]
#include <cstdio>
#include <cstdlib>

#include "sim/open_network.hpp"

int main(int argc, char** argv) {
  const double customers = argc > 1 ? std::atof(argv[1]) : 2.0e6;
  const unsigned long long seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const double lambda = 0.8, mu = 1.0;
  auto config = nanoscope::sim::tandem_network(5, lambda, mu);
  config.duration_s = customers / lambda;  // expected arrivals = customers
  config.seed = seed;
  const auto r = nanoscope::sim::run_open_network(config);
  std::printf("engine=nanoscope customers=%llu hops=%llu events=%llu wall_s=%.3f hops_per_s=%.0f "
              "events_per_s=%.0f mean_sojourn=%.3f (analytic %.3f)\n",
              static_cast<unsigned long long>(r.completed), static_cast<unsigned long long>(r.hops),
              static_cast<unsigned long long>(r.events), r.wall_seconds,
              static_cast<double>(r.hops) / r.wall_seconds, static_cast<double>(r.events) / r.wall_seconds,
              r.mean_sojourn_s, 5.0 / (mu - lambda));
  return 0;
}
