// Analytic oracles for the simulator: M/M/1 and M/M/c (Erlang C) mean sojourn, a tandem
// and a feedback Jackson network, Little's law, M/M/1/K blocking, conservation of jobs,
// and bit-identical reruns. Every check runs over several seeds and names the seed.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

#include "sim/open_network.hpp"

using namespace nanoscope::sim;

namespace {

constexpr std::uint64_t kSeeds[] = {1, 2, 3, 20261123, 0xDEADBEEF};

OpenNetworkConfig mmc(std::uint32_t c, double lambda, double mu, double duration, std::uint64_t seed) {
  OpenNetworkConfig config;
  NetworkStation st;
  st.station.name.assign(1, 'q');  // (a literal assignment trips a g++ 12 -Wrestrict false positive)
  st.station.workers = c;
  st.service = ServiceTime::exponential(1.0 / mu);
  st.external_rate = lambda;
  config.stations.push_back(st);
  config.warmup_s = 200.0 / mu;
  config.duration_s = duration;
  config.seed = seed;
  return config;
}

}  // namespace

TEST_CASE("sim validation: erlang C and M/M/c formulas") {
  CHECK(erlang_c(1, 0.8) == doctest::Approx(0.8));
  // Textbook value: c = 2, a = 1 => C = 1/3.
  CHECK(erlang_c(2, 1.0) == doctest::Approx(1.0 / 3.0));
  CHECK(mmc_mean_sojourn(1, 0.5, 1.0) == doctest::Approx(2.0));
  CHECK(std::isinf(mmc_mean_sojourn(2, 2.0, 1.0)));
}

TEST_CASE("sim validation: M/M/1 mean sojourn within 2% of 1/(mu - lambda)") {
  for (const double rho : {0.5, 0.7}) {
    for (const auto seed : kSeeds) {
      INFO("seed " << seed << " rho " << rho);
      const auto r = run_open_network(mmc(1, rho, 1.0, 2.0e6 * (rho > 0.6 ? 1.0 : 0.5), seed));
      const double expected = 1.0 / (1.0 - rho);
      CHECK(r.mean_sojourn_s == doctest::Approx(expected).epsilon(0.02));
      CHECK(r.stations[0].utilisation == doctest::Approx(rho).epsilon(0.01));
    }
  }
}

TEST_CASE("sim validation: M/M/c mean sojourn within 2% of Erlang C") {
  struct Case {
    std::uint32_t c;
    double lambda;
  };
  for (const Case k : {Case{2, 1.5}, Case{4, 3.2}}) {
    for (const auto seed : kSeeds) {
      INFO("seed " << seed << " c " << k.c << " lambda " << k.lambda);
      const auto r = run_open_network(mmc(k.c, k.lambda, 1.0, 6.0e5, seed));
      CHECK(r.mean_sojourn_s == doctest::Approx(mmc_mean_sojourn(k.c, k.lambda, 1.0)).epsilon(0.02));
    }
  }
}

TEST_CASE("sim validation: M/M/c as replicas with one worker each, least-loaded balancing") {
  // Join-the-shortest-queue over 2 single-worker replicas is close to, but above, M/M/2.
  for (const auto seed : kSeeds) {
    INFO("seed " << seed);
    auto config = mmc(1, 1.5, 1.0, 2.0e5, seed);
    config.stations[0].station.replicas = 2;
    config.stations[0].station.balancing = LoadBalancing::LeastLoaded;
    const auto r = run_open_network(config);
    const double mm2 = mmc_mean_sojourn(2, 1.5, 1.0);
    CHECK(r.mean_sojourn_s > mm2 * 0.98);
    CHECK(r.mean_sojourn_s < mm2 * 1.25);
    CHECK(r.stations[0].utilisation == doctest::Approx(0.75).epsilon(0.01));
  }
}

TEST_CASE("sim validation: tandem Jackson network sums the M/M/1 sojourns") {
  for (const auto seed : kSeeds) {
    INFO("seed " << seed);
    auto config = tandem_network(3, 0.6, 1.0);
    config.stations[1].service = ServiceTime::exponential(1.0 / 1.5);
    config.warmup_s = 200.0;
    config.duration_s = 6.0e5;
    config.seed = seed;
    const auto r = run_open_network(config);
    const double expected = 1.0 / 0.4 + 1.0 / 0.9 + 1.0 / 0.4;
    CHECK(r.mean_sojourn_s == doctest::Approx(expected).epsilon(0.02));
    for (int i : {0, 2}) CHECK(r.stations[i].mean_sojourn_s == doctest::Approx(2.5).epsilon(0.02));
  }
}

