// session::compare_partitions, the before/after comparison the CLI and the GUI share: identical
// partitions change nothing (and say "not significant"), a merge on a chain drops latency
// significantly, the CLI and the GUI adapter give the same numbers; the expected traffic and
// its "no request" reason; the GUI's simulation controls.
#include <doctest/doctest.h>

#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "gui/viewmodel/simulation_compare.hpp"
#include "importers/import_set.hpp"
#include "session/comparison.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

// web -> orders -> billing, one call each, 2 ms of own work per operation (spread 1.5-2.5 ms),
// 100 requests over 10 s.
model::CallGraph chain() {
  model::CallGraph g;
  const char* names[] = {"web", "orders", "billing"};
  model::OperationId ops[3];
  for (int i = 0; i < 3; ++i) {
    ops[i] = g.add_operation(g.add_service(names[i]), "op");
    auto& o = g.operation(ops[i]);
    o.invocations = 100;
    for (int k = 0; k < 100; ++k) o.self_time.add(1500.0 + 10.0 * k);
  }
  g.operation(ops[0]).entry_count = 100;
  for (int i = 0; i < 2; ++i) {
    auto& e = g.edge(g.add_edge(ops[i], ops[i + 1], model::InteractionKind::Sync));
    e.calls = e.traces = 100;
  }
  g.observe_window(0, 10'000'000);
  return g;
}

model::GroupId group_named(const model::Partition& p, const std::string& name) {
  for (model::GroupId g = 0; g < p.group_count(); ++g)
    if (p.name(g) == name) return g;
  FAIL("no group " << name);
  return 0;
}

model::Partition merged(const model::CallGraph& g, const std::string& a, const std::string& b) {
  auto p = model::Partition::observed(g);
  p.merge(group_named(p, a), group_named(p, b));
  return p;
}

sim::Scenario short_run() {
  sim::Scenario s;
  s.duration_s = 20.0;
  s.warmup_s = 2.0;
  s.seed = 11;
  return s;
}

// Sixteen hex digits (a Zipkin id), never zero.
std::string fmt_hex(int v) {
  std::ostringstream out;
  out << std::hex << std::setw(16) << std::setfill('0') << v + 1;
  return out.str();
}

// The chain as Zipkin spans: `traces` requests, one every 100 ms.
std::string write_chain_traces(const std::filesystem::path& dir, int traces) {
  nlohmann::json spans = nlohmann::json::array();
  const char* names[] = {"web", "orders", "billing"};
  for (int t = 0; t < traces; ++t) {
    const long long start = 1'700'000'000'000'000LL + 100'000LL * t;
    for (int i = 0; i < 3; ++i) {
      nlohmann::json s = {{"traceId", fmt_hex(t)},
                          {"id", fmt_hex(t * 10 + i + 1)},
                          {"kind", "SERVER"},
                          {"name", "op"},
                          {"timestamp", start + 100 * i},
                          {"duration", 6000 - 2000 * i - 200 * i + (t % 7) * 50},
                          {"localEndpoint", {{"serviceName", names[i]}}}};
      if (i > 0) s["parentId"] = fmt_hex(t * 10 + i);
      spans.push_back(s);
    }
  }
  const auto path = dir / "chain.json";
  std::ofstream(path) << spans.dump(1);
  return path.string();
}

}  // namespace

TEST_CASE("session comparison: identical partitions give zero deltas, flagged not significant") {
  const auto g = chain();
  const auto p = model::Partition::observed(g);
  session::ComparisonOptions options;
  options.replications = 3;
  const auto c = session::compare_partitions(g, p, p, short_run(), options);
  CHECK(c.replications == 3);
  CHECK_FALSE(c.cancelled);
  CHECK(c.no_request_reason.empty());
  REQUIRE(c.entries.size() == 1);
  CHECK(c.entries[0].operation == "web/op");
  CHECK(c.entries[0].requests_before > 0);
  CHECK(c.entries[0].requests_before == c.entries[0].requests_after);
  for (const auto* d : {&c.entries[0].mean_ms, &c.entries[0].p50_ms, &c.entries[0].p99_ms, &c.remote_calls_per_request,
                        &c.cpu_ms_per_request, &c.throughput_per_s}) {
    CHECK(d->change.mean == 0.0);  // same seeds, same partition: the same runs
    CHECK(d->change.half_width_95 == 0.0);
    CHECK(d->change.samples == 3);
    CHECK_FALSE(d->significant());
    CHECK(d->before == d->after);
  }
  CHECK(c.remote_calls_per_request.before == doctest::Approx(2.0));  // web -> orders -> billing
}

