// Zipkin v2 JSON importer: a span array (or one span object) -> SpanRecords. Handles the
// shared-span model (CLIENT and SERVER halves under one id) and remote endpoints that name
// uninstrumented peers (databases, caches, brokers, external services).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "importers/formats.hpp"
#include "importers/ondemand_reader.hpp"
#include "importers/span_batch.hpp"
#include "model/value_ranges.hpp"

namespace nanoscope::importers {
namespace {

using detail::od::value;
using detail::OnDemandReader;
using detail::PeerRule;
using detail::SpanBatch;
using detail::StagedSpan;

/// Suffix of the synthetic id given to the CLIENT half of a shared span.
constexpr std::string_view kClientSuffix = "-client";

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
    if (x != y) return false;
  }
  return true;
}

/// Reads spans into a batch; one instance per file.
class ZipkinReader {
 public:
  ZipkinReader(OnDemandReader& json, SpanBatch& batch, GraphBuilder& builder)
      : json_(json), batch_(batch), builder_(builder) {}

  /// Reads the whole document: an array of spans, an array of traces (arrays of spans, as
  /// /api/v2/traces answers) or one span object.
  void read_document() {
    auto& doc = json_.open();
    const std::uint64_t root = json_.next_token_offset().value_or(0);
    switch (doc.type().value()) {
      case detail::od::json_type::array:
        for (auto element : doc.get_array()) {
          value v = element.value();
          if (json_.type(v) == detail::od::json_type::array) {  // /api/v2/traces: an array of traces
            for (auto inner : v.get_array()) {
              value w = inner.value();
              auto span = json_.object(w, "a zipkin span (trace array element)");
              read_span(span);
            }
            continue;
          }
          auto span = json_.object(v, "a zipkin span (array element)");
          read_span(span);
        }
        break;
      case detail::od::json_type::object: {
        auto span = doc.get_object().value();
        read_span(span);
        break;
      }
      default:
        json_.fail_at(root, "expected a json array of zipkin spans or one span object");
    }
    json_.expect_end();
  }

  [[nodiscard]] std::uint64_t spans_read() const { return spans_read_; }

 private:
  void read_span(detail::od::object& span) {
    ++spans_read_;
    SpanRecord r;
    std::string_view remote, topic, kind_text;
    for (auto field : span) {
      const std::string_view key = field.unescaped_key();
      value v = field.value();
      if (key == "traceId") r.trace_id = json_.string(v, "\"traceId\"");
      else if (key == "id") r.span_id = json_.string(v, "\"id\"");
      else if (key == "parentId") r.parent_id = json_.string(v, "\"parentId\"");
      else if (key == "name") r.operation = json_.string(v, "\"name\"");
      else if (key == "kind") kind_text = json_.string(v, "\"kind\"");
      else if (key == "timestamp") r.start_us = json_.integer(v, "\"timestamp\"", false);
      else if (key == "duration") r.duration_us = json_.integer(v, "\"duration\"", false).value_or(0);
      else if (key == "localEndpoint") r.service = endpoint_service(v, "\"localEndpoint\"");
      else if (key == "remoteEndpoint") remote = endpoint_service(v, "\"remoteEndpoint\"");
      else if (key == "tags") read_tags(v, r, topic);
      else if (key == "binaryAnnotations")
        json_.fail(v, "zipkin v1 span (binaryAnnotations): export zipkin v2 json (/api/v2/traces) instead");
    }
    if (r.trace_id.empty() || r.span_id.empty()) {
      builder_.warn("span-without-id", "a zipkin span has no traceId or no id; skipped");
      return;
    }
    r.kind = parse_kind(kind_text);
    if (r.operation.empty()) r.operation = kAnyOperation;

    auto& staged = batch_.add();
    staged.record = r;
    SpanRecord& s = staged.record;
    s.trace_id = batch_.keep(r.trace_id);
    s.span_id = batch_.keep(r.span_id);
    s.parent_id = batch_.keep(r.parent_id);
    s.service = batch_.keep(r.service);
    s.operation = batch_.keep(r.operation);
    // A SERVER span's remote endpoint is its caller, never a peer.
    if (remote.empty() || s.kind == SpanKind::Server || s.kind == SpanKind::Internal ||
        s.kind == SpanKind::Unspecified)
      return;
    s.peer_service = batch_.keep(remote);
    if (s.kind == SpanKind::Consumer) {
      s.peer_kind = model::ServiceKind::Broker;  // a consumer's remote endpoint is its broker
      staged.peer_rule = PeerRule::Fixed;
    } else {
      staged.peer_rule = PeerRule::ByName;
    }
    if (s.kind == SpanKind::Producer || s.kind == SpanKind::Consumer)
      s.peer_operation = topic.empty() ? kAnyOperation : batch_.keep(topic);
  }

