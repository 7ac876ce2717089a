// Graph canvas records: filters, search, knot colours, level of detail, picking; and the
// binned dependency matrix.
#include <doctest/doctest.h>

#include <algorithm>

#include "gui/viewmodel/graph_scene.hpp"
#include "gui/viewmodel/inspector_view.hpp"
#include "gui/viewmodel/matrix_scene.hpp"
#include "gui_fixture.hpp"

using namespace nanoscope;

namespace {

struct Fixture {
  gui::Document doc = gui::Document::build(test::knot_graph(), model::Partition::observed(*test::knot_graph()));
  std::vector<gui::Vec2> positions;
  gui::Camera camera;
  Fixture() {
    for (std::size_t i = 0; i < doc.report().services.nodes.size(); ++i)
      positions.push_back({static_cast<float>(i) * 200.0f, static_cast<float>(i % 2) * 150.0f});
    camera.size = {1000, 800};
    camera.fit(positions);
  }
  const gui::NodeDraw* draw_of(const gui::GraphScene& scene, const std::string& name) const {
    const int n = doc.find_node(name);
    const auto it = std::find_if(scene.nodes.begin(), scene.nodes.end(), [&](const auto& d) { return static_cast<int>(d.node) == n; });
    return it == scene.nodes.end() ? nullptr : &*it;
  }
};

}  // namespace

TEST_CASE("knot services share the knot colour and outline; others are coloured by latency or kind") {
  Fixture f;
  gui::GraphFilters filters;
  const auto scene = gui::build_scene(f.doc, f.positions, f.camera, filters, {}, -1);
  CHECK(scene.nodes.size() == 5);
  CHECK(scene.edges.size() == 5);
  for (const char* name : {"A", "B", "C"}) {
    const auto* d = f.draw_of(scene, name);
    REQUIRE(d);
    CHECK(d->fill == gui::knot_colour(0));
    CHECK(d->outline == gui::kKnotOutline);
  }
  const auto* db = f.draw_of(scene, "db");
  REQUIRE(db);
  CHECK(db->fill != gui::knot_colour(0));
  filters.colour = gui::ColourMode::Kind;
  const auto by_kind = gui::build_scene(f.doc, f.positions, f.camera, filters, {}, -1);
  CHECK(f.draw_of(by_kind, "db")->fill == gui::kind_colour(model::ServiceKind::Database));
  CHECK(f.draw_of(by_kind, "A")->fill == gui::knot_colour(0));
}

TEST_CASE("a label whose right side is taken goes to another side of its node; placed labels never overlap") {
  Fixture f;
  // The five services in a column 40 px apart, labels estimated 60 px tall: right of the
  // node, neighbours' labels would overlap, so every other one must go left.
  for (std::size_t i = 0; i < f.positions.size(); ++i) f.positions[i] = {0.0f, static_cast<float>(i) * 40.0f};
  f.camera.zoom = 1.0f;
  f.camera.center = {0.0f, 80.0f};
  gui::GraphFilters filters;
  gui::DetailLimits limits;
  limits.label_font_px = 60.0f;
  limits.min_label_radius_px = 0.0f;
  const auto scene = gui::build_scene(f.doc, f.positions, f.camera, filters, {}, -1, limits);
  struct Box { float x0, y0, x1, y1; };
  std::vector<Box> boxes;
  std::size_t left = 0;
  for (const auto& n : scene.nodes) {
    if (!n.label) continue;
    left += n.label_side != gui::LabelSide::Right ? 1 : 0;
    const float w = 0.55f * limits.label_font_px * static_cast<float>(f.doc.report().services.nodes[n.node].name.size());
    boxes.push_back({n.label_at.x, n.label_at.y, n.label_at.x + w, n.label_at.y + limits.label_font_px});
    if (n.label_side == gui::LabelSide::Left) CHECK(n.label_at.x + w <= n.at.x - n.radius);
  }
  CHECK(left >= 1);  // without the other sides these would go unlabelled
  CHECK(boxes.size() > left);
  for (std::size_t i = 0; i < boxes.size(); ++i)
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      const auto& a = boxes[i];
      const auto& b = boxes[j];
      CHECK_FALSE((a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1));
    }
}

TEST_CASE("filters hide infrastructure and quiet services; search outlines matches") {
  Fixture f;
  gui::GraphFilters filters;
  filters.hide_infrastructure = true;
  auto scene = gui::build_scene(f.doc, f.positions, f.camera, filters, {}, -1);
  CHECK(scene.filtered_nodes == 1);
  CHECK(f.draw_of(scene, "db") == nullptr);
  CHECK(scene.shown_edges == 4);
  filters = {};
  filters.min_calls = 30;  // D has 5 in + 20 out
  scene = gui::build_scene(f.doc, f.positions, f.camera, filters, {}, -1);
  CHECK(f.draw_of(scene, "D") == nullptr);
  CHECK(f.draw_of(scene, "B") != nullptr);
  filters = {};
  filters.search = std::string("b");  // B and db (a literal trips a false g++ 12 -Wrestrict)
  scene = gui::build_scene(f.doc, f.positions, f.camera, filters, {}, -1);
  CHECK(scene.search_matches == 2);
  CHECK(f.draw_of(scene, "B")->outline == gui::kSearchOutline);
  CHECK(f.draw_of(scene, "C")->outline != gui::kSearchOutline);
}

