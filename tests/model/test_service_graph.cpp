// derive_service_graph on a hand-made graph: one node per non-empty group in name order, the
// group's kind from the service owning most of its operations, calls inside a group (self-calls
// included) counted on the node, calls between groups aggregated per (caller, callee, kind) with
// their errors, latency and bytes, and the operation edges each service edge stands for.
#include <doctest/doctest.h>

#include "model/partition.hpp"
#include "model/service_graph.hpp"

using namespace nanoscope;
using model::InteractionKind;

namespace {

// front: home, about; cart: add, get; db (database): find, insert; ghost: declared only.
//   home  -> add    sync      10 calls, 1 error, 1 ms each, 100 B requests
//   about -> get    sync       5 calls, 3 ms each, 300 B requests
//   home  -> get    async      2 calls
//   add   -> get    sync       4 calls   (inside cart)
//   get   -> get    sync       3 calls   (a self-call)
//   get   -> find   database   7 calls
//   add   -> insert database   1 call, declared by a manifest
struct Shop {
  model::CallGraph g;
  model::OperationId home, about, add, get, find, insert;
  model::EdgeId home_add, about_get, home_get, add_get, get_get, get_find, add_insert;
  Shop() {
    const auto front = g.add_service("front");
    const auto cart = g.add_service("cart");
    const auto db = g.add_service("db", model::ServiceKind::Database);
    g.add_service("ghost");
    home = g.add_operation(front, "home");
    about = g.add_operation(front, "about");
    add = g.add_operation(cart, "add");
    get = g.add_operation(cart, "get");
    find = g.add_operation(db, "find");
    insert = g.add_operation(db, "insert");
    for (const auto op : {home, about}) g.operation(op).entry_count = 10;
    for (const auto op : {home, about, add, get, find, insert}) g.operation(op).invocations = 10;
    home_add = call(home, add, InteractionKind::Sync, 10, 1000, 100);
    g.edge(home_add).errors = 1;
    about_get = call(about, get, InteractionKind::Sync, 5, 3000, 300);
    home_get = call(home, get, InteractionKind::Async, 2, 0, 0);
    add_get = call(add, get, InteractionKind::Sync, 4, 0, 0);
    get_get = call(get, get, InteractionKind::Sync, 3, 0, 0);
    get_find = call(get, find, InteractionKind::Database, 7, 0, 0);
    add_insert = call(add, insert, InteractionKind::Database, 1, 0, 0);
    g.edge(add_insert).declared = true;
  }
  model::EdgeId call(model::OperationId from, model::OperationId to, InteractionKind kind, std::uint64_t calls,
                     double latency_us, double bytes) {
    const auto id = g.add_edge(from, to, kind);
    auto& e = g.edge(id);
    e.calls = calls;
    e.traces = calls;
    if (latency_us > 0) e.latency.add(latency_us, calls);
    if (bytes > 0) e.request_bytes.add(bytes, calls);
    return id;
  }
};

const model::ServiceEdge& edge(const model::ServiceGraph& sg, const char* from, const char* to, InteractionKind kind) {
  for (const auto& e : sg.edges)
    if (sg.nodes[e.from].name == from && sg.nodes[e.to].name == to && e.kind == kind) return e;
  FAIL("no service edge " << from << " -> " << to);
  return sg.edges.front();
}

}  // namespace

