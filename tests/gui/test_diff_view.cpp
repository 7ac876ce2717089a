// The diff view-model: the union graph, the diff colours of nodes and edges, the table of
// changes and AppModel's diff mode (background job, stale results dropped, close), on two
// generated graphs with planted changes.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "gui/viewmodel/app_model.hpp"
#include "gui/viewmodel/diff_table.hpp"
#include "gui/viewmodel/diff_view.hpp"
#include "gui_fixture.hpp"

using namespace nanoscope;
using namespace nanoscope::gui;

namespace {

struct Planted {
  std::string from, to;
  std::uint64_t calls = 0, errors = 0;
};

// One-operation services, `requests` entry requests into gateway/op, then the edges.
std::shared_ptr<const model::CallGraph> planted(const std::vector<Planted>& edges, std::uint64_t requests) {
  auto g = std::make_shared<model::CallGraph>();
  const auto op = [&](const std::string& s) { return g->add_operation(g->add_service(s), "op"); };
  g->operation(op("gateway")).entry_count = requests;
  g->trace_count = requests;
  for (const auto& p : edges) {
    const auto to = op(p.to);
    auto& e = g->edge(g->add_edge(op(p.from), to, model::InteractionKind::Sync));
    e.calls = p.calls;
    e.errors = p.errors;
    e.traces = std::min(p.calls, requests);
    for (std::uint64_t i = 0; i < p.calls; ++i) e.latency.add(1000.0 * (0.8 + 0.4 * static_cast<double>(i % 101) / 100.0));
    g->operation(to).invocations += p.calls;
  }
  return g;
}

// Planted: "old" removed, "new" added (a -> new), a -> b doubled (orange), gateway -> x down
// to a fifth (blue), c -> b closes the knot {b, c}; c -> d unchanged.
const std::vector<Planted> kBefore = {{"gateway", "a", 1000}, {"a", "b", 1000}, {"b", "c", 500},
                                      {"c", "d", 1000},       {"gateway", "x", 1000}, {"gateway", "old", 100}};
const std::vector<Planted> kAfter = {{"gateway", "a", 1000}, {"a", "b", 2000}, {"b", "c", 500},
                                     {"c", "d", 1000},       {"gateway", "x", 200}, {"a", "new", 200},
                                     {"c", "b", 300}};

int edge_of(const Document& doc, const std::string& from, const std::string& to) {
  const auto& nodes = doc.report().services.nodes;
  const auto& edges = doc.report().services.edges;
  for (std::size_t i = 0; i < edges.size(); ++i)
    if (nodes[edges[i].from].name == from && nodes[edges[i].to].name == to) return static_cast<int>(i);
  return -1;
}

Colour node_fill(const Document& doc, const DiffPaint& paint, const std::string& name) {
  const int i = doc.find_node(name);
  REQUIRE(i >= 0);
  return paint.node_fill[static_cast<std::size_t>(i)];
}

}  // namespace

TEST_CASE("diff view: the union graph holds both sides, removed parts with before's figures") {
  const auto before = planted(kBefore, 1000), after = planted(kAfter, 1000);
  const auto u = union_graph(*before, *after);
  std::set<std::string> names;
  for (const auto& s : u.services()) names.insert(s.name);
  CHECK(names == std::set<std::string>{"a", "b", "c", "d", "gateway", "new", "old", "x"});
  std::uint64_t old_calls = 0, ab_calls = 0;
  for (const auto& e : u.edges()) {
    const auto& to = u.service(u.operation(e.to).service).name;
    const auto& from = u.service(u.operation(e.from).service).name;
    if (to == "old") old_calls += e.calls;
    if (from == "a" && to == "b") ab_calls += e.calls;
    CHECK(e.inputs.empty());
  }
  CHECK(old_calls == 100);   // before's figures for the removed edge
  CHECK(ab_calls == 2000);   // after's for the common one, not added twice
  CHECK(u.edge_count() == after->edge_count() + 1);
}

