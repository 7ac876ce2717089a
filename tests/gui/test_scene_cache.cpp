// The graph canvas's mesh (one quad per node and edge) and the scene/matrix caches that skip
// rebuilding while nothing changed; failed exports never touch the edits or earlier files.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "gui/viewmodel/app_model.hpp"
#include "gui/viewmodel/scene_mesh.hpp"
#include "gui_fixture.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
namespace fs = std::filesystem;

namespace {

std::uint32_t node(const gui::AppModel& app, const std::string& name) {
  const int n = app.document().find_node(name);
  REQUIRE(n >= 0);
  return static_cast<std::uint32_t>(n);
}

void load(gui::AppModel& app) {
  app.load_graph(test::knot_graph(), "fixture");
  app.camera.size = {1000, 800};
  app.fit_camera();
}

}  // namespace

TEST_CASE("the mesh has one quad per node and edge and carries the knot colour and outline") {
  gui::AppModel app;
  load(app);
  const auto& scene = app.graph_scene();
  const auto& mesh = app.graph_mesh();
  REQUIRE(scene.nodes.size() == 5);
  REQUIRE(scene.edges.size() == 5);
  CHECK(mesh.node_quads == 5);
  CHECK(mesh.edge_quads == 5);
  const auto arrows = static_cast<std::size_t>(std::count_if(scene.edges.begin(), scene.edges.end(), [](const auto& e) { return e.arrow; }));
  CHECK(mesh.arrow_triangles == arrows);
  CHECK(mesh.vertices.size() == 6 * 10 + 3 * arrows);
  // Nodes come last, in the scene's order; each quad spans the disc, its outline and a rim pixel.
  const std::size_t first_node = mesh.vertices.size() - 6 * 5;
  for (std::size_t i = 0; i < 5; ++i) {
    const auto& d = scene.nodes[i];
    const auto& v = mesh.vertices[first_node + 6 * i];
    CHECK(v.fill == d.fill);
    CHECK(v.shape == static_cast<std::uint32_t>(gui::MeshShape::Disc));
    CHECK(v.radius == doctest::Approx(d.radius));
    CHECK(v.x == doctest::Approx(d.at.x - (d.radius + v.outline_width + 1.0f)));
    if (static_cast<int>(d.node) == app.document().find_node("A")) {
      CHECK(v.fill == gui::knot_colour(0));
      CHECK(v.outline == gui::kKnotOutline);
      CHECK(v.outline_width > 0.0f);
    }
  }
  // Edge quads reach one pixel past the stroke on both sides (anti-aliased rim).
  const auto& e = mesh.vertices[0];
  CHECK(e.shape == static_cast<std::uint32_t>(gui::MeshShape::Stroke));
  CHECK(std::abs(e.v) == doctest::Approx(e.radius + 1.0f));
  // Zoomed far out, nodes are squares: one solid quad each, no rim.
  app.camera.zoom = 0.01f;
  app.limits.cover_cell_px = 0.0f;  // keep all five although they share pixels
  (void)app.graph_scene();
  const auto& far = app.graph_mesh();
  CHECK(far.node_quads == 5);
  REQUIRE(far.vertices.size() >= 30);
  CHECK(std::all_of(far.vertices.end() - 30, far.vertices.end(),
                    [](const auto& v) { return v.shape == static_cast<std::uint32_t>(gui::MeshShape::Square); }));
}