TEST_CASE("service graph: the observed partition, checked by hand") {
  const Shop s;
  const auto sg = model::derive_service_graph(s.g, model::Partition::observed(s.g));
  // Nodes by name; the manifest-only service is a node without operations.
  REQUIRE(sg.nodes.size() == 4);
  CHECK(sg.nodes[0].name == "cart");
  CHECK(sg.nodes[1].name == "db");
  CHECK(sg.nodes[2].name == "front");
  CHECK(sg.nodes[3].name == "ghost");
  CHECK(sg.nodes[3].operations.empty());
  CHECK(sg.find("db") == 1);
  CHECK(sg.find("nowhere") == -1);
  CHECK(sg.nodes[1].kind == model::ServiceKind::Database);
  CHECK(sg.nodes[2].invocations == 20);
  CHECK(sg.nodes[2].entry_count == 20);
  // Inside cart: add -> get (4) and the self-call get -> get (3).
  CHECK(sg.nodes[0].internal_calls == 7);
  CHECK(sg.nodes[2].internal_calls == 0);
  // Between groups, sorted by (caller name, callee name, kind): Sync before Async before Database.
  REQUIRE(sg.edges.size() == 3);
  CHECK(sg.nodes[sg.edges[0].from].name == "cart");
  CHECK(sg.edges[0].kind == InteractionKind::Database);
  CHECK(sg.nodes[sg.edges[1].from].name == "front");
  CHECK(sg.edges[1].kind == InteractionKind::Sync);
  CHECK(sg.edges[2].kind == InteractionKind::Async);
  const auto& sync = edge(sg, "front", "cart", InteractionKind::Sync);
  CHECK(sync.calls == 15);
  CHECK(sync.errors == 1);
  CHECK(sync.latency.count() == 15);
  CHECK(sync.latency.mean_us() == doctest::Approx((10 * 1000.0 + 5 * 3000.0) / 15));
  CHECK(sync.request_bytes.mean() == doctest::Approx((10 * 100.0 + 5 * 300.0) / 15));
  CHECK(sync.operation_edges == std::vector<model::EdgeId>{s.home_add, s.about_get});
  CHECK(!sync.declared);
  CHECK(edge(sg, "front", "cart", InteractionKind::Async).calls == 2);
  const auto& db = edge(sg, "cart", "db", InteractionKind::Database);
  CHECK(db.calls == 8);
  CHECK(db.declared);  // one of its operation edges is declared
  CHECK(db.operation_edges == std::vector<model::EdgeId>{s.get_find, s.add_insert});
}

TEST_CASE("service graph: calls are conserved, inside groups or between them, under any partition") {
  const Shop s;
  std::uint64_t total = 0;
  for (const auto& e : s.g.edges()) total += e.calls;
  for (const auto& p : {model::Partition::observed(s.g), model::Partition::monolith(s.g),
                        model::Partition::per_operation(s.g)}) {
    const auto sg = model::derive_service_graph(s.g, p);
    std::uint64_t sum = 0, edges = 0;
    for (const auto& n : sg.nodes) sum += n.internal_calls;
    for (const auto& e : sg.edges) {
      sum += e.calls;
      edges += e.operation_edges.size();
      CHECK(e.from != e.to);
    }
    CHECK(sum == total);
    // Every operation edge between groups is in exactly one service edge.
    std::uint64_t between = 0;
    for (const auto& e : s.g.edges()) between += p.group_of(e.from) != p.group_of(e.to);
    CHECK(edges == between);
  }
}

TEST_CASE("service graph: one process holds every call inside; its kind is the largest owner's") {
  const Shop s;
  const auto sg = model::derive_service_graph(s.g, model::Partition::monolith(s.g, "all"));
  REQUIRE(sg.nodes.size() == 1);
  CHECK(sg.nodes[0].name == "all");
  CHECK(sg.nodes[0].operations.size() == 6);
  CHECK(sg.nodes[0].internal_calls == 10 + 5 + 2 + 4 + 3 + 7 + 1);
  CHECK(sg.edges.empty());
  // Two operations each from front, cart and db: a tie, which goes to the lowest service id
  // (front, a plain service).
  CHECK(sg.nodes[0].kind == model::ServiceKind::Service);
  // A group with cart/get and both db operations is a database.
  auto p = model::Partition::observed(s.g);
  p.split({s.get, s.find, s.insert}, "store");
  const auto split = model::derive_service_graph(s.g, p);
  const int store = split.find("store");
  REQUIRE(store >= 0);
  CHECK(split.nodes[store].kind == model::ServiceKind::Database);
  CHECK(split.nodes[store].internal_calls == 3 + 7);  // the self-call and get -> find
  CHECK(split.find("db") == -1);                         // emptied by the split: no node
  CHECK(edge(split, "cart", "store", InteractionKind::Sync).calls == 4);
  CHECK(edge(split, "cart", "store", InteractionKind::Database).calls == 1);
}

TEST_CASE("service graph: a service merged into another leaves no empty node behind") {
  const Shop s;
  auto p = model::Partition::observed(s.g);
  p.merge(*s.g.find_service("front"), *s.g.find_service("cart"));
  const auto sg = model::derive_service_graph(s.g, p);
  CHECK(sg.find("cart") == -1);
  REQUIRE(sg.find("front") >= 0);
  CHECK(sg.find("ghost") >= 0);  // declared without operations: still a node
  CHECK(sg.nodes[sg.find("front")].internal_calls == 10 + 5 + 2 + 4 + 3);
  CHECK(edge(sg, "front", "db", InteractionKind::Database).calls == 8);
  CHECK(sg.edges.size() == 1);
}
