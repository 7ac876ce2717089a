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

// Two services a, b against a one-process reference of one group.
struct TwoServices {
  economics::PartitionMeasures m, ref;
  TwoServices() {
    auto a = group("a", 1);
    auto b = group("b", 3);
    m.groups = {a, b};
    m.business_operations = 4;
    ref.groups = {group("monolith", 4)};
    ref.business_operations = 4;
  }
};

}  // namespace

TEST_CASE("network cost: simulated CPU, bytes and latency priced per year") {
  TwoServices t;
  t.m.comm_cpu_s_per_request = 0.001;
  t.m.bytes_per_request = 1000;
  t.m.added_p50_ms = 2;
  t.m.groups[0].remote_calls_in_per_request = 1;
  t.m.groups[1].remote_calls_in_per_request = 3;
  auto v = all_params(0);
  v[Param::ProductionRatePerS] = 1;
  v[Param::CpuUsdPerCoreHour] = 0.04;
  v[Param::NetworkUsdPerGb] = 0.01;
  v[Param::LatencyUsdPerMsPerMillion] = 0.1;
  const auto r = economics::network_cost(t.m, t.ref, v);
  // 31,536,000 requests: 8.76 core-h x 0.04 + 31.536 GB x 0.01 + 2 ms x 31.536 M x 0.1
  CHECK(r.usd == doctest::Approx(0.3504 + 0.31536 + 6.3072));
  CHECK(r.person_hours == 0.0);
  CHECK(r.per_service[0].usd == doctest::Approx(r.usd * 0.25));
  CHECK(r.per_service[1].usd == doctest::Approx(r.usd * 0.75));
}

TEST_CASE("operational cost: platform, density, dependencies and replicas against one process") {
  TwoServices t;
  t.m.groups[0].dependencies = 1;
  t.m.groups[0].offered_cpu_per_rps = 0.0;  // min replicas: 2
  t.m.groups[1].offered_cpu_per_rps = 2.5;  // ceil(2.5) = 3
  t.ref.groups[0].offered_cpu_per_rps = 2.5;
  auto v = all_params(0);
  v[Param::EngineerUsdPerHour] = 100;
  v[Param::OpsHoursPerServiceYear] = 10;
  v[Param::OpsHoursPerDependencyYear] = 2;
  v[Param::ReplicaBaseUsdYear] = 50;
  v[Param::MinReplicas] = 2;
  v[Param::DensityKneeServices] = 100;
  v[Param::DensityExponent] = 1;
  v[Param::PlatformFixedUsdYear] = 1000;
  v[Param::CoresPerReplica] = 1;
  v[Param::TargetUtilisation] = 1;
  v[Param::ProductionRatePerS] = 1;
  const auto r = economics::operational_cost(t.m, t.ref, v);
  // a: 10 x 1.02 + 2 = 12.2 h, 1220 + 2 x 50 + 500; b: 10.2 h, 1020 + 3 x 50 + 500; one process: 10.1 h, 1010 + 150
  CHECK(r.usd == doctest::Approx(1820 + 1670 - 1160));
  CHECK(r.person_hours == doctest::Approx(12.2 + 10.2 - 10.1));
  // The one process's 1010 USD of hours are shared equally, its 150 USD of replicas by busy
  // cores: a carries no work, b all of it.
  CHECK(r.per_service[0].usd == doctest::Approx(1820 - 505));
  CHECK(r.per_service[1].usd == doctest::Approx(1670 - 505 - 150));
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
  CHECK(r.per_service[1].person_hours == doctest::Approx(24 - 6));
  v[Param::DesignAiRelief] = 0.5;
  CHECK(economics::design_cost(t.m, t.ref, v).person_hours == doctest::Approx(14.5));
}

