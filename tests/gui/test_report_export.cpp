// The report exported from the app: the analysis, the chosen era's priced levels (economics'
// own writers), the current partition with its price against today's.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "gui/viewmodel/app_model.hpp"
#include "gui/viewmodel/report_export.hpp"
#include "gui_fixture.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

TEST_CASE("the exported report holds the economics of the era and the current partition with its price") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  const auto dir = test::fresh_temp_dir("app-report");
  // Before anything is swept or simulated: the analysis, the partition, and no economics yet.
  REQUIRE(app.export_report((dir / "bare.md").string()));
  const auto bare = test::read_text((dir / "bare.md").string());
  CHECK(bare.find("Not swept yet") != std::string::npos);
  const auto groups = app.document().partition().group_count();
  CHECK(groups == 5);  // A, B, C, D and the database
  CHECK(bare.find("# Current partition (" + std::to_string(groups) + " groups)") != std::string::npos);

  // Sweep, apply the monolith and price it.
  REQUIRE(app.economics.start());
  app.economics.wait();
  app.set_level(0);
  const auto& era = app.economics.eras()[app.economics.era()];
  app.pricing.request(era, app.document().partition());
  app.pricing.wait();

  REQUIRE(app.export_report((dir / "full.md").string()));
  const auto md = test::read_text((dir / "full.md").string());
  CHECK(md.find("# Overhead economics") != std::string::npos);
  CHECK(md.find("## " + era.name) != std::string::npos);
  CHECK(md.find("# What-if: current partition") != std::string::npos);

  REQUIRE(app.export_report((dir / "full.json").string()));
  const auto j = nlohmann::json::parse(test::read_text((dir / "full.json").string()));
  CHECK(j["format"] == "nanoscope-app-report");
  CHECK(j["analysis"].is_object());
  // The economics: exactly the chosen era's priced levels.
  const auto& sweep = app.economics.result()->sweep;
  REQUIRE(j["economics"]["eras"].size() == 1);
  const auto& levels = j["economics"]["eras"][0]["levels"];
  REQUIRE(levels.size() == sweep.levels.size());
  for (std::size_t i = 0; i < levels.size(); ++i) CHECK(levels[i]["services"] == sweep.levels[i].services);
  // The partition: every operation once, in one group per partition group (the monolith keeps
  // the database apart, as the family does).
  std::size_t operations = 0;
  for (const auto& g : j["partition"]["groups"]) operations += g["operations"].size();
  CHECK(operations == app.document().graph().operation_count());
  CHECK(j["partition"]["groups"].size() == app.document().partition().group_count());
  CHECK(j["partition"]["priced"]["eras"][0]["after"]["services"] == 1);
}
