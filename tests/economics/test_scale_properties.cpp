// Scale consistency of the economic models (issue 13): every overhead and utility term of
// k disjoint copies of a system, at k times its load, is k times the single system's once the
// copies are priced against the copies run as one process each (the level "one service per
// copy"); the one process prices at zero; totals are never negative. Graphs go through the
// graph JSON importer, as a user's would.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <map>

#include "economics/cost_models.hpp"
#include "economics/economics_test_support.hpp"
#include "economics/granularity.hpp"
#include "economics/sweep.hpp"

using namespace nanoscope;
using economics::Param;

namespace {

// Every priced term of one evaluation, by name (USD per year).
std::map<std::string, double> terms(const economics::Evaluation& e) {
  return {{"network", e.network.usd},
          {"operational", e.operational.usd},
          {"development", e.development.usd},
          {"design", e.design.usd},
          {"scaling", e.utility.scaling.usd},
          {"isolation", e.utility.isolation.usd},
          {"deployability", e.utility.deployability.usd},
          {"verifiability", e.utility.verifiability.usd}};
}

// The observed services of copy `k` of a graph made by test::disjoint_copies.
bool in_copy(const std::string& service, int k) {
  const auto tilde = service.rfind('~');
  const int copy = tilde == std::string::npos ? 1 : std::stoi(service.substr(tilde + 1));
  return copy == k;
}

// Every copy's business operations in one group ("copy k"), the rest as observed.
model::Partition one_process_per_copy(const model::CallGraph& g, int copies) {
  auto p = model::Partition::observed(g);
  const auto business = economics::business_operations(g);
  for (int k = 1; k <= copies; ++k) {
    std::vector<model::OperationId> ops;
    for (model::OperationId op = 0; op < g.operation_count(); ++op)
      if (business[op] && in_copy(g.service(g.operation(op).service).name, k)) ops.push_back(op);
    p.split(ops, "copy " + std::to_string(k));
  }
  return p;
}

}  // namespace

TEST_CASE("k disjoint copies at k times the load price at k times the money, term by term") {
  const auto single = test::social_network_graph();
  for (const auto& era : test::bundled_eras()) {
    CAPTURE(era.name);
    const auto ctx1 = test::measure_context(single, era);
    const auto ref1 = economics::measure_partition(ctx1, ctx1.reference);
    const auto obs1 = economics::measure_partition(ctx1, model::Partition::observed(single));
    for (const int k : {2, 3}) {
      CAPTURE(k);
      const auto many = test::disjoint_copies(single, k);
      const auto ctxk = test::measure_context(many, era, k);
      const auto refk = economics::measure_partition(ctxk, ctxk.reference);
      const auto obsk = economics::measure_partition(ctxk, model::Partition::observed(many));
      const auto basek = economics::measure_partition(ctxk, one_process_per_copy(many, k));
      REQUIRE(obsk.groups.size() == k * obs1.groups.size());
      for (const std::uint64_t sample : {0u, 1u, 2u}) {
        auto v1 = era.params.sample(era.seed, sample);
        auto vk = v1;
        vk[Param::ProductionRatePerS] = k * v1[Param::ProductionRatePerS];
        const auto one = terms(economics::evaluate(obs1, ref1, v1));
        const auto split = terms(economics::evaluate(obsk, refk, vk));
        const auto apart = terms(economics::evaluate(basek, refk, vk));
        for (const auto& [name, value] : one) {
          CAPTURE(name);
          // Rounding one more replica up or down is the only non-linearity allowed: at most a
          // few hundred dollars a year against totals of tens of thousands.
          CHECK(split.at(name) - apart.at(name) == doctest::Approx(k * value).epsilon(0.02).scale(500.0));
        }
      }
    }
  }
}

TEST_CASE("the one process prices at zero in every era, at every sample") {
  const auto g = test::social_network_graph();
  for (const auto& era : test::bundled_eras()) {
    const auto ctx = test::measure_context(g, era);
    const auto ref = economics::measure_partition(ctx, ctx.reference);
    const auto mono = economics::measure_partition(ctx, economics::granularity_levels(g).front().partition);
    for (std::uint64_t s = 0; s < 20; ++s) {
      const auto e = economics::evaluate(mono, ref, era.params.sample(era.seed, s));
      for (const auto& [name, value] : terms(e)) {
        CAPTURE(name);
        CHECK(value == doctest::Approx(0.0).scale(1.0));
      }
    }
  }
}

TEST_CASE("no overhead or utility total is negative at any level, era or sample, but for a latency credit") {
  const auto g = test::social_network_graph();
  const auto levels = economics::granularity_levels(g);
  for (const auto& era : test::bundled_eras()) {
    CAPTURE(era.name);
    const auto ctx = test::measure_context(g, era);
    const auto ref = economics::measure_partition(ctx, ctx.reference);
    for (const auto& level : levels) {
      CAPTURE(level.services);
      const auto m = economics::measure_partition(ctx, level.partition);
      for (std::uint64_t s = 0; s < 20; ++s) {
        const auto e = economics::evaluate(m, ref, era.params.sample(era.seed, s));
        auto native = [](const economics::CostResult& r, const std::string& name) {
          for (const auto& q : r.native)
            if (q.name == name) return q.value;
          FAIL("no quantity " << name);
          return 0.0;
        };
        // Cores and wire never cost less than one process. The latency can: a level that
        // holds more cores than one process (minimum replicas, rounding) may queue less; that
        // credit is the only way to a negative network total, and the report flags it.
        CHECK(native(e.network, "compute_usd") >= -1e-6);
        CHECK(native(e.network, "wire_usd") >= -1e-6);
        if (e.network.usd < -1e-6) {
          CHECK(native(e.network, "latency_usd") < 0.0);
          CHECK(native(e.network, "extra_provisioned_cores") > 0.0);
        }
        CHECK(e.operational.usd >= -1e-6);
        CHECK(e.development.usd >= -1e-6);
        CHECK(e.design.usd >= -1e-6);
        CHECK(e.utility_usd >= -1e-6);
      }
    }
  }
}
