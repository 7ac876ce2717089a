// Tables without a window: virtual scrolling draws exactly the rows in view, sorting is
// stable with ties by name, filters keep only matching rows, and a finding focuses its own
// edges.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "gui/viewmodel/data_tables.hpp"
#include "gui/viewmodel/graph_scene.hpp"
#include "gui/viewmodel/table_rows.hpp"
#include "gui_fixture.hpp"

using namespace nanoscope;

TEST_CASE("a 10,000-row table draws only the rows in view, at every scroll position") {
  const std::size_t rows = 10'000;
  const float row_h = 19.0f, view = 600.0f;
  const float total = row_h * static_cast<float>(rows);
  for (float scroll : {0.0f, 1.0f, 18.9f, 19.0f, 4321.5f, 95'000.0f, total - view, total - view + 7.0f}) {
    const auto w = gui::visible_rows(rows, row_h, scroll, view);
    // Oracle: every row whose [top, bottom) meets [scroll, scroll + view).
    std::size_t first = rows, end = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      const float top = row_h * static_cast<float>(r), bottom = top + row_h;
      if (bottom > scroll && top < scroll + view) {
        first = std::min(first, r);
        end = r + 1;
      }
    }
    CAPTURE(scroll);
    CHECK(w.first == first);
    CHECK(w.end == end);
    CHECK(w.count() <= static_cast<std::size_t>(std::ceil(view / row_h)) + 1);
    CHECK(w.count() >= static_cast<std::size_t>(view / row_h));
  }
  // The bottom of the table: the last row is drawn, nothing past it.
  CHECK(gui::visible_rows(rows, row_h, total - view, view).end == rows);
  CHECK(gui::visible_rows(rows, row_h, 0.0f, 0.0f).count() == 0);
  CHECK(gui::visible_rows(0, row_h, 0.0f, view).count() == 0);
  CHECK(gui::visible_rows(5, row_h, 0.0f, view).count() == 5);
}

TEST_CASE("services sort stably by any column with ties by name, and filter by name") {
  const auto doc = gui::Document::build(test::star_graph(300), model::Partition::observed(*test::star_graph(300)));
  const auto& nodes = doc.report().services.nodes;
  const auto& facts = doc.facts();
  const auto col = [](gui::ServiceColumn c) { return static_cast<std::size_t>(c); };
  auto rows = gui::service_rows(doc, "", {{col(gui::ServiceColumn::Traffic), true}});
  REQUIRE(rows.size() == nodes.size());
  CHECK(nodes[rows.front()].name == "otel-collector");
  std::size_t ties = 0;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const auto a = rows[k - 1], b = rows[k];
    CHECK(facts[a].traffic >= facts[b].traffic);
    if (facts[a].traffic == facts[b].traffic) {
      ++ties;
      CHECK(nodes[a].name < nodes[b].name);
    }
  }
  CHECK(ties > 100);  // the fixture has many equal traffics: the tie rule was exercised
  // Ascending by name is the reverse of descending by name.
  auto up = gui::service_rows(doc, "", {{col(gui::ServiceColumn::Name), false}});
  auto down = gui::service_rows(doc, "", {{col(gui::ServiceColumn::Name), true}});
  std::reverse(down.begin(), down.end());
  CHECK(up == down);
  // Two keys: kind first, then traffic descending inside each kind.
  rows = gui::service_rows(doc, "", {{col(gui::ServiceColumn::Kind), false}, {col(gui::ServiceColumn::Traffic), true}});
  for (std::size_t k = 1; k < rows.size(); ++k)
    if (nodes[rows[k - 1]].kind == nodes[rows[k]].kind) CHECK(facts[rows[k - 1]].traffic >= facts[rows[k]].traffic);
  // Filter: case-insensitive, on the name.
  rows = gui::service_rows(doc, "SERVICE29", {});
  CHECK(rows.size() == 11);  // Service29, Service290..299
  for (auto r : rows) CHECK(nodes[r].name.find("Service29") == 0);
}

TEST_CASE("edges sort by calls with ties by caller and callee; findings keep the analysis order unsorted") {
  const auto graph = test::star_graph(120);
  const auto doc = gui::Document::build(graph, model::Partition::observed(*graph));
  const auto& edges = doc.report().services.edges;
  const auto rows = gui::edge_rows(doc, "", {{static_cast<std::size_t>(gui::EdgeColumn::Calls), true}});
  REQUIRE(rows.size() == edges.size());
  const auto& nodes = doc.report().services.nodes;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const auto &a = edges[rows[k - 1]], &b = edges[rows[k]];
    CHECK(a.calls >= b.calls);
    if (a.calls == b.calls) CHECK(nodes[a.from].name <= nodes[b.from].name);
  }
  CHECK(gui::edge_cell(doc, rows.front(), gui::EdgeColumn::To) == "otel-collector");
  const auto findings = gui::finding_rows(doc, "", {});
  for (std::size_t k = 0; k < findings.size(); ++k) CHECK(findings[k] == k);
  // The filter keeps exactly the findings that mention the text somewhere, in their order.
  const auto knot_doc = gui::Document::build(test::knot_graph(), model::Partition::observed(*test::knot_graph()));
  for (const std::string text : {"knot", "B", "zzz"}) {
    const auto kept = gui::finding_rows(knot_doc, text, {});
    std::vector<std::uint32_t> expected;
    for (std::uint32_t i = 0; i < knot_doc.report().findings.size(); ++i) {
      const auto& f = knot_doc.report().findings[i];
      auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s;
      };
      auto has = [&](const std::string& s) { return lower(s).find(lower(text)) != std::string::npos; };
      if (std::any_of(f.services.begin(), f.services.end(), has) || has(f.explanation) || has(f.rule) ||
          has(std::string(analysis::to_string(f.kind))))
        expected.push_back(i);
    }
    CAPTURE(text);
    CHECK(kept == expected);
    if (text != "zzz") CHECK(!kept.empty());
  }
}

