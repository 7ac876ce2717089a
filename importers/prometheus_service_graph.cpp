// Service-graph metrics in the Prometheus text format (OpenTelemetry Collector servicegraph
// connector, Grafana Tempo metrics-generator) -> one aggregated call per client/server pair.
//
// \file Decisions:
// * Series are recognised by the `traces_service_graph_` part of their name (a namespace
//   prefix such as `otelcol_` is allowed): request_total -> calls, request_failed_total ->
//   errors, request_client_seconds_* and request_server_seconds_* (also the older
//   request_duration_seconds_*, taken as server-side) -> latency. messaging_system latency,
//   unpaired/dropped span counters and other metrics say nothing about an edge: they are
//   skipped and counted (info "ignored-series" / "other-metrics").
// * An edge is (client, server, connection_type). Several series for one edge (extra labels
//   such as instance, job, namespace) are summed. The same series written twice (same name
//   and labels) keeps the sample with the latest timestamp (warning "duplicate-series").
// * connection_type "" -> sync call; "messaging_system" -> async over mq; "database" ->
//   database interaction, the server a Database node; "virtual_node" -> one side is not
//   instrumented: a client named "user" (or a virtual_node="client" label) makes the calls
//   entries into the server, otherwise the server is an External node.
// * Latency: the client-side histogram (the caller's view, as edges store it) when present,
//   else the server-side one. Each bucket's count (difference of cumulative counts) is placed
//   at the bucket's midpoint; the +Inf bucket at the mean the _sum leaves for it, but no lower
//   than the last finite bound. Calls come from request_total, else from the histogram count.
// * Counters are totals since the exporter started, so the import gives call counts, not
//   rates; sample timestamps only widen the observed window.
#include <algorithm>
#include <cmath>
#include <map>

#include "importers/formats.hpp"
#include "importers/prometheus_text.hpp"
#include "importers/text_checks.hpp"
#include "model/latency_summary.hpp"

namespace nanoscope::importers {
namespace {

using model::InteractionKind;
using model::Protocol;
using model::ServiceKind;

enum class Series { Requests, Failed, ClientLatency, ServerLatency, Ignored, Other };
enum class Part { Value, Bucket, Sum, Count };

struct Classified {
  Series series = Series::Other;
  Part part = Part::Value;
  std::string_view family;  // name without _bucket/_sum/_count
};

bool strip_suffix(std::string_view& s, std::string_view suffix) {
  if (!s.ends_with(suffix)) return false;
  s.remove_suffix(suffix.size());
  return true;
}

Classified classify(std::string_view name) {
  constexpr std::string_view kPrefix = "traces_service_graph_";
  Classified c;
  const std::size_t at = name.find(kPrefix);
  if (at == std::string_view::npos) return c;
  c.series = Series::Ignored;
  std::string_view rest = name.substr(at + kPrefix.size());
  c.family = name;
  if (rest == "request_total" || rest == "request") {
    c.series = Series::Requests;
    return c;
  }
  if (rest == "request_failed_total" || rest == "request_failed") {
    c.series = Series::Failed;
    return c;
  }
  std::string_view family = name;
  if (strip_suffix(rest, "_bucket")) {
    c.part = Part::Bucket;
    family.remove_suffix(7);
  } else if (strip_suffix(rest, "_sum")) {
    c.part = Part::Sum;
    family.remove_suffix(4);
  } else if (strip_suffix(rest, "_count")) {
    c.part = Part::Count;
    family.remove_suffix(6);
  } else {
    return c;
  }
  c.family = family;
  if (rest == "request_client_seconds") c.series = Series::ClientLatency;
  if (rest == "request_server_seconds" || rest == "request_duration_seconds") c.series = Series::ServerLatency;
  return c;
}

struct EdgeKey {
  std::string client, server, connection_type, virtual_node;
  auto operator<=>(const EdgeKey&) const = default;
};

// One histogram series: cumulative bucket counts by upper bound, plus _sum and _count.
struct Histogram {
  std::size_t edge = 0;
  bool client_side = false;
  std::map<double, double> buckets;
  std::optional<double> sum, count;
};

struct EdgeTotals {
  EdgeKey key;
  double calls = 0, errors = 0;
  bool has_requests = false;
  double client_count = 0, server_count = 0;
  model::LatencySummary client_latency, server_latency;
  std::optional<std::int64_t> timestamp_ms;
};

// A counter series value kept until the end, so a repeated series replaces its earlier sample.
struct CounterValue {
  std::size_t edge = 0;
  bool failed = false;
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;
};

void add_histogram(const Histogram& h, model::LatencySummary& out, double& count_out) {
  double prev_bound = 0, prev_cum = 0, finite_sum = 0, last_finite = 0;
  double inf_count = 0;
  for (const auto& [bound, cumulative] : h.buckets) {
    const double n = std::max(0.0, cumulative - prev_cum);
    prev_cum = std::max(prev_cum, cumulative);
    if (std::isinf(bound)) {
      inf_count += n;
      continue;
    }
    if (n > 0) {
      const double mid = (prev_bound + bound) / 2;
      out.add(mid * 1e6, static_cast<std::uint64_t>(std::llround(n)));
      finite_sum += mid * n;
    }
    prev_bound = bound;
    last_finite = bound;
  }
  if (h.buckets.empty() && h.sum && h.count && *h.count > 0) {  // only _sum and _count
    out.add(*h.sum / *h.count * 1e6, static_cast<std::uint64_t>(std::llround(*h.count)));
    count_out += *h.count;
    return;
  }
  if (inf_count > 0) {
    double value = last_finite;
    if (h.sum) value = std::max(value, (*h.sum - finite_sum) / inf_count);
    out.add(value * 1e6, static_cast<std::uint64_t>(std::llround(inf_count)));
  }
  count_out += h.count ? *h.count : prev_cum;
}

class ServiceGraphImporter {
 public:
  ServiceGraphImporter(const InputFile& file, GraphBuilder& builder) : file_(file), builder_(builder) {}

