// Codecs of the measured partition and the break-even points, field by field in declaration
// order (a field added to PartitionMeasures must be added here; the round-trip test compares
// every field).
#include "economics/unit_bytes.hpp"

namespace nanoscope::economics {
namespace {

void write_group(ByteWriter& out, const GroupMeasures& g) {
  out.put(g.group);
  out.put(g.name);
  out.put(g.operations);
  out.put(g.exposed_operations);
  out.put(g.client_adapters);
  out.put(g.dependencies);
  out.put(g.internal_edges);
  out.put(g.cross_in_edges);
  out.put(g.cross_interactions);
  out.put(g.spanned_transactions);
  out.put(g.in_knot);
  out.put(g.remote_calls_in_per_request);
  out.put(g.offered_cpu_per_rps);
  out.put(g.base_replicas);
  out.put(g.survive_share);
}

void read_group(ByteReader& in, GroupMeasures& g) {
  in.get(g.group);
  in.get(g.name);
  in.get(g.operations);
  in.get(g.exposed_operations);
  in.get(g.client_adapters);
  in.get(g.dependencies);
  in.get(g.internal_edges);
  in.get(g.cross_in_edges);
  in.get(g.cross_interactions);
  in.get(g.spanned_transactions);
  in.get(g.in_knot);
  in.get(g.remote_calls_in_per_request);
  in.get(g.offered_cpu_per_rps);
  in.get(g.base_replicas);
  in.get(g.survive_share);
}

void write_point(ByteWriter& out, const LoadPoint& p) {
  out.put(p.rate_per_s);
  out.put(p.added_mean_ms);
  out.put(p.added_p50_ms);
  out.put(p.added_p99_ms);
  out.put(p.max_utilisation);
  out.put(p.saturated);
}

void read_point(ByteReader& in, LoadPoint& p) {
  in.get(p.rate_per_s);
  in.get(p.added_mean_ms);
  in.get(p.added_p50_ms);
  in.get(p.added_p99_ms);
  in.get(p.max_utilisation);
  in.get(p.saturated);
}

}  // namespace

void write_bytes(ByteWriter& out, const SimulationCheck& c) {
  for (double v : {c.rate_per_s, c.des_added_mean_ms, c.analytic_added_mean_ms, c.des_added_p50_ms, c.des_added_p99_ms,
                   c.p50_ms, c.p99_ms, c.reference_p50_ms, c.reference_p99_ms})
    out.put(v);
  out.put(c.requests);
}

void read_bytes(ByteReader& in, SimulationCheck& c) {
  for (double* v : {&c.rate_per_s, &c.des_added_mean_ms, &c.analytic_added_mean_ms, &c.des_added_p50_ms,
                    &c.des_added_p99_ms, &c.p50_ms, &c.p99_ms, &c.reference_p50_ms, &c.reference_p99_ms})
    in.get(*v);
  in.get(c.requests);
}

namespace {

// A vector of structs: its size, then each element by `write`.
template <class T, class Write>
void put_all(ByteWriter& out, const std::vector<T>& v, Write write) {
  out.put(static_cast<std::uint64_t>(v.size()));
  for (const auto& x : v) write(out, x);
}

template <class T, class Read>
void get_all(ByteReader& in, std::vector<T>& v, Read read) {
  const auto n = in.get<std::uint64_t>();
  if (n > in.left()) throw std::runtime_error("corrupt bytes between processes (length past the end)");
  v.assign(static_cast<std::size_t>(n), T{});
  for (auto& x : v) read(in, x);
}

}  // namespace

void write_bytes(ByteWriter& out, const PartitionMeasures& m) {
  put_all(out, m.groups, write_group);
  for (std::uint32_t v : {m.business_operations, m.transactions, m.contracts, m.client_adapters, m.dependencies,
                          m.cross_edges, m.cross_interactions})
    out.put(v);
  out.put(m.spanned_services);
  out.put(m.knot_services);
  out.put(m.escape_surface);
  put_all(out, m.load_curve, write_point);
  out.put(m.capacity_policy);
  out.put(m.workers_per_replica);
  out.put(m.autoscale_utilisation);
  out.put(m.des_check.has_value());
  if (m.des_check) write_bytes(out, *m.des_check);
  for (double v : {m.added_mean_ms, m.added_p50_ms, m.added_p99_ms, m.comm_cpu_s_per_request, m.bytes_per_request,
                   m.remote_calls_per_request, m.p50_ms, m.p99_ms, m.reference_p50_ms, m.reference_p99_ms,
                   m.simulated_rate_per_s})
    out.put(v);
  out.put(m.simulated_requests);
}

void read_bytes(ByteReader& in, PartitionMeasures& m) {
  get_all(in, m.groups, read_group);
  for (std::uint32_t* v : {&m.business_operations, &m.transactions, &m.contracts, &m.client_adapters, &m.dependencies,
                           &m.cross_edges, &m.cross_interactions})
    in.get(*v);
  in.get(m.spanned_services);
  in.get(m.knot_services);
  in.get(m.escape_surface);
  get_all(in, m.load_curve, read_point);
  in.get(m.capacity_policy);
  in.get(m.workers_per_replica);
  in.get(m.autoscale_utilisation);
  bool has_check = false;
  in.get(has_check);
  m.des_check.reset();
  if (has_check) read_bytes(in, m.des_check.emplace());
  for (double* v : {&m.added_mean_ms, &m.added_p50_ms, &m.added_p99_ms, &m.comm_cpu_s_per_request,
                    &m.bytes_per_request, &m.remote_calls_per_request, &m.p50_ms, &m.p99_ms, &m.reference_p50_ms,
                    &m.reference_p99_ms, &m.simulated_rate_per_s})
    in.get(*v);
  in.get(m.simulated_requests);
}

void write_bytes(ByteWriter& out, const std::optional<Breakeven>& b) {
  out.put(b.has_value());
  if (!b) return;
  out.put(b->param);
  out.put(b->nominal);
  out.put(b->value);
  out.put(b->raising_helps);
}

void read_bytes(ByteReader& in, std::optional<Breakeven>& b) {
  bool has = false;
  in.get(has);
  b.reset();
  if (!has) return;
  Breakeven& x = b.emplace();
  in.get(x.param);
  in.get(x.nominal);
  in.get(x.value);
  in.get(x.raising_helps);
}

void write_bytes(ByteWriter& out, const CommunityDetection& c) {
  out.put(static_cast<std::uint64_t>(c.membership.size()));
  for (std::size_t m : c.membership) out.put(static_cast<std::uint64_t>(m));
  out.put(c.resolution);
  out.put(c.modularity);
  out.put(c.observed_modularity);
  out.put(c.seed);
  put_all(out, c.trials, [](ByteWriter& o, const ResolutionTrial& t) {
    o.put(t.resolution);
    o.put(static_cast<std::uint64_t>(t.groups));
    o.put(t.modularity);
  });
  out.put(static_cast<std::uint64_t>(c.unlinked_operations));
}

void read_bytes(ByteReader& in, CommunityDetection& c) {
  std::vector<std::uint64_t> membership;
  in.get(membership);
  c.membership.assign(membership.begin(), membership.end());
  in.get(c.resolution);
  in.get(c.modularity);
  in.get(c.observed_modularity);
  in.get(c.seed);
  get_all(in, c.trials, [](ByteReader& i, ResolutionTrial& t) {
    i.get(t.resolution);
    t.groups = static_cast<std::size_t>(i.get<std::uint64_t>());
    i.get(t.modularity);
  });
  c.unlinked_operations = static_cast<std::size_t>(in.get<std::uint64_t>());
}

void write_sample(ByteWriter& out, const detail::SampleTable& table, const detail::ServiceTable* services, std::size_t s) {
  for (std::size_t k = 0; k < detail::kFigures; ++k) out.put(table.at(k, s));
  if (!services) return;
  for (std::size_t i = 0; i < services->services(); ++i)
    for (std::size_t kind = 0; kind < 3; ++kind) out.put(services->at(kind, i, s));
}

void read_sample(ByteReader& in, detail::SampleTable& table, detail::ServiceTable* services, std::size_t s) {
  for (std::size_t k = 0; k < detail::kFigures; ++k) table.set_at(k, s, in.get<double>());
  if (!services) return;
  for (std::size_t i = 0; i < services->services(); ++i)
    for (std::size_t kind = 0; kind < 3; ++kind) services->set_at(kind, i, s, in.get<double>());
}

}  // namespace nanoscope::economics
