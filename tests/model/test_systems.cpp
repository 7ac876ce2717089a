// Systems: inputs that share a service in overlapping windows are one system; a shared
// infrastructure service does not glue systems; windowless inputs join by services alone;
// each system's graph holds only its inputs' services, edges, traces and window.
#include <doctest/doctest.h>

#include <algorithm>

#include "model/systems.hpp"

using namespace nanoscope;
using model::CallGraph;
using model::InteractionKind;

namespace {

constexpr std::int64_t kDay = 86'400'000'000LL;

std::uint32_t input(CallGraph& g, const std::string& path, std::optional<std::int64_t> start, std::uint64_t traces) {
  model::InputSource in{path, "zipkin-json", 10, traces, {}, {}};
  if (start) in.observe_window(*start, *start + 1'000'000);
  g.inputs.push_back(in);
  return static_cast<std::uint32_t>(g.inputs.size() - 1);
}

// from -> to, both services and the edge mentioned by `in`; `entries` requests enter `from`.
void call(CallGraph& g, std::uint32_t in, const std::string& from, const std::string& to, std::uint64_t entries = 0) {
  const auto f = g.add_service(from), t = g.add_service(to);
  const auto fo = g.add_operation(f, "op"), to_op = g.add_operation(t, "op");
  g.operation(fo).entry_count += entries;
  const auto e = g.add_edge(fo, to_op, InteractionKind::Sync);
  g.edge(e).calls += 5;
  model::add_input(g.service(f).inputs, in);
  model::add_input(g.service(t).inputs, in);
  model::add_input(g.edge(e).inputs, in);
}

std::vector<std::string> names(const CallGraph& g, const model::System& s) {
  std::vector<std::string> out;
  for (const auto id : s.services) out.push_back(g.service(id).name);
  std::sort(out.begin(), out.end());
  return out;
}

bool is_collector(const model::Service& s) { return s.name == "otel-collector"; }

}  // namespace

