// Dragging and pinning nodes: the layout keeps pinned nodes where they were put and moves
// the others around them; the app keeps a dragged node where it was dropped through layout
// updates and edits, and releases it on unpin. Focusing a finding in the app highlights its
// own edges only.
#include <doctest/doctest.h>

#include <algorithm>

#include "gui/viewmodel/app_model.hpp"
#include "gui_fixture.hpp"

using namespace nanoscope;

TEST_CASE("the layout keeps pinned nodes at their start and lays out the rest") {
  gui::LayoutInput input;
  input.nodes = 4;
  input.links = {{0, 1, 1.0f}, {1, 2, 1.0f}, {2, 3, 1.0f}};
  input.start = {{0, 0}, {500, 0}, {0, 500}, {900, 900}};
  input.pinned = {0, 0, 0, 1};
  input.iterations = 80;
  const auto out = gui::run_layout(input);
  CHECK(out[3] == gui::Vec2{900, 900});
  CHECK_FALSE(out[1] == input.start[1]);  // unpinned nodes moved
  input.pinned.clear();
  CHECK_FALSE(gui::run_layout(input)[3] == gui::Vec2{900, 900});
}

TEST_CASE("a dragged node stays where it was dropped, across layout updates, until unpinned") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  REQUIRE(app.wait_idle(60000));
  const auto d = static_cast<std::uint32_t>(app.document().find_node("D"));
  const gui::Vec2 spot{4321.0f, -1234.0f};
  const auto before = app.revision();
  app.drag_node(d, spot);
  CHECK(app.revision() > before);
  CHECK(app.node_pinned(d));
  CHECK(app.positions()[d] == spot);
  app.end_node_drag();  // the layout runs again around the pin
  REQUIRE(app.wait_idle(60000));
  CHECK(app.positions()[d] == spot);
  // A merge elsewhere keeps the pin (pins follow names).
  app.select(static_cast<std::uint32_t>(app.document().find_node("B")), false);
  app.select(static_cast<std::uint32_t>(app.document().find_node("C")), true);
  REQUIRE(app.merge_selected());
  REQUIRE(app.wait_idle(60000));
  const auto d2 = static_cast<std::uint32_t>(app.document().find_node("D"));
  CHECK(app.positions()[d2] == spot);
  CHECK(app.unpin_node(d2));
  CHECK_FALSE(app.node_pinned(d2));
  CHECK_FALSE(app.unpin_node(d2));
  REQUIRE(app.wait_idle(60000));
  CHECK_FALSE(app.positions()[d2] == spot);
}

TEST_CASE("focusing a finding in the app highlights its own edges; a click elsewhere clears them") {
  gui::AppModel app;
  app.load_graph(test::knot_graph(), "fixture");
  REQUIRE(app.wait_idle(60000));
  const auto& findings = app.document().report().findings;
  const auto it = std::find_if(findings.begin(), findings.end(), [](const auto& f) { return !f.edges.empty(); });
  REQUIRE(it != findings.end());
  app.focus_finding(static_cast<std::size_t>(it - findings.begin()));
  const auto& mask = app.focused_edges();
  REQUIRE(mask.size() == app.document().report().services.edges.size());
  CHECK(static_cast<std::size_t>(std::count(mask.begin(), mask.end(), 1)) == it->edges.size());
  const auto& scene = app.graph_scene();
  for (const auto& e : scene.edges) CHECK((gui::alpha(e.colour) == 255) == (mask[e.edge] != 0));
  app.select(0, false);
  CHECK(app.focused_edges().empty());
}
