// Holding set-aside rows by trace, joining complete traces, and shipping the rest to their owners.
#include "importers/trace_joiner.hpp"

#include <algorithm>

#include "importers/alibaba_rows.hpp"
#include "importers/alibaba_traces.hpp"
#include "model/byte_codec.hpp"

namespace nanoscope::importers {

std::size_t trace_owner(std::uint64_t trace, std::size_t ranks) {
  return static_cast<std::size_t>((static_cast<unsigned __int128>(trace) * ranks) >> 64);
}

namespace {
struct HeldRow {
  detail::AlibabaRow row;  // names are ids of the joiner's table
  std::uint32_t unit = 0;
};
struct HeldTrace {
  std::uint32_t min_unit = UINT32_MAX;
  std::uint32_t max_unit = 0;
  std::vector<HeldRow> rows;
  void add(const HeldRow& r) {
    min_unit = std::min(min_unit, r.unit);
    max_unit = std::max(max_unit, r.unit);
    rows.push_back(r);
  }
};
}  // namespace

struct TraceJoiner::Impl {
  detail::NameTable names;
  std::uint32_t unknown_id = names.intern(kUnknownService);
  detail::AlibabaTraces traces{names, unknown_id};
  std::unordered_map<std::uint64_t, HeldTrace> held;
  std::uint32_t first = 0, end = 0;
  bool first_open = false, end_open = false;
  std::uint64_t joined = 0;  // traces followed across more than one file
  std::vector<detail::AlibabaRow> chain;

