// Kiali graph JSON (app, versionedApp, workload and service graphs of an Istio mesh) ->
// aggregated service-to-service calls over the graph's window.
//
// \file Decisions:
// * Node ids are hashes: edges are resolved through the node table; an edge naming a node
//   that is not in it is an error. Boxes (isBox / isGroup compound nodes) group other nodes and
//   carry no traffic: skipped and counted.
// * Names: an app node is its app (the versions of a versioned-app graph merge into one
//   service), a workload its name by detail::versioned_workload_name (the Kubernetes importer's
//   rule: details-v1 labelled app=details, version=v1 is "details"), a service node its service.
//   A name found in several namespaces is qualified as name.namespace; clusters are not told
//   apart. An aggregate node (request_operation=GetReviews) is that operation of the service it
//   belongs to (its service or app field).
// * The "unknown" source node is the world outside the mesh: its requests are entries into
//   their target. The "unknown" service (requests Istio could not route, 404 NR) is one
//   External node "(unknown)". Service entries: MESH_EXTERNAL is External.
// * Edges: rates are requests per second; calls = rate x duration (errors likewise: http
//   4xx + 5xx + no response, grpc non-OK), taken from the response codes when the error rates
//   are absent. tcp rates are bytes per second, not requests: a tcp edge (and an edge without
//   traffic) is a dependency without calls. A service node's hop to its own workload (caller ->
//   service -> app of the same name, as injected service nodes draw it) is skipped, its requests
//   already counted on the edge into the service node; so is an aggregate node's hop to its own
//   service or app.
// * Latency: Kiali graphs carry none unless the responseTime appender ran; then that one
//   quantile (Kiali's default: p95) is each call's latency. Either way a diagnostic says so.
// * The window ends at `timestamp` and lasts `duration` seconds; timestamp 0 gives no window.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "importers/formats.hpp"
#include "importers/kiali_graph_reader.hpp"
#include "importers/workload_naming.hpp"

namespace nanoscope::importers {
namespace {

using detail::KialiDocument;
using detail::KialiEdge;
using detail::KialiNode;

enum class Role { Service, Outside, Box };

struct Resolved {
  Role role = Role::Service;
  std::string service, operation;  // operation empty: "*"
  model::ServiceKind kind = model::ServiceKind::Service;
  bool hop_source = false;  // a service or aggregate node: its edge to its own service is a hop
  bool aggregate = false;
};

bool is_unknown(std::string_view s) { return s.empty() || s == "unknown"; }

double rate(const KialiEdge& e, std::string_view name) {
  for (const auto& [key, value] : e.rates)
    if (key == name) return value;
  return 0;
}

bool has_rate(const KialiEdge& e, std::string_view name) {
  return std::any_of(e.rates.begin(), e.rates.end(), [&](const auto& r) { return r.first == name; });
}

// The share (0..1) of an edge's requests whose response code is an error.
double error_share_from_responses(const KialiEdge& e, bool grpc) {
  double percent = 0;
  for (const auto& [code, share] : e.responses) {
    const bool error = grpc ? code != "0" : (code == "-" || code.starts_with('4') || code.starts_with('5'));
    if (error) percent += share;
  }
  return std::min(percent, 100.0) / 100.0;
}

class KialiImporter {
 public:
  KialiImporter(const InputFile& file, GraphBuilder& builder) : file_(file), builder_(builder) {}

  std::uint64_t run() {
    doc_ = detail::read_kiali_document(file_);
    if (!doc_.duration_s || *doc_.duration_s <= 0 || !std::isfinite(*doc_.duration_s))
      file_.fail_at(0, "kiali graph has no positive \"duration\": its request rates cannot become calls");
    index_nodes();
    name_nodes();
    for (const KialiEdge& e : doc_.edges) add_edge(e);
    for (std::size_t i = 0; i < doc_.nodes.size(); ++i)
      if (!touched_[i] && resolved_[i].role == Role::Service) declare_idle(i);
    report();
    return doc_.nodes.size() + doc_.edges.size();
  }

 private:
  void index_nodes() {
    for (std::size_t i = 0; i < doc_.nodes.size(); ++i)
      if (!by_id_.emplace(doc_.nodes[i].id, i).second)
        file_.fail_at(doc_.nodes[i].offset, "node id \"" + doc_.nodes[i].id + "\" appears twice");
    touched_.assign(doc_.nodes.size(), false);
  }

  std::size_t node_of(const std::string& id, const KialiEdge& e) const {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) file_.fail_at(e.offset, "edge names node \"" + id + "\", which is not among the nodes");
    return it->second;
  }