TEST_CASE("sim validation: Jackson network with feedback matches product form") {
  // External 0.5/s into A; A -> B (0.5), A -> C (0.3), else leave; B -> A (0.2), else leave;
  // C leaves. Traffic: lA = 0.5 + 0.2 lB, lB = 0.5 lA => lA = 0.5/0.9, lB = lA/2, lC = 0.3 lA.
  const double la = 0.5 / 0.9, lb = la * 0.5, lc = la * 0.3;
  const double mu[3] = {1.0, 0.5, 0.4};
  const double lam[3] = {la, lb, lc};
  for (const auto seed : kSeeds) {
    INFO("seed " << seed);
    OpenNetworkConfig config;
    for (int i = 0; i < 3; ++i) {
      NetworkStation st;
      st.station.name = std::string(1, static_cast<char>('A' + i));
      st.service = ServiceTime::exponential(1.0 / mu[i]);
      config.stations.push_back(st);
    }
    config.stations[0].external_rate = 0.5;
    config.stations[0].routes = {{1, 0.5}, {2, 0.3}};
    config.stations[1].routes = {{0, 0.2}};
    config.warmup_s = 500.0;
    config.duration_s = 1.0e6;
    config.seed = seed;
    const auto r = run_open_network(config);
    double total_l = 0.0;
    for (int i = 0; i < 3; ++i) {
      const double rho = lam[i] / mu[i];
      CAPTURE(i);
      CHECK(r.stations[i].mean_in_system == doctest::Approx(rho / (1.0 - rho)).epsilon(0.03));
      total_l += rho / (1.0 - rho);
    }
    // Little's law over the whole network gives the end-to-end sojourn.
    CHECK(r.mean_sojourn_s == doctest::Approx(total_l / 0.5).epsilon(0.02));
  }
}

TEST_CASE("sim validation: Little's law L = lambda W") {
  for (const auto seed : kSeeds) {
    INFO("seed " << seed);
    auto config = tandem_network(2, 0.75, 1.0);
    config.stations[1].station.workers = 2;
    config.stations[1].service = ServiceTime::deterministic(1.8);
    config.warmup_s = 100.0;
    config.duration_s = 3.0e5;
    config.seed = seed;
    const auto r = run_open_network(config);
    CHECK(r.mean_in_network == doctest::Approx(r.arrival_rate * r.mean_sojourn_s).epsilon(0.01));
    CHECK(r.arrival_rate == doctest::Approx(0.75).epsilon(0.01));
  }
}

TEST_CASE("sim validation: M/M/1/K blocking and conservation of jobs") {
  // K = 5 places in total: one in service plus 4 waiting.
  const double rho = 0.9;
  const int k = 5;
  const double p_block = (1.0 - rho) * std::pow(rho, k) / (1.0 - std::pow(rho, k + 1));
  for (const auto seed : kSeeds) {
    INFO("seed " << seed);
    auto config = mmc(1, rho, 1.0, 4.0e5, seed);
    config.stations[0].station.queue_capacity = k - 1;
    config.warmup_s = 0.0;
    const auto r = run_open_network(config);
    CHECK(r.arrived == r.completed + r.failed + r.in_flight);
    CHECK(r.failed > 0);
    CHECK(r.in_flight <= static_cast<std::uint64_t>(k));
    const double measured = static_cast<double>(r.failed) / static_cast<double>(r.arrived);
    CHECK(measured == doctest::Approx(p_block).epsilon(0.03));
    CHECK(r.stations[0].rejected == r.failed);
  }
}

TEST_CASE("sim validation: conservation holds mid-run in an overloaded network") {
  auto config = tandem_network(3, 1.2, 1.0);  // unstable: jobs pile up
  config.duration_s = 5000.0;
  const auto r = run_open_network(config);
  CHECK(r.arrived == r.completed + r.failed + r.in_flight);
  CHECK(r.in_flight > 100);
  CHECK(r.failed == 0);
}

TEST_CASE("sim validation: the same seed gives bit-identical results") {
  auto config = tandem_network(4, 0.7, 1.0);
  config.stations[2].station.replicas = 3;
  config.stations[2].station.balancing = LoadBalancing::Random;
  config.stations[2].routes = {{3, 0.6}, {0, 0.1}};
  config.stations[1].service = ServiceTime::empirical({0.1, 0.5, 0.9, 2.0});
  config.duration_s = 2.0e4;
  config.seed = 99;
  const auto a = run_open_network(config);
  const auto b = run_open_network(config);
  CHECK(a.arrived == b.arrived);
  CHECK(a.completed == b.completed);
  CHECK(a.hops == b.hops);
  CHECK(a.events == b.events);
  CHECK(a.mean_sojourn_s == b.mean_sojourn_s);  // exact, not approximate
  CHECK(a.mean_in_network == b.mean_in_network);
  for (std::size_t i = 0; i < a.stations.size(); ++i) {
    CHECK(a.stations[i].utilisation == b.stations[i].utilisation);
    CHECK(a.stations[i].mean_sojourn_s == b.stations[i].mean_sojourn_s);
  }
  config.seed = 100;
  const auto c = run_open_network(config);
  CHECK(c.mean_sojourn_s != a.mean_sojourn_s);
}