TEST_CASE("session comparison: a merge that removes network hops lowers latency significantly") {
  const auto g = chain();
  session::ComparisonOptions options;
  options.replications = 4;
  const auto all = model::Partition::monolith(g, "one");
  const auto c = session::compare_partitions(g, model::Partition::observed(g), all, short_run(), options);
  REQUIRE(c.entries.size() == 1);
  const auto& mean = c.entries[0].mean_ms;
  // Two remote hops gone: each cost at least two one-way propagations (2 x 100 us) plus
  // serialization and stack CPU on both sides, so the mean drops by more than 0.4 ms.
  CHECK(mean.change.mean < -0.4);
  CHECK(mean.significant());
  CHECK(mean.high() < 0.0);
  CHECK(mean.change.mean == doctest::Approx(mean.after - mean.before).epsilon(0.05));
  CHECK(c.remote_calls_per_request.before == doctest::Approx(2.0));
  CHECK(c.remote_calls_per_request.after == 0.0);
  CHECK(c.remote_calls_per_request.change.mean == doctest::Approx(-2.0));
  // The same seeds on both sides: the same arrivals, so throughput does not change at all.
  CHECK(c.throughput_per_s.change.mean == 0.0);
  CHECK_FALSE(c.throughput_per_s.significant());
}

TEST_CASE("session comparison: slices and a stop keep the finished pairs; seeds do not depend on slicing") {
  const auto g = chain();
  const auto after = merged(g, "web", "orders");
  session::ComparisonOptions whole;
  whole.replications = 4;
  whole.threads = 2;
  const auto a = session::compare_partitions(g, model::Partition::observed(g), after, short_run(), whole);
  session::ComparisonOptions sliced = whole;
  int polls = 0;
  double last = 0.0;
  sliced.threads = 1;
  sliced.stop = [&] { return ++polls > 100; };
  sliced.progress = [&](double f, const std::string& stage) {
    CHECK(f >= last - 1e-12);
    CHECK_FALSE(stage.empty());
    last = f;
  };
  const auto b = session::compare_partitions(g, model::Partition::observed(g), after, short_run(), sliced);
  CHECK(polls == 4);  // one slice per replication on one thread
  CHECK(last == doctest::Approx(1.0).epsilon(0.02));
  CHECK(b.entries[0].mean_ms.change.mean == a.entries[0].mean_ms.change.mean);
  CHECK(b.entries[0].p99_ms.change.half_width_95 == a.entries[0].p99_ms.change.half_width_95);
  sliced.stop = [&] { return polls++ >= 2; };
  polls = 0;
  last = 0.0;
  const auto stopped = session::compare_partitions(g, model::Partition::observed(g), after, short_run(), sliced);
  CHECK(stopped.cancelled);
  CHECK(stopped.replications == 2);
  CHECK(stopped.before.runs.size() == 2);
  CHECK(stopped.entries[0].mean_ms.change.samples == 2);
}

TEST_CASE("session comparison: the CLI and the GUI adapter give the same numbers for the same inputs") {
  const auto dir = test::fresh_temp_dir("session-comparison");
  const auto input = write_chain_traces(dir, 40);
  const auto cli = test::run_cli("simulate " + input +
                                     " --merge web,orders --duration 20 --replications 3 --seed 7 --format json -q",
                                 false);
  REQUIRE(cli.code == 0);
  const auto json = nlohmann::json::parse(cli.out);
  const auto& change = json.at("change");

  const auto imported = importers::import_inputs({input});
  const auto& g = imported.graph;
  sim::Scenario scenario;
  scenario.duration_s = 20.0;
  scenario.seed = 7;
  gui::JobProgress progress;
  const auto gui_result = gui::compare_partitions(g, merged(g, "web", "orders"), scenario, 3, progress);
  CHECK(progress.fraction() == doctest::Approx(1.0));
  REQUIRE(gui_result.replications == 3);
  REQUIRE(change.at("entries").size() == gui_result.entries.size());
  for (std::size_t i = 0; i < gui_result.entries.size(); ++i) {
    const auto& mine = gui_result.entries[i];
    const auto& theirs = change.at("entries")[i];
    CHECK(theirs.at("operation") == mine.operation);
    CHECK(theirs.at("mean_ms").at("change").get<double>() == doctest::Approx(mine.mean_ms.change.mean).epsilon(1e-5));
    CHECK(theirs.at("p99_ms").at("ci95").get<double>() == doctest::Approx(mine.p99_ms.change.half_width_95).epsilon(1e-5));
    CHECK(theirs.at("mean_ms").at("significant").get<bool>() == mine.mean_ms.significant());
  }
  const auto& calls = change.at("remote_calls_per_request");
  CHECK(calls.at("change").get<double>() == doctest::Approx(gui_result.remote_calls_per_request.change.mean));
  CHECK(calls.at("change").get<double>() == doctest::Approx(-1.0));  // web -> orders is in-process now
  CHECK(calls.at("significant").get<bool>() == gui_result.remote_calls_per_request.significant());
  CHECK(change.at("cpu_ms_per_request").at("change").get<double>() ==
        doctest::Approx(gui_result.cpu_ms_per_request.change.mean).epsilon(1e-5));
}