  // Base names first, then the namespace added to names that occur in several namespaces.
  void name_nodes() {
    resolved_.resize(doc_.nodes.size());
    std::map<std::string, std::set<std::string>> namespaces;
    for (std::size_t i = 0; i < doc_.nodes.size(); ++i) {
      resolved_[i] = base_name(doc_.nodes[i]);
      if (resolved_[i].role == Role::Service && !is_unknown(doc_.nodes[i].ns))
        namespaces[resolved_[i].service].insert(doc_.nodes[i].ns);
    }
    for (std::size_t i = 0; i < doc_.nodes.size(); ++i) {
      auto& r = resolved_[i];
      if (r.role != Role::Service) continue;
      if (is_unknown(doc_.nodes[i].ns)) continue;
      if (auto it = namespaces.find(r.service); it != namespaces.end() && it->second.size() > 1) {
        r.service += "." + doc_.nodes[i].ns;
        ++qualified_;
      }
    }
  }

  Resolved base_name(const KialiNode& n) {
    Resolved r;
    if (n.is_box) {
      r.role = Role::Box;
      ++boxes_;
      return r;
    }
    const std::string& type = n.node_type;
    if (type == "unknown") {
      r.role = Role::Outside;
      return r;
    }
    if (type == "service") {
      r.hop_source = true;
      r.service = n.service;
      if (n.service_entry == "MESH_EXTERNAL") r.kind = model::ServiceKind::External;
      if (!n.service_entry.empty()) ++service_entries_;
    } else if (type == "app") {
      r.service = n.app.empty() ? n.workload : n.app;
      if (!n.version.empty() && !n.app.empty()) versions_.insert(n.ns + "/" + n.app + "/" + n.version);
    } else if (type == "workload") {
      r.service = detail::versioned_workload_name(n.workload, n.app, !n.version.empty());
      if (r.service != n.workload) versions_.insert(n.ns + "/" + n.workload);
    } else if (type == "aggregate") {
      r.hop_source = r.aggregate = true;
      r.service = !n.service.empty() ? n.service : n.app;
      r.operation = n.aggregate_value;
      ++aggregates_;
    } else {
      r.service = !n.service.empty() ? n.service : (!n.app.empty() ? n.app : n.workload);
      ++other_types_;
    }
    if (is_unknown(r.service)) {
      r.service = std::string(kUnknownService);
      r.kind = model::ServiceKind::External;
      r.hop_source = false;
    }
    return r;
  }

  void add_edge(const KialiEdge& e) {
    const std::size_t s = node_of(e.source, e), t = node_of(e.target, e);
    const Resolved& from = resolved_[s];
    const Resolved& to = resolved_[t];
    if (from.role == Role::Box || to.role == Role::Box) {
      ++box_edges_;
      return;
    }
    touched_[s] = touched_[t] = true;
    if (to.role == Role::Outside) {
      ++to_outside_;
      return;
    }
    // caller -> [aggregate ->] [service ->] app: the later hops carry the same requests again.
    if (from.hop_source && from.service == to.service && (!to.hop_source || (from.aggregate && !to.aggregate))) {
      ++hops_;
      return;
    }
    const double duration = *doc_.duration_s;
    const bool grpc = e.protocol == "grpc";
    if (e.protocol != "http" && !grpc) {
      declare(from, to, e);
      return;
    }
    const std::string p(e.protocol);
    const double requests = rate(e, p);
    double errors = 0;
    if (grpc && (has_rate(e, "grpcErr") || has_rate(e, "grpcNoResponse")))
      errors = rate(e, "grpcErr") + rate(e, "grpcNoResponse");
    else if (!grpc && (has_rate(e, "http4xx") || has_rate(e, "http5xx") || has_rate(e, "httpNoResponse")))
      errors = rate(e, "http4xx") + rate(e, "http5xx") + rate(e, "httpNoResponse");
    else
      errors = requests * error_share_from_responses(e, grpc);
    CallRecord call;
    call.calls = static_cast<std::uint64_t>(std::llround(std::min(requests * duration, 1e18)));
    call.errors = std::min(call.calls, static_cast<std::uint64_t>(std::llround(std::min(errors * duration, 1e18))));
    if (call.calls == 0) {
      ++below_one_call_;
      declare(from, to, e);
      return;
    }
    call.protocol = grpc ? model::Protocol::Grpc : model::Protocol::Http;
    call.to_service = to.service;
    call.to_operation = to.operation;
    call.to_kind = to.kind;
    if (from.role == Role::Outside) {
      entries_ += call.calls;
      ++entry_edges_;
    } else {
      call.from_service = from.service;
      call.from_operation = from.operation;
      call.from_kind = from.kind;
    }
    if (e.response_time_ms) {
      call.latency_us = *e.response_time_ms * 1000.0;
      ++timed_edges_;
    }
    if (doc_.timestamp_s && *doc_.timestamp_s > 0) {
      call.timestamp_us = static_cast<std::int64_t>(std::llround((*doc_.timestamp_s - duration) * 1e6));
      call.last_timestamp_us = static_cast<std::int64_t>(std::llround(*doc_.timestamp_s * 1e6));
    }
    builder_.add_call(call);
    ++call_edges_;
  }

