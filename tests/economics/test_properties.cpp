// Monotonic properties of the models on the bundled example, and what the simulator says
// about merges: network overhead is zero for one process, merging removes exactly the calls
// between the merged services.
#include <doctest/doctest.h>

#include "economics/cost_models.hpp"
#include "economics/economics_test_support.hpp"
#include "economics/granularity.hpp"
#include "session/partition_edits.hpp"

using namespace nanoscope;
using economics::Param;

namespace {

sim::Scenario quick_scenario() {
  sim::Scenario s;
  s.total_rate_per_s = 20;
  s.duration_s = 10;
  s.warmup_s = 1;
  return s;
}

}  // namespace

TEST_CASE("network overhead is zero for the system as one process") {
  const auto g = test::social_network_graph();
  const auto ctx = test::measure_context(g, quick_scenario());
  const auto ref = economics::measure_partition(ctx, ctx.reference);
  CHECK(ref.groups.size() == 1);
  CHECK(ref.comm_cpu_s_per_request == 0.0);
  CHECK(ref.bytes_per_request == 0.0);
  CHECK(ref.added_p50_ms == 0.0);
  const auto v = economics::ParamRanges().nominal();
  CHECK(economics::network_cost(ref, ref, v).usd == 0.0);
  const auto e = economics::evaluate(ref, ref, v);
  CHECK(e.overhead_usd == doctest::Approx(0.0));
  CHECK(e.utility_usd == 0.0);
}

TEST_CASE("merging two services removes exactly their remote calls in simulation") {
  const auto g = test::social_network_graph();
  const auto ctx = test::measure_context(g, quick_scenario());
  const auto observed = model::Partition::observed(g);
  auto merged = observed;
  session::merge_groups(merged, g, "text-service", "url-shorten-service");
  const auto before = economics::measure_partition(ctx, observed);
  const auto after = economics::measure_partition(ctx, merged);
  CHECK(after.groups.size() + 1 == before.groups.size());
  const auto find = [](const economics::PartitionMeasures& m, const std::string& name) {
    for (const auto& gm : m.groups)
      if (gm.name == name) return gm;
    FAIL("no group " << name);
    return economics::GroupMeasures{};
  };
  // The calls url-shorten-service received (all from text-service) are now in-process.
  const double between = find(before, "url-shorten-service").remote_calls_in_per_request;
  CHECK(between > 0.0);
  CHECK(after.remote_calls_per_request == doctest::Approx(before.remote_calls_per_request - between));
  CHECK(after.comm_cpu_s_per_request < before.comm_cpu_s_per_request);
  CHECK(after.bytes_per_request < before.bytes_per_request);
}

TEST_CASE("development overhead falls as AI productivity rises; an agent-built service costs less") {
  const auto g = test::social_network_graph();
  const auto ctx = test::measure_context(g, quick_scenario());
  const auto ref = economics::measure_partition(ctx, ctx.reference);
  const auto m = economics::measure_partition(ctx, model::Partition::observed(g));
  auto v = economics::ParamRanges().nominal();
  v[Param::HumanReviewShare] = 0.3;
  double last = 1e300;
  for (double ai = 0.0; ai <= 1.0001; ai += 0.25) {
    v[Param::AiShare] = ai;
    const double usd = economics::development_cost(m, ref, v).usd;
    CHECK(usd < last);
    last = usd;
  }
  v[Param::AiShare] = 0.0;
  const auto human = economics::development_cost(m, ref, v);
  v[Param::AiShare] = 1.0;
  const auto agents = economics::development_cost(m, ref, v);
  for (std::size_t i = 0; i < m.groups.size(); ++i) CHECK(agents.per_service[i].usd < human.per_service[i].usd);
}

TEST_CASE("more services cost more to operate under the SOA era, and design overhead grows too") {
  const auto g = test::social_network_graph();
  const auto eras = test::bundled_eras();
  const auto& soa = eras.at(0);
  REQUIRE(soa.name == "soa-2012");
  const auto levels = economics::granularity_levels(g);
  const auto ctx = test::measure_context(g, soa.simulation);
  const auto ref = economics::measure_partition(ctx, ctx.reference);
  const auto v = soa.params.nominal();
  double last_ops = -1e300, last_design = -1e300;
  for (const auto& level : levels) {
    const auto m = economics::measure_partition(ctx, level.partition);
    const double ops = economics::operational_cost(m, ref, v).usd;
    const double design = economics::design_cost(m, ref, v).usd;
    CHECK(ops > last_ops);
    CHECK(design > last_design);
    last_ops = ops;
    last_design = design;
  }
}

TEST_CASE("the granularity family runs from one service through the observed services to one per operation") {
  const auto g = test::social_network_graph();
  const auto levels = economics::granularity_levels(g);
  REQUIRE(levels.size() >= 3);
  CHECK(levels.front().services == 1);
  CHECK(levels.front().label == "monolith");
  const auto business = economics::business_operations(g);
  std::size_t n = 0;
  for (const bool b : business) n += b;
  CHECK(levels.back().services == n);
  CHECK(levels.back().label == "nanoservices");
  bool observed = false;
  for (const auto& l : levels)
    if (l.label == "observed") {
      observed = true;
      // Exactly the observed grouping of business operations.
      const auto obs = model::Partition::observed(g);
      for (model::OperationId a = 0; a < g.operation_count(); ++a)
        for (model::OperationId b = 0; b < g.operation_count(); ++b)
          if (business[a] && business[b])
            CHECK((l.partition.group_of(a) == l.partition.group_of(b)) == (obs.group_of(a) == obs.group_of(b)));
    }
  CHECK(observed);
  for (std::size_t i = 1; i < levels.size(); ++i) CHECK(levels[i].services > levels[i - 1].services);
  // Deterministic.
  const auto again = economics::granularity_levels(g);
  for (std::size_t i = 0; i < levels.size(); ++i) CHECK(again[i].partition == levels[i].partition);
}