TEST_CASE("a finding focuses its own edges, not every edge of its services") {
  const auto graph = test::knot_graph();
  const auto doc = gui::Document::build(graph, model::Partition::observed(*graph));
  const auto& findings = doc.report().findings;
  const auto it = std::find_if(findings.begin(), findings.end(), [](const auto& f) {
    return (f.kind == analysis::FindingKind::Knot || f.kind == analysis::FindingKind::Cycle) && !f.edges.empty();
  });
  REQUIRE(it != findings.end());
  const auto focus = gui::finding_focus(doc, static_cast<std::size_t>(it - findings.begin()));
  const auto& edges = doc.report().services.edges;
  const auto& nodes = doc.report().services.nodes;
  std::size_t named = 0;
  for (std::uint32_t i = 0; i < edges.size(); ++i) {
    const bool listed = std::any_of(it->edges.begin(), it->edges.end(), [&](const auto& e) {
      return e.from == nodes[edges[i].from].name && e.to == nodes[edges[i].to].name;
    });
    CHECK((focus.edges[i] != 0) == listed);
    named += listed;
  }
  CHECK(named == it->edges.size());
  CHECK(focus.nodes.size() == 3);  // A, B, C
  // A -> D leaves a focused service but is not the cycle's: drawn as background.
  const int a = doc.find_node("A"), d = doc.find_node("D");
  const auto ad = std::find_if(edges.begin(), edges.end(), [&](const auto& e) {
    return static_cast<int>(e.from) == a && static_cast<int>(e.to) == d;
  });
  REQUIRE(ad != edges.end());
  CHECK(focus.edges[static_cast<std::size_t>(ad - edges.begin())] == 0);
  std::vector<gui::Vec2> positions;
  for (std::size_t i = 0; i < nodes.size(); ++i) positions.push_back({static_cast<float>(i) * 200.0f, static_cast<float>(i % 2) * 150.0f});
  gui::Camera camera;
  camera.size = {1000, 800};
  camera.fit(positions);
  std::vector<char> selected(nodes.size(), 0);
  for (auto n : focus.nodes) selected[n] = 1;
  const auto scene = gui::build_scene(doc, positions, camera, {}, selected, -1, {}, focus.edges);
  for (const auto& e : scene.edges) CHECK((gui::alpha(e.colour) == 255) == (focus.edges[e.edge] != 0));
  // Without the edge mask every edge at the selection is highlighted (A -> D too).
  const auto plain = gui::build_scene(doc, positions, camera, {}, selected, -1);
  for (const auto& e : plain.edges)
    if (e.edge == static_cast<std::uint32_t>(ad - edges.begin())) CHECK(gui::alpha(e.colour) == 255);
}

TEST_CASE("an edge tooltip gives rate, latency and errors, or says there is no latency data") {
  const auto graph = test::knot_graph();
  const auto doc = gui::Document::build(graph, model::Partition::observed(*graph));
  const auto& edges = doc.report().services.edges;
  const int a = doc.find_node("A"), b = doc.find_node("B");
  const auto ab = std::find_if(edges.begin(), edges.end(), [&](const auto& e) {
    return static_cast<int>(e.from) == a && static_cast<int>(e.to) == b;
  });
  REQUIRE(ab != edges.end());
  const auto lines = gui::edge_summary(doc, static_cast<std::uint32_t>(ab - edges.begin()));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "A -> B (sync)");
  CHECK(lines[1] == "100 calls, 10.00 calls/s");  // 100 calls over the 10 s window
  CHECK(lines[2].rfind("p50 ", 0) == 0);
  CHECK(lines[3] == "errors 0 (0.00%)");
  // A manifest-only edge: declared, no calls, no latency.
  auto manifest = std::make_shared<model::CallGraph>();
  const auto x = manifest->add_service("x"), y = manifest->add_service("y");
  auto& e = manifest->edge(manifest->add_edge(manifest->add_operation(x, "op"), manifest->add_operation(y, "op"),
                                              model::InteractionKind::Sync));
  e.declared = true;
  const auto mdoc = gui::Document::build(manifest, model::Partition::observed(*manifest));
  REQUIRE(mdoc.report().services.edges.size() == 1);
  const auto mlines = gui::edge_summary(mdoc, 0);
  CHECK(std::find(mlines.begin(), mlines.end(), "no latency data") != mlines.end());
  // Its services have no latency: drawn as "no data", not as the fast end of the heat scale.
  CHECK_FALSE(mdoc.facts()[0].has_latency);
  CHECK(gui::latency_colour(false, 0.0) == gui::kNoData);
  CHECK(gui::latency_colour(true, 0.0) == gui::heat(0.0));
  std::vector<gui::Vec2> positions = {{0, 0}, {300, 0}};
  gui::Camera camera;
  camera.fit(positions);
  const auto scene = gui::build_scene(mdoc, positions, camera, {}, {}, -1);
  for (const auto& n : scene.nodes) CHECK(n.fill == gui::kNoData);
}
