// Kiali-style graph JSON writer: the graph at service or operation level as Kiali's graph API
// returns it ({timestamp, duration, graphType, elements: {nodes, edges}}), read back by
// kiali_graph.cpp.
//
// \file What goes where:
// * The window: `timestamp` is the end of the graph's window rounded up to a second and
//   `duration` whole seconds back to (at least) its start; a graph without a window is written
//   with timestamp 0 and duration 1 (the importer then observes no window). Rates are calls
//   divided by that duration, written with all their digits so calls = rate x duration again.
// * Nodes: an app node per service (service level) or a Kiali aggregate node
//   (aggregate=request_operation, aggregateValue=operation, app=service) per operation;
//   External services (at operation level their "*" operation) are MESH_EXTERNAL service
//   entries. Ids are hashes of the node's key, as
//   Kiali's are. Entries (requests from outside) are edges from Kiali's "unknown" node.
// * Edges: grpc calls as grpc traffic (errors as grpcErr and response code 2), every other
//   protocol as http (errors as http5xx and code 500); an edge without calls (declared by a
//   manifest) has no traffic. responseTime is the p95 latency in ms where it is known. Kiali
//   has no async calls, interaction kinds or service kinds beyond external: they are not kept.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "importers/graph_writers.hpp"

namespace nanoscope::importers {
namespace {

using Json = nlohmann::ordered_json;

// FNV-1a, 64 bits, as 16 hex digits: stable ids like Kiali's md5 hashes.
std::string hash_id(std::string_view key) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : key) h = (h ^ c) * 0x100000001b3ull;
  return fmt::format("{:016x}", h);
}

std::string rate_text(std::uint64_t count, double duration) { return fmt::format("{}", static_cast<double>(count) / duration); }

struct Window {
  std::int64_t timestamp_s = 0;
  std::int64_t duration_s = 1;
};

Window window_of(const model::CallGraph& graph) {
  Window w;
  if (!graph.window_start_us || !graph.window_end_us) return w;
  const auto floor_s = [](std::int64_t us) { return us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000); };
  const std::int64_t start = floor_s(*graph.window_start_us);
  const std::int64_t end = -floor_s(-*graph.window_end_us);
  w.timestamp_s = std::max<std::int64_t>(end, 1);
  w.duration_s = std::max<std::int64_t>(w.timestamp_s - start, 1);
  return w;
}

Json node_json(const LevelNode& n, GraphLevel level) {
  Json d;
  d["id"] = hash_id(std::string(to_string(level)) + '\x1f' + n.service + '\x1f' + n.operation);
  const bool service_only = n.operation.empty() || n.operation == "*";
  if (level == GraphLevel::Operation && !(n.kind == model::ServiceKind::External && service_only)) {
    d["nodeType"] = "aggregate";
    d["namespace"] = "";
    d["app"] = n.service;
    d["aggregate"] = "request_operation";
    d["aggregateValue"] = n.operation.empty() ? std::string("*") : n.operation;
  } else if (n.kind == model::ServiceKind::External) {
    d["nodeType"] = "service";
    d["namespace"] = "";
    d["service"] = n.service;
    d["isServiceEntry"] = Json{{"location", "MESH_EXTERNAL"}, {"hosts", Json::array({n.service})}};
  } else {
    d["nodeType"] = "app";
    d["namespace"] = "";
    d["app"] = n.service;
  }
  return d;
}

Json traffic_json(bool grpc, std::uint64_t calls, std::uint64_t errors, double duration) {
  const std::string p = grpc ? "grpc" : "http";
  Json rates;
  rates[p] = rate_text(calls, duration);
  if (errors) {
    rates[grpc ? "grpcErr" : "http5xx"] = rate_text(errors, duration);
    rates[p + "PercentErr"] = fmt::format("{:.1f}", 100.0 * static_cast<double>(errors) / static_cast<double>(calls));
  }
  const auto share = [&](std::uint64_t n) {
    return Json{{"flags", {{"-", fmt::format("{:.1f}", 100.0 * static_cast<double>(n) / static_cast<double>(calls))}}}};
  };
  Json responses;
  if (calls > errors) responses[grpc ? "0" : "200"] = share(calls - errors);
  if (errors) responses[grpc ? "2" : "500"] = share(errors);
  return Json{{"protocol", p}, {"rates", rates}, {"responses", responses}};
}

}  // namespace

void write_graph_kiali(std::ostream& out, const model::CallGraph& graph, GraphLevel level) {
  const auto lg = level_graph(graph, level, /*self_loops=*/true);
  const Window window = window_of(graph);
  const auto duration = static_cast<double>(window.duration_s);
  Json nodes = Json::array(), edges = Json::array();
  std::vector<std::string> ids;
  std::uint64_t entries = 0;
  for (const auto& n : lg.nodes) {
    nodes.push_back(Json{{"data", node_json(n, level)}});
    ids.push_back(nodes.back()["data"]["id"]);
    entries += n.entries;
  }
  const std::string outside = hash_id("unknown");
  if (entries > 0) {
    nodes.push_back(Json{{"data",
                          {{"id", outside}, {"nodeType", "unknown"}, {"namespace", "unknown"}, {"workload", "unknown"},
                           {"app", "unknown"}, {"version", "unknown"}, {"isRoot", true}}}});
    for (std::size_t i = 0; i < lg.nodes.size(); ++i)
      if (lg.nodes[i].entries)
        edges.push_back(Json{{"data",
                              {{"id", hash_id(outside + ids[i])},
                               {"source", outside},
                               {"target", ids[i]},
                               {"traffic", traffic_json(false, lg.nodes[i].entries, 0, duration)}}}});
  }
  for (const auto& e : lg.edges) {
    Json d{{"id", hash_id(ids[e.from] + ids[e.to] + std::string(model::to_string(e.kind)))},
           {"source", ids[e.from]},
           {"target", ids[e.to]}};
    if (e.calls) {
      d["traffic"] = traffic_json(e.protocol == model::Protocol::Grpc, e.calls, std::min(e.errors, e.calls), duration);
      if (!e.latency.empty()) d["responseTime"] = fmt::format("{}", e.latency.quantile_us(0.95) / 1000.0);
    }
    edges.push_back(Json{{"data", std::move(d)}});
  }
  Json doc{{"timestamp", window.timestamp_s},
           {"duration", window.duration_s},
           {"graphType", "app"},
           {"elements", {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}}}};
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace nanoscope::importers