TEST_CASE("diff view: nodes and edges coloured by what changed, the formed knot ringed") {
  const auto before = planted(kBefore, 1000), after = planted(kAfter, 1000);
  JobProgress progress;
  const auto loaded = load_diff({{}, before, "before"}, {{}, after, "after"}, progress);
  const auto& doc = loaded.document;
  const auto& paint = loaded.paint;
  REQUIRE(paint.node_fill.size() == doc.report().services.nodes.size());
  REQUIRE(paint.edge_colour.size() == doc.report().services.edges.size());
  CHECK(node_fill(doc, paint, "new") == kDiffAdded);
  CHECK(node_fill(doc, paint, "old") == kDiffRemoved);
  for (const char* kept : {"a", "b", "c", "d", "gateway", "x"}) CHECK(node_fill(doc, paint, kept) == kDiffUnchanged);
  for (std::size_t i = 0; i < paint.node_ring.size(); ++i) {
    const auto& name = doc.report().services.nodes[i].name;
    CHECK(static_cast<bool>(paint.node_ring[i]) == (name == "b" || name == "c"));
  }
  auto colour = [&](const char* from, const char* to) {
    const int e = edge_of(doc, from, to);
    REQUIRE(e >= 0);
    return with_alpha(paint.edge_colour[static_cast<std::size_t>(e)], 255);
  };
  auto width = [&](const char* from, const char* to) { return paint.edge_width[static_cast<std::size_t>(edge_of(doc, from, to))]; };
  CHECK(colour("a", "new") == kDiffAdded);
  CHECK(colour("c", "b") == kDiffAdded);
  CHECK(colour("gateway", "old") == kDiffRemoved);
  CHECK(colour("c", "d") == kDiffUnchanged);
  // Changed: towards orange when it grew, blue when it shrank; x5 moves more than x2.
  const Colour grew = colour("a", "b"), shrank = colour("gateway", "x");
  CHECK(red(grew) > blue(grew));
  CHECK(blue(shrank) > red(shrank));
  CHECK(width("gateway", "x") > width("a", "b"));
  CHECK(width("a", "b") > width("c", "d"));

  // The canvas paints exactly these colours in ColourMode::Diff, and ignores them otherwise.
  std::vector<Vec2> positions(doc.report().services.nodes.size());
  for (std::size_t i = 0; i < positions.size(); ++i) positions[i] = {100.0f * static_cast<float>(i), 50.0f * static_cast<float>(i % 3)};
  Camera camera;
  camera.size = {2000.0f, 1000.0f};
  camera.fit(positions, 40.0f);
  GraphFilters filters;
  filters.colour = ColourMode::Diff;
  const auto scene = build_scene(doc, positions, camera, filters, {}, -1, {}, {}, &paint);
  REQUIRE(scene.nodes.size() == positions.size());
  for (const auto& d : scene.nodes) CHECK(d.fill == paint.node_fill[d.node]);
  for (const auto& d : scene.edges) CHECK(with_alpha(d.colour, 255) == with_alpha(paint.edge_colour[d.edge], 255));
  filters.colour = ColourMode::Latency;
  const auto plain = build_scene(doc, positions, camera, filters, {}, -1, {}, {}, &paint);
  CHECK(std::none_of(plain.nodes.begin(), plain.nodes.end(), [](const NodeDraw& d) { return d.fill == kDiffAdded; }));
}

TEST_CASE("diff table: one row per planted change, headline first, sortable and filterable") {
  const auto before = planted(kBefore, 1000), after = planted(kAfter, 1000);
  const auto diff = session::diff_graphs(*before, *after);
  const auto rows = diff_rows(diff);
  std::multiset<std::string> seen;
  std::size_t appeared = 0, resolved = 0;
  for (const auto& r : rows) {
    appeared += r.kind == DiffChangeKind::FindingAppeared || r.kind == DiffChangeKind::KnotFormed;
    resolved += r.kind == DiffChangeKind::FindingResolved || r.kind == DiffChangeKind::KnotDissolved;
    if (r.kind != DiffChangeKind::FindingAppeared && r.kind != DiffChangeKind::FindingResolved)
      seen.insert(std::string(to_string(r.kind)) + " " + r.from + ">" + r.to);
  }
  CHECK(appeared == diff.findings_appeared.size());
  CHECK(resolved == diff.findings_resolved.size());
  CHECK(seen == std::multiset<std::string>{"knot formed knot (" + diff.knots_formed()[0]->finding.rule + ")>b, c",
                                           "service added new>", "service removed old>", "edge added a>new",
                                           "edge added c>b", "edge removed gateway>old", "edge changed a>b",
                                           "edge changed gateway>x"});
  REQUIRE_FALSE(rows.empty());
  CHECK(rows.front().kind == DiffChangeKind::KnotFormed);
  CHECK(rows.front().services == std::vector<std::string>{"b", "c"});

  const auto order = diff_row_order(rows, "", {});
  REQUIRE(order.size() == rows.size());
  for (std::size_t k = 0; k < order.size(); ++k) CHECK(order[k] == k);  // unsorted: diff_rows' order
  // Ratio descending: a -> b (x2) before gateway -> x (x0.2); rows without a ratio last.
  const auto by_ratio = diff_row_order(rows, "", {{static_cast<std::size_t>(DiffColumn::Ratio), true}});
  CHECK(rows[by_ratio[0]].from == "a");
  CHECK(rows[by_ratio[1]].from == "gateway");
  CHECK(diff_cell(rows[by_ratio[0]], DiffColumn::Ratio, diff.exposure) == "x2.00");
  CHECK(diff_cell(rows[by_ratio[0]], DiffColumn::Before, diff.exposure) == "1/req");
  CHECK(diff_cell(rows[by_ratio[0]], DiffColumn::After, diff.exposure) == "2/req");
  CHECK(diff_cell(rows[by_ratio[0]], DiffColumn::Significance, diff.exposure).rfind("rate p=", 0) == 0);
  CHECK(diff_row_colour(rows[by_ratio[0]]) == kDiffGrew);
  CHECK(diff_row_colour(rows[by_ratio[1]]) == kDiffShrank);
  const auto summary = diff_summary(diff);
  CHECK(summary.find("services +1 -1; edges +2 -1, 2 changed;") == 0);
  CHECK(summary.find("1 knot(s) formed (calls per request compared)") != std::string::npos);
  const auto filtered = diff_row_order(rows, "REMOVED", {});
  REQUIRE(filtered.size() == 2);
  for (auto i : filtered) CHECK((rows[i].kind == DiffChangeKind::ServiceRemoved || rows[i].kind == DiffChangeKind::EdgeRemoved));
}

