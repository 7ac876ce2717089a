// Finding services and labelling them: ranked search (exact, prefix, substring; ties by
// name), the search state's count and stepping, and label choice by importance with no two
// labels overlapping, hubs labelled even in a fitted view of a thousand services.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "gui/viewmodel/graph_scene.hpp"
#include "gui/viewmodel/label_placement.hpp"
#include "gui/viewmodel/search_ranking.hpp"
#include "gui_fixture.hpp"

using namespace nanoscope;

namespace {

std::vector<std::string> service_names(std::size_t n) {
  std::vector<std::string> names;
  for (std::size_t k = 0; k < n; ++k) names.push_back("Service" + std::to_string(k));
  std::shuffle(names.begin(), names.end(), std::mt19937(7));  // the index order must not matter
  return names;
}

bool overlap(const gui::PlacedLabel& a, const gui::PlacedLabel& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

}  // namespace

TEST_CASE("search ranks the exact name first, then prefixes, then substrings, each by name") {
  const auto names = service_names(1000);
  const auto matches = gui::rank_matches(names, "service48");  // case does not matter
  REQUIRE(matches.size() == 11);  // Service48 and Service480..489
  CHECK(names[matches[0].node] == "Service48");
  CHECK(matches[0].kind == gui::MatchKind::Exact);
  for (std::size_t k = 1; k < matches.size(); ++k) {
    CHECK(matches[k].kind == gui::MatchKind::Prefix);
    CHECK(names[matches[k].node] == "Service48" + std::to_string(k - 1));
  }
  // Substrings only: the count is every name holding "48", in name order.
  const auto inner = gui::rank_matches(names, "48");
  const auto expected = std::count_if(names.begin(), names.end(), [](const auto& n) { return n.find("48") != std::string::npos; });
  CHECK(static_cast<std::ptrdiff_t>(inner.size()) == expected);
  for (std::size_t k = 1; k < inner.size(); ++k) {
    CHECK(inner[k].kind == gui::MatchKind::Substring);
    CHECK(names[inner[k - 1].node] < names[inner[k].node]);
  }
  CHECK(gui::rank_matches(names, "").empty());
  CHECK(gui::rank_matches(names, "nope").empty());
  CHECK(gui::match_kind("otel-collector", "OTEL") == gui::MatchKind::Prefix);
  CHECK(gui::match_kind("otel-collector", "collector") == gui::MatchKind::Substring);
  CHECK_FALSE(gui::match_kind("db", "dbx").has_value());
}

TEST_CASE("the search state counts matches, steps through them and starts over on a new query") {
  const auto graph = test::star_graph(1000);
  const auto doc = gui::Document::build(graph, model::Partition::observed(*graph));
  gui::ServiceSearch search;
  search.update(doc, 1, "Service48");
  CHECK(search.count_text() == "11 matches");
  CHECK(doc.report().services.nodes[search.matches()[search.current()].node].name == "Service48");
  CHECK(doc.report().services.nodes[*search.step(1)].name == "Service480");
  CHECK(doc.report().services.nodes[*search.step(-2)].name == "Service489");  // wraps
  search.update(doc, 1, "otel");
  CHECK(search.count_text() == "1 match");
  CHECK(search.current() == 0);
  search.update(doc, 1, "zzz");
  CHECK(search.count_text() == "no match");
  CHECK_FALSE(search.step(1).has_value());
}

TEST_CASE("labels go to the most important nodes first and never overlap") {
  // A grid of nodes 20 px apart with 100 px labels: most cannot be labelled.
  std::vector<gui::LabelCandidate> candidates;
  for (std::uint32_t i = 0; i < 400; ++i)
    candidates.push_back({i, {static_cast<float>(i % 20) * 20.0f, static_cast<float>(i / 20) * 20.0f}, 3.0f, 100.0f,
                          static_cast<double>(i % 37), false});
  gui::LabelLimits limits;
  limits.always = 10;
  const auto placed = gui::place_labels(candidates, limits);
  REQUIRE(!placed.empty());
  for (std::size_t a = 0; a < placed.size(); ++a)
    for (std::size_t b = a + 1; b < placed.size(); ++b) CHECK_FALSE(overlap(placed[a], placed[b]));
  // The most important node is labelled; every label is in importance order.
  const auto top = std::max_element(candidates.begin(), candidates.end(),
                                    [](const auto& a, const auto& b) { return a.importance < b.importance || (a.importance == b.importance && a.node > b.node); });
  CHECK(placed.front().node == top->node);
  for (std::size_t k = 1; k < placed.size(); ++k)
    CHECK(candidates[placed[k - 1].node].importance >= candidates[placed[k].node].importance);
  // Tiny nodes are labelled until `always` labels are placed (past the ones that collide),
  // then no more.
  CHECK(placed.size() == limits.always);
  // Forced (selected) labels come first even when unimportant.
  candidates[5].forced = true;
  const auto with_selection = gui::place_labels(candidates, limits);
  CHECK(with_selection.front().node == 5);
  CHECK(gui::label_importance(false, true, 0.0, 0.0) > gui::label_importance(false, false, 1.0, 1.0));
}

TEST_CASE("in a fitted view of a thousand services the hub is labelled and labels do not overlap") {
  const auto graph = test::star_graph(1200);
  const auto doc = gui::Document::build(graph, model::Partition::observed(*graph));
  const auto n = doc.report().services.nodes.size();
  std::vector<gui::Vec2> positions;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> at(-3000.0f, 3000.0f);
  for (std::size_t i = 0; i < n; ++i) positions.push_back({at(rng), at(rng)});
  gui::Camera camera;
  camera.size = {1200, 900};
  camera.fit(positions);
  const auto scene = gui::build_scene(doc, positions, camera, {}, {}, -1);
  const int hub = doc.find_node("otel-collector");
  const auto hub_draw = std::find_if(scene.nodes.begin(), scene.nodes.end(), [&](const auto& d) { return static_cast<int>(d.node) == hub; });
  REQUIRE(hub_draw != scene.nodes.end());
  CHECK(hub_draw->radius < gui::DetailLimits{}.min_label_radius_px);  // small on screen ...
  CHECK(hub_draw->label);                                             // ... and labelled all the same
  std::vector<gui::PlacedLabel> boxes;
  const float font = gui::DetailLimits{}.label_font_px;
  for (const auto& d : scene.nodes)
    if (d.label) {
      const float w = 0.55f * font * static_cast<float>(doc.report().services.nodes[d.node].name.size());
      boxes.push_back({d.node, d.label_side, d.label_at.x, d.label_at.y, d.label_at.x + w, d.label_at.y + font});
    }
  CHECK(boxes.size() >= 10);
  for (std::size_t a = 0; a < boxes.size(); ++a)
    for (std::size_t b = a + 1; b < boxes.size(); ++b) CHECK_FALSE(overlap(boxes[a], boxes[b]));
  // A search match is labelled too, ahead of busier services.
  gui::GraphFilters filters;
  filters.search = "Service777";
  const auto searched = gui::build_scene(doc, positions, camera, filters, {}, -1);
  const int match = doc.find_node("Service777");
  CHECK(std::any_of(searched.nodes.begin(), searched.nodes.end(),
                    [&](const auto& d) { return static_cast<int>(d.node) == match && d.label; }));
}