TEST_CASE("systems: a shared service in overlapping windows joins inputs, else they stay apart") {
  CallGraph g;
  const auto a = input(g, "traces/shop-a.json", 0, 3);
  const auto b = input(g, "traces/shop-b.json", 500'000, 2);        // overlaps a, shares "cart"
  const auto c = input(g, "old/bank.json", 3000 * kDay, 7);          // far later, nothing shared
  const auto d = input(g, "old/shop-2015.json", -3000 * kDay, 1);    // shares "web" but years apart
  call(g, a, "web", "cart", 3);
  call(g, b, "cart", "db");
  call(g, c, "teller", "ledger", 7);
  call(g, c, "teller", "otel-collector");
  call(g, a, "web", "otel-collector");
  call(g, d, "web", "legacy", 1);
  const auto systems = model::split_systems(g, is_collector);
  REQUIRE(systems.size() == 3);
  CHECK(systems[0].index == 1);
  CHECK(systems[0].name == "web");  // most entry requests
  CHECK(systems[0].inputs == std::vector<std::uint32_t>{a, b});
  CHECK(names(g, systems[0]) == std::vector<std::string>{"cart", "db", "otel-collector", "web"});
  CHECK(systems[1].name == "teller");
  CHECK(systems[1].inputs == std::vector<std::uint32_t>{c});
  CHECK(names(g, systems[1]) == std::vector<std::string>{"ledger", "otel-collector", "teller"});
  CHECK(systems[2].name == "web-3");  // unique names
  CHECK(systems[2].inputs == std::vector<std::uint32_t>{d});
  CHECK(systems[0].window_start_us == 0);
  CHECK(systems[0].window_end_us == 1'500'000);

  // Apart in time, even the shared collector does not join the shop and the bank.
  CHECK(model::split_systems(g).size() == 3);
  // At the same time it does, unless ignored.
  CallGraph same_time;
  call(same_time, input(same_time, "shop.json", 0, 1), "web", "otel-collector");
  call(same_time, input(same_time, "bank.json", 0, 1), "teller", "otel-collector");
  CHECK(model::split_systems(same_time).size() == 1);
  CHECK(model::split_systems(same_time, is_collector).size() == 2);

  CHECK(model::find_system(systems, g, "teller") == &systems[1]);
  CHECK(model::find_system(systems, g, "3") == &systems[2]);
  CHECK(model::find_system(systems, g, "shop-b") == &systems[0]);
  CHECK(model::find_system(systems, g, "old/bank.json") == &systems[1]);
  CHECK(model::find_system(systems, g, "bank.json") == &systems[1]);
  CHECK(model::find_system(systems, g, "nothing") == nullptr);

  model::Diagnostics diagnostics;
  model::report_systems(g, systems, diagnostics, is_collector);
  CHECK(diagnostics.count("several-systems") == 1);
  CHECK(diagnostics.count("windows-far-apart") == 3);  // every pair is thousands of days apart
  CHECK(diagnostics.count("shared-service") == 1);     // web (the collector is ignored)
  bool gap_named = false;
  for (const auto& d : diagnostics.sorted())
    gap_named = gap_named || (d.code == "windows-far-apart" && d.message.find("3000.0 days") != std::string::npos);
  CHECK(gap_named);
}

TEST_CASE("systems: a system's graph holds its own services, edges, inputs, traces and window") {
  CallGraph g;
  const auto a = input(g, "a.json", 0, 3);
  const auto b = input(g, "b.json", 100 * kDay, 4);
  call(g, a, "web", "api", 3);
  call(g, b, "web", "search", 4);  // "web" is in both systems (100 days apart)
  call(g, b, "search", "index");
  g.trace_count = 7;
  g.window_start_us = 0;
  g.window_end_us = 100 * kDay + 1'000'000;
  const auto systems = model::split_systems(g);
  REQUIRE(systems.size() == 2);
  const auto first = model::system_graph(g, systems[0]);  // b: three services
  CHECK(systems[0].inputs == std::vector<std::uint32_t>{b});
  CHECK(first.service_count() == 3);
  CHECK(!first.find_service("api"));
  CHECK(first.edge_count() == 2);
  REQUIRE(first.inputs.size() == 1);
  CHECK(first.inputs[0].path == "b.json");
  CHECK(first.trace_count == 4);
  CHECK(first.window_start_us == 100 * kDay);
  for (const auto& s : first.services()) CHECK(s.inputs == model::InputSet{0});
  for (const auto& e : first.edges()) CHECK(e.inputs == model::InputSet{0});
  const auto second = model::system_graph(g, systems[1]);
  CHECK(second.service_count() == 2);
  CHECK(second.edge_count() == 1);  // web -> api only: web -> search is the other system's
  CHECK(second.trace_count == 3);
  // Shared "web": whole counts in both (documented), and reported.
  model::Diagnostics diagnostics;
  model::report_systems(g, systems, diagnostics);
  CHECK(diagnostics.count("shared-service") == 1);
  CHECK(diagnostics.count("windows-far-apart") == 1);
}

TEST_CASE("systems: windowless inputs join by shared services; one system gives the graph unchanged") {
  CallGraph g;
  const auto links = input(g, "deps.json", std::nullopt, 0);
  const auto traces = input(g, "t.json", 0, 1);
  const auto other = input(g, "x.json", 50 * kDay, 1);
  call(g, links, "a", "b");
  call(g, traces, "b", "c", 1);
  call(g, other, "b", "d", 1);  // windows 50 days apart, but the windowless links join all three
  const auto systems = model::split_systems(g);
  REQUIRE(systems.size() == 1);
  CHECK(systems[0].inputs.size() == 3);
  const auto whole = model::system_graph(g, systems[0]);
  CHECK(whole.service_count() == g.service_count());
  CHECK(whole.inputs == g.inputs);
  model::Diagnostics diagnostics;
  model::report_systems(g, systems, diagnostics);
  CHECK(diagnostics.empty());

  // No provenance at all (a graph built in code): one system of everything.
  CallGraph bare;
  bare.add_service("solo");
  const auto one = model::split_systems(bare);
  REQUIRE(one.size() == 1);
  CHECK(one[0].services.size() == 1);
  CHECK(one[0].name == "system");
}