  // A dependency seen in the mesh without a request count (tcp bytes, an idle edge).
  void declare(const Resolved& from, const Resolved& to, const KialiEdge& e) {
    if (from.role == Role::Outside) {
      ++outside_without_requests_;
      return;
    }
    const std::string evidence =
        e.protocol.empty() ? std::string("kiali edge without traffic")
                           : "kiali " + e.protocol + " traffic" +
                                 (e.protocol == "tcp" ? " " + std::to_string(std::llround(rate(e, "tcp"))) + " B/s" : "");
    DependencyDecl decl;
    decl.from = from.service;
    decl.to = to.service;
    decl.evidence = evidence;
    builder_.declare_dependency(decl);
    ++(e.protocol == "tcp" ? tcp_edges_ : idle_edges_);
  }

  void declare_idle(std::size_t i) {
    ServiceDecl decl;
    decl.name = resolved_[i].service;
    decl.kind = resolved_[i].kind;
    builder_.declare_service(decl);
    ++idle_nodes_;
  }

  void report() {
    auto info = [&](std::uint64_t n, const char* code, const std::string& message) {
      if (n) builder_.info(code, message, n);
    };
    const std::string type = doc_.graph_type.empty() ? std::string("untyped") : doc_.graph_type;
    info(call_edges_, "kiali-rates",
         type + " graph: request rates x the " + std::to_string(std::llround(*doc_.duration_s)) +
             " s window = calls (one aggregated call record per edge)");
    if (call_edges_ > timed_edges_)
      builder_.info("no-latency",
                    "kiali edges carry request rates but no latency (no responseTime): latencies are unknown, "
                    "not invented",
                    call_edges_ - timed_edges_);
    info(timed_edges_, "single-latency-value",
         "an edge's responseTime (one quantile, p95 by Kiali's default) is taken as every call's latency");
    info(entry_edges_, "entries-from-unknown",
         "requests from the \"unknown\" node (outside the mesh) are entries into their target (" +
             std::to_string(entries_) + " requests)");
    info(tcp_edges_, "tcp-without-requests", "tcp edges carry bytes per second, not requests: kept as dependencies "
                                             "without calls");
    info(idle_edges_, "edge-without-traffic", "an edge without http or grpc traffic: kept as a dependency without calls");
    info(below_one_call_, "rate-below-one-call", "an edge's rate gives less than one call over the window");
    info(outside_without_requests_, "outside-without-requests",
         "an edge from the \"unknown\" node without requests (tcp or idle); skipped");
    info(hops_, "service-hop", "an edge from a service or aggregate node to its own service's node: its requests are "
                               "already counted on the edge into it; skipped");
    info(boxes_, "box", "compound nodes (app, namespace or cluster boxes) group other nodes; not services");
    info(box_edges_, "box-edge", "an edge to or from a box; skipped");
    info(to_outside_, "edge-to-unknown-node", "an edge into the \"unknown\" source node; skipped");
    info(versions_.size(), "versions-merged", "versioned apps or workloads merged into their app's service");
    info(qualified_, "namespace-qualified", "a name found in several namespaces is written name.namespace");
    info(aggregates_, "aggregate-node", "aggregate nodes are operations of their service");
    info(service_entries_, "service-entry", "service entry nodes (MESH_EXTERNAL ones are external)");
    info(idle_nodes_, "idle-node", "a node without edges is declared as a service without calls");
    info(other_types_, "unknown-node-type", "a node of an unknown nodeType is named by its service, app or workload");
  }

  const InputFile& file_;
  GraphBuilder& builder_;
  KialiDocument doc_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::vector<Resolved> resolved_;
  std::vector<bool> touched_;
  std::set<std::string> versions_;
  std::uint64_t qualified_ = 0, boxes_ = 0, box_edges_ = 0, aggregates_ = 0, service_entries_ = 0, other_types_ = 0,
                hops_ = 0, to_outside_ = 0, tcp_edges_ = 0, idle_edges_ = 0, below_one_call_ = 0, entries_ = 0,
                entry_edges_ = 0, timed_edges_ = 0, call_edges_ = 0, idle_nodes_ = 0, outside_without_requests_ = 0;
};

}  // namespace

std::uint64_t import_kiali_graph(const InputFile& file, GraphBuilder& builder) {
  return KialiImporter(file, builder).run();
}

}  // namespace nanoscope::importers