TEST_CASE("the graph scene is rebuilt only when the camera, selection, filters, hover or document change") {
  gui::AppModel app;
  load(app);
  const auto builds = [&] { return app.graph_scene_builds(); };
  (void)app.graph_scene();
  CHECK(builds() == 1);
  (void)app.graph_scene();
  (void)app.graph_scene();
  CHECK(builds() == 1);  // idle frames reuse the scene and its mesh
  app.camera.pan(5, 0);
  (void)app.graph_scene();
  CHECK(builds() == 2);
  app.select(node(app, "B"), false);
  const auto& selected = app.graph_scene();
  CHECK(builds() == 3);
  CHECK(std::any_of(selected.nodes.begin(), selected.nodes.end(),
                    [](const auto& d) { return d.outline == gui::kSelectionOutline; }));
  app.filters.search = "d";
  (void)app.graph_scene();
  CHECK(builds() == 4);
  app.hovered = static_cast<int>(node(app, "C"));
  (void)app.graph_scene();
  CHECK(builds() == 5);
  app.limits.max_labels = 1;
  (void)app.graph_scene();
  CHECK(builds() == 6);
  app.select(node(app, "C"), true);
  REQUIRE(app.merge_selected());  // a new document
  const auto& merged = app.graph_scene();
  CHECK(builds() == 7);
  CHECK(merged.nodes.size() == 4);
  (void)app.graph_scene();
  CHECK(builds() == 7);
  // The cached scene is what a fresh build gives.
  const auto fresh = gui::build_scene(app.document(), app.positions(), app.camera, app.filters, app.selection_mask(),
                                      app.hovered, app.limits);
  CHECK(fresh.nodes.size() == merged.nodes.size());
  CHECK(fresh.edges.size() == merged.edges.size());
  // New layout positions (the worker publishing) rebuild too.
  REQUIRE(app.wait_idle(60000));
  const auto revision = app.revision();
  (void)app.graph_scene();
  const auto settled_builds = builds();
  app.tick();  // nothing new from the worker: no rebuild
  (void)app.graph_scene();
  CHECK(builds() == settled_builds);
  CHECK(app.revision() == revision);
}

TEST_CASE("the binned matrix is cached per document, selection and size") {
  gui::AppModel app;
  load(app);
  (void)app.matrix_scene(100);
  (void)app.matrix_scene(100);
  CHECK(app.matrix_scene_builds() == 1);
  CHECK(app.matrix_scene(2).per_bin == 3);
  CHECK(app.matrix_scene_builds() == 2);
  app.select(node(app, "D"), false);
  CHECK(app.matrix_scene(2).highlighted.size() == 1);
  CHECK(app.matrix_scene_builds() == 3);
}

TEST_CASE("a failed report or image export keeps the edits, the undo history and the earlier file") {
  gui::AppModel app;
  load(app);
  app.select(node(app, "A"), false);
  app.select(node(app, "B"), true);
  REQUIRE(app.merge_selected());
  app.set_level(1);  // the 2-service level, plus the database
  const auto partition = app.document().partition();
  const auto undo_label = app.history().undo_label();
  REQUIRE(app.history().can_undo());
  REQUIRE(app.document().report().services.nodes.size() == 3);

  const auto dir = fs::temp_directory_path() / "nanoscope-gui-test-failed-export";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto report = dir / "report.md", image = dir / "view.png";
  std::ofstream(report) << "previous report";
  std::ofstream(image) << "previous image";
  // The export writes a temporary file beside the target first; a folder in its way makes
  // the write fail even for root.
  fs::create_directories(dir / ("report.md.tmp." + std::to_string(::getpid())));
  const auto messages = app.messages().size();
  CHECK_FALSE(app.export_report(report.string()));
  REQUIRE(app.messages().size() == messages + 1);
  CHECK(app.messages().back().error);
  CHECK(app.messages().back().text.find("report.md") != std::string::npos);
  CHECK(test::read_text(report.string()) == "previous report");
  // An image whose encoding fails half-way leaves the earlier image whole and no temporary.
  CHECK_FALSE(app.export_image(image.string(), [](std::ostream& out) {
    out << "\x89PNG half";
    throw std::runtime_error("cannot encode the PNG");
  }));
  CHECK(app.messages().back().error);
  CHECK(test::read_text(image.string()) == "previous image");
  CHECK_FALSE(app.export_image((dir / "no-such-folder" / "view.png").string(), [](std::ostream& out) { out << "png"; }));
  CHECK(app.messages().back().error);
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) files += entry.is_regular_file();
  CHECK(files == 2);
  // The edits and their history are untouched: same partition, and undo still walks back.
  CHECK(app.document().partition() == partition);
  CHECK(app.history().undo_label() == undo_label);
  REQUIRE(app.undo());
  CHECK(app.document().report().services.nodes.size() == 4);
  REQUIRE(app.undo());
  CHECK(app.document().report().services.nodes.size() == 5);
  // A writable path works and replaces the earlier image.
  CHECK(app.export_image(image.string(), [](std::ostream& out) { out << "new image"; }));
  CHECK(test::read_text(image.string()) == "new image");
  fs::remove_all(dir);
}