TEST_CASE("session traffic: the reason no request arrives comes from the model") {
  auto g = chain();
  auto s = short_run();
  const auto busy = session::expected_traffic(g, s);
  CHECK(busy.entries == 1);
  CHECK(busy.recorded_requests == 100);
  CHECK(busy.input_rate_per_s == doctest::Approx(10.0));
  CHECK(busy.expected_requests == doctest::Approx(180.0));
  CHECK(busy.no_request_reason.empty());

  // Two recorded requests over an hour: 25 measured seconds expect 0.014.
  g.operation(0).entry_count = 2;
  g.observe_window(0, 3'600'000'000LL);
  s.duration_s = 30.0;
  s.warmup_s = 5.0;
  const auto quiet = session::expected_traffic(g, s);
  CHECK(quiet.expected_requests == doctest::Approx(25.0 * 2.0 / 3600.0));
  CHECK(quiet.no_request_reason.find("the input records 2 requests at 1 entry operation over 3600 s") !=
        std::string::npos);
  CHECK(quiet.suggested_rate_per_s == 1.0);     // ceil(20 / 25)
  CHECK(quiet.suggested_duration_s == 0.0);     // 36,005 s is beyond the duration range
  CHECK(quiet.no_request_reason.find("set a rate of at least 1 requests/s") != std::string::npos);
  // A rate fixes it, and the reason then names the run's rate when still too low.
  CHECK(session::expected_traffic(g, session::apply_load(s, {.rate_per_s = 2.0, .duration_s = std::nullopt})).no_request_reason.empty());
  const auto low = session::expected_traffic(g, session::apply_load(s, {.rate_per_s = 0.01, .duration_s = std::nullopt}));
  CHECK(low.no_request_reason.find("the run is set to 0.01 requests/s") != std::string::npos);
  CHECK(low.input_rate_per_s == doctest::Approx(2.0 / 3600.0));
}

TEST_CASE("session traffic: a manifest-only input shares the default rate and says so when too short") {
  const auto imported = importers::import_inputs({test::corpus_path("k8s-online-boutique.yaml")});
  const auto& g = imported.graph;
  REQUIRE(g.operation_count() > 0);
  sim::Scenario s;
  const auto normal = session::expected_traffic(g, s);
  CHECK(normal.recorded_requests == 0);
  CHECK(normal.entries > 0);
  CHECK(normal.input_rate_per_s == doctest::Approx(s.default_total_rate_per_s));
  CHECK(normal.no_request_reason.empty());
  s.duration_s = 1.0;
  s.warmup_s = 0.999;  // 1 ms measured at 50 requests/s: 0.05 expected
  const auto brief = session::expected_traffic(g, s);
  CHECK(brief.expected_requests == doctest::Approx(0.05));
  CHECK(brief.no_request_reason.find("the input records no request (no trace roots)") != std::string::npos);
  CHECK(brief.no_request_reason.find(std::to_string(brief.entries) + " entry operation") != std::string::npos);
  CHECK(brief.no_request_reason.find("share the default 50 requests/s") != std::string::npos);
  // No entry at all: nothing can be simulated, whatever the rate.
  const model::CallGraph empty;
  const auto none = session::expected_traffic(empty, sim::Scenario{});
  CHECK(none.no_request_reason.find("no operation receives outside requests") != std::string::npos);
}

TEST_CASE("gui simulation controls: defaults from the scenario and the input, validated ranges") {
  auto g = std::make_shared<model::CallGraph>(chain());
  gui::SimulationControls controls;
  controls.reset(g);
  CHECK(controls.rate_per_s() == doctest::Approx(10.0));
  CHECK(controls.duration_s() == sim::Scenario{}.duration_s);
  CHECK(controls.error().empty());
  CHECK(controls.traffic().no_request_reason.empty());
  controls.set_rate(-1.0);
  CHECK(controls.error().find("rate -1") != std::string::npos);
  controls.set_rate(session::kMaxRatePerS * 2);
  CHECK_FALSE(controls.error().empty());
  controls.set_rate(40.0);
  controls.set_duration(0.5);
  CHECK(controls.error().find("duration 0.5 s is outside") != std::string::npos);
  controls.set_duration(10.0);
  CHECK(controls.error().empty());
  CHECK(controls.scenario().total_rate_per_s == 40.0);
  CHECK(controls.scenario().duration_s == 10.0);
  CHECK(controls.scenario().warmup_s < 10.0);
  CHECK(controls.traffic().expected_requests == doctest::Approx(40.0 * (10.0 - controls.scenario().warmup_s)));

  // Too few recorded requests: the default rate is the input's, and the reason says why.
  g->operation(0).entry_count = 3;
  g->observe_window(0, 7'200'000'000LL);
  controls.reset(g);
  CHECK(controls.error().empty());
  CHECK(controls.traffic().no_request_reason.find("records 3 requests") != std::string::npos);
  controls.set_rate(5.0);
  CHECK(controls.traffic().no_request_reason.empty());
  controls.restore_defaults();
  CHECK_FALSE(controls.traffic().no_request_reason.empty());
  controls.reset(nullptr);
  CHECK(controls.traffic().entries == 0);
}