TEST_CASE("app model: a diff computed in the background, shown in Diff colours, closed back to before") {
  AppModel app;
  app.load_graph(planted(kBefore, 1000), "before.json");
  REQUIRE(app.wait_idle(60000));
  app.filters.colour = ColourMode::Kind;
  app.diff_graphs(planted(kBefore, 1000), planted(kAfter, 1000));
  CHECK_FALSE(app.diff_open());  // nothing installed until the job is done and ticked
  REQUIRE(app.wait_idle(60000));
  REQUIRE(app.diff_open());
  CHECK(app.filters.colour == ColourMode::Diff);
  CHECK(app.document().report().services.nodes.size() == 8);
  CHECK(app.diff_table().size() == diff_rows(app.diff().result()).size());
  const auto& scene = app.graph_scene();
  REQUIRE_FALSE(scene.nodes.empty());
  for (const auto& d : scene.nodes) CHECK(d.fill == app.diff().paint().node_fill[d.node]);

  // A row selects what it names.
  app.focus_diff_row(0);  // the knot {b, c}
  std::set<std::string> selected;
  for (auto n : app.selected_nodes()) selected.insert(app.document().report().services.nodes[n].name);
  CHECK(selected == std::set<std::string>{"b", "c"});

  app.close_diff();
  REQUIRE(app.wait_idle(60000));
  CHECK_FALSE(app.diff_open());
  CHECK(app.filters.colour == ColourMode::Kind);
  CHECK(app.document().find_node("new") < 0);
  CHECK(app.document().find_node("old") >= 0);
  CHECK(app.diff_table().empty());
}

TEST_CASE("app model: another graph opened while a diff runs drops the diff's result") {
  AppModel app;
  app.diff_graphs(planted(kBefore, 1000), planted(kAfter, 1000));
  app.load_graph(test::knot_graph(), "knot");
  REQUIRE(app.wait_idle(60000));
  app.tick();
  CHECK_FALSE(app.diff_open());
  CHECK(app.document().find_node("A") >= 0);
  CHECK(app.filters.colour == ColourMode::Latency);
}

TEST_CASE("app model: a diff of a missing input is one error message and keeps the open graph") {
  AppModel app;
  app.load_graph(test::knot_graph(), "knot");
  const auto missing = (std::filesystem::temp_directory_path() / "nanoscope-no-such-diff-input.json").string();
  CHECK(app.compare_with({missing}));
  REQUIRE(app.wait_idle(60000));
  CHECK_FALSE(app.diff_open());
  CHECK(app.document().find_node("A") >= 0);
  REQUIRE_FALSE(app.messages().empty());
  CHECK(app.messages().back().error);
  CHECK(app.messages().back().text.find("diff failed") == 0);
  CHECK_FALSE(app.compare_with({}));
}

TEST_CASE("app model: a resized canvas frames the graph again until the user moves the camera") {
  AppModel app;
  app.load_graph(test::knot_graph(), "knot");
  REQUIRE(app.wait_idle(60000));
  auto all_inside = [&] {
    for (const auto& p : app.positions()) {
      const Vec2 s = app.camera.to_screen(p);
      if (s.x < app.camera.origin.x || s.y < app.camera.origin.y || s.x > app.camera.origin.x + app.camera.size.x ||
          s.y > app.camera.origin.y + app.camera.size.y)
        return false;
    }
    return true;
  };
  app.set_canvas({0.0f, 0.0f}, {300.0f, 120.0f});
  CHECK(all_inside());
  const auto zoom = app.camera.zoom;
  app.user_moved_camera();
  app.set_canvas({0.0f, 0.0f}, {900.0f, 700.0f});
  CHECK(app.camera.zoom == zoom);  // the user's view is kept
}
