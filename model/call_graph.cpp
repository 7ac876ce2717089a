// CallGraph: find-or-add of services, operations and edges; per-operation edge lists in id order.
#include "model/call_graph.hpp"

#include <algorithm>

#include "model/value_ranges.hpp"

namespace nanoscope::model {
namespace {
template <typename T>
void sorted_union(std::vector<T>& into, const std::vector<T>& from) {
  into.insert(into.end(), from.begin(), from.end());
  std::sort(into.begin(), into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}
std::uint64_t key_of(OperationId from, OperationId to) {
  return (static_cast<std::uint64_t>(from) << 32) | to;
}
}  // namespace

void DeploymentFacts::merge(const DeploymentFacts& other) {
  if (!replicas) replicas = other.replicas;
  if (!cpu_request_millicores) cpu_request_millicores = other.cpu_request_millicores;
  if (!cpu_limit_millicores) cpu_limit_millicores = other.cpu_limit_millicores;
  if (!memory_request_bytes) memory_request_bytes = other.memory_request_bytes;
  if (!memory_limit_bytes) memory_limit_bytes = other.memory_limit_bytes;
  sorted_union(images, other.images);
  sorted_union(ports, other.ports);
  sorted_union(sources, other.sources);
}

bool DeploymentFacts::empty() const {
  return !replicas && !cpu_request_millicores && !cpu_limit_millicores && !memory_request_bytes &&
         !memory_limit_bytes && images.empty() && ports.empty() && sources.empty();
}

namespace {
// A name seen again with another kind: only the default kind (Service) gives way, and only to
// a kind that says what the node is (database, cache, broker, client). "External" means "not
// instrumented, seen from a caller" and never relabels a service that is already known.
bool upgrades_kind(ServiceKind current, ServiceKind seen) {
  return current == ServiceKind::Service && seen != ServiceKind::Service && seen != ServiceKind::External;
}
}  // namespace

ServiceId CallGraph::add_service(std::string_view name, ServiceKind kind) {
  auto found = service_index_.find(name);
  if (found != service_index_.end()) {
    auto& svc = services_[found->second];
    if (upgrades_kind(svc.kind, kind)) svc.kind = kind;
    return found->second;
  }
  auto [it, inserted] = service_index_.try_emplace(std::string(name), static_cast<ServiceId>(services_.size()));
  if (inserted) {
    services_.push_back(Service{std::string(name), kind, {}, false, false, {}});
    ops_of_.emplace_back();
    operation_index_.emplace_back();
  } else if (upgrades_kind(services_[it->second].kind, kind)) {
    services_[it->second].kind = kind;
  }
  return it->second;
}

OperationId CallGraph::add_operation(ServiceId service, std::string_view name) {
  auto& index = operation_index_[service];
  if (auto found = index.find(name); found != index.end()) return found->second;
  auto [it, inserted] = index.try_emplace(std::string(name), static_cast<OperationId>(operations_.size()));
  if (inserted) {
    Operation op;
    op.name = std::string(name);
    op.service = service;
    operations_.push_back(std::move(op));
    ops_of_[service].push_back(it->second);
    out_.emplace_back();
    in_.emplace_back();
  }
  return it->second;
}

EdgeId CallGraph::add_edge(OperationId from, OperationId to, InteractionKind kind) {
  auto& index = edge_index_[static_cast<int>(kind)];
  auto [it, inserted] = index.try_emplace(key_of(from, to), static_cast<EdgeId>(edges_.size()));
  if (inserted) {
    Edge e;
    e.from = from;
    e.to = to;
    e.kind = kind;
    edges_.push_back(std::move(e));
    out_[from].push_back(it->second);
    in_[to].push_back(it->second);
  }
  return it->second;
}

std::optional<ServiceId> CallGraph::find_service(std::string_view name) const {
  auto it = service_index_.find(name);
  if (it == service_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<OperationId> CallGraph::find_operation(ServiceId service, std::string_view name) const {
  if (service >= operation_index_.size()) return std::nullopt;
  auto it = operation_index_[service].find(name);
  if (it == operation_index_[service].end()) return std::nullopt;
  return it->second;
}

std::optional<EdgeId> CallGraph::find_edge(OperationId from, OperationId to, InteractionKind kind) const {
  const auto& index = edge_index_[static_cast<int>(kind)];
  auto it = index.find(key_of(from, to));
  if (it == index.end()) return std::nullopt;
  return it->second;
}

void CallGraph::merge(const CallGraph& other) {
  const auto input_offset = static_cast<std::uint32_t>(inputs.size());
  inputs.insert(inputs.end(), other.inputs.begin(), other.inputs.end());
  merge_content(other, nullptr, input_offset);
}

void CallGraph::merge(const CallGraph& other, const std::vector<std::uint32_t>& input_map) {
  for (std::size_t i = 0; i < other.inputs.size(); ++i) {
    const InputSource& from = other.inputs[i];
    InputSource& into = inputs.at(input_map.at(i));
    add_saturating(into.records, from.records);
    add_saturating(into.traces, from.traces);
    if (from.has_window()) into.observe_window(*from.window_start_us, *from.window_end_us);
  }
  merge_content(other, &input_map, 0);
}

void CallGraph::merge_content(const CallGraph& other, const std::vector<std::uint32_t>* input_map,
                              std::uint32_t input_offset) {
  // The inputs of `other`'s services and edges, in this graph's numbering.
  auto follow_inputs = [&](InputSet& into, const InputSet& from) {
    if (!input_map) return add_inputs(into, from, input_offset);
    for (const std::uint32_t i : from) add_input(into, (*input_map)[i]);
  };
  std::vector<OperationId> op_map(other.operation_count());
  std::vector<ServiceId> svc_map(other.service_count());
  for (ServiceId s = 0; s < other.service_count(); ++s) {
    const auto& os = other.service(s);
    svc_map[s] = add_service(os.name, os.kind);
    auto& mine = services_[svc_map[s]];
    mine.observed = mine.observed || os.observed;
    mine.declared = mine.declared || os.declared;
    mine.deployment.merge(os.deployment);
    follow_inputs(mine.inputs, os.inputs);
  }
  for (OperationId o = 0; o < other.operation_count(); ++o) {
    const auto& oo = other.operation(o);
    op_map[o] = add_operation(svc_map[oo.service], oo.name);
    auto& mine = operations_[op_map[o]];
    add_saturating(mine.invocations, oo.invocations);
    add_saturating(mine.entry_count, oo.entry_count);
    add_saturating(mine.errors, oo.errors);
    mine.duration.merge(oo.duration);
    mine.self_time.merge(oo.self_time);
    for (const auto t : oo.arrivals_us) record_arrival(op_map[o], t);
  }
  add_saturating(arrivals_not_kept, other.arrivals_not_kept);
  for (const auto& oe : other.edges()) {
    auto& mine = edges_[add_edge(op_map[oe.from], op_map[oe.to], oe.kind)];
    add_saturating(mine.calls, oe.calls);
    add_saturating(mine.errors, oe.errors);
    add_saturating(mine.traces, oe.traces);
    add_saturating(mine.parallel_calls, oe.parallel_calls);
    mine.latency.merge(oe.latency);
    mine.request_bytes.merge(oe.request_bytes);
    mine.response_bytes.merge(oe.response_bytes);
    if (mine.protocol == Protocol::Unknown) mine.protocol = oe.protocol;
    mine.declared = mine.declared || oe.declared;
    if (mine.evidence.empty()) mine.evidence = oe.evidence;
    follow_inputs(mine.inputs, oe.inputs);
  }
  if (other.window_start_us && other.window_end_us) observe_window(*other.window_start_us, *other.window_end_us);
  add_saturating(trace_count, other.trace_count);
}

bool CallGraph::record_arrival(OperationId op, std::int64_t start_us) {
  if (arrivals_kept_ >= kMaxArrivals) {
    ++arrivals_not_kept;
    return false;
  }
  operations_[op].arrivals_us.push_back(start_us);
  ++arrivals_kept_;
  return true;
}

double CallGraph::window_seconds() const {
  if (!window_start_us || !window_end_us || *window_end_us <= *window_start_us) return 0.0;
  return static_cast<double>(saturating_sub(*window_end_us, *window_start_us)) / 1e6;
}

void CallGraph::observe_window(std::int64_t start_us, std::int64_t end_us) {
  if (end_us < start_us) std::swap(start_us, end_us);
  window_start_us = window_start_us ? std::min(*window_start_us, start_us) : start_us;
  window_end_us = window_end_us ? std::max(*window_end_us, end_us) : end_us;
}

}  // namespace nanoscope::model
