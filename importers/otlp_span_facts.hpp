// What an OTLP span's fields say, whatever the encoding (OTLP/JSON: otlp_json.cpp, OTLP
// protobuf: otlp_protobuf.cpp): span kinds and status codes, which attributes name the
// service, the peer, the protocol and errors, and how a decoded span is staged. Private to
// the OTLP importers.
//
// \file Decisions:
// * One home for the attribute mapping: both readers decode their encoding into an OtlpSpan
//   and call stage_otlp_span(), so the protobuf and the JSON form of a trace give one graph.
// * Strings in an OtlpSpan must outlive the batch (SpanBatch::keep for the JSON reader, whose
//   parser reuses its buffers; the input file itself for the protobuf reader).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "importers/graph_builder.hpp"
#include "importers/records.hpp"
#include "importers/span_batch.hpp"
#include "model/kinds.hpp"

namespace nanoscope::importers::detail {

/// The scalar content of an OTLP AnyValue (arrays, kvlists and bytes are only noted).
struct OtlpValue {
  enum class Type { None, String, Int, Double, Bool, Other } type = Type::None;
  std::string_view text;  ///< String
  std::int64_t integer = 0;
  double number = 0;
  bool flag = false;

  [[nodiscard]] std::optional<double> as_number() const {
    if (type == Type::Int) return static_cast<double>(integer);
    if (type == Type::Double) return number;
    return std::nullopt;
  }
};

/// The attributes of a span that decide its peer, protocol and error.
struct OtlpSpanAttributes {
  std::string_view peer_service, db_system, db_name, messaging_system, destination, server_address, net_peer_name,
      rpc_system;
  bool http = false;
  bool error = false;
  double request_bytes = -1, response_bytes = -1;

