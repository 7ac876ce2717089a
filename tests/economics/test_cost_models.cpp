// Each cost model's formula on small hand-computed cases (docs/economics.md).
#include <doctest/doctest.h>

#include <cmath>

#include "economics/cost_models.hpp"
#include "economics/economics_test_support.hpp"

using namespace nanoscope;
using economics::Param;
using nanoscope::test::all_params;
using nanoscope::test::group;

namespace {

// Two services a (1 operation), b (3 operations) against a one-process reference of one
// group; capacity: 1 core per replica, autoscaled to full utilisation, at least 1 replica.
struct TwoServices {
  economics::PartitionMeasures m, ref;
  TwoServices() {
    auto a = group("a", 1);
    auto b = group("b", 3);
    m.groups = {a, b};
    m.business_operations = 4;
    ref.groups = {group("monolith", 4)};
    ref.groups[0].survive_share = 0.0;  // every request needs the one process
    ref.business_operations = 4;
    for (auto* p : {&m, &ref}) {
      p->workers_per_replica = 1;
      p->autoscale_utilisation = 1.0;
      p->capacity_policy = sim::CapacityPolicy::Autoscale;
    }
  }
};

}  // namespace

TEST_CASE("network cost: extra cores, bytes and added mean latency at the production rate") {
  TwoServices t;
  t.m.comm_cpu_s_per_request = 0.001;
  t.m.bytes_per_request = 1000;
  t.m.load_curve = {{.rate_per_s = 1, .added_mean_ms = 1}, {.rate_per_s = 3, .added_mean_ms = 3}};
  t.m.groups[0].remote_calls_in_per_request = 1;
  t.m.groups[1].remote_calls_in_per_request = 3;
  t.m.groups[0].offered_cpu_per_rps = 0.5;  // 1 replica at 2 requests/s
  t.m.groups[1].offered_cpu_per_rps = 1.5;  // 3 replicas
  t.ref.groups[0].offered_cpu_per_rps = 1.9;  // ceil(3.8) = 4 replicas
  auto v = all_params(0);
  v[Param::ProductionRatePerS] = 2;
  v[Param::CpuUsdPerCoreHour] = 0.04;
  v[Param::NetworkUsdPerGb] = 0.01;
  v[Param::LatencyUsdPerMsPerMillion] = 0.1;
  const auto r = economics::network_cost(t.m, t.ref, v);
  // 63,072,000 requests a year. Cores: 1 + 3 - 4 = 0 extra (the one process's rounding
  // absorbs the communication CPU). Wire: 63.072 GB x 0.01. Latency: the curve at 2 requests/s
  // is 2 ms: 2 x 63.072 x 0.1.
  CHECK(r.usd == doctest::Approx(0.63072 + 12.6144));
  CHECK(r.person_hours == 0.0);
  double sum = 0.0;
  for (const auto& s : r.per_service) sum += s.usd;
  CHECK(sum == doctest::Approx(r.usd));
  // Minimum replicas priced: each service needs at least 2 replicas, the one process 4.
  t.m.groups[0].base_replicas = 2;
  t.m.groups[1].base_replicas = 2;
  t.ref.groups[0].base_replicas = 2;
  const auto floor = economics::network_cost(t.m, t.ref, v);  // 2 + 3 - 4 = 1 extra core
  CHECK(floor.usd == doctest::Approx(8760 * 0.04 + 0.63072 + 12.6144));
}

TEST_CASE("operational cost: per-service platform, effort, dependencies, replicas and telemetry") {
  TwoServices t;
  t.m.groups[0].dependencies = 1;
  t.m.groups[0].offered_cpu_per_rps = 0.0;  // 1 replica (the minimum)
  t.m.groups[1].offered_cpu_per_rps = 2.5;  // ceil(2.5) = 3
  t.ref.groups[0].offered_cpu_per_rps = 2.5;
  t.m.remote_calls_per_request = 1e-6;
  auto v = all_params(0);
  v[Param::EngineerUsdPerHour] = 100;
  v[Param::OpsHoursPerServiceYear] = 10;
  v[Param::OpsHoursPerDependencyYear] = 2;
  v[Param::ReplicaBaseUsdYear] = 50;
  v[Param::PlatformFixedUsdYear] = 1000;  // paid by every level alike: cancels
  v[Param::PlatformUsdPerServiceYear] = 300;
  v[Param::ProductionRatePerS] = 1;
  v[Param::TraceSamplingShare] = 0.5;
  v[Param::TelemetryUsdPerMillionSpans] = 1;
  const auto r = economics::operational_cost(t.m, t.ref, v);
  // a: 12 h -> 1200 + 300 + 1 x 50; b: 10 h -> 1000 + 300 + 3 x 50; one process: 1000 + 300 + 150;
  // telemetry: 2 x 1e-6 x 31,536,000 x 0.5 spans = 31.536 spans -> 31.536e-6 USD.
  CHECK(r.usd == doctest::Approx(1550 + 1450 - 1450 + 31.536e-6));
  CHECK(r.person_hours == doctest::Approx(12 + 10 - 10));
  // The one process's figures are subtracted by operations: a 1/4, b 3/4.
  CHECK(r.per_service[0].person_hours == doctest::Approx(12 - 2.5));
  CHECK(r.per_service[1].person_hours == doctest::Approx(10 - 7.5));
}

