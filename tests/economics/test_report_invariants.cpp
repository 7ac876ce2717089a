// What any economics report must satisfy, checked on the bundled example instead of pinning its
// Monte-Carlo digits in a golden file (issue 17): bands ordered, the overhead the sum of its four
// terms and the net value utility minus overhead in every sample, the one process at zero,
// identical output when the input is read again; and one small system priced by hand from the
// era file and the formulas in economics/*_cost.cpp (docs/economics.md). Thread independence
// is in test_verdicts.cpp, k disjoint copies in test_scale_properties.cpp.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "economics/cost_models.hpp"
#include "economics/economics_test_support.hpp"
#include "economics/granularity.hpp"
#include "economics/report.hpp"
#include "economics/report_writers.hpp"
#include "economics/sweep.hpp"
#include "importers/graph_writers.hpp"
#include "importers/import_set.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using test::quick_eras;
using economics::Param;

namespace {

economics::EconomicsReport quick_report(const model::CallGraph& g) {
  economics::ReportOptions options;
  options.granularity.max_levels = 8;
  return economics::build_report(g, quick_eras(20), options);
}

void check_ordered(const economics::Band& b, const char* what) {
  CAPTURE(what);
  CHECK(b.p10 <= b.p50);
  CHECK(b.p50 <= b.p90);
}

void check_level_bands(const economics::LevelResult& l) {
  CAPTURE(l.label);
  CAPTURE(l.services);
  check_ordered(l.network, "network");
  check_ordered(l.operational, "operational");
  check_ordered(l.development, "development");
  check_ordered(l.design, "design");
  check_ordered(l.overhead, "overhead");
  check_ordered(l.utility, "utility");
  check_ordered(l.net, "net");
  check_ordered(l.scaling, "scaling");
  check_ordered(l.isolation, "isolation");
  check_ordered(l.deployability, "deployability");
  check_ordered(l.verifiability, "verifiability");
  check_ordered(l.median_ratio, "median ratio");
  check_ordered(l.share_above_one, "share above one");
  check_ordered(l.net_gap, "net gap");
  for (const auto* per : {&l.service_overhead, &l.service_utility, &l.service_ratio})
    for (const auto& b : *per) check_ordered(b, "per service");
}

std::string report_json(const model::CallGraph& g) {
  std::ostringstream out;
  economics::write_json(out, quick_report(g));
  return out.str();
}

}  // namespace

TEST_CASE("every band of every level, era and the suggested boundaries is ordered P10 <= P50 <= P90") {
  const auto report = quick_report(test::social_network_graph());
  REQUIRE(report.eras.size() == 3);
  for (const auto& era : report.eras) {
    CAPTURE(era.era.name);
    for (const auto& level : era.levels) check_level_bands(level);
    if (era.suggested) check_level_bands(*era.suggested);
    check_ordered(era.best_services, "best services");
    // The best level is within noise of itself and has a gap of exactly zero to itself.
    const auto& best = era.levels[era.best_level];
    CHECK(best.within_noise);
    CHECK(best.net_gap.p50 == 0.0);
    // The one process: no overhead, no utility, no network between services, in every band.
    const auto& mono = era.levels.front();
    REQUIRE(mono.services == 1);
    for (const auto* b : {&mono.network, &mono.overhead, &mono.utility, &mono.net}) {
      CHECK(b->p10 == doctest::Approx(0.0).scale(1.0));
      CHECK(b->p90 == doctest::Approx(0.0).scale(1.0));
    }
    CHECK(mono.measures.remote_calls_per_request == 0.0);
    CHECK(mono.measures.bytes_per_request == 0.0);
  }
}

TEST_CASE("in every sample the overhead is the sum of the four overheads and net = utility - overhead") {
  const auto g = test::social_network_graph();
  const auto levels = economics::granularity_levels(g);
  for (auto era : quick_eras(15)) {
    CAPTURE(era.name);
    const auto ctx = economics::era_measure_context(g, era);
    const auto ref = economics::measure_partition(ctx, ctx.reference);
    for (const std::size_t i : {std::size_t{1}, levels.size() / 2, levels.size() - 1}) {
      CAPTURE(levels[i].services);
      const auto m = economics::measure_partition(ctx, levels[i].partition);
      economics::SampleFigures s;
      const auto priced = economics::price_level(m, ref, era, 1, &s);
      REQUIRE(s.net.size() == era.samples);
      for (std::size_t k = 0; k < s.net.size(); ++k) {
        CAPTURE(k);
        CHECK(s.overhead[k] == doctest::Approx(s.network[k] + s.operational[k] + s.development[k] + s.design[k]));
        CHECK(s.net[k] == doctest::Approx(s.utility[k] - s.overhead[k]));
        CHECK(s.operational[k] >= -1e-6);
        CHECK(s.development[k] >= -1e-6);
        CHECK(s.design[k] >= -1e-6);
        CHECK(s.utility[k] >= -1e-6);
      }
      // The nominal evaluation: per-service shares add up to each total.
      const auto& e = priced.nominal;
      double overhead = 0.0, utility = 0.0;
      for (std::size_t k = 0; k < e.overhead_per_service.size(); ++k) {
        overhead += e.overhead_per_service[k];
        utility += e.utility_per_service[k];
      }
      CHECK(overhead == doctest::Approx(e.overhead_usd));
      CHECK(utility == doctest::Approx(e.utility_usd));
      CHECK(e.net_usd == doctest::Approx(e.utility_usd - e.overhead_usd));
    }
  }
}

