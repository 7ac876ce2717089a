// nanoscope graph JSON writer (format "nanoscope-graph", version 1; docs/graph-format.md).
#include <nlohmann/json.hpp>

#include "importers/graph_writers.hpp"
#include "model/partition.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::importers {
namespace {
using Json = nlohmann::ordered_json;

Json summary_json(const model::LatencySummary& s) {
  Json j;
  j["count"] = s.count();
  j["mean_us"] = s.mean_us();
  j["p50_us"] = s.quantile_us(0.50);
  j["p95_us"] = s.quantile_us(0.95);
  j["p99_us"] = s.quantile_us(0.99);
  j["min_us"] = s.min_us();
  j["max_us"] = s.max_us();
  j["sum_us"] = s.sum_us();
  j["histogram"] = {{"base", model::LatencySummary::kBase}, {"first", s.first_bucket()}, {"counts", s.buckets()}};
  return j;
}

Json latency_ms(const model::LatencySummary& s) {
  return {{"mean", s.mean_us() / 1000.0},
          {"p50", s.quantile_us(0.50) / 1000.0},
          {"p95", s.quantile_us(0.95) / 1000.0},
          {"p99", s.quantile_us(0.99) / 1000.0},
          {"max", s.max_us() / 1000.0}};
}

Json bytes_json(const model::ByteStats& b) { return {{"samples", b.samples}, {"total", b.total}}; }

Json deployment_json(const model::DeploymentFacts& d) {
  Json j = Json::object();
  if (d.replicas) j["replicas"] = *d.replicas;
  if (d.cpu_request_millicores) j["cpu_request_millicores"] = *d.cpu_request_millicores;
  if (d.cpu_limit_millicores) j["cpu_limit_millicores"] = *d.cpu_limit_millicores;
  if (d.memory_request_bytes) j["memory_request_bytes"] = *d.memory_request_bytes;
  if (d.memory_limit_bytes) j["memory_limit_bytes"] = *d.memory_limit_bytes;
  if (!d.images.empty()) j["images"] = d.images;
  if (!d.ports.empty()) j["ports"] = d.ports;
  if (!d.sources.empty()) j["sources"] = d.sources;
  return j;
}

}  // namespace

void write_graph_json(std::ostream& out, const model::CallGraph& graph, const model::Diagnostics* diagnostics) {
  auto sg = model::derive_service_graph(graph, model::Partition::observed(graph));
  std::size_t entries = 0;
  for (const auto& op : graph.operations()) entries += op.entry_count > 0;

  Json root;
  root["format"] = "nanoscope-graph";
  root["version"] = 1;
  root["summary"] = {{"services", graph.service_count()},
                     {"operations", graph.operation_count()},
                     {"operation_edges", graph.edge_count()},
                     {"service_edges", sg.edges.size()},
                     {"entry_operations", entries},
                     {"traces", graph.trace_count},
                     {"window_seconds", graph.window_seconds()}};
  if (graph.window_start_us && graph.window_end_us)
    root["window"] = {{"start_us", *graph.window_start_us}, {"end_us", *graph.window_end_us}};

  // Services sorted by name; operations by name inside each.
  Json services = Json::array();
  for (const auto& node : sg.nodes) {
    const auto sid = node.group;  // observed partition: group id == service id
    const auto& svc = graph.service(sid);
    Json s;
    s["name"] = svc.name;
    s["kind"] = model::to_string(svc.kind);
    s["observed"] = svc.observed;
    s["declared"] = svc.declared;
    if (!svc.deployment.empty()) s["deployment"] = deployment_json(svc.deployment);
    std::vector<model::OperationId> ops = graph.operations_of(sid);
    std::sort(ops.begin(), ops.end(),
              [&](auto a, auto b) { return graph.operation(a).name < graph.operation(b).name; });
    Json operations = Json::array();
    for (auto id : ops) {
      const auto& op = graph.operation(id);
      operations.push_back({{"name", op.name},
                            {"invocations", op.invocations},
                            {"entries", op.entry_count},
                            {"errors", op.errors},
                            {"duration", summary_json(op.duration)},
                            {"self_time", summary_json(op.self_time)}});
    }
    s["operations"] = std::move(operations);
    services.push_back(std::move(s));
  }
  root["services"] = std::move(services);

  Json edges = Json::array();
  for (const auto& e : sg.edges) {
    edges.push_back({{"from", sg.nodes[e.from].name},
                     {"to", sg.nodes[e.to].name},
                     {"kind", model::to_string(e.kind)},
                     {"calls", e.calls},
                     {"errors", e.errors},
                     {"declared", e.declared},
                     {"latency_ms", latency_ms(e.latency)}});
  }
  root["edges"] = std::move(edges);

  std::vector<model::EdgeId> order(graph.edge_count());
  for (model::EdgeId i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](model::EdgeId id) {
    const auto& e = graph.edge(id);
    const auto& f = graph.operation(e.from);
    const auto& t = graph.operation(e.to);
    return std::tie(graph.service(f.service).name, f.name, graph.service(t.service).name, t.name, e.kind);
  };
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return key(a) < key(b); });
  Json op_edges = Json::array();
  for (auto id : order) {
    const auto& e = graph.edge(id);
    const auto& f = graph.operation(e.from);
    const auto& t = graph.operation(e.to);
    Json j;
    j["from"] = {{"service", graph.service(f.service).name}, {"operation", f.name}};
    j["to"] = {{"service", graph.service(t.service).name}, {"operation", t.name}};
    j["kind"] = model::to_string(e.kind);
    j["protocol"] = model::to_string(e.protocol);
    j["calls"] = e.calls;
    j["errors"] = e.errors;
    j["traces"] = e.traces;
    j["multiplicity"] = e.multiplicity();
    j["declared"] = e.declared;
    if (!e.evidence.empty()) j["evidence"] = e.evidence;
    j["latency"] = summary_json(e.latency);
    if (e.request_bytes.samples) j["request_bytes"] = bytes_json(e.request_bytes);
    if (e.response_bytes.samples) j["response_bytes"] = bytes_json(e.response_bytes);
    op_edges.push_back(std::move(j));
  }
  root["operation_edges"] = std::move(op_edges);

  Json diags = Json::array();
  if (diagnostics)
    for (const auto& d : diagnostics->sorted())
      diags.push_back({{"severity", d.severity == model::Severity::Warning ? "warning" : "info"},
                       {"file", d.file},
                       {"code", d.code},
                       {"count", d.count},
                       {"message", d.message}});
  root["diagnostics"] = std::move(diags);
  out << root.dump(1) << '\n';
}

}  // namespace nanoscope::importers