TEST_CASE("matrix axis numbers label every bin when they fit, else round steps that never overlap") {
  gui::AppModel app;
  load(app);
  const auto& full = app.matrix_scene(100);
  REQUIRE(full.bins == 5);
  auto ticks = gui::matrix_ticks(full, 20.0f, 8.0f);
  REQUIRE(ticks.size() == 5);
  CHECK(ticks[0].bin == 0);
  CHECK(ticks[0].text == "1");
  CHECK(ticks[4].text == "5");
  ticks = gui::matrix_ticks(full, 6.0f, 8.0f);  // a 12 px number needs two 6 px cells
  REQUIRE(ticks.size() == 2);
  CHECK(ticks[0].text == "2");
  CHECK(ticks[1].text == "4");
  ticks = gui::matrix_ticks(full, 6.0f, 8.0f, 25.0f);  // rows one font height apart: every 5th
  REQUIRE(ticks.size() == 1);
  CHECK(ticks[0].text == "5");
  CHECK(gui::matrix_ticks(full, 0.0f, 8.0f).empty());
  // Binned: a tick names the position of its bin's last service.
  const auto& binned = app.matrix_scene(2);
  REQUIRE(binned.per_bin == 3);
  ticks = gui::matrix_ticks(binned, 50.0f, 8.0f);
  REQUIRE(ticks.size() == 2);
  CHECK(ticks[0].text == "3");
  CHECK(ticks[1].text == "5");
  for (float cell : {0.5f, 1.0f, 3.0f, 7.0f, 40.0f}) {  // neighbouring numbers never overlap
    const auto t = gui::matrix_ticks(full, cell, 8.0f);
    for (std::size_t i = 1; i < t.size(); ++i) CHECK(static_cast<float>(t[i].bin - t[i - 1].bin) * cell >= 12.0f);
  }
}

TEST_CASE("tiny nodes hidden under a node drawn above them are left out, never knots or the selection") {
  const auto graph = test::knot_graph();
  const auto doc = gui::Document::build(graph, model::Partition::observed(*graph));
  std::vector<gui::Vec2> positions;
  for (std::size_t i = 0; i < doc.report().services.nodes.size(); ++i)
    positions.push_back({static_cast<float>(i) * 2000.0f, 0.0f});
  // D and db (plain nodes) on the same spot; A, B, C (the knot) on another.
  const auto d = static_cast<std::size_t>(doc.find_node("D")), db = static_cast<std::size_t>(doc.find_node("db"));
  positions[db] = positions[d];
  for (const char* name : {"A", "B", "C"}) positions[static_cast<std::size_t>(doc.find_node(name))] = {50000.0f, 0.0f};
  gui::Camera camera;
  camera.size = {1000, 800};
  camera.fit(positions);
  camera.zoom = 0.01f;  // everything is a 1.5 px square
  const gui::GraphFilters filters;
  gui::DetailLimits limits;
  limits.max_labels = 2;  // fewer than the nodes on screen: tiny nodes get no label
  auto scene = gui::build_scene(doc, positions, camera, filters, {}, -1, limits);
  CHECK(scene.covered_nodes == 1);
  CHECK(scene.nodes.size() == 4);
  // The knot's services stay although they share a spot (they are drawn above plain ones).
  CHECK(std::count_if(scene.nodes.begin(), scene.nodes.end(), [](const auto& n) { return n.fill == gui::knot_colour(0); }) == 3);
  // A selected node is drawn on top and never left out.
  std::vector<char> selected(positions.size(), 0);
  selected[d] = 1;
  scene = gui::build_scene(doc, positions, camera, filters, selected, -1, limits);
  CHECK(std::any_of(scene.nodes.begin(), scene.nodes.end(), [&](const auto& n) { return n.node == d; }));
  CHECK(scene.covered_nodes == 1);
  limits.cover_cell_px = 0.0f;
  scene = gui::build_scene(doc, positions, camera, filters, {}, -1, limits);
  CHECK(scene.covered_nodes == 0);
  CHECK(scene.nodes.size() == 5);
}