TEST_CASE("development cost: scaffolding and conversion layers, by people or by agents") {
  TwoServices t;
  t.m.groups[0].exposed_operations = 1;
  t.m.groups[0].client_adapters = 1;
  t.m.groups[1].exposed_operations = 2;
  t.ref.groups[0].exposed_operations = 1;
  auto v = all_params(0);
  v[Param::ScaffoldHoursPerService] = 30;
  v[Param::ConversionHoursPerContract] = 5;
  v[Param::UpkeepHoursPerServiceYear] = 10;
  v[Param::AmortizationYears] = 3;
  v[Param::EngineerUsdPerHour] = 100;
  const auto human = economics::development_cost(t.m, t.ref, v);
  // (30 + 2 x 5) / 3 + 10 twice, minus (30 + 5) / 3 + 10 = 25 hours
  CHECK(human.person_hours == doctest::Approx(25.0));
  CHECK(human.usd == doctest::Approx(2500.0));
  v[Param::AiShare] = 1;
  v[Param::HumanReviewShare] = 0.5;
  v[Param::ReviewHoursPerHour] = 0.2;
  v[Param::AiUsdPerHumanHour] = 5;
  const auto agents = economics::development_cost(t.m, t.ref, v);
  CHECK(agents.person_hours == doctest::Approx(2.5));          // 25 x 0.5 x 0.2
  CHECK(agents.usd == doctest::Approx(250.0 + 25.0 * 5.0));    // review + agent cost
  CHECK(agents.usd < human.usd);
  // A changed contract is checked once by the owner of each consuming operation.
  t.m.groups[1].cross_in_edges = 2;
  v[Param::ChangesPerOperationYear] = 10;
  v[Param::ContractChangeShare] = 0.5;
  v[Param::CoordinationHoursPerTeamRelease] = 0.5;
  CHECK(economics::development_cost(t.m, t.ref, v).person_hours == doctest::Approx(2.5 + 10 * 0.5 * 2 * 0.5));
}

TEST_CASE("design cost: boundaries, contracts, fragmentation, spanned services and knots") {
  TwoServices t;
  t.m.groups[0].exposed_operations = 1;
  t.m.groups[0].in_knot = true;
  t.m.groups[1].exposed_operations = 1;
  t.m.groups[1].cross_interactions = 1;
  t.m.groups[1].spanned_transactions = 1;
  t.m.groups[1].in_knot = true;
  t.ref.groups[0].exposed_operations = 1;
  auto v = all_params(0);
  v[Param::DesignHoursPerBoundary] = 10;
  v[Param::DesignHoursPerContract] = 2;
  v[Param::DesignHoursPerCrossInteraction] = 3;
  v[Param::DesignHoursPerSpannedService] = 4;
  v[Param::DesignHoursPerKnotService] = 5;
  v[Param::AmortizationYears] = 2;
  v[Param::DesignChurnPerYear] = 0.5;  // factor 1 per year
  v[Param::EngineerUsdPerHour] = 100;
  auto r = economics::design_cost(t.m, t.ref, v);
  CHECK(r.person_hours == doctest::Approx(17 + 24 - 12));
  CHECK(r.usd == doctest::Approx(2900));
  CHECK(r.per_service[1].person_hours == doctest::Approx(24 - 9));  // 3 of the 4 operations
  v[Param::DesignAiRelief] = 0.5;
  CHECK(economics::design_cost(t.m, t.ref, v).person_hours == doctest::Approx(14.5));
}