  // Follows the trace's rows in (unit, row) order, one trace per run of consecutive units.
  void join(HeldTrace& trace) {
    std::stable_sort(trace.rows.begin(), trace.rows.end(),
                     [](const HeldRow& a, const HeldRow& b) { return a.unit < b.unit; });
    for (std::size_t at = 0; at < trace.rows.size();) {
      std::size_t next = at + 1;
      while (next < trace.rows.size() && trace.rows[next].unit <= trace.rows[next - 1].unit + 1) ++next;
      chain.clear();
      for (std::size_t k = at; k < next; ++k) chain.push_back(trace.rows[k].row);
      traces.restart();
      traces.follow(chain.data(), chain.size(), {}, nullptr, trace.rows[at].unit + 1);
      traces.close_all();
      if (trace.rows[next - 1].unit != trace.rows[at].unit) ++joined;
      at = next;
    }
  }
  // Whether a held trace may continue in files imported elsewhere.
  [[nodiscard]] bool is_open(const HeldTrace& t) const {
    return (first_open && t.min_unit == first) || (end_open && t.max_unit + 1 == end);
  }
};

TraceJoiner::TraceJoiner() : impl_(std::make_unique<Impl>()) {}
TraceJoiner::~TraceJoiner() = default;

void TraceJoiner::begin_block(std::uint32_t first, std::uint32_t end, bool first_open, bool end_open) {
  impl_->first = first;
  impl_->end = end;
  impl_->first_open = first_open;
  impl_->end_open = end_open;
}

void TraceJoiner::add_alibaba_rows(std::uint32_t unit, const std::vector<detail::AlibabaRow>& rows,
                                   const detail::NameTable& names) {
  std::vector<std::uint32_t> remap(names.size(), UINT32_MAX);
  auto id = [&](std::uint32_t name) {
    if (remap[name] == UINT32_MAX) remap[name] = impl_->names.intern(names.name(name));
    return remap[name];
  };
  for (const auto& r : rows) {
    HeldRow held{r, unit};
    held.row.um = id(r.um);
    held.row.dm = id(r.dm);
    held.row.interface = id(r.interface);
    impl_->held[r.trace].add(held);
  }
}

void TraceJoiner::unit_done(std::uint32_t unit) {
  for (auto it = impl_->held.begin(); it != impl_->held.end();) {
    if (it->second.max_unit < unit && !impl_->is_open(it->second)) {
      impl_->join(it->second);
      it = impl_->held.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<std::string> TraceJoiner::end_block(std::size_t ranks) {
  // Per owner: the names its rows use, then the traces (sorted by id, so the bytes do not
  // depend on the hash map's order).
  std::vector<std::vector<std::uint64_t>> by_owner(ranks);
  for (auto& [trace, held] : impl_->held)
    if (impl_->is_open(held)) by_owner[trace_owner(trace, ranks)].push_back(trace);
  std::vector<std::string> out(ranks);
  for (std::size_t owner = 0; owner < ranks; ++owner) {
    auto& ids = by_owner[owner];
    std::sort(ids.begin(), ids.end());
    model::ByteWriter w;
    std::vector<std::uint32_t> local(impl_->names.size(), UINT32_MAX);
    std::vector<std::uint32_t> used;
    auto name = [&](std::uint32_t id) {
      if (local[id] == UINT32_MAX) {
        local[id] = static_cast<std::uint32_t>(used.size());
        used.push_back(id);
      }
      return local[id];
    };
    model::ByteWriter rows;
    rows.put<std::uint64_t>(ids.size());
    for (const std::uint64_t trace : ids) {
      const HeldTrace& held = impl_->held.at(trace);
      rows.put(trace);
      rows.put<std::uint64_t>(held.rows.size());
      for (const HeldRow& h : held.rows) {
        const auto& r = h.row;
        rows.put(h.unit);
        rows.put(r.rpc);
        rows.put(r.parent);
        rows.put(r.latency_us);
        rows.put(r.timestamp_us);
        rows.put(name(r.um));
        rows.put(name(r.dm));
        rows.put(name(r.interface));
        rows.put(r.kind);
        rows.put(r.flags);
      }
      impl_->held.erase(trace);
    }
    w.put<std::uint64_t>(used.size());
    for (const std::uint32_t id : used) w.str(impl_->names.name(id));
    out[owner] = w.take() + rows.take();
  }
  unit_done(UINT32_MAX);  // everything else is complete
  return out;
}

void TraceJoiner::receive(std::string_view bytes) {
  if (bytes.empty()) return;
  model::ByteReader r(bytes);
  std::vector<std::uint32_t> names(r.count());
  for (auto& id : names) id = impl_->names.intern(r.str());
  auto name = [&](std::uint32_t local) {
    if (local >= names.size()) throw std::runtime_error("corrupt message between ranks (trace rows)");
    return names[local];
  };
  const auto traces = r.count();
  for (std::uint64_t t = 0; t < traces; ++t) {
    const auto trace = r.get<std::uint64_t>();
    const auto n = r.count();
    HeldTrace& held = impl_->held[trace];
    for (std::uint64_t k = 0; k < n; ++k) {
      HeldRow h;
      h.unit = r.get<std::uint32_t>();
      h.row.trace = trace;
      h.row.rpc = r.get<std::uint64_t>();
      h.row.parent = r.get<std::uint64_t>();
      h.row.latency_us = r.get<double>();
      h.row.timestamp_us = r.get<std::int64_t>();
      h.row.um = name(r.get<std::uint32_t>());
      h.row.dm = name(r.get<std::uint32_t>());
      h.row.interface = name(r.get<std::uint32_t>());
      h.row.kind = r.get<detail::RpcKind>();
      h.row.flags = r.get<std::uint8_t>();
      held.add(h);
    }
  }
  if (!r.done()) throw std::runtime_error("corrupt message between ranks (trace rows)");
}

JoinedCalls TraceJoiner::finish() {
  impl_->first_open = impl_->end_open = false;
  unit_done(UINT32_MAX);
  JoinedCalls out;
  impl_->traces.flush(out);
  impl_->traces.report([&](model::Severity severity, std::string_view code, std::string_view message,
                           std::uint64_t count) {
    out.diagnostics().report(severity, kJoinedTracesSource, code, message, count);
  });
  if (impl_->joined)
    out.diagnostics().report(model::Severity::Info, kJoinedTracesSource, "traces-joined-across-files",
                             "traces whose rows straddle consecutive call-table files, followed as one trace",
                             impl_->joined);
  return out;
}

}  // namespace nanoscope::importers
