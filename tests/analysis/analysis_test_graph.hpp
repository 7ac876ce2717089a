// A tiny call-graph builder for the analysis tests: services with named operations, calls
// with counts and trace counts, entry requests and self times, written in one line each.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis/analysis.hpp"
#include "model/call_graph.hpp"

namespace nanoscope::test {

/// Builds a CallGraph from "service" or "service/operation" names.
class TestGraph {
 public:
  /// Adds (or finds) an operation; "svc" means operation "op" of svc.
  model::OperationId op(const std::string& ref, model::ServiceKind kind = model::ServiceKind::Service) {
    const auto slash = ref.find('/');
    const std::string service = slash == std::string::npos ? ref : ref.substr(0, slash);
    const std::string name = slash == std::string::npos ? "op" : ref.substr(slash + 1);
    const auto s = graph_.add_service(service, kind);
    return graph_.add_operation(s, name);
  }
  /// A database or cache node.
  void store(const std::string& name, model::ServiceKind kind = model::ServiceKind::Database) { op(name, kind); }
  /// `calls` calls from -> to in `traces` traces (default: one trace per call).
  void call(const std::string& from, const std::string& to, std::uint64_t calls = 10, std::uint64_t traces = 0,
            model::InteractionKind kind = model::InteractionKind::Sync) {
    const auto a = op(from), b = op(to);
    auto& e = graph_.edge(graph_.add_edge(a, b, kind));
    e.calls += calls;
    e.traces += traces ? traces : calls;
  }
  /// A dependency only a manifest declares.
  void declare(const std::string& from, const std::string& to) {
    const auto a = op(from), b = op(to);
    graph_.edge(graph_.add_edge(a, b, model::InteractionKind::Sync)).declared = true;
  }
  void entry(const std::string& ref, std::uint64_t requests) { graph_.operation(op(ref)).entry_count += requests; }
  void self_time(const std::string& ref, double micros) { self_[op(ref)] = micros; }

  /// Fills invocations (entries + calls received) and self times (5 ms unless set).
  model::CallGraph finish() {
    for (model::OperationId o = 0; o < graph_.operation_count(); ++o) {
      auto& op = graph_.operation(o);
      op.invocations = op.entry_count;
      for (auto e : graph_.in_edges(o)) op.invocations += graph_.edge(e).calls;
      if (op.invocations == 0) continue;
      op.self_time.add(self_.count(o) ? self_[o] : 5000.0, op.invocations);
    }
    return std::move(graph_);
  }

 private:
  model::CallGraph graph_;
  std::map<model::OperationId, double> self_;
};

/// "kind/rule: a,b,c" for each finding, in report order.
inline std::vector<std::string> finding_keys(const analysis::AnalysisReport& report) {
  std::vector<std::string> keys;
  for (const auto& f : report.findings) {
    std::string key = std::string(analysis::to_string(f.kind)) + "/" + f.rule + ":";
    for (std::size_t i = 0; i < f.services.size(); ++i) key += (i ? "," : " ") + f.services[i];
    keys.push_back(key);
  }
  return keys;
}

}  // namespace nanoscope::test