  /// Notes one attribute; string values are passed through `keep` (which must return a view
  /// that lives as long as the batch).
  template <class Keep>
  void note(std::string_view key, const OtlpValue& a, Keep&& keep) {
    auto text = [&] { return a.type == OtlpValue::Type::String ? keep(a.text) : std::string_view{}; };
    if (key.starts_with("http.")) {
      http = true;
      if (key == "http.request_content_length" || key == "http.request.body.size")
        request_bytes = a.as_number().value_or(-1);
      else if (key == "http.response_content_length" || key == "http.response.body.size")
        response_bytes = a.as_number().value_or(-1);
    } else if (key == "peer.service") peer_service = text();
    else if (key == "db.system" || key == "db.system.name") db_system = text();
    else if (key == "db.name" || key == "db.namespace") db_name = text();
    else if (key == "messaging.system") messaging_system = text();
    else if (key == "messaging.destination" || key == "messaging.destination.name") destination = text();
    else if (key == "server.address") server_address = text();
    else if (key == "net.peer.name") net_peer_name = text();
    else if (key == "rpc.system") rpc_system = text();
    else if (key == "error")
      error = (a.type == OtlpValue::Type::Bool && a.flag) || (a.type == OtlpValue::Type::String && a.text == "true");
    else if (key == "messaging.message.payload_size_bytes" || key == "messaging.message.body.size")
      request_bytes = a.as_number().value_or(-1);
  }
};

/// The resource attribute that names a span's service.
inline constexpr std::string_view kOtlpServiceName = "service.name";

/// Span.SpanKind numbers (0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer).
[[nodiscard]] inline std::optional<SpanKind> otlp_kind_from_number(std::int64_t n) {
  static constexpr std::array<SpanKind, 6> kKinds = {SpanKind::Unspecified, SpanKind::Internal, SpanKind::Server,
                                                     SpanKind::Client,      SpanKind::Producer, SpanKind::Consumer};
  if (n < 0 || n > 5) return std::nullopt;
  return kKinds[static_cast<std::size_t>(n)];
}

/// The enum names protobuf's JSON mapping writes ("SPAN_KIND_SERVER", or "SERVER").
[[nodiscard]] inline std::optional<SpanKind> otlp_kind_from_name(std::string_view s) {
  if (s.starts_with("SPAN_KIND_")) s.remove_prefix(10);
  if (s == "UNSPECIFIED") return SpanKind::Unspecified;
  if (s == "INTERNAL") return SpanKind::Internal;
  if (s == "SERVER") return SpanKind::Server;
  if (s == "CLIENT") return SpanKind::Client;
  if (s == "PRODUCER") return SpanKind::Producer;
  if (s == "CONSUMER") return SpanKind::Consumer;
  return std::nullopt;
}

/// Status.StatusCode 2 (STATUS_CODE_ERROR) marks an error.
inline constexpr std::int64_t kOtlpStatusError = 2;

/// Reports a kind that is not one of OTLP's and gives Unspecified.
inline SpanKind unknown_otlp_kind(GraphBuilder& builder, std::string_view shown) {
  builder.warn("unknown-span-kind", "unknown otlp span kind '" + std::string(shown) + "'; taken as unspecified");
  return SpanKind::Unspecified;
}

/// One decoded span: ids, name, kind and service already in `record`.
struct OtlpSpan {
  SpanRecord record;
  OtlpSpanAttributes attributes;
  std::optional<std::int64_t> start_ns, end_ns;  ///< as given; 0 or absent: unknown
  bool status_error = false;
};

/// Turns a decoded span into a staged one: times in microseconds, error, protocol and peer.
inline void stage_otlp_span(const OtlpSpan& span, SpanBatch& batch, GraphBuilder& builder) {
  SpanRecord r = span.record;
  const OtlpSpanAttributes& a = span.attributes;
  if (r.trace_id.empty() || r.span_id.empty())
    builder.warn("span-without-id", "an otlp span has no traceId or no spanId; kept without links");
  if (r.operation.empty()) r.operation = kAnyOperation;
  if (span.start_ns && *span.start_ns > 0) {
    r.start_us = *span.start_ns / 1000;
    if (span.end_ns && *span.end_ns > 0) r.duration_us = *span.end_ns / 1000 - *span.start_ns / 1000;
  }
  r.error = span.status_error || a.error;
  r.request_bytes = a.request_bytes;
  r.response_bytes = a.response_bytes;
  if (a.rpc_system == "grpc") r.protocol = model::Protocol::Grpc;
  else if (a.http) r.protocol = model::Protocol::Http;
  else if (!a.db_system.empty()) r.protocol = model::Protocol::Db;
  else if (!a.messaging_system.empty()) r.protocol = model::Protocol::Mq;

  StagedSpan& staged = batch.add();
  staged.record = r;
  SpanRecord& s = staged.record;
  if (!a.db_system.empty() && (s.kind == SpanKind::Client || s.kind == SpanKind::Unspecified)) {
    s.kind = SpanKind::Client;  // a database call even when the instrumentation set no kind
    s.peer_service = !a.peer_service.empty() ? a.peer_service : !a.db_name.empty() ? a.db_name : a.db_system;
    auto tech = model::kind_from_technology(a.db_system);
    s.peer_kind = tech == model::ServiceKind::Cache ? model::ServiceKind::Cache : model::ServiceKind::Database;
    staged.peer_rule = PeerRule::Fixed;
    return;
  }
  if (!a.messaging_system.empty() &&
      (s.kind == SpanKind::Producer || s.kind == SpanKind::Consumer || s.kind == SpanKind::Client)) {
    s.peer_service = a.messaging_system;
    s.peer_kind = model::ServiceKind::Broker;
    s.peer_operation = a.destination.empty() ? kAnyOperation : a.destination;
    staged.peer_rule = PeerRule::Fixed;
    return;
  }
  if (s.kind != SpanKind::Client && s.kind != SpanKind::Producer) return;  // a server's peer is its caller
  const std::string_view name = !a.peer_service.empty()     ? a.peer_service
                                : !a.server_address.empty() ? a.server_address
                                                            : a.net_peer_name;
  if (name.empty()) return;
  s.peer_service = name;
  staged.peer_rule = PeerRule::ByName;
  if (s.kind == SpanKind::Producer) s.peer_operation = kAnyOperation;
}

}  // namespace nanoscope::importers::detail