  std::string_view endpoint_service(value& v, std::string_view what) {
    if (json_.is_null(v)) return {};
    auto endpoint = json_.object(v, what);
    std::string_view name;
    for (auto field : endpoint) {
      const std::string_view key = field.unescaped_key();
      if (key != "serviceName") continue;
      value n = field.value();
      name = json_.string(n, "\"serviceName\"");
    }
    return name;
  }

  void read_tags(value& v, SpanRecord& r, std::string_view& topic) {
    if (json_.is_null(v)) return;
    auto tags = json_.object(v, "\"tags\"");
    for (auto field : tags) {
      const std::string_view key = field.unescaped_key();
      value tag = field.value();
      if (key == "error") r.error = true;  // any value, even "" or "false", marks an error in zipkin
      else if (key.starts_with("http.")) r.protocol = model::Protocol::Http;
      else if (key.starts_with("grpc.") && r.protocol == model::Protocol::Unknown) r.protocol = model::Protocol::Grpc;
      else if (key == "kafka.topic" || key == "messaging.destination" || key == "messaging.destination.name")
        topic = json_.string(tag, "a topic tag");
    }
  }

  SpanKind parse_kind(std::string_view text) {
    if (text.empty()) return SpanKind::Unspecified;
    if (iequals(text, "CLIENT")) return SpanKind::Client;
    if (iequals(text, "SERVER")) return SpanKind::Server;
    if (iequals(text, "PRODUCER")) return SpanKind::Producer;
    if (iequals(text, "CONSUMER")) return SpanKind::Consumer;
    builder_.warn("unknown-span-kind", "unknown zipkin span kind '" + std::string(text) + "'; taken as unspecified");
    return SpanKind::Unspecified;
  }

  OnDemandReader& json_;
  SpanBatch& batch_;
  GraphBuilder& builder_;
  std::uint64_t spans_read_ = 0;
};

/// Zipkin reporters may send one span in several records: the same trace id, span id and
/// local service, often without a kind or a duration (annotation-only fragments from another
/// host or a late flush). Such records are merged into the first one (kinds must agree or be
/// absent; a CLIENT and a SERVER record stay apart, they are the shared-span model): the
/// earliest start, the latest end of the fragments that have a duration, and any field the
/// first one lacks. Returns the number of records merged away.
std::uint64_t merge_fragments(SpanBatch& batch) {
  using Key = std::tuple<std::uint64_t, std::uint64_t, std::string_view, std::uint32_t>;  // trace, id, service, index
  std::vector<Key> keys;
  keys.reserve(batch.size());
  for (std::uint32_t i = 0; i < batch.size(); ++i) {
    const SpanRecord& r = batch[i].record;
    keys.emplace_back(hash_id(r.trace_id), hash_id(r.span_id), r.service, i);
  }
  std::sort(keys.begin(), keys.end());
  std::uint64_t merged = 0;
  std::vector<std::uint32_t> keepers;
  for (std::size_t begin = 0, end = 0; begin < keys.size(); begin = end) {
    end = begin + 1;
    auto same = [&](const Key& a, const Key& b) {
      return std::get<0>(a) == std::get<0>(b) && std::get<1>(a) == std::get<1>(b) && std::get<2>(a) == std::get<2>(b);
    };
    while (end < keys.size() && same(keys[end], keys[begin])) ++end;
    if (end - begin == 1) continue;
    keepers.clear();
    for (std::size_t k = begin; k < end; ++k) {  // in file order (the index is the last key)
      StagedSpan& frag = batch[std::get<3>(keys[k])];
      SpanRecord& f = frag.record;
      StagedSpan* keeper = nullptr;
      for (std::uint32_t j : keepers) {
        const SpanKind kk = batch[j].record.kind;
        if (kk == f.kind || kk == SpanKind::Unspecified || f.kind == SpanKind::Unspecified) {
          keeper = &batch[j];
          break;
        }
      }
      if (!keeper) {
        keepers.push_back(std::get<3>(keys[k]));
        continue;
      }
      SpanRecord& r = keeper->record;
      const bool r_timed = r.duration_us > 0 && r.start_us, f_timed = f.duration_us > 0 && f.start_us;
      if (f_timed && r_timed) {  // raw values, not range-checked yet (the builder does): saturating
        const std::int64_t end_us = std::max(model::saturating_add(*r.start_us, r.duration_us),
                                             model::saturating_add(*f.start_us, f.duration_us));
        r.start_us = std::min(*r.start_us, *f.start_us);
        r.duration_us = model::saturating_sub(end_us, *r.start_us);
      } else if (f_timed) {
        r.start_us = f.start_us;
        r.duration_us = f.duration_us;
      } else if (!r_timed && f.start_us && (!r.start_us || *f.start_us < *r.start_us)) {
        r.start_us = f.start_us;
      }
      if (r.kind == SpanKind::Unspecified) r.kind = f.kind;
      if (r.parent_id.empty()) r.parent_id = f.parent_id;
      if (r.operation == kAnyOperation) r.operation = f.operation;
      if (r.peer_service.empty() && !f.peer_service.empty()) {
        r.peer_service = f.peer_service;
        r.peer_kind = f.peer_kind;
        r.peer_operation = f.peer_operation;
        keeper->peer_rule = frag.peer_rule;
      }
      if (r.protocol == model::Protocol::Unknown) r.protocol = f.protocol;
      r.error = r.error || f.error;
      frag.merged = true;
      ++merged;
    }
  }
  if (merged) batch.drop_merged();
  return merged;
}

