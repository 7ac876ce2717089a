// What a Jaeger span's fields say beyond its ids and names: which reference is its parent,
// and from its tags its kind, error, protocol and the peer (database, cache, broker,
// external service) a client or producer span talks to. Private to the Jaeger importer.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/records.hpp"
#include "model/kinds.hpp"

namespace nanoscope::importers::detail {

/// The tag keys the importer reads; everything else is skipped.
enum class JaegerTag {
  None, SpanKind, Error, OtelStatus, PeerService, PeerHostname, DbSystem, DbOperation,
  MessagingSystem, Destination, RpcSystem, Component, Http
};

/// Values of the interesting tags of one span (views into the input or the parser's buffer).
struct JaegerTagFacts {
  std::string_view kind, peer_service, peer_hostname, db_system, db_operation;
  std::string_view messaging_system, destination, rpc_system, component;
  bool error = false;
  bool http = false;
};

[[nodiscard]] constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

/// ASCII case-insensitive equality (the exact match, the common case, is checked first).
[[nodiscard]] inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a == b) return true;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

[[nodiscard]] inline bool icontains(std::string_view text, std::string_view word) {
  if (word.size() > text.size()) return false;
  for (std::size_t i = 0; i + word.size() <= text.size(); ++i)
    if (iequals(text.substr(i, word.size()), word)) return true;
  return false;
}

/// Reference types of Jaeger's span model.
enum class JaegerRefType { ChildOf, FollowsFrom, Other };

/// One entry of a span's "references".
struct JaegerReference {
  std::string_view trace_id, span_id;
  JaegerRefType type = JaegerRefType::ChildOf;
};

/// True when a and b name the same id: case-insensitive, leading zeros ignored.
[[nodiscard]] inline bool same_jaeger_id(std::string_view a, std::string_view b) {
  while (!a.empty() && a.front() == '0') a.remove_prefix(1);
  while (!b.empty() && b.front() == '0') b.remove_prefix(1);
  return iequals(a, b);
}

/// The parent a span's references name, and what was ignored on the way.
struct JaegerParent {
  std::string_view span_id;   ///< empty: none
  bool follows_from = false;  ///< the link is asynchronous
  std::uint64_t cross_trace = 0, unknown_types = 0;
};

/// Jaeger's own rule: the first CHILD_OF into the span's trace, else the first FOLLOWS_FROM.
/// A FOLLOWS_FROM to the chosen parent makes the link asynchronous even beside a CHILD_OF.
/// References into other traces cannot be followed (a record has one trace) and are counted.
[[nodiscard]] inline JaegerParent choose_jaeger_parent(const std::vector<JaegerReference>& refs,
                                                       std::string_view own_trace) {
  auto same_trace = [&](const JaegerReference& r) {
    return r.trace_id.empty() || own_trace.empty() || same_jaeger_id(r.trace_id, own_trace);
  };
  auto first_of = [&](JaegerRefType type) -> const JaegerReference* {
    for (const auto& r : refs)
      if (r.type == type && !r.span_id.empty() && same_trace(r)) return &r;
    return nullptr;
  };
  JaegerParent out;
  const JaegerReference* parent = first_of(JaegerRefType::ChildOf);
  if (!parent) parent = first_of(JaegerRefType::FollowsFrom);
  for (const auto& r : refs) {
    out.cross_trace += !same_trace(r);
    out.unknown_types += r.type == JaegerRefType::Other;
    if (parent && r.type == JaegerRefType::FollowsFrom && same_trace(r) && same_jaeger_id(r.span_id, parent->span_id))
      out.follows_from = true;
  }
  if (parent) out.span_id = parent->span_id;
  return out;
}

/// Which interesting tag `key` is. Dispatches on length first: most keys are skipped.
[[nodiscard]] inline JaegerTag classify_jaeger_tag(std::string_view key) {
  if (key.size() > 5 && key.substr(0, 5) == "http.") return JaegerTag::Http;
  switch (key.size()) {
    case 5: return key == "error" ? JaegerTag::Error : JaegerTag::None;
    case 7: return key == "db.type" ? JaegerTag::DbSystem : JaegerTag::None;
    case 9:
      if (key == "span.kind") return JaegerTag::SpanKind;
      if (key == "db.system") return JaegerTag::DbSystem;
      if (key == "component") return JaegerTag::Component;
      return JaegerTag::None;
    case 10: return key == "rpc.system" ? JaegerTag::RpcSystem : JaegerTag::None;
    case 12:
      if (key == "peer.service") return JaegerTag::PeerService;
      if (key == "db.operation") return JaegerTag::DbOperation;
      return JaegerTag::None;
    case 13:
      return (key == "peer.hostname" || key == "net.peer.name") ? JaegerTag::PeerHostname : JaegerTag::None;
    case 14: return key == "server.address" ? JaegerTag::PeerHostname : JaegerTag::None;
    case 16:
      if (key == "messaging.system") return JaegerTag::MessagingSystem;
      if (key == "otel.status_code") return JaegerTag::OtelStatus;
      return JaegerTag::None;
    case 21: return key == "messaging.destination" ? JaegerTag::Destination : JaegerTag::None;
    case 23: return key == "message_bus.destination" ? JaegerTag::Destination : JaegerTag::None;
    case 26: return key == "messaging.destination.name" ? JaegerTag::Destination : JaegerTag::None;
    default: return JaegerTag::None;
  }
}

