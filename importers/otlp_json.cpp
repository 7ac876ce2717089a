// OTLP/JSON trace importer: resourceSpans (camelCase or snake_case, old
// instrumentationLibrarySpans, Tempo's `batches` and `trace`, Jaeger /api/v3's `result` and
// `error`, JSON lines) -> SpanRecords. Ids hex or base64; kinds and status codes numbers or
// enum names. What the fields mean is otlp_span_facts.hpp's, shared with the protobuf reader.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "importers/formats.hpp"
#include "importers/ondemand_reader.hpp"
#include "importers/otlp_span_facts.hpp"
#include "importers/span_batch.hpp"

namespace nanoscope::importers {
namespace {

using detail::od::json_type;
using detail::od::value;
using detail::OnDemandReader;
using detail::OtlpValue;
using detail::SpanBatch;

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

/// Decodes standard or URL-safe base64 (padding optional) into lower-case hex.
std::optional<std::string> base64_to_hex(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  if (s.size() % 4 == 1) return std::nullopt;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : s) {
    int d = base64_digit(c);
    if (d < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(d);
    count += 6;
    if (count >= 8) {
      count -= 8;
      const auto byte = static_cast<unsigned>((bits >> count) & 0xFF);
      hex += kHex[byte >> 4];
      hex += kHex[byte & 0xF];
    }
  }
  return hex;
}

/// Reads OTLP exports into a batch; one instance per file.
class OtlpReader {
 public:
  OtlpReader(OnDemandReader& json, SpanBatch& batch, GraphBuilder& builder)
      : json_(json), batch_(batch), builder_(builder) {}

  /// Reads the file: one export object, or several (JSON lines) one after the other.
  void read_file() {
    auto& doc = json_.open();
    const std::uint64_t root = json_.next_token_offset().value_or(0);
    if (doc.type().value() != json_type::object) json_.fail_at(root, "expected an otlp/json object with resourceSpans");
    auto object = doc.get_object().value();
    read_export(object, root);
    const auto next = json_.next_token_offset();
    if (!next) return;
    if (json_.file().data()[*next] != '{') json_.fail_at(*next, "unexpected content after the json document");
    json_.each_document(*next, [&](detail::od::document_reference& d) {
      const std::uint64_t at = json_.offset_of(d.current_location().value());
      if (d.type().value() != json_type::object) json_.fail_at(at, "expected an otlp/json object with resourceSpans");
      auto o = d.get_object().value();
      read_export(o, at);
    });
  }

  [[nodiscard]] std::uint64_t spans_read() const { return spans_read_; }

 private:
  void read_export(detail::od::object& root, std::uint64_t at) {
    bool found = false;
    for (auto field : root) {
      const std::string_view key = field.unescaped_key();
      value v = field.value();
      if (key == "resourceSpans" || key == "resource_spans" || key == "batches") {
        found = true;
        if (json_.is_null(v)) continue;
        for (auto element : json_.array(v, "\"" + std::string(key) + "\"")) {
          value rs = element.value();
          read_resource_spans(rs);
        }
      } else if ((key == "trace" || key == "result") && !json_.is_null(v)) {
        // Tempo v2 {"trace": {...}}, Jaeger api/v3 {"result": {...}}
        auto inner = json_.object(v, "\"" + std::string(key) + "\"");
        read_export(inner, json_.offset_of(v));
        found = true;
      } else if (key == "error" && json_.type(v) == json_type::object) {
        fail_with_error_response(v);
      }
    }
    if (!found) json_.fail_at(at, "not an otlp/json trace export: no resourceSpans, resource_spans or batches");
  }

  /// Jaeger's /api/v3 answers a failed query (a trace not found, a bad id) with
  /// {"error":{"grpcCode","httpCode","message","httpStatus"}} instead of a result: no traces,
  /// so an error saying what the server said.
  [[noreturn]] void fail_with_error_response(value& v) {
    const std::uint64_t at = json_.offset_of(v);
    auto error = json_.object(v, "\"error\"");
    std::string message, code;
    for (auto field : error) {
      const std::string_view key = field.unescaped_key();
      value f = field.value();
      if (key == "message" && json_.type(f) == json_type::string) message = std::string(json_.string(f, "\"message\""));
      else if (key == "httpCode" && json_.type(f) == json_type::number)
        code = "http " + std::to_string(json_.integer(f, "\"httpCode\"", false).value_or(0)) + ": ";
    }
    json_.fail_at(at, "a jaeger /api/v3 error response, not traces: " + code + (message.empty() ? "no message" : message));
  }

