// A five-operation graph for partition tests (web/{home, GET /search/x} -> api/{get, put} ->
// db/query) and the name of the group an operation is in.
#pragma once

#include <string>
#include <utility>

#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::test {

// web/{home, search} -> api/{get, put} -> db/query
inline model::CallGraph small_graph() {
  model::CallGraph g;
  const auto web = g.add_service("web");
  const auto api = g.add_service("api");
  const auto db = g.add_service("db", model::ServiceKind::Database);
  const auto home = g.add_operation(web, "home");
  const auto search = g.add_operation(web, "GET /search/x");
  const auto get = g.add_operation(api, "get");
  const auto put = g.add_operation(api, "put");
  const auto q = g.add_operation(db, "query");
  for (const auto op : {home, search, get, put, q}) g.operation(op).invocations = 100;
  g.operation(home).entry_count = 50;
  g.operation(search).entry_count = 50;
  for (const auto& [a, b] : {std::pair{home, get}, {search, put}, {get, q}, {put, q}}) {
    auto& e = g.edge(g.add_edge(a, b, model::InteractionKind::Sync));
    e.calls = 50;
    e.traces = 50;
  }
  g.observe_window(0, 10'000'000);
  return g;
}

/// The name of the group operation `service/op` is in.
inline std::string group_name(const model::CallGraph& g, const model::Partition& p, const std::string& service,
                              const std::string& op) {
  return p.name(p.group_of(*g.find_operation(*g.find_service(service), op)));
}

}  // namespace nanoscope::test