TEST_CASE("utility: scaling, isolation, deployability and verifiability per service") {
  TwoServices t;
  t.ref.groups[0].offered_cpu_per_rps = 4;  // one process needs 4 replicas
  t.m.groups[0].offered_cpu_per_rps = 0.5;  // 1 replica: saves 3 for its one operation
  t.m.groups[1].offered_cpu_per_rps = 3.5;  // 4 replicas: saves nothing
  t.m.groups[0].survive_share = 0.8;
  t.m.groups[1].survive_share = 0.2;
  t.m.groups[1].cross_in_edges = 2;
  auto v = all_params(0);
  v[Param::ProductionRatePerS] = 1;
  v[Param::MemoryGbPerOperation] = 1;
  v[Param::MemoryUsdPerGbHour] = 0.001;
  v[Param::CoresPerReplica] = 1;
  v[Param::TargetUtilisation] = 1;
  v[Param::MinReplicas] = 1;
  v[Param::FaultsPerOperationYear] = 1;
  v[Param::CrashShare] = 0.5;
  v[Param::MttrHours] = 2;
  v[Param::OutageUsdPerHour] = 100;
  v[Param::ChangesPerOperationYear] = 10;
  v[Param::CoordinationHoursPerOperation] = 0.1;
  v[Param::ContractChangeShare] = 0.5;
  v[Param::EngineerUsdPerHour] = 100;
  v[Param::EscapeUsdPerBehaviourYear] = 100;
  v[Param::ReviewCatchShare] = 0.5;
  v[Param::HumanReviewShare] = 1;
  const auto u = economics::utility(t.m, t.ref, v);
  CHECK(u.scaling.per_service[0].usd == doctest::Approx(3 * 0.001 * 8760));
  CHECK(u.scaling.per_service[1].usd == 0.0);
  CHECK(u.isolation.per_service[0].usd == doctest::Approx(80));
  CHECK(u.isolation.per_service[1].usd == doctest::Approx(60));
  CHECK(u.deployability.per_service[0].usd == doctest::Approx(150));
  CHECK(u.deployability.per_service[1].usd == doctest::Approx(150));
  CHECK(u.verifiability.per_service[0].usd == doctest::Approx(25));   // (0 + 1 - 1/2) x 50
  CHECK(u.verifiability.per_service[1].usd == doctest::Approx(125));  // (2 + 1 - 1/2) x 50
  CHECK(u.total.usd == doctest::Approx(26.28 + 140 + 300 + 150));
  // Agents that nobody reviews make each behaviour behind a contract worth more.
  v[Param::AiShare] = 1;
  v[Param::HumanReviewShare] = 0;
  CHECK(economics::utility(t.m, t.ref, v).verifiability.usd == doctest::Approx(300));
}

TEST_CASE("evaluation: the per-service ratio is overhead over utility; one service has no ratio") {
  TwoServices t;
  t.m.groups[0].survive_share = 1;
  t.m.groups[1].survive_share = 1;
  auto v = all_params(0);
  v[Param::AmortizationYears] = 1;
  v[Param::EngineerUsdPerHour] = 1;
  v[Param::DesignHoursPerBoundary] = 10;   // each service: 10 - 10/2 = 5 USD of design overhead
  v[Param::FaultsPerOperationYear] = 1;
  v[Param::CrashShare] = 1;
  v[Param::MttrHours] = 1;
  v[Param::OutageUsdPerHour] = 10;         // a: 10 USD, b: 30 USD of isolation
  const auto e = economics::evaluate(t.m, t.ref, v);
  CHECK(e.overhead_usd == doctest::Approx(10));
  CHECK(e.utility_usd == doctest::Approx(40));
  CHECK(e.net_usd == doctest::Approx(30));
  CHECK(e.ratio[0] == doctest::Approx(0.5));
  CHECK(e.ratio[1] == doctest::Approx(5.0 / 30.0));
  CHECK(e.median_ratio == doctest::Approx((0.5 + 5.0 / 30.0) / 2));
  CHECK(e.share_above_one == 0.0);
  const auto one = economics::evaluate(t.ref, t.ref, v);
  CHECK(one.overhead_usd == doctest::Approx(0.0));
  CHECK(one.utility_usd == 0.0);
  CHECK(one.median_ratio == 0.0);
}