/// Records one tag value: the unescaped string, or the literal text of a bool or number.
inline void apply_jaeger_tag(JaegerTagFacts& facts, JaegerTag tag, std::string_view value) {
  switch (tag) {
    case JaegerTag::None: break;
    case JaegerTag::SpanKind: facts.kind = value; break;
    case JaegerTag::Error: facts.error = facts.error || iequals(value, "true"); break;
    case JaegerTag::OtelStatus: facts.error = facts.error || iequals(value, "error"); break;
    case JaegerTag::PeerService: facts.peer_service = value; break;
    case JaegerTag::PeerHostname: if (facts.peer_hostname.empty()) facts.peer_hostname = value; break;
    case JaegerTag::DbSystem: if (facts.db_system.empty()) facts.db_system = value; break;
    case JaegerTag::DbOperation: facts.db_operation = value; break;
    case JaegerTag::MessagingSystem: facts.messaging_system = value; break;
    case JaegerTag::Destination: if (facts.destination.empty()) facts.destination = value; break;
    case JaegerTag::RpcSystem: facts.rpc_system = value; break;
    case JaegerTag::Component: facts.component = value; break;
    case JaegerTag::Http: facts.http = true; break;
  }
}

/// span.kind value -> SpanKind (Unspecified when absent or unknown).
[[nodiscard]] inline SpanKind jaeger_span_kind(std::string_view kind) {
  if (kind.empty()) return SpanKind::Unspecified;
  if (iequals(kind, "client")) return SpanKind::Client;
  if (iequals(kind, "server")) return SpanKind::Server;
  if (iequals(kind, "producer")) return SpanKind::Producer;
  if (iequals(kind, "consumer")) return SpanKind::Consumer;
  if (iequals(kind, "internal")) return SpanKind::Internal;
  return SpanKind::Unspecified;
}

/// model::kind_from_technology, memoised: trace files name the same few peers again and again.
class TechnologyKinds {
 public:
  [[nodiscard]] std::optional<model::ServiceKind> operator()(std::string_view name) {
    auto it = cache_.find(name);
    if (it != cache_.end()) return it->second;
    const auto kind = model::kind_from_technology(name);
    if (cache_.size() < kMaxEntries) cache_.emplace(std::string(name), kind);
    return kind;
  }

 private:
  static constexpr std::size_t kMaxEntries = 4096;  // bounded, whatever the input names
  std::map<std::string, std::optional<model::ServiceKind>, std::less<>> cache_;
};

/// Fills kind, error, protocol and peer of `span` from its tags.
inline void apply_jaeger_tag_facts(const JaegerTagFacts& t, SpanRecord& span, TechnologyKinds& kinds) {
  using model::Protocol;
  using model::ServiceKind;
  span.kind = jaeger_span_kind(t.kind);
  span.error = t.error;

  if (iequals(t.rpc_system, "grpc") || icontains(t.component, "grpc")) {
    span.protocol = Protocol::Grpc;
  } else if (icontains(t.rpc_system, "thrift") || icontains(t.component, "thrift")) {
    span.protocol = Protocol::Thrift;
  } else if (t.http || icontains(t.component, "http")) {
    span.protocol = Protocol::Http;
  } else if (!t.db_system.empty()) {
    span.protocol = Protocol::Db;
  } else if (!t.messaging_system.empty()) {
    span.protocol = Protocol::Mq;
  }

  // The peer: only the callee of a client/producer span, or the broker of a consumer span.
  const bool outbound = span.kind == SpanKind::Client || span.kind == SpanKind::Producer;
  if (!outbound && span.kind != SpanKind::Consumer) return;
  std::optional<ServiceKind> tech_kind;
  std::string_view tech;
  if (!t.db_system.empty()) {
    tech = t.db_system;
    tech_kind = kinds(tech).value_or(ServiceKind::Database);
  } else if (!t.messaging_system.empty()) {
    tech = t.messaging_system;
    tech_kind = kinds(tech).value_or(ServiceKind::Broker);
  }
  std::string_view name;
  ServiceKind kind = ServiceKind::External;
  if (!t.peer_service.empty()) {
    name = t.peer_service;
    kind = tech_kind ? *tech_kind : kinds(name).value_or(ServiceKind::External);
  } else if (tech_kind) {
    name = t.peer_hostname.empty() ? tech : t.peer_hostname;
    kind = *tech_kind;
  }
  if (name.empty() || (!outbound && kind != ServiceKind::Broker)) return;
  span.peer_service = name;
  span.peer_kind = kind;
  if (kind == ServiceKind::Broker && !t.destination.empty()) {
    span.peer_operation = t.destination;
  } else if ((kind == ServiceKind::Database || kind == ServiceKind::Cache) && !t.db_operation.empty()) {
    span.peer_operation = t.db_operation;
  }
}

}  // namespace nanoscope::importers::detail
