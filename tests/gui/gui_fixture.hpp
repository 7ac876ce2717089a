// A small call graph for the view-model tests: service A (three operations) in a cycle with
// B and C, D calling a database, so there is one knot, one infrastructure node and a split.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/call_graph.hpp"

namespace nanoscope::test {

/// A: a1 a2 a3; B: b1; C: c1; D: d1; db (database): q.
/// a1->b1 (100 calls), b1->c1 (50), c1->a2 (10), a3->d1 (5), d1->q (20).
inline std::shared_ptr<const model::CallGraph> knot_graph() {
  auto g = std::make_shared<model::CallGraph>();
  const auto a = g->add_service("A"), b = g->add_service("B"), c = g->add_service("C"), d = g->add_service("D");
  const auto db = g->add_service("db", model::ServiceKind::Database);
  const auto a1 = g->add_operation(a, "a1"), a2 = g->add_operation(a, "a2"), a3 = g->add_operation(a, "a3");
  const auto b1 = g->add_operation(b, "b1"), c1 = g->add_operation(c, "c1"), d1 = g->add_operation(d, "d1");
  const auto q = g->add_operation(db, "q");
  auto link = [&](model::OperationId from, model::OperationId to, std::uint64_t calls, model::InteractionKind kind) {
    auto& e = g->edge(g->add_edge(from, to, kind));
    e.calls = calls;
    e.traces = calls;
    e.latency.add(1000.0 * static_cast<double>(calls), calls);
    g->operation(to).invocations += calls;
  };
  g->operation(a1).entry_count = 100;
  g->operation(a1).invocations = 100;
  g->operation(a3).entry_count = 5;
  g->operation(a3).invocations = 5;
  link(a1, b1, 100, model::InteractionKind::Sync);
  link(b1, c1, 50, model::InteractionKind::Sync);
  link(c1, a2, 10, model::InteractionKind::Sync);
  link(a3, d1, 5, model::InteractionKind::Sync);
  link(d1, q, 20, model::InteractionKind::Database);
  for (model::OperationId op = 0; op < g->operation_count(); ++op) {
    auto& o = g->operation(op);
    o.duration.add(2000.0 + 100.0 * op, o.invocations ? o.invocations : 1);
    o.self_time.add(500.0, o.invocations ? o.invocations : 1);
  }
  g->trace_count = 105;
  g->observe_window(0, 10'000'000);
  return g;
}

/// A hub ("otel-collector", a telemetry service) called by `leaves` services named
/// "Service0".."Service<leaves-1>", each with one operation; leaf k also calls leaf k+1 every
/// tenth leaf, so degrees differ. Leaf calls to the hub: 10 + (k % 7), so traffic ties often.
inline std::shared_ptr<const model::CallGraph> star_graph(std::size_t leaves) {
  auto g = std::make_shared<model::CallGraph>();
  const auto hub = g->add_service("otel-collector", model::ServiceKind::Telemetry);
  const auto export_op = g->add_operation(hub, "export");
  std::vector<model::OperationId> ops;
  for (std::size_t k = 0; k < leaves; ++k) {
    const auto s = g->add_service("Service" + std::to_string(k));
    ops.push_back(g->add_operation(s, "handle"));
  }
  for (std::size_t k = 0; k < leaves; ++k) {
    auto& e = g->edge(g->add_edge(ops[k], export_op, model::InteractionKind::Async));
    e.calls = 10 + k % 7;
    e.traces = e.calls;
    e.latency.add(500.0, e.calls);
    g->operation(export_op).invocations += e.calls;
    g->operation(ops[k]).invocations += 1;
    g->operation(ops[k]).entry_count += 1;
    if (k % 10 == 0 && k + 1 < leaves) {
      auto& f = g->edge(g->add_edge(ops[k], ops[k + 1], model::InteractionKind::Sync));
      f.calls = 3;
      f.traces = 3;
      g->operation(ops[k + 1]).invocations += 3;
    }
  }
  g->trace_count = leaves;
  g->observe_window(0, 10'000'000);
  return g;
}

}  // namespace nanoscope::test