TEST_CASE("utility: scaling, isolation, deployability and verifiability per service") {
  TwoServices t;
  t.ref.groups[0].offered_cpu_per_rps = 4;  // one process needs 4 replicas
  t.ref.groups[0].internal_edges = 3;
  t.m.groups[0].offered_cpu_per_rps = 0.5;  // 1 replica
  t.m.groups[1].offered_cpu_per_rps = 3.5;  // 4 replicas
  t.m.groups[0].survive_share = 0.8;
  t.m.groups[1].survive_share = 0.2;
  t.m.groups[1].internal_edges = 1;
  auto v = all_params(0);
  v[Param::ProductionRatePerS] = 1;
  v[Param::MemoryGbPerOperation] = 1;
  v[Param::MemoryUsdPerGbHour] = 0.001;
  v[Param::FaultsPerOperationYear] = 1;
  v[Param::CrashShare] = 0.5;
  v[Param::MttrHours] = 2;
  v[Param::LostRequestUsd] = 0.01;  // 36 USD per hour-long outage at 1 request/s
  v[Param::ChangesPerOperationYear] = 10;
  v[Param::ReleasesPerYearMax] = 25;
  v[Param::OperationsPerTeam] = 2;
  v[Param::CoordinationHoursPerTeamRelease] = 1;
  v[Param::EngineerUsdPerHour] = 100;
  v[Param::EscapeUsdPerBehaviourYear] = 100;
  v[Param::ReviewCatchShare] = 0.5;
  v[Param::HumanReviewShare] = 1;
  const auto u = economics::utility(t.m, t.ref, v);
  // Memory: one process 4 replicas x 4 operations = 16 operation-replicas; a 1 x 1, b 4 x 3.
  CHECK(u.scaling.usd == doctest::Approx(3 * 8.76));
  CHECK(u.scaling.per_service[0].usd == doctest::Approx((4 - 1) * 8.76));
  CHECK(u.scaling.per_service[1].usd == doctest::Approx((12 - 12) * 8.76));
  // Outage per fault-hour: 36 USD x share of requests failed; faults x crash x mttr = ops x 1.
  CHECK(u.isolation.per_service[0].usd == doctest::Approx(36 * 1 * (1.0 - 0.2)));
  CHECK(u.isolation.per_service[1].usd == doctest::Approx(36 * 3 * (1.0 - 0.8)));
  // Coordination: one process has 4 / 2 = 2 teams, min(40, 25) = 25 releases: 25 h; a and b
  // have 0.5 and 1.5 teams' worth: b still coordinates min(30, 25) x 0.5 = 12.5 h.
  CHECK(u.deployability.person_hours == doctest::Approx(25 - 12.5));
  CHECK(u.deployability.usd == doctest::Approx(1250));
  // Escape surface: one process 3 + 3 = 6 behaviours, a 0, b 2 + 1 = 3; each worth 50 USD.
  CHECK(u.verifiability.usd == doctest::Approx(150));
  CHECK(u.total.usd == doctest::Approx(26.28 + 36 * 0.8 + 36 * 0.6 + 1250 + 150));
  // Agents that nobody reviews make each behaviour behind a contract worth more.
  v[Param::AiShare] = 1;
  v[Param::HumanReviewShare] = 0;
  CHECK(economics::utility(t.m, t.ref, v).verifiability.usd == doctest::Approx(300));
  // The one process itself has no utility.
  CHECK(economics::utility(t.ref, t.ref, v).total.usd == doctest::Approx(0.0));
}

TEST_CASE("evaluation: the per-service ratio is overhead over utility; one service has no ratio") {
  TwoServices t;
  t.m.groups[0].survive_share = 1;
  t.m.groups[1].survive_share = 1;
  auto v = all_params(0);
  v[Param::AmortizationYears] = 1;
  v[Param::EngineerUsdPerHour] = 1;
  v[Param::DesignHoursPerBoundary] = 8;    // 16 - 8: a carries 8 - 2 = 6, b 8 - 6 = 2
  v[Param::ProductionRatePerS] = 1;
  v[Param::FaultsPerOperationYear] = 1;
  v[Param::CrashShare] = 1;
  v[Param::MttrHours] = 1;
  v[Param::LostRequestUsd] = 1.0 / 360;    // 10 USD per outage-hour: a 10 USD, b 30 USD of isolation
  const auto e = economics::evaluate(t.m, t.ref, v);
  CHECK(e.overhead_usd == doctest::Approx(8));
  CHECK(e.utility_usd == doctest::Approx(40));
  CHECK(e.net_usd == doctest::Approx(32));
  CHECK(e.ratio[0] == doctest::Approx(0.6));
  CHECK(e.ratio[1] == doctest::Approx(2.0 / 30.0));
  CHECK(e.median_ratio == doctest::Approx((0.6 + 2.0 / 30.0) / 2));
  CHECK(e.share_above_one == 0.0);
  const auto one = economics::evaluate(t.ref, t.ref, v);
  CHECK(one.overhead_usd == doctest::Approx(0.0));
  CHECK(one.utility_usd == 0.0);
  CHECK(one.median_ratio == 0.0);
}

TEST_CASE("utility: outages never fail more than a year of requests") {
  TwoServices t;
  for (auto* g : {&t.m.groups[0], &t.m.groups[1], &t.ref.groups[0]}) g->operations *= 100000;  // 400,000 operations
  t.m.groups[0].survive_share = 0.5;
  t.m.groups[1].survive_share = 0.5;
  auto v = all_params(0);
  v[Param::ProductionRatePerS] = 1;
  v[Param::FaultsPerOperationYear] = 1;
  v[Param::CrashShare] = 1;
  v[Param::MttrHours] = 1;  // the one process: 400,000 hours down a year, capped at 8,760
  v[Param::LostRequestUsd] = 1;
  const double year = 8760.0 * 3600.0;  // one request a second, one dollar each
  const auto u = economics::utility(t.m, t.ref, v);
  // Each half of the requests needs one service: 200,000 hours of need, also capped; both
  // sides lose every request of the year, so splitting buys nothing here.
  CHECK(u.isolation.usd == doctest::Approx(0.0).scale(year));
  CHECK(u.isolation.usd >= -1e-6);
  // A small system is far from the cap: the linear count holds (a year of one-second requests,
  // 4 hours of need against 4 x 0.5).
  for (auto* g : {&t.m.groups[0], &t.m.groups[1], &t.ref.groups[0]}) g->operations /= 100000;
  CHECK(economics::utility(t.m, t.ref, v).isolation.usd == doctest::Approx((4.0 - 2.0) * 3600.0));
}
