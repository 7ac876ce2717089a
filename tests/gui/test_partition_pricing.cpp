// Pricing the current partition in the background: today against itself changes nothing, a
// merge changes the overheads as `whatif` says, the newest request wins, failures are kept.
#include <doctest/doctest.h>

#include "economics/era.hpp"
#include "economics/report.hpp"
#include "gui/viewmodel/partition_pricing.hpp"
#include "gui_fixture.hpp"

using namespace nanoscope;

namespace {

economics::Era first_era() {
  auto eras = economics::load_bundled_eras(NANOSCOPE_SOURCE_DIR);
  REQUIRE_FALSE(eras.empty());
  eras.front().samples = 20;
  return eras.front();
}

}  // namespace

TEST_CASE("today priced against itself: every row unchanged") {
  gui::PartitionPricing pricing;
  const auto graph = test::knot_graph();
  pricing.reset(graph);
  const auto era = first_era();
  const auto today = model::Partition::observed(*graph);
  pricing.request(era, today);
  pricing.wait();
  REQUIRE(pricing.matches(era.name, today));
  const auto rows = gui::price_rows(*pricing.result());
  REQUIRE(rows.size() == 7);
  CHECK(rows[4].name == "overhead (total)");
  for (const auto& r : rows) CHECK(r.current == r.today);
  CHECK(rows[4].today > 0.0);
}

TEST_CASE("a merge is priced like nanoscope whatif, and the newest request wins") {
  gui::PartitionPricing pricing;
  const auto graph = test::knot_graph();
  pricing.reset(graph);
  const auto era = first_era();
  const auto today = model::Partition::observed(*graph);
  auto merged = today;
  merged.merge(merged.group_of(0), merged.group_of(3));  // A and B, the knot's busiest pair
  // Ask for today, then at once for the merge: the merge is what ends up priced.
  pricing.request(era, today);
  pricing.request(era, merged);
  pricing.wait();
  REQUIRE(pricing.matches(era.name, merged));
  CHECK_FALSE(pricing.matches(era.name, today));
  const auto& price = *pricing.result();
  const auto expected = economics::build_whatif(*graph, today, merged, {era}, "merge");
  CHECK(price.after.overhead.p50 == doctest::Approx(expected.eras.front().after.overhead.p50));
  CHECK(price.before.overhead.p50 == doctest::Approx(expected.eras.front().before.overhead.p50));
  CHECK(price.after.services == 3);
  CHECK(price.after.network.p50 < price.before.network.p50);  // one remote hop fewer per request
  // Asking again for what is priced starts nothing.
  pricing.request(era, merged);
  CHECK_FALSE(pricing.running());
}

TEST_CASE("without a graph nothing is priced; a new graph forgets the old price") {
  gui::PartitionPricing pricing;
  const auto era = first_era();
  const auto graph = test::knot_graph();
  pricing.request(era, model::Partition::observed(*graph));
  CHECK_FALSE(pricing.running());
  CHECK(pricing.result() == nullptr);
  pricing.reset(graph);
  pricing.request(era, model::Partition::observed(*graph));
  pricing.wait();
  CHECK(pricing.result() != nullptr);
  pricing.reset(graph);
  CHECK(pricing.result() == nullptr);
}