TEST_CASE("reading the input again, or its graph JSON, gives the same report byte for byte") {
  const auto first = test::social_network_graph();
  const auto again = test::social_network_graph();
  const std::string expected = report_json(first);
  CHECK(report_json(again) == expected);
  // Written as graph JSON and read back (what `nanoscope import` hands to `nanoscope sweep`).
  const auto dir = test::fresh_temp_dir("economics-reread");
  const auto path = (dir / "social.graph.json").string();
  {
    std::ofstream out(path);
    importers::write_graph_json(out, first, nullptr);
  }
  const auto reread = importers::import_inputs({path}).graph;
  const std::string round_trip = report_json(reread);
  std::filesystem::remove_all(dir);
  CHECK(round_trip == expected);
}

// front/op (entry, 1000 requests) calls back/op once per request; no latency data. Priced
// in ai-native-2026 at the nominal point, i.e. the midpoint of every range in
// scenarios/eras/ai-native-2026.yaml:
//   engineer 125 USD/h, amortization 3 y, production 550 requests/s (17,344,800,000 a year),
//   ops 6 h/service, 1.75 h/dependency, platform 350 USD/service, replica base 60 USD,
//   telemetry 0.275 USD per million spans at 5.5 % sampling;
//   scaffold 28 h, conversion 5 h/contract, upkeep 16 h/y, ai_share 0.9, 5.5 USD per AI
//   human-hour, review share 0.1 at 0.3 h/h; changes 32 per operation-year, contract change
//   share 0.2, coordination 0.625 h; design: boundary 16 h, contract 6.5 h, cross interaction
//   2.5 h, spanned service 5 h, churn 0.35/y, AI relief 0.05; cpu 0.026 USD/core-hour,
//   network 0.01 USD/GB; capacity: 2 workers per replica, at least 2 replicas per service.
TEST_CASE("two services priced by hand from the ai-native-2026 era file") {
  test::ExactGraph x;
  const auto front = x.add("front", true);
  const auto back = x.add("back");
  x.call(front, back, 1.0);
  economics::Era era;
  for (auto& e : test::bundled_eras())
    if (e.name == "ai-native-2026") era = e;
  REQUIRE(era.name == "ai-native-2026");
  const auto ctx = test::measure_context(x.graph, era);
  const auto ref = economics::measure_partition(ctx, ctx.reference);
  const auto m = economics::measure_partition(ctx, model::Partition::observed(x.graph));
  REQUIRE(m.groups.size() == 2);
  REQUIRE(m.groups[0].name == "back");
  const auto v = era.params.nominal();
  REQUIRE(v[Param::ProductionRatePerS] == 550.0);
  const double year = 550.0 * 365 * 24 * 3600;
  const auto e = economics::evaluate(m, ref, v);

  // Design: back is a boundary with one contract, one cross interaction and one spanned
  // transaction; front a boundary with one contract (its entry); the one process a boundary
  // with one contract (the entry). Added: 16 + 6.5 + 2.5 + 5 = 30 h once, per year
  // x (1/3 + 0.35) x (1 - 0.05).
  const double design_hours = 30.0 * (1.0 / 3.0 + 0.35) * 0.95;
  CHECK(e.design.person_hours == doctest::Approx(design_hours));
  CHECK(e.design.usd == doctest::Approx(design_hours * 125));

  // Development: work = (28 + 5 x contracts) / 3 + 16 with contracts = exposed + client
  // adapters: front 2, back 1, the one process 1, so the added work is front's 28.667 h.
  // People do 0.1 + 0.9 x 0.1 x 0.3 = 0.127 of it; agents cost 0.9 x 5.5 per hour of it; back's
  // one consumer is coordinated 32 x 0.2 x 0.625 = 4 h a year.
  const double work = (28.0 + 5.0 * 2) / 3.0 + 16.0;
  const double dev_hours = work * 0.127 + 4.0;
  CHECK(e.development.person_hours == doctest::Approx(dev_hours));
  CHECK(e.development.usd == doctest::Approx(dev_hours * 125 + work * 0.9 * 5.5));

  // Operational: one more service (6 h, 350 USD), front's dependency (1.75 h), two more
  // replicas (the minimum of 2 each; the CPU of 550 requests/s of an operation without
  // latency data fits in them) at 60 USD, and 2 spans per added remote call.
  const double telemetry = 2.0 * 1.0 * year * 0.055 / 1e6 * 0.275;
  CHECK(m.remote_calls_per_request == doctest::Approx(1.0));
  CHECK(e.operational.person_hours == doctest::Approx(6.0 + 1.75));
  CHECK(e.operational.usd == doctest::Approx((6.0 + 1.75) * 125 + 350 + 2 * 60 + telemetry));

  // Network: 2 extra replicas of 2 cores, 576 + 2304 bytes per call on the wire, and the added
  // mean latency from the load curve at 550 requests/s, which is at least the round trip
  // (2 x 0.2 ms) and the four ztunnel traversals (4 x 0.012 ms).
  CHECK(m.bytes_per_request == doctest::Approx(576.0 + 2304.0));
  const double compute = 4.0 * 8760 * 0.026;
  const double wire = 2880.0 * year / 1e9 * 0.01;
  const double added_ms = economics::load_at(m, 550.0).added_mean_ms;
  CHECK(added_ms >= 0.4 + 0.048);
  CHECK(e.network.usd == doctest::Approx(compute + wire + added_ms * year / 1e6 * 0.51));
  CHECK(e.overhead_usd == doctest::Approx(e.network.usd + e.operational.usd + e.development.usd + e.design.usd));
}