  void read_resource_spans(value& v) {
    auto block = json_.object(v, "a resourceSpans element");
    const std::size_t first = batch_.size();
    std::string_view service;
    for (auto field : block) {
      const std::string_view key = field.unescaped_key();
      value f = field.value();
      if (key == "resource") {
        service = read_resource(f);
      } else if (key == "scopeSpans" || key == "scope_spans" || key == "instrumentationLibrarySpans" ||
                 key == "instrumentation_library_spans") {
        if (json_.is_null(f)) continue;
        for (auto element : json_.array(f, "\"" + std::string(key) + "\"")) {
          value scope = element.value();
          read_scope_spans(scope);
        }
      }
    }
    // The resource may come after its spans; name them once the block is read.
    for (std::size_t i = first; i < batch_.size(); ++i) batch_[i].record.service = service;
  }

  std::string_view read_resource(value& v) {
    if (json_.is_null(v)) return {};
    auto resource = json_.object(v, "\"resource\"");
    std::string_view service;
    for (auto field : resource) {
      const std::string_view key = field.unescaped_key();
      if (key != "attributes") continue;
      value list = field.value();
      each_attribute(list, [&](std::string_view name, const OtlpValue& a) {
        if (name == detail::kOtlpServiceName && a.type == OtlpValue::Type::String) service = batch_.keep(a.text);
      });
    }
    return service;
  }

  void read_scope_spans(value& v) {
    auto scope = json_.object(v, "a scopeSpans element");
    for (auto field : scope) {
      const std::string_view key = field.unescaped_key();
      if (key != "spans") continue;
      value list = field.value();
      if (json_.is_null(list)) continue;
      for (auto element : json_.array(list, "\"spans\"")) {
        value span = element.value();
        read_span(span);
      }
    }
  }

  void read_span(value& v) {
    auto object = json_.object(v, "a span");
    ++spans_read_;
    detail::OtlpSpan span;
    SpanRecord& r = span.record;
    for (auto field : object) {
      const std::string_view key = field.unescaped_key();
      value f = field.value();
      if (key == "traceId" || key == "trace_id") r.trace_id = read_id(f, "\"traceId\"", 16);
      else if (key == "spanId" || key == "span_id") r.span_id = read_id(f, "\"spanId\"", 8);
      else if (key == "parentSpanId" || key == "parent_span_id") r.parent_id = read_id(f, "\"parentSpanId\"", 8);
      else if (key == "name") r.operation = batch_.keep(json_.string(f, "\"name\""));
      else if (key == "kind") r.kind = read_kind(f);
      else if (key == "startTimeUnixNano" || key == "start_time_unix_nano")
        span.start_ns = json_.integer(f, "\"startTimeUnixNano\"", true);
      else if (key == "endTimeUnixNano" || key == "end_time_unix_nano")
        span.end_ns = json_.integer(f, "\"endTimeUnixNano\"", true);
      else if (key == "attributes") read_span_attributes(f, span.attributes);
      else if (key == "status") span.status_error = read_status(f);
    }
    detail::stage_otlp_span(span, batch_, builder_);
  }

  void read_span_attributes(value& list, detail::OtlpSpanAttributes& out) {
    each_attribute(list, [&](std::string_view key, const OtlpValue& a) {
      out.note(key, a, [&](std::string_view text) { return batch_.keep(text); });
    });
  }

  /// Calls f(key, value) for each element of an OTLP KeyValue list.
  template <class F>
  void each_attribute(value& list, F&& f) {
    if (json_.is_null(list)) return;
    for (auto element : json_.array(list, "\"attributes\"")) {
      value kv_value = element.value();
      auto kv = json_.object(kv_value, "an attribute (key and value)");
      std::string_view key;
      OtlpValue any;
      for (auto field : kv) {
        const std::string_view name = field.unescaped_key();
        value v = field.value();
        if (name == "key") key = json_.string(v, "an attribute \"key\"");
        else if (name == "value") any = read_any_value(v);
      }
      f(key, any);
    }
  }