  std::uint64_t run() {
    detail::PromTextParser parser(file_);
    detail::PromSample sample;
    std::uint64_t used = 0;
    while (parser.next(sample)) used += take(sample) ? 1 : 0;
    for (const auto& [series, h] : histograms_)
      add_histogram(h, h.client_side ? edges_[h.edge].client_latency : edges_[h.edge].server_latency,
                    h.client_side ? edges_[h.edge].client_count : edges_[h.edge].server_count);
    for (const auto& [series, c] : counters_) {
      EdgeTotals& e = edges_[c.edge];
      (c.failed ? e.errors : e.calls) += c.value;
      if (!c.failed) e.has_requests = true;
    }
    for (const EdgeTotals& e : edges_) emit(e);
    report();
    return used;
  }

 private:
  static bool skip(std::uint64_t& counter) {
    ++counter;
    return false;
  }

  bool take(const detail::PromSample& sample) {
    const Classified c = classify(sample.name);
    if (c.series == Series::Other) return skip(other_);
    if (c.series == Series::Ignored) return skip(ignored_);
    const std::string* client = sample.label("client");
    const std::string* server = sample.label("server");
    if (!client || !server) return skip(unlabelled_);
    if (std::isnan(sample.value) || sample.value < 0 || sample.value > 1e18) return skip(invalid_);
    EdgeKey key{*client, *server, "", ""};
    if (const auto* t = sample.label("connection_type")) key.connection_type = *t;
    if (const auto* v = sample.label("virtual_node")) key.virtual_node = *v;
    const std::size_t edge = edge_index(key);
    if (sample.timestamp_ms) {
      auto& ts = edges_[edge].timestamp_ms;
      ts = ts ? std::max(*ts, *sample.timestamp_ms) : *sample.timestamp_ms;
    }
    const std::string series = series_key(c.family, sample);
    if (c.series == Series::Requests || c.series == Series::Failed) {
      if (std::isinf(sample.value)) return skip(invalid_);
      auto [it, inserted] = counters_.try_emplace(series);
      if (!inserted) {
        ++duplicates_;
        if (it->second.timestamp_ms && (!sample.timestamp_ms || *sample.timestamp_ms < *it->second.timestamp_ms))
          return true;
      }
      it->second = CounterValue{edge, c.series == Series::Failed, sample.value, sample.timestamp_ms};
      return true;
    }
    Histogram& h = histograms_[series];
    h.edge = edge;
    h.client_side = c.series == Series::ClientLatency;
    if (c.part == Part::Bucket) {
      const std::string* le = sample.label("le");
      double bound = 0;
      if (!le || !detail::parse_prom_value(*le, bound) || std::isnan(bound))
        file_.fail_at(sample.offset, "histogram bucket without a numeric le label");
      if (!h.buckets.emplace(bound, sample.value).second) ++duplicates_;
    } else if (c.part == Part::Sum) {
      if (h.sum) ++duplicates_;
      h.sum = sample.value;
    } else if (c.part == Part::Count) {
      if (h.count) ++duplicates_;
      h.count = sample.value;
    }
    return true;
  }

