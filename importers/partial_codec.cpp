// Fixed-width little-endian fields, strings with a length, optionals with a flag byte.
#include "importers/partial_codec.hpp"

#include "model/byte_codec.hpp"

#include <stdexcept>

namespace nanoscope::importers {
namespace {

using Reader = model::ByteReader;
using Writer = model::ByteWriter;

void put_summary(Writer& w, const model::LatencySummary& s) {
  w.put(s.count());
  w.put(s.sum_us());
  w.put(s.min_us());
  w.put(s.max_us());
  w.put(s.first_bucket());
  w.list(s.buckets());
}

model::LatencySummary get_summary(Reader& r) {
  const auto count = r.get<std::uint64_t>();
  const auto sum = r.get<double>(), min = r.get<double>(), max = r.get<double>();
  const auto first = r.get<std::uint32_t>();
  std::vector<std::uint64_t> buckets;
  r.list<std::uint64_t>(buckets);
  model::LatencySummary s;
  if (!model::LatencySummary::restore(count, sum, min, max, first, std::move(buckets), s))
    throw std::runtime_error("corrupt message between ranks (latency summary)");
  return s;
}

void put_inputs(Writer& w, const model::InputSet& set) { w.list(set); }
model::InputSet get_inputs(Reader& r) {
  model::InputSet set;
  r.list<std::uint32_t>(set);
  return set;
}

void put_strings(Writer& w, const std::vector<std::string>& items) {
  w.put<std::uint64_t>(items.size());
  for (const auto& s : items) w.str(s);
}
std::vector<std::string> get_strings(Reader& r) {
  std::vector<std::string> items(r.count());
  for (auto& s : items) s = r.str();
  return items;
}

void put_graph(Writer& w, const model::CallGraph& g) {
  w.opt(g.window_start_us);
  w.opt(g.window_end_us);
  w.put(g.trace_count);
  w.put(g.arrivals_not_kept);
  w.put<std::uint64_t>(g.inputs.size());
  for (const auto& in : g.inputs) {
    w.str(in.path);
    w.str(in.format);
    w.put(in.records);
    w.put(in.traces);
    w.opt(in.window_start_us);
    w.opt(in.window_end_us);
  }
  w.put<std::uint64_t>(g.service_count());
  for (const auto& s : g.services()) {
    w.str(s.name);
    w.put(s.kind);
    w.put<std::uint8_t>(s.observed);
    w.put<std::uint8_t>(s.declared);
    put_inputs(w, s.inputs);
    const auto& d = s.deployment;
    w.opt(d.replicas);
    w.opt(d.cpu_request_millicores);
    w.opt(d.cpu_limit_millicores);
    w.opt(d.memory_request_bytes);
    w.opt(d.memory_limit_bytes);
    put_strings(w, d.images);
    w.list(d.ports);
    put_strings(w, d.sources);
  }
  w.put<std::uint64_t>(g.operation_count());
  for (const auto& op : g.operations()) {
    w.str(op.name);
    w.put(op.service);
    w.put(op.invocations);
    w.put(op.entry_count);
    w.put(op.errors);
    put_summary(w, op.duration);
    put_summary(w, op.self_time);
    w.list(op.arrivals_us);
  }
  w.put<std::uint64_t>(g.edge_count());
  for (const auto& e : g.edges()) {
    w.put(e.from);
    w.put(e.to);
    w.put(e.kind);
    w.put(e.protocol);
    w.put(e.calls);
    w.put(e.errors);
    w.put(e.traces);
    w.put(e.parallel_calls);
    put_summary(w, e.latency);
    w.put(e.request_bytes.samples);
    w.put(e.request_bytes.total);
    w.put(e.response_bytes.samples);
    w.put(e.response_bytes.total);
    w.put<std::uint8_t>(e.declared);
    w.str(e.evidence);
    put_inputs(w, e.inputs);
  }
}

model::CallGraph get_graph(Reader& r) {
  model::CallGraph g;
  g.window_start_us = r.opt<std::int64_t>();
  g.window_end_us = r.opt<std::int64_t>();
  g.trace_count = r.get<std::uint64_t>();
  const auto not_kept = r.get<std::uint64_t>();
  g.inputs.resize(r.count());
  for (auto& in : g.inputs) {
    in.path = r.str();
    in.format = r.str();
    in.records = r.get<std::uint64_t>();
    in.traces = r.get<std::uint64_t>();
    in.window_start_us = r.opt<std::int64_t>();
    in.window_end_us = r.opt<std::int64_t>();
  }
  const auto services = r.count();
  for (std::uint64_t k = 0; k < services; ++k) {
    const std::string name = r.str();
    const auto kind = r.get<model::ServiceKind>();
    if (g.add_service(name, kind) != k) throw std::runtime_error("corrupt message between ranks (services)");
    auto& s = g.service(static_cast<model::ServiceId>(k));
    s.kind = kind;
    s.observed = r.get<std::uint8_t>() != 0;
    s.declared = r.get<std::uint8_t>() != 0;
    s.inputs = get_inputs(r);
    auto& d = s.deployment;
    d.replicas = r.opt<int>();
    d.cpu_request_millicores = r.opt<double>();
    d.cpu_limit_millicores = r.opt<double>();
    d.memory_request_bytes = r.opt<double>();
    d.memory_limit_bytes = r.opt<double>();
    d.images = get_strings(r);
    r.list<int>(d.ports);
    d.sources = get_strings(r);
  }
  const auto operations = r.count();
  for (std::uint64_t k = 0; k < operations; ++k) {
    const std::string name = r.str();
    const auto service = r.get<model::ServiceId>();
    if (service >= g.service_count() || g.add_operation(service, name) != k)
      throw std::runtime_error("corrupt message between ranks (operations)");
    auto& op = g.operation(static_cast<model::OperationId>(k));
    op.invocations = r.get<std::uint64_t>();
    op.entry_count = r.get<std::uint64_t>();
    op.errors = r.get<std::uint64_t>();
    op.duration = get_summary(r);
    op.self_time = get_summary(r);
    std::vector<std::int64_t> arrivals;
    r.list<std::int64_t>(arrivals);
    for (const auto t : arrivals) g.record_arrival(static_cast<model::OperationId>(k), t);
  }
  const auto edges = r.count();
  for (std::uint64_t k = 0; k < edges; ++k) {
    const auto from = r.get<model::OperationId>(), to = r.get<model::OperationId>();
    const auto kind = r.get<model::InteractionKind>();
    if (from >= g.operation_count() || to >= g.operation_count() || g.add_edge(from, to, kind) != k)
      throw std::runtime_error("corrupt message between ranks (edges)");
    auto& e = g.edge(static_cast<model::EdgeId>(k));
    e.protocol = r.get<model::Protocol>();
    e.calls = r.get<std::uint64_t>();
    e.errors = r.get<std::uint64_t>();
    e.traces = r.get<std::uint64_t>();
    e.parallel_calls = r.get<std::uint64_t>();
    e.latency = get_summary(r);
    e.request_bytes.samples = r.get<std::uint64_t>();
    e.request_bytes.total = r.get<double>();
    e.response_bytes.samples = r.get<std::uint64_t>();
    e.response_bytes.total = r.get<double>();
    e.declared = r.get<std::uint8_t>() != 0;
    e.evidence = r.str();
    e.inputs = get_inputs(r);
  }
  g.arrivals_not_kept = not_kept;
  return g;
}

void put_diagnostics(Writer& w, const model::Diagnostics& diagnostics) {
  const auto all = diagnostics.sorted();
  w.put<std::uint64_t>(all.size());
  for (const auto& d : all) {
    w.put(d.severity);
    w.str(d.file);
    w.str(d.code);
    w.str(d.message);
    w.put(d.count);
  }
}

model::Diagnostics get_diagnostics(Reader& r) {
  model::Diagnostics diagnostics;
  const auto n = r.count();
  for (std::uint64_t k = 0; k < n; ++k) {
    const auto severity = r.get<model::Severity>();
    const std::string file = r.str(), code = r.str(), message = r.str();
    diagnostics.report(severity, file, code, message, r.get<std::uint64_t>());
  }
  return diagnostics;
}

void put_files(Writer& w, const std::vector<FileSummary>& files) {
  w.put<std::uint64_t>(files.size());
  for (const auto& f : files) {
    w.str(f.path);
    w.str(f.format);
    w.put(f.records);
    w.put(f.bytes);
  }
}

std::vector<FileSummary> get_files(Reader& r) {
  std::vector<FileSummary> files(r.count());
  for (auto& f : files) {
    f.path = r.str();
    f.format = r.str();
    f.records = r.get<std::uint64_t>();
    f.bytes = r.get<std::uint64_t>();
  }
  return files;
}

void expect_end(const Reader& r) {
  if (!r.done()) throw std::runtime_error("corrupt message between ranks (trailing bytes)");
}

}  // namespace

std::string encode_plan(const ImportPlan& plan) {
  Writer w;
  w.put<std::uint64_t>(plan.units.size());
  for (const auto& u : plan.units) {
    w.str(u.path);
    w.opt(u.format);
    w.put(u.bytes);
    w.put<std::uint8_t>(u.archive ? 1 : 0);
  }
  put_files(w, plan.empty_files);
  put_diagnostics(w, plan.diagnostics);
  w.str(plan.empty_input_source);
  return w.take();
}

ImportPlan decode_plan(std::string_view bytes) {
  Reader r(bytes);
  ImportPlan plan;
  plan.units.resize(r.count());
  for (auto& u : plan.units) {
    u.path = r.str();
    u.format = r.opt<Format>();
    u.bytes = r.get<std::uint64_t>();
    u.archive = r.get<std::uint8_t>() != 0;
  }
  plan.empty_files = get_files(r);
  plan.diagnostics = get_diagnostics(r);
  plan.empty_input_source = r.str();
  expect_end(r);
  return plan;
}

namespace {

void put_joined(Writer& w, const JoinedCalls& j) {
  w.put<std::uint64_t>(j.calls().size());
  for (const auto& [key, stats] : j.calls()) {
    w.str(key.from_service);
    w.str(key.from_operation);
    w.str(key.to_service);
    w.str(key.to_operation);
    w.put(key.kind);
    w.put(key.protocol);
    w.put(key.to_kind);
    w.put(stats.calls);
    w.put(stats.traces);
    w.put(stats.parallel);
    put_summary(w, stats.latency);
    put_summary(w, stats.self_time);
    w.opt(stats.first_us);
    w.opt(stats.last_us);
  }
  w.put<std::uint64_t>(j.entries().size());
  for (const auto& [key, stats] : j.entries()) {
    w.str(key.service);
    w.str(key.operation);
    w.put(stats.count);
    put_summary(w, stats.duration);
    put_summary(w, stats.self_time);
  }
  w.put<std::uint64_t>(j.traces().size());
  for (const auto& [unit, count] : j.traces()) {
    w.put(unit);
    w.put(count);
  }
  put_diagnostics(w, j.diagnostics());
}

JoinedCalls get_joined(Reader& r) {
  JoinedCalls j;
  const auto calls = r.count();
  for (std::uint64_t k = 0; k < calls; ++k) {
    JoinedCalls::CallKey key;
    key.from_service = r.str();
    key.from_operation = r.str();
    key.to_service = r.str();
    key.to_operation = r.str();
    key.kind = r.get<model::InteractionKind>();
    key.protocol = r.get<model::Protocol>();
    key.to_kind = r.get<model::ServiceKind>();
    auto& stats = j.calls()[std::move(key)];
    stats.calls = r.get<std::uint64_t>();
    stats.traces = r.get<std::uint64_t>();
    stats.parallel = r.get<std::uint64_t>();
    stats.latency = get_summary(r);
    stats.self_time = get_summary(r);
    stats.first_us = r.opt<std::int64_t>();
    stats.last_us = r.opt<std::int64_t>();
  }
  const auto entries = r.count();
  for (std::uint64_t k = 0; k < entries; ++k) {
    JoinedCalls::EntryKey key;
    key.service = r.str();
    key.operation = r.str();
    auto& stats = j.entries()[std::move(key)];
    stats.count = r.get<std::uint64_t>();
    stats.duration = get_summary(r);
    stats.self_time = get_summary(r);
  }
  const auto traces = r.count();
  for (std::uint64_t k = 0; k < traces; ++k) {
    const auto unit = r.get<std::uint32_t>();
    j.traces()[unit] = r.get<std::uint64_t>();
  }
  j.diagnostics() = get_diagnostics(r);
  return j;
}

}  // namespace

std::string encode_rank_result(const RankResult& result) {
  Writer w;
  w.put<std::uint64_t>(result.partials.size());
  for (const auto& p : result.partials) {
    w.put<std::uint64_t>(p.first_unit);
    w.put<std::uint64_t>(p.end_unit);
    w.put<std::uint8_t>(p.declined ? 1 : 0);
    put_graph(w, p.graph);
    put_files(w, p.files);
    w.put<std::uint64_t>(p.input_files.size());
    for (const auto& [input, file] : p.input_files) {
      w.put<std::uint32_t>(input);
      w.put<std::uint64_t>(file);
    }
    put_diagnostics(w, p.diagnostics);
  }
  put_joined(w, result.joined);
  return w.take();
}

RankResult decode_rank_result(std::string_view bytes) {
  Reader r(bytes);
  RankResult result;
  result.partials.resize(r.count());
  for (auto& p : result.partials) {
    p.first_unit = r.get<std::uint64_t>();
    p.end_unit = r.get<std::uint64_t>();
    p.declined = r.get<std::uint8_t>() != 0;
    p.graph = get_graph(r);
    p.files = get_files(r);
    p.input_files.resize(r.count());
    for (auto& [input, file] : p.input_files) {
      input = r.get<std::uint32_t>();
      file = r.get<std::uint64_t>();
      if (input >= p.graph.inputs.size() || file >= p.files.size())
        throw std::runtime_error("corrupt bytes between processes (a file summary of no input)");
    }
    p.diagnostics = get_diagnostics(r);
  }
  result.joined = get_joined(r);
  expect_end(r);
  return result;
}

std::string encode_list(const std::vector<std::string>& items) {
  Writer w;
  w.put<std::uint64_t>(items.size());
  for (const auto& item : items) w.str(item);
  return w.take();
}

std::vector<std::string> decode_list(std::string_view bytes) {
  Reader r(bytes);
  std::vector<std::string> items(r.count());
  for (auto& item : items) item = r.str();
  expect_end(r);
  return items;
}

std::string encode_result(const ImportResult& result) {
  Writer w;
  put_graph(w, result.graph);
  put_files(w, result.files);
  put_diagnostics(w, result.diagnostics);
  w.put(result.spans);
  return w.take();
}

ImportResult decode_result(std::string_view bytes) {
  Reader r(bytes);
  ImportResult result;
  result.graph = get_graph(r);
  result.files = get_files(r);
  result.diagnostics = get_diagnostics(r);
  result.spans = r.get<std::uint64_t>();
  expect_end(r);
  return result;
}

std::string encode_graph(const model::CallGraph& graph) {
  Writer w;
  put_graph(w, graph);
  return w.take();
}

model::CallGraph decode_graph(std::string_view bytes) {
  Reader r(bytes);
  model::CallGraph g = get_graph(r);
  expect_end(r);
  return g;
}

}  // namespace nanoscope::importers
