// The service graph of an edited partition: a service whose operations went to other groups is
// no node any more, while a manifest-only service (no operations at all) stays one.
#include <doctest/doctest.h>

#include "model/call_graph.hpp"
#include "model/partition.hpp"
#include "model/service_graph.hpp"

using namespace nanoscope;

TEST_CASE("service graph: emptied groups leave, manifest-only services stay") {
  model::CallGraph g;
  const auto web = g.add_service("web");
  const auto api = g.add_service("api");
  (void)g.add_service("cache", model::ServiceKind::Cache);  // from a manifest: no operations
  const auto home = g.add_operation(web, "home");
  const auto get = g.add_operation(api, "get");
  g.edge(g.add_edge(home, get, model::InteractionKind::Sync)).calls = 5;
  const auto names = [&](const model::Partition& p) {
    std::vector<std::string> out;
    for (const auto& n : model::derive_service_graph(g, p).nodes) out.push_back(n.name);
    return out;
  };
  auto p = model::Partition::observed(g);
  CHECK(names(p) == std::vector<std::string>{"api", "cache", "web"});
  // api's only operation joins web's group; api keeps its name but has nothing left.
  p.merge(web, api);
  CHECK(p.name(api) == "api");
  CHECK(names(p) == std::vector<std::string>{"cache", "web"});
  // Moving it out again (a partition file's group) brings a node back under the new name.
  (void)p.split({get}, "api-v2");
  CHECK(names(p) == std::vector<std::string>{"api-v2", "cache", "web"});
}