  std::size_t edge_index(const EdgeKey& key) {
    auto [it, inserted] = edge_index_.try_emplace(key, edges_.size());
    if (inserted) {
      edges_.emplace_back();
      edges_.back().key = key;
    }
    return it->second;
  }

  // The family name and every label but le, sorted by name.
  static std::string series_key(std::string_view family, const detail::PromSample& sample) {
    std::vector<const detail::PromLabel*> labels;
    for (const auto& l : sample.labels)
      if (l.name != "le") labels.push_back(&l);
    std::sort(labels.begin(), labels.end(), [](auto* a, auto* b) { return a->name < b->name; });
    std::string key(family);
    for (const auto* l : labels) {
      key += '\x1f';
      key += l->name;
      key += '=';
      key += l->value;
    }
    return key;
  }

  void emit(const EdgeTotals& e) {
    CallRecord call;
    const bool client_missing = e.key.client.empty(), server_missing = e.key.server.empty();
    unknown_names_ += client_missing + server_missing;
    call.from_service = client_missing ? kUnknownService : std::string_view(e.key.client);
    call.to_service = server_missing ? kUnknownService : std::string_view(e.key.server);
    const std::string& type = e.key.connection_type;
    if (type == "messaging_system") {
      call.kind = InteractionKind::Async;
      call.protocol = Protocol::Mq;
    } else if (type == "database") {
      call.kind = InteractionKind::Database;
      call.protocol = Protocol::Db;
      call.to_kind = ServiceKind::Database;
    } else if (type == "virtual_node") {
      if (e.key.virtual_node == "client" || e.key.client == "user")
        call.from_service = {};  // an entry from outside the system
      else
        call.to_kind = ServiceKind::External;
    } else if (!type.empty()) {
      ++unknown_types_;
    }
    const double calls = e.has_requests ? e.calls : std::max(e.client_count, e.server_count);
    call.calls = static_cast<std::uint64_t>(std::llround(calls));
    call.errors = static_cast<std::uint64_t>(std::llround(std::min(e.errors, calls)));
    if (call.calls == 0) {
      ++zero_edges_;
      return;
    }
    const model::LatencySummary& latency = e.client_latency.empty() ? e.server_latency : e.client_latency;
    if (!latency.empty()) call.latency = &latency;
    if (e.timestamp_ms) call.timestamp_us = *e.timestamp_ms * 1000;
    builder_.add_call(call);
  }

  void report() {
    if (unknown_names_)
      builder_.warn("unknown-service", "a series has an empty client or server label; it is put in " +
                                           std::string(kUnknownService), unknown_names_);
    if (unlabelled_)
      builder_.warn("series-without-client-or-server", "a service-graph series lacks a client or server label; skipped",
                    unlabelled_);
    if (invalid_) builder_.warn("invalid-value", "a series value is NaN, infinite or negative; skipped", invalid_);
    if (duplicates_)
      builder_.warn("duplicate-series", "the same series appears twice; the latest sample is used", duplicates_);
    if (unknown_types_)
      builder_.info("unknown-connection-type", "connection_type is not messaging_system, database or virtual_node; "
                                               "taken as a sync call", unknown_types_);
    if (zero_edges_) builder_.info("idle-edge", "a client/server pair with zero requests; not added", zero_edges_);
    if (ignored_)
      builder_.info("ignored-series", "service-graph series that describe no edge (unpaired, dropped, messaging "
                                      "latency ...); skipped", ignored_);
    if (other_) builder_.info("other-metrics", "metrics that are not service-graph series; skipped", other_);
  }

  const InputFile& file_;
  GraphBuilder& builder_;
  std::map<EdgeKey, std::size_t> edge_index_;
  std::vector<EdgeTotals> edges_;
  std::map<std::string, CounterValue> counters_;
  std::map<std::string, Histogram> histograms_;
  std::uint64_t other_ = 0, ignored_ = 0, unlabelled_ = 0, invalid_ = 0, duplicates_ = 0, unknown_names_ = 0,
                unknown_types_ = 0, zero_edges_ = 0;
};

}  // namespace

std::uint64_t import_prometheus_service_graph(const InputFile& file, GraphBuilder& builder) {
  detail::require_utf8_text(file);
  return ServiceGraphImporter(file, builder).run();
}

}  // namespace nanoscope::importers