TEST_CASE("level of detail thins edges to the heaviest, hides small labels, draws tiny nodes as squares") {
  Fixture f;
  gui::GraphFilters filters;
  gui::DetailLimits limits;
  limits.max_edges = 2;
  auto scene = gui::build_scene(f.doc, f.positions, f.camera, filters, {}, -1, limits);
  CHECK(scene.edges.size() == 2);
  CHECK(scene.thinned_edges == 3);
  CHECK(std::all_of(scene.nodes.begin(), scene.nodes.end(), [](const auto& n) { return n.label; }));
  // Selected services keep their edges even past the budget.
  std::vector<char> selected(f.doc.report().services.nodes.size(), 0);
  selected[static_cast<std::size_t>(f.doc.find_node("db"))] = 1;
  scene = gui::build_scene(f.doc, f.positions, f.camera, filters, selected, -1, limits);
  CHECK(scene.edges.size() == 3);
  CHECK(f.draw_of(scene, "db")->outline == gui::kSelectionOutline);
  // Zoomed far out, with more nodes on screen than labels allowed and no always-labelled
  // hubs: no labels (except the selection), squares instead of circles.
  f.camera.zoom = 0.01f;
  limits.max_labels = 2;
  limits.always_labelled = 0;
  scene = gui::build_scene(f.doc, f.positions, f.camera, filters, selected, -1, limits);
  for (const auto& n : scene.nodes) {
    CHECK(n.segments == 0);
    CHECK(n.label == (static_cast<int>(n.node) == f.doc.find_node("db")));
  }
  // With no more nodes on screen than labels allowed, tiny nodes are labelled where the
  // labels fit (all five here, spread out far enough).
  limits.max_labels = 200;
  f.camera.zoom = 1.0f;
  f.camera.center = {400.0f, 0.0f};
  limits.min_label_radius_px = 1000.0f;  // every node "small"
  scene = gui::build_scene(f.doc, f.positions, f.camera, filters, {}, -1, limits);
  CHECK(std::count_if(scene.nodes.begin(), scene.nodes.end(), [](const auto& n) { return n.label; }) == 5);
}

TEST_CASE("off-screen nodes are culled and picking finds the topmost node") {
  Fixture f;
  gui::GraphFilters filters;
  auto scene = gui::build_scene(f.doc, f.positions, f.camera, filters, {}, -1);
  const auto* b = f.draw_of(scene, "B");
  REQUIRE(b);
  CHECK(gui::pick_node(scene, b->at) == b->node);
  CHECK_FALSE(gui::pick_node(scene, {-5000, -5000}).has_value());
  f.camera.center = {100000, 100000};
  scene = gui::build_scene(f.doc, f.positions, f.camera, filters, {}, -1);
  CHECK(scene.nodes.empty());
  CHECK(scene.culled_nodes == 5);
  // A layout of the wrong size draws nothing rather than reading out of bounds.
  CHECK(gui::build_scene(f.doc, {}, f.camera, filters, {}, -1).nodes.empty());
}

TEST_CASE("the matrix shows the knot as a block in its colour and bins large matrices") {
  Fixture f;
  std::vector<char> selected(5, 0);
  selected[static_cast<std::size_t>(f.doc.find_node("D"))] = 1;
  const auto full = gui::build_matrix_scene(f.doc, 100, selected);
  CHECK(full.size == 5);
  CHECK(full.bins == 5);
  CHECK(full.per_bin == 1);
  CHECK(full.cells.size() == 5);
  REQUIRE(full.blocks.size() == 1);
  CHECK(full.blocks[0].end - full.blocks[0].first == 3);
  CHECK(full.blocks[0].colour == gui::knot_colour(0));
  REQUIRE(full.highlighted.size() == 1);
  CHECK(gui::matrix_node_at(f.doc, full, full.highlighted[0]) == static_cast<std::uint32_t>(f.doc.find_node("D")));
  CHECK(full.labels.size() == 5);
  const auto binned = gui::build_matrix_scene(f.doc, 2, selected);
  CHECK(binned.per_bin == 3);
  CHECK(binned.bins == 2);
  CHECK(binned.labels.empty());
  std::uint64_t calls = 0;
  for (const auto& c : binned.cells) calls += c.calls;
  CHECK(calls == 100 + 50 + 10 + 5 + 20);  // binning keeps every call
  CHECK_FALSE(gui::matrix_node_at(f.doc, binned, 0).has_value());
}

TEST_CASE("the inspector lists operations busiest first and the findings naming the service") {
  Fixture f;
  const auto view = gui::build_inspector(f.doc, static_cast<std::uint32_t>(f.doc.find_node("A")));
  REQUIRE(view.valid);
  CHECK(view.kind == "service");
  REQUIRE(view.operations.size() == 3);
  CHECK(view.operations[0].name == "A/a1");
  CHECK(view.operations[0].invocations >= view.operations[1].invocations);
  CHECK(view.knot == 0);
  CHECK_FALSE(view.findings.empty());
  CHECK_FALSE(gui::build_inspector(f.doc, 99).valid);
}