/// Zipkin's shared-span model gives a CLIENT span and the SERVER span answering it the same
/// id. The CLIENT half gets a synthetic id (id + "-client") and keeps its parent; the SERVER
/// half becomes its child. Other children of the id stay with the SERVER half, unless they
/// run in the client's service only (then they belong to the CLIENT half).
void split_shared_spans(SpanBatch& batch) {
  using Key = std::tuple<std::uint64_t, std::uint64_t, std::uint32_t>;  // trace, id, index
  std::vector<Key> clients, servers;
  for (std::uint32_t i = 0; i < batch.size(); ++i) {
    const SpanRecord& r = batch[i].record;
    if (r.kind == SpanKind::Client) clients.emplace_back(hash_id(r.trace_id), hash_id(r.span_id), i);
    if (r.kind == SpanKind::Server) servers.emplace_back(hash_id(r.trace_id), hash_id(r.span_id), i);
  }
  if (clients.empty() || servers.empty()) return;
  std::sort(clients.begin(), clients.end());
  std::sort(servers.begin(), servers.end());
  auto first_of = [](const std::vector<Key>& keys, std::uint64_t trace, std::uint64_t id) -> const Key* {
    auto it = std::lower_bound(keys.begin(), keys.end(), Key{trace, id, 0});
    return (it != keys.end() && std::get<0>(*it) == trace && std::get<1>(*it) == id) ? &*it : nullptr;
  };

  // shared: (trace, id) -> (first client index, first server index)
  std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint32_t, std::uint32_t>> shared;
  for (const auto& c : clients) {
    const Key* s = first_of(servers, std::get<0>(c), std::get<1>(c));
    if (!s) continue;
    if (shared.empty() || std::get<0>(shared.back()) != std::get<0>(c) || std::get<1>(shared.back()) != std::get<1>(c))
      shared.emplace_back(std::get<0>(c), std::get<1>(c), std::get<2>(c), std::get<2>(*s));
  }
  if (shared.empty()) return;

  std::vector<std::string_view> client_id(shared.size());
  for (std::size_t k = 0; k < shared.size(); ++k) {
    const SpanRecord& client = batch[std::get<2>(shared[k])].record;
    client_id[k] = batch.keep(std::string(client.span_id) + std::string(kClientSuffix));
  }
  auto find_shared = [&](std::uint64_t trace, std::uint64_t id) -> std::ptrdiff_t {
    const auto key = std::make_tuple(trace, id, std::uint32_t{0}, std::uint32_t{0});
    auto it = std::lower_bound(shared.begin(), shared.end(), key);
    if (it == shared.end() || std::get<0>(*it) != trace || std::get<1>(*it) != id) return -1;
    return it - shared.begin();
  };
  for (std::uint32_t i = 0; i < batch.size(); ++i) {
    SpanRecord& r = batch[i].record;
    const std::uint64_t trace = hash_id(r.trace_id);
    if (r.kind == SpanKind::Client) {
      if (auto k = find_shared(trace, hash_id(r.span_id)); k >= 0) r.span_id = client_id[k];
      continue;
    }
    if (r.kind == SpanKind::Server) {
      if (auto k = find_shared(trace, hash_id(r.span_id)); k >= 0) {
        r.parent_id = client_id[k];
        continue;
      }
    }
    if (r.parent_id.empty()) continue;
    if (auto k = find_shared(trace, hash_id(r.parent_id)); k >= 0) {
      const SpanRecord& client = batch[std::get<2>(shared[k])].record;
      const SpanRecord& server = batch[std::get<3>(shared[k])].record;
      if (r.service == client.service && r.service != server.service) r.parent_id = client_id[k];
    }
  }
}

}  // namespace

std::uint64_t import_zipkin_json(const InputFile& file, GraphBuilder& builder) {
  detail::OnDemandReader json(file);
  SpanBatch batch;
  ZipkinReader reader(json, batch, builder);
  try {
    reader.read_document();
  } catch (const simdjson::simdjson_error& e) {
    json.fail_from(e);
  }
  if (const std::uint64_t merged = merge_fragments(batch))
    builder.info("span-fragments-merged",
                 "zipkin records sharing a trace id, span id and service (fragments of one span) merged into one",
                 merged);
  split_shared_spans(batch);
  batch.flush(builder);
  return reader.spans_read();
}

}  // namespace nanoscope::importers
