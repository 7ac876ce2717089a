// Deterministic synthetic OTLP traces and their two encodings, OTLP/JSON and OTLP protobuf
// (TracesData, or the Collector file exporter's length-prefixed stream), for the protobuf vs
// JSON import benchmark (bench/gen_otlp.cpp, bench/run_otlp_bench.sh) and the tests that check
// both encodings give one graph (tests/importers/test_otlp_protobuf.cpp).
//
// Traces: an HTTP entry span in one of the first services, client/server pairs down an acyclic
// service graph (gRPC or HTTP), database and cache calls (db.system), Kafka producer spans
// (messaging.system), uninstrumented peers (peer.service), and errors (status code 2).
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "importers/otlp_wire.hpp"

namespace nanoscope::bench {

struct SynthAttribute {
  std::string key;
  std::variant<std::string, std::int64_t, bool, double> value;
};

struct SynthSpan {
  std::string trace_id, span_id, parent_id;  ///< raw bytes (16, 8, 8 or empty)
  std::string name;
  int kind = 0;  ///< OTLP SpanKind number
  std::uint64_t start_ns = 0, end_ns = 0;
  std::vector<SynthAttribute> attributes;
  bool error = false;
};

/// The spans of one service in one export (one ResourceSpans with one ScopeSpans).
struct SynthResource {
  std::string service;
  std::vector<SynthSpan> spans;
};

/// One export message: the resources of a batch of traces.
using SynthExport = std::vector<SynthResource>;

class OtlpSynthesizer {
 public:
  OtlpSynthesizer(std::uint64_t seed, int services) : rng_(seed) {
    static const char* const kWords[] = {"frontend", "cart", "checkout", "payment", "shipping", "catalog",
                                         "user",     "auth", "search",   "review",  "media",    "ads"};
    for (int i = 0; i < services; ++i) {
      Service s;
      s.name = std::string(kWords[i % 12]) + "-" + std::to_string(i);
      for (int k = 0; k < 3; ++k) s.operations.push_back("/api/" + std::string(kWords[(i + k) % 12]) + "/" + std::to_string(k));
      if (i > 0) services_[pick(i)].callees.push_back(i);
      s.store = static_cast<int>(rng_() % 4) - 1;  // -1 none, 0 postgresql, 1 redis, 2 mongodb
      services_.push_back(std::move(s));
    }
  }

  /// Exports of `spans` spans in all, `traces_per_export` traces per export message.
  std::vector<SynthExport> generate(std::uint64_t spans, int traces_per_export) {
    std::vector<SynthExport> out;
    std::uint64_t made = 0;
    while (made < spans) {
      std::map<std::string, std::vector<SynthSpan>> by_service;
      for (int t = 0; t < traces_per_export && made < spans; ++t) made += trace(by_service, spans - made);
      SynthExport e;
      for (auto& [service, list] : by_service) e.push_back({service, std::move(list)});
      out.push_back(std::move(e));
    }
    return out;
  }

 private:
  struct Service {
    std::string name;
    std::vector<std::string> operations;
    std::vector<int> callees;
    int store = -1;
  };

  std::size_t pick(int n) { return static_cast<std::size_t>(rng_() % static_cast<std::uint64_t>(n)); }
  std::string random_bytes(int n) {
    std::string s(static_cast<std::size_t>(n), '\0');
    for (auto& c : s) c = static_cast<char>(rng_() & 0xFF);
    return s;
  }

