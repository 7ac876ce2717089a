// Excluding services: operations and edges go with them, graph-level fields stay, calls to
// them are counted, calls from them become entries of their callees; predicates and the
// one-line summary.
#include <doctest/doctest.h>

#include "model/service_filter.hpp"

using namespace nanoscope;
using model::ExclusionReason;
using model::ServiceKind;

namespace {

// gateway -> web -> {db, otel-collector}; flagd -> web; web has 10 entries of its own.
model::CallGraph sample() {
  model::CallGraph g;
  auto op = [&](const char* service, ServiceKind kind, const char* name) {
    return g.add_operation(g.add_service(service, kind), name);
  };
  const auto gw = op("gateway", ServiceKind::Gateway, "route");
  const auto web = op("web", ServiceKind::Service, "GET /");
  const auto db = op("db", ServiceKind::Database, "query");
  const auto otel = op("otel-collector", ServiceKind::Telemetry, "export");
  const auto flags = op("flagd", ServiceKind::FeatureFlags, "resolve");
  g.operation(gw).entry_count = 100;
  g.operation(web).entry_count = 10;
  g.record_arrival(web, 5);
  g.record_arrival(gw, 6);
  g.edge(g.add_edge(gw, web, model::InteractionKind::Sync)).calls = 100;
  g.edge(g.add_edge(web, db, model::InteractionKind::Database)).calls = 300;
  g.edge(g.add_edge(web, otel, model::InteractionKind::Async)).calls = 1234;
  g.edge(g.add_edge(flags, web, model::InteractionKind::Sync)).calls = 2;
  g.edge(g.add_edge(gw, otel, model::InteractionKind::Async)).calls = 50;  // between excluded services
  g.window_start_us = 1'000;
  g.window_end_us = 61'000'000;
  g.trace_count = 110;
  g.arrivals_not_kept = 3;
  return g;
}

}  // namespace

TEST_CASE("exclude_services removes infrastructure and keeps the traffic it passed on") {
  const model::CallGraph g = sample();
  const auto [reduced, summary] = model::exclude_services(g, model::exclusion_predicate({}));
  CHECK(reduced.service_count() == 2);
  CHECK(reduced.find_service("web"));
  CHECK(reduced.find_service("db"));
  CHECK_FALSE(reduced.find_service("gateway"));
  CHECK(reduced.operation_count() == 2);
  REQUIRE(reduced.edge_count() == 1);
  CHECK(reduced.edge(0).calls == 300);
  const auto web = *reduced.find_operation(*reduced.find_service("web"), "GET /");
  CHECK(reduced.operation(web).entry_count == 10 + 100 + 2);
  CHECK(reduced.operation(web).arrivals_us == std::vector<std::int64_t>{5});
  CHECK(reduced.arrivals_kept() == 1);
  // Every graph-level field survives.
  CHECK(reduced.window_start_us == g.window_start_us);
  CHECK(reduced.window_end_us == g.window_end_us);
  CHECK(reduced.trace_count == 110);
  CHECK(reduced.arrivals_not_kept == 3);
  CHECK(summary.infrastructure == std::vector<std::string>{"flagd", "gateway", "otel-collector"});
  CHECK(summary.by_pattern.empty());
  CHECK(summary.operations == 3);
  CHECK(summary.dropped_edges == 1);
  CHECK(summary.dropped_calls == 1234);
  CHECK(summary.promoted_calls == 102);
  CHECK(model::describe_exclusion(summary) ==
        "excluded 3 infrastructure services (flagd, gateway, otel-collector); 1,234 calls on 1 edge to them dropped, "
        "102 from them kept as entries");
}

TEST_CASE("exclusion_predicate: patterns by name or glob, infrastructure only by default") {
  const model::CallGraph g = sample();
  SUBCASE("include infrastructure, exclude by glob") {
    const auto [reduced, summary] =
        model::exclude_services(g, model::exclusion_predicate({.include_infrastructure = true, .patterns = {"d*"}}));
    CHECK(reduced.service_count() == 4);
    CHECK_FALSE(reduced.find_service("db"));
    CHECK(summary.by_pattern == std::vector<std::string>{"db"});
    CHECK(summary.dropped_calls == 300);
    CHECK(model::describe_exclusion(summary) == "excluded 1 service by --exclude (db); 300 calls on 1 edge to them dropped");
  }
  SUBCASE("a pattern names the reason even for infrastructure") {
    const auto exclude = model::exclusion_predicate({.include_infrastructure = false, .patterns = {"flagd"}});
    const auto [reduced, summary] = model::exclude_services(g, exclude);
    CHECK(summary.by_pattern == std::vector<std::string>{"flagd"});
    CHECK(summary.infrastructure == std::vector<std::string>{"gateway", "otel-collector"});
    CHECK(model::describe_exclusion(summary).starts_with(
        "excluded 2 infrastructure services (gateway, otel-collector) and 1 by --exclude (flagd); "));
  }
  SUBCASE("nothing excluded: the same graph and an empty description") {
    const auto [reduced, summary] =
        model::exclude_services(g, model::exclusion_predicate({.include_infrastructure = true, .patterns = {}}));
    CHECK(reduced.service_count() == g.service_count());
    CHECK(reduced.edge_count() == g.edge_count());
    CHECK(summary.empty());
    CHECK(model::describe_exclusion(summary).empty());
  }
  CHECK(model::unmatched_patterns(g, {"web", "cart*", "otel-*", "nope"}) == std::vector<std::string>{"cart*", "nope"});
}