  OtlpValue read_any_value(value& v) {
    OtlpValue a;
    if (json_.is_null(v)) return a;
    auto object = json_.object(v, "an attribute \"value\" (an AnyValue)");
    for (auto field : object) {
      const std::string_view key = field.unescaped_key();
      value f = field.value();
      if (key == "stringValue" || key == "string_value") {
        a.type = OtlpValue::Type::String;
        a.text = json_.string(f, "\"stringValue\"");
      } else if (key == "intValue" || key == "int_value") {
        a.type = OtlpValue::Type::Int;
        a.integer = json_.integer(f, "\"intValue\"", true).value_or(0);
      } else if (key == "boolValue" || key == "bool_value") {
        a.type = OtlpValue::Type::Bool;
        a.flag = json_.boolean(f, "\"boolValue\"");
      } else if (key == "doubleValue" || key == "double_value") {
        a.type = OtlpValue::Type::Double;
        if (json_.type(f) == json_type::number) a.number = f.get_double().value();
        else a.type = OtlpValue::Type::Other;  // "NaN", "Infinity": not a usable size
      } else if (key == "arrayValue" || key == "array_value" || key == "kvlistValue" || key == "kvlist_value" ||
                 key == "bytesValue" || key == "bytes_value") {
        a.type = OtlpValue::Type::Other;
      }
    }
    return a;
  }

  SpanKind read_kind(value& v) {
    std::optional<SpanKind> kind;
    std::string shown;
    if (json_.type(v) == json_type::string) {
      std::string_view s = json_.string(v, "\"kind\"");
      shown = std::string(s);
      if (auto n = OnDemandReader::parse_integer(s)) kind = detail::otlp_kind_from_number(*n);
      else kind = detail::otlp_kind_from_name(s);
    } else {
      auto n = json_.integer(v, "\"kind\"", false);
      if (!n) return SpanKind::Unspecified;
      shown = std::to_string(*n);
      kind = detail::otlp_kind_from_number(*n);
    }
    if (kind) return *kind;
    return detail::unknown_otlp_kind(builder_, shown);
  }

  /// Whether a Status says error: code 2 or "STATUS_CODE_ERROR".
  bool read_status(value& v) {
    if (json_.is_null(v)) return false;
    auto status = json_.object(v, "\"status\"");
    bool error = false;
    for (auto field : status) {
      const std::string_view key = field.unescaped_key();
      if (key != "code") continue;
      value code = field.value();
      if (json_.type(code) == json_type::string) {
        std::string_view s = json_.string(code, "\"status.code\"");
        error = s == "STATUS_CODE_ERROR" || s == "ERROR" || s == "2";
      } else {
        error = json_.integer(code, "\"status.code\"", false) == detail::kOtlpStatusError;
      }
    }
    return error;
  }

  /// A trace or span id as lower- or upper-case hex, converting base64 (as protobuf's JSON
  /// mapping writes bytes, e.g. Tempo) to hex. `bytes` is the id's binary size.
  std::string_view read_id(value& v, std::string_view what, std::size_t bytes) {
    std::string_view s = json_.string(v, what);
    if (s.empty()) return {};
    if (s.size() == 2 * bytes && is_hex(s)) return batch_.keep(s);
    auto decoded = base64_to_hex(s);
    if (decoded && decoded->size() == 2 * bytes) return batch_.keep(*decoded);
    if (is_hex(s)) return batch_.keep(s);
    if (decoded && !decoded->empty()) return batch_.keep(*decoded);
    builder_.warn("unrecognized-id",
                  "an id is neither hex nor base64: '" + std::string(s.substr(0, 40)) + "'; used as is");
    return batch_.keep(s);
  }

  OnDemandReader& json_;
  SpanBatch& batch_;
  GraphBuilder& builder_;
  std::uint64_t spans_read_ = 0;
};

}  // namespace

std::uint64_t import_otlp_json(const InputFile& file, GraphBuilder& builder) {
  detail::OnDemandReader json(file);
  SpanBatch batch;
  OtlpReader reader(json, batch, builder);
  try {
    reader.read_file();
  } catch (const simdjson::simdjson_error& e) {
    json.fail_from(e);
  }
  batch.flush(builder);
  return reader.spans_read();
}

}  // namespace nanoscope::importers