  std::uint64_t trace(std::map<std::string, std::vector<SynthSpan>>& out, std::uint64_t budget) {
    trace_id_ = random_bytes(16);
    budget_ = budget;
    made_ = 0;
    const std::uint64_t start = 1'700'000'000'000'000'000ull + (rng_() % 86'400'000'000ull) * 1000;
    const int root = static_cast<int>(pick(std::min<int>(3, static_cast<int>(services_.size()))));
    server(out, root, "", start, 2, 50'000'000);
    return made_;
  }

  SynthSpan& add(std::map<std::string, std::vector<SynthSpan>>& out, int service, std::string name, int kind,
                 const std::string& parent, std::uint64_t start, std::uint64_t duration) {
    ++made_;
    SynthSpan s;
    s.trace_id = trace_id_;
    s.span_id = random_bytes(8);
    s.parent_id = parent;
    s.name = std::move(name);
    s.kind = kind;
    s.start_ns = start;
    s.end_ns = start + duration;
    s.error = rng_() % 50 == 0;
    s.attributes.push_back({"thread.id", static_cast<std::int64_t>(rng_() % 64)});
    return out[services_[static_cast<std::size_t>(service)].name].emplace_back(std::move(s));
  }

  void server(std::map<std::string, std::vector<SynthSpan>>& out, int service, const std::string& parent,
              std::uint64_t start, int depth, std::uint64_t duration) {
    const Service& s = services_[static_cast<std::size_t>(service)];
    SynthSpan& span = add(out, service, s.operations[pick(3)], 2, parent, start, duration);
    span.attributes.push_back({"http.request.method", std::string("GET")});
    span.attributes.push_back({"http.response.status_code", std::int64_t{span.error ? 500 : 200}});
    span.attributes.push_back({"http.response.body.size", static_cast<std::int64_t>(200 + rng_() % 4000)});
    const std::string id = span.span_id;
    std::uint64_t at = start + duration / 20;
    const std::uint64_t step = duration / 8;
    if (s.store >= 0 && made_ < budget_) {
      static const char* const kStores[] = {"postgresql", "redis", "mongodb"};
      SynthSpan& db = add(out, service, "SELECT " + s.name, 3, id, at, step / 2);
      db.attributes.push_back({"db.system", std::string(kStores[s.store])});
      db.attributes.push_back({"db.name", s.name + "-db"});
      at += step;
    }
    if (rng_() % 8 == 0 && made_ < budget_) {
      SynthSpan& produce = add(out, service, "orders publish", 4, id, at, step / 4);
      produce.attributes.push_back({"messaging.system", std::string("kafka")});
      produce.attributes.push_back({"messaging.destination.name", std::string("orders")});
    }
    if (rng_() % 10 == 0 && made_ < budget_) {
      SynthSpan& external = add(out, service, "POST", 3, id, at, step / 2);
      external.attributes.push_back({"peer.service", std::string("payments-gateway")});
      external.attributes.push_back({"http.request.method", std::string("POST")});
      external.attributes.push_back({"sampling.ratio", 0.25});
    }
    if (depth == 0) return;
    for (int callee : s.callees) {
      if (made_ + 2 > budget_) return;
      const bool grpc = rng_() % 2 == 0;
      SynthSpan& call = add(out, service, "call " + services_[static_cast<std::size_t>(callee)].name, 3, id, at, step);
      if (grpc) call.attributes.push_back({"rpc.system", std::string("grpc")});
      else call.attributes.push_back({"http.request.method", std::string("GET")});
      call.attributes.push_back({"server.address", services_[static_cast<std::size_t>(callee)].name});
      call.attributes.push_back({"retry", false});
      const std::string call_id = call.span_id;
      server(out, callee, call_id, at + step / 10, depth - 1, step * 8 / 10);
      at += step;
    }
  }

  std::mt19937_64 rng_;
  std::vector<Service> services_;
  std::string trace_id_;
  std::uint64_t budget_ = 0, made_ = 0;
};

/// One export as a TracesData (= ExportTraceServiceRequest) protobuf message.
inline std::string otlp_protobuf(const SynthExport& e) {
  namespace w = importers::otlp_wire;
  w::MessageWriter traces;
  for (const auto& r : e) {
    w::MessageWriter scope;
    scope.message(w::kScope, w::MessageWriter().bytes(1, "nanoscope.bench").bytes(2, "1.0"));
    for (const auto& s : r.spans) {
      w::MessageWriter span;
      span.bytes(w::kTraceId, s.trace_id).bytes(w::kSpanId, s.span_id);
      if (!s.parent_id.empty()) span.bytes(w::kParentSpanId, s.parent_id);
      span.bytes(w::kName, s.name).varint(w::kKind, static_cast<std::uint64_t>(s.kind));
      span.fixed64(w::kStartTimeUnixNano, s.start_ns).fixed64(w::kEndTimeUnixNano, s.end_ns);
      for (const auto& a : s.attributes) {
        w::MessageWriter value;
        if (auto* text = std::get_if<std::string>(&a.value)) value.bytes(w::kStringValue, *text);
        else if (auto* i = std::get_if<std::int64_t>(&a.value)) value.varint(w::kIntValue, static_cast<std::uint64_t>(*i));
        else if (auto* b = std::get_if<bool>(&a.value)) value.varint(w::kBoolValue, *b ? 1 : 0);
        else value.float64(w::kDoubleValue, std::get<double>(a.value));
        span.message(w::kAttributes, w::MessageWriter().bytes(w::kKey, a.key).message(w::kValue, value));
      }
      if (s.error) span.message(w::kStatus, w::MessageWriter().bytes(w::kStatusMessage, "failed").varint(w::kStatusCode, 2));
      scope.message(w::kSpans, span);
    }
    w::MessageWriter resource;
    resource.string_attribute(w::kResourceAttributes, "service.name", r.service);
    resource.string_attribute(w::kResourceAttributes, "host.name", r.service + "-7d9f");
    traces.message(w::kResourceSpans, w::MessageWriter().message(w::kResource, resource).message(w::kScopeSpans, scope));
  }
  return traces.data();
}

inline std::string hex(const std::string& raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

/// One export as an OTLP/JSON object (hex ids, numeric kinds, int64 as strings), one line.
inline std::string otlp_json(const SynthExport& e) {
  std::string out = R"({"resourceSpans":[)";
  bool first_resource = true;
  for (const auto& r : e) {
    out += first_resource ? "" : ",";
    first_resource = false;
    out += R"({"resource":{"attributes":[{"key":"service.name","value":{"stringValue":")" + r.service +
           R"("}},{"key":"host.name","value":{"stringValue":")" + r.service +
           R"(-7d9f"}}]},"scopeSpans":[{"scope":{"name":"nanoscope.bench","version":"1.0"},"spans":[)";
    bool first_span = true;
    for (const auto& s : r.spans) {
      out += first_span ? "" : ",";
      first_span = false;
      out += R"({"traceId":")" + hex(s.trace_id) + R"(","spanId":")" + hex(s.span_id) + "\"";
      if (!s.parent_id.empty()) out += R"(,"parentSpanId":")" + hex(s.parent_id) + "\"";
      out += R"(,"name":")" + s.name + R"(","kind":)" + std::to_string(s.kind) + R"(,"startTimeUnixNano":")" +
             std::to_string(s.start_ns) + R"(","endTimeUnixNano":")" + std::to_string(s.end_ns) +
             R"(","attributes":[)";
      bool first_attribute = true;
      for (const auto& a : s.attributes) {
        out += first_attribute ? "" : ",";
        first_attribute = false;
        out += R"({"key":")" + a.key + R"(","value":{)";
        if (auto* text = std::get_if<std::string>(&a.value)) out += R"("stringValue":")" + *text + "\"";
        else if (auto* i = std::get_if<std::int64_t>(&a.value)) out += R"("intValue":")" + std::to_string(*i) + "\"";
        else if (auto* b = std::get_if<bool>(&a.value)) out += std::string(R"("boolValue":)") + (*b ? "true" : "false");
        else out += R"("doubleValue":)" + std::to_string(std::get<double>(a.value));
        out += "}}";
      }
      out += "]";
      if (s.error) out += R"(,"status":{"message":"failed","code":2})";
      out += "}";
    }
    out += "]}]}";
  }
  return out + "]}";
}

}  // namespace nanoscope::bench
