// AppModel without a window: selection, merge, split, undo and redo, findings focus,
// slider regrouping; each edit re-analyses (findings follow the partition).
#include <doctest/doctest.h>

#include <algorithm>

#include "gui/viewmodel/app_model.hpp"
#include "gui_fixture.hpp"

using namespace nanoscope;

namespace {

int node(const gui::AppModel& app, const std::string& name) { return app.document().find_node(name); }

bool has_knot(const gui::AppModel& app) { return app.document().knot_count() > 0; }

}  // namespace

TEST_CASE("selection toggles with the additive flag and follows names across edits") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  REQUIRE(app.document().report().services.nodes.size() == 5);
  app.select(static_cast<std::uint32_t>(node(app, "B")), false);
  app.select(static_cast<std::uint32_t>(node(app, "C")), true);
  CHECK(app.selected_nodes().size() == 2);
  CHECK(app.primary() == node(app, "C"));
  app.select(static_cast<std::uint32_t>(node(app, "C")), true);  // toggles off
  CHECK(app.selected_nodes() == std::vector<std::uint32_t>{static_cast<std::uint32_t>(node(app, "B"))});
  app.select(static_cast<std::uint32_t>(node(app, "D")), false);  // replaces
  CHECK(app.selected_nodes().size() == 1);
  CHECK(app.primary() == node(app, "D"));
  app.clear_selection();
  CHECK(app.selected_nodes().empty());
  CHECK(app.primary() == -1);
}

TEST_CASE("merging the knot's services removes the knot; undo and redo restore each state") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  CHECK(has_knot(app));
  const auto observed = app.document().partition();
  CHECK_FALSE(app.merge_selected());  // nothing selected
  for (const char* name : {"A", "B", "C"}) app.select(static_cast<std::uint32_t>(node(app, name)), true);
  REQUIRE(app.merge_selected());
  const auto& nodes = app.document().report().services.nodes;
  CHECK(nodes.size() == 3);
  // A carries the most traffic, so the group keeps A's name first.
  CHECK(node(app, "A+B+C") >= 0);
  CHECK_FALSE(has_knot(app));
  CHECK(app.selected_nodes() == std::vector<std::uint32_t>{static_cast<std::uint32_t>(node(app, "A+B+C"))});
  const auto merged = app.document().partition();
  REQUIRE(app.undo());
  CHECK(app.document().partition() == observed);
  CHECK(has_knot(app));
  CHECK(app.document().report().services.nodes.size() == 5);
  REQUIRE(app.redo());
  CHECK(app.document().partition() == merged);
  CHECK_FALSE(app.redo());
}

TEST_CASE("splitting a service by moving operations into groups, with undo") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  app.select(static_cast<std::uint32_t>(node(app, "B")), false);
  CHECK_FALSE(app.begin_split());  // B has one operation
  app.select(static_cast<std::uint32_t>(node(app, "A")), false);
  REQUIRE(app.begin_split());
  auto& split = app.split_editor();
  CHECK(split.groups().size() == 2);
  CHECK(split.groups()[0].size() == 3);
  CHECK_FALSE(app.apply_split());  // second group still empty
  const auto a2 = *app.document().graph().find_operation(0, "a2");
  const auto a3 = *app.document().graph().find_operation(0, "a3");
  CHECK(split.move(a2, 1));
  CHECK(split.move(a3, split.add_group()));
  CHECK_FALSE(split.move(a3, 7));
  REQUIRE(app.apply_split());
  CHECK_FALSE(app.split_editor().active());
  const auto& doc = app.document();
  CHECK(doc.report().services.nodes.size() == 7);
  REQUIRE(node(app, "A:a2") >= 0);
  REQUIRE(node(app, "A:a3") >= 0);
  CHECK(doc.report().services.nodes[static_cast<std::size_t>(node(app, "A:a2"))].operations ==
        std::vector<model::OperationId>{a2});
  // The cycle now runs A -> B -> C -> A-2 and never returns to A: no knot.
  CHECK_FALSE(has_knot(app));
  CHECK(app.selected_nodes().size() == 3);
  REQUIRE(app.undo());
  CHECK(app.document().report().services.nodes.size() == 5);
  CHECK(has_knot(app));
  REQUIRE(app.redo());
  CHECK(app.document().report().services.nodes.size() == 7);
}

TEST_CASE("the granularity slider regroups live and one drag is one undo step") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  // Six business operations: levels of 1 to 6 business services; the database stays apart.
  REQUIRE(app.slider().positions() == 6);
  CHECK(app.level() == 3);  // today's 4 services
  CHECK(app.at_level());
  app.set_level(2, true);
  CHECK(app.document().report().services.nodes.size() == 3 + 1);
  app.set_level(1, true);
  CHECK(app.document().report().services.nodes.size() == 2 + 1);
  app.end_drag();
  CHECK(app.history().size() == 1);
  app.set_level(5);
  CHECK(app.document().report().services.nodes.size() == 6 + 1);
  CHECK(app.history().size() == 2);
  REQUIRE(app.undo());
  CHECK(app.document().report().services.nodes.size() == 2 + 1);
  REQUIRE(app.undo());
  CHECK(app.document().report().services.nodes.size() == 4 + 1);
  CHECK(has_knot(app));
  app.set_level(0);
  CHECK(app.document().report().services.nodes.size() == 1 + 1);
  CHECK(app.document().report().findings.empty() == !has_knot(app));
  app.set_level(99);  // clamped to the finest level
  CHECK(app.level() == 5);
}

TEST_CASE("the slider follows the partition after undo, redo, merge and split") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  REQUIRE(app.level() == 3);
  app.set_level(5);
  CHECK(app.level() == 5);
  REQUIRE(app.undo());  // back to today's 4 services: the slider must not stay at the finest level
  CHECK(app.document().report().services.nodes.size() == 5);
  CHECK(app.level() == 3);
  CHECK(app.at_level());
  REQUIRE(app.redo());
  CHECK(app.level() == 5);
  REQUIRE(app.undo());
  // A merge of its own: 3 business services, but not the family's 3-service level (which joins
  // B and C, the heaviest link per member); the slider stands at the nearest level.
  for (const char* name : {"A", "B"}) app.select(static_cast<std::uint32_t>(node(app, name)), true);
  REQUIRE(app.merge_selected());
  CHECK(app.document().report().services.nodes.size() == 4);
  CHECK(app.level() == 2);
  CHECK_FALSE(app.at_level());
  REQUIRE(app.undo());
  CHECK(app.level() == 3);
  CHECK(app.at_level());
}

TEST_CASE("focusing a finding selects its services and switches to the graph") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  const auto& findings = app.document().report().findings;
  const auto knot = std::find_if(findings.begin(), findings.end(),
                                 [](const auto& f) { return f.kind == analysis::FindingKind::Knot; });
  REQUIRE(knot != findings.end());
  app.view = gui::ViewKind::Findings;
  app.focus_finding(static_cast<std::size_t>(knot - findings.begin()));
  CHECK(app.view == gui::ViewKind::Graph);
  CHECK(app.focused_finding() == static_cast<int>(knot - findings.begin()));
  CHECK(app.selected_nodes().size() == knot->services.size());
  app.focus_finding(findings.size() + 3);  // out of range: ignored
  CHECK(app.selected_nodes().size() == knot->services.size());
}
