// Grouping the graph view's services: by kind and by system (two inputs sharing no service are
// two systems), the weak links that gather a group in the force layout, and the boxes drawn
// behind each group, checked by hand.
#include <doctest/doctest.h>

#include "gui/viewmodel/node_groups.hpp"
#include "model/partition.hpp"

using namespace nanoscope;

namespace {

// Two inputs: a.json mentions front -> back and back -> mongo; b.json web -> redis.
model::CallGraph two_systems() {
  model::CallGraph g;
  for (const char* path : {"a.json", "b.json"}) {
    model::InputSource in;
    in.path = path;
    in.format = "zipkin-json";
    g.inputs.push_back(in);
  }
  auto op = [&](const char* service, model::ServiceKind kind, std::uint32_t input) {
    const auto s = g.add_service(service, kind);
    model::add_input(g.service(s).inputs, input);
    const auto o = g.add_operation(s, "op");
    g.operation(o).invocations = 10;
    return o;
  };
  const auto front = op("front", model::ServiceKind::Service, 0);
  const auto back = op("back", model::ServiceKind::Service, 0);
  const auto mongo = op("mongo", model::ServiceKind::Database, 0);
  const auto web = op("web", model::ServiceKind::Service, 1);
  const auto redis = op("redis", model::ServiceKind::Cache, 1);
  g.operation(front).entry_count = 10;
  g.operation(web).entry_count = 10;
  for (const auto& [a, b, input] : {std::tuple{front, back, 0u}, {back, mongo, 0u}, {web, redis, 1u}}) {
    auto& e = g.edge(g.add_edge(a, b, model::InteractionKind::Sync));
    e.calls = 10;
    model::add_input(e.inputs, input);
  }
  return g;
}

}  // namespace

TEST_CASE("node groups: by kind, one group per kind present in the enumeration's order") {
  const auto g = two_systems();
  const auto sg = model::derive_service_graph(g, model::Partition::observed(g));
  // Nodes by name: back, front, mongo, redis, web.
  const auto groups = gui::group_nodes(g, sg, gui::GroupMode::Kind);
  CHECK(groups.names == std::vector<std::string>{"service", "database", "cache"});
  CHECK(groups.group_of == std::vector<std::uint32_t>{0, 0, 1, 2, 0});
  CHECK(groups.sizes == std::vector<std::uint32_t>{3, 1, 1});
  const auto none = gui::group_nodes(g, sg, gui::GroupMode::None);
  CHECK(none.names.size() == 1);
  CHECK(none.sizes == std::vector<std::uint32_t>{5});
}

TEST_CASE("node groups: by system, two inputs without a common service are two systems") {
  const auto g = two_systems();
  auto p = model::Partition::observed(g);
  const auto sg = model::derive_service_graph(g, p);
  const auto groups = gui::group_nodes(g, sg, gui::GroupMode::System);
  REQUIRE(groups.names.size() == 2);
  // The larger system (3 services) first.
  CHECK(groups.sizes == std::vector<std::uint32_t>{3, 2});
  CHECK(groups.group_of == std::vector<std::uint32_t>{0, 0, 0, 1, 1});
  // A merged node goes to the system holding most of its operations.
  p.merge(*g.find_service("web"), *g.find_service("redis"));
  p.merge(*g.find_service("web"), *g.find_service("mongo"));
  const auto merged = model::derive_service_graph(g, p);
  const auto mg = gui::group_nodes(g, merged, gui::GroupMode::System);
  REQUIRE(merged.nodes.size() == 3);  // back, front, web
  CHECK(mg.group_of == std::vector<std::uint32_t>{0, 0, 1});
}

TEST_CASE("node groups: links join consecutive members; boxes enclose members with a margin") {
  gui::NodeGroups groups;
  groups.names = {"a", "b", "empty"};
  groups.group_of = {0, 1, 0, 0, 1};
  groups.sizes = {3, 2, 0};
  const auto links = gui::group_links(groups, 0.5f);
  REQUIRE(links.size() == 3);
  // In the order the later member is met: 0-2 (at 2), 2-3 (at 3), 1-4 (at 4).
  CHECK(links[0].a == 0);
  CHECK(links[0].b == 2);
  CHECK(links[1].a == 2);
  CHECK(links[1].b == 3);
  CHECK(links[2].a == 1);
  CHECK(links[2].b == 4);
  CHECK(links[0].weight == 0.5f);
  const std::vector<gui::Vec2> at{{0, 0}, {100, 100}, {40, 0}, {20, 60}, {300, 100}};
  const auto boxes = gui::group_boxes(groups, at, 10.0f);
  REQUIRE(boxes.size() == 2);  // the empty group has no box
  CHECK(boxes[0].group == 0);
  CHECK(boxes[0].members == 3);
  CHECK(boxes[0].lo == gui::Vec2{-10, -10});
  CHECK(boxes[0].hi == gui::Vec2{50, 70});
  CHECK(boxes[0].centroid == gui::Vec2{20, 20});
  CHECK(boxes[1].lo == gui::Vec2{90, 90});
  CHECK(boxes[1].hi == gui::Vec2{310, 110});
  CHECK(gui::parse_group_mode("system") == gui::GroupMode::System);
  CHECK(!gui::parse_group_mode("namespace"));
}
