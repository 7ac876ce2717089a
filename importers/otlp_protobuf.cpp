// OTLP protobuf trace importer: one TracesData / ExportTraceServiceRequest message, or the
// Collector file exporter's stream of them (4-byte big-endian size before each message, each
// message zstd-compressed when the exporter was told so) -> SpanRecords. The exporter frames
// zstd-compressed OTLP/JSON the same way; such messages go to the OTLP/JSON reader.
//
// \file Decisions:
// * Decoded at the wire level with protobuf's CodedInputStream (otlp_wire.hpp says why): no
//   message object per span, and strings stay views into the input (the file, or the
//   decompressed message), which outlives the batch.
// * Spans go through the same staging as OTLP/JSON (otlp_span_facts.hpp), so both encodings
//   of a trace give the same graph; ids are bytes here and become lower-case hex.
// * Unknown fields, and known ones with an unexpected wire type, are skipped as protobuf's own
//   parser does. A read past the end of the file is a truncated input, one past its enclosing
//   message a bad message: one ImportError with the byte offset (protobuf_fields.hpp).
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <string_view>

#include "importers/byte_source.hpp"
#include "importers/formats.hpp"
#include "importers/import_error.hpp"
#include "importers/import_unit.hpp"
#include "importers/otlp_span_facts.hpp"
#include "importers/otlp_wire.hpp"
#include "importers/protobuf_fields.hpp"
#include "importers/span_batch.hpp"

namespace nanoscope::importers {
namespace {

using WireFormat = google::protobuf::internal::WireFormatLite;
using detail::OtlpValue;
namespace wire = otlp_wire;
using wire::tag;

/// Reads the spans of OTLP trace messages into a batch; one instance per file.
class ProtobufReader {
 public:
  ProtobufReader(const InputFile& file, detail::SpanBatch& batch, GraphBuilder& builder, const ImportLimits& limits)
      : file_(file), batch_(batch), builder_(builder), limits_(limits) {}

  void read_file() {
    const std::string_view bytes = file_.text();
    if (detect_otlp_protobuf(bytes.substr(0, detail::kSniffBytes)) == OtlpFraming::LengthPrefixed) read_stream(bytes);
    else read_message(bytes, {.whole_file = true});
  }

  [[nodiscard]] std::uint64_t spans_read() const { return spans_read_; }

  /// The file exporter with `format: json` and `compression: zstd` frames JSON exports the
  /// same way: their text, one export per line, for the OTLP/JSON reader.
  [[nodiscard]] const std::string& json_messages() const { return json_messages_; }

 private:
  static bool is_json(std::string_view message) {
    const auto first = message.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && message[first] == '{';
  }

  void read_stream(std::string_view bytes) {
    std::uint64_t at = 0;
    std::uint64_t messages = 0;
    while (at < bytes.size()) {
      if (bytes.size() - at < 4)
        detail::fail_at_byte(file_.path(), at, "truncated otlp protobuf stream: " + std::to_string(bytes.size() - at) +
                          " bytes after message " + std::to_string(messages) + ", less than a 4-byte size");
      const auto byte = [&](std::uint64_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
      const std::uint64_t size = byte(at) << 24 | byte(at + 1) << 16 | byte(at + 2) << 8 | byte(at + 3);
      if (size > bytes.size() - at - 4)
        detail::fail_at_byte(file_.path(), at, "truncated otlp protobuf stream: message " + std::to_string(messages + 1) + " says " +
                          std::to_string(size) + " bytes, the file has " + std::to_string(bytes.size() - at - 4) +
                          " after its size");
      const std::string_view payload = bytes.substr(at + 4, size);
      if (detect_compression(payload) == CompressionKind::Zstd) {
        const std::string_view message = decompress(payload, at + 4);
        if (is_json(message)) {
          json_messages_.append(message).push_back('\n');
          frames_.pop_back();  // copied: no span points into it
        } else {
          read_message(message, {.file_offset = at + 4, .decompressed = true, .frame_size = size});
        }
      } else {
        read_message(payload, {.file_offset = at + 4});
      }
      at += 4 + size;
      ++messages;
    }
  }

  /// The message in a zstd frame; the decompressed bytes live as long as the reader. With
  /// `--limit input-size` all messages together may not decompress to more; without, each
  /// message is held to half of the machine's memory, as a whole file is (InputFile).
  std::string_view decompress(std::string_view frame, std::uint64_t offset) {
    StreamOptions options;
    options.background = false;
    std::uint64_t cap = 0;
    if (limits_.max_file_bytes > 0)
      cap = std::max<std::uint64_t>(1, limits_.max_file_bytes - std::min(limits_.max_file_bytes, inflated_));
    try {
      auto source = open_memory_stream(file_.path(), frame, options);
      frames_.push_back(InputFile::read_stream(*source, cap, frame.size() * 4));
    } catch (const ImportError& e) {
      detail::fail_at_byte(file_.path(), offset, "zstd-compressed otlp message of " + std::to_string(frame.size()) + " bytes: " + e.message());
    }
    inflated_ += frames_.back().size();
    return frames_.back().text();
  }

  void read_message(std::string_view bytes, detail::MessageOrigin origin) {
    if (bytes.size() > detail::ProtobufFields::kMaxMessageBytes)
      detail::fail_at_byte(file_.path(), origin.file_offset,
                           "an otlp protobuf message of " + std::to_string(bytes.size()) +
                               " bytes is larger than protobuf reads (2 GiB)");
    detail::ProtobufFields in(file_.path(), bytes, origin);
    while (const std::uint32_t t = in.tag()) {
      if (t == tag(wire::kResourceSpans, wire::kLen)) in.nested("a ResourceSpans", [&] { read_resource_spans(in); });
      else in.skip(t);
    }
    in.end("a TracesData message");
  }

  void read_resource_spans(detail::ProtobufFields& in) {
    const std::size_t first = batch_.size();
    std::string_view service;
    while (const std::uint32_t t = in.tag()) {
      if (t == tag(wire::kResource, wire::kLen)) {
        in.nested("a Resource", [&] { read_resource(in, service); });
      } else if (t == tag(wire::kScopeSpans, wire::kLen) || t == tag(wire::kInstrumentationLibrarySpans, wire::kLen)) {
        in.nested("a ScopeSpans", [&] { read_scope_spans(in); });
      } else {
        in.skip(t);
      }
    }
    in.end("a ResourceSpans");
    // The resource may come after its spans; name them once the block is read.
    for (std::size_t i = first; i < batch_.size(); ++i) batch_[i].record.service = service;
  }

  void read_resource(detail::ProtobufFields& in, std::string_view& service) {
    while (const std::uint32_t t = in.tag()) {
      if (t != tag(wire::kResourceAttributes, wire::kLen)) {
        in.skip(t);
        continue;
      }
      in.nested("a resource attribute", [&] {
        read_attribute(in, [&](std::string_view key, const OtlpValue& a) {
          if (key == detail::kOtlpServiceName && a.type == OtlpValue::Type::String) service = a.text;
        });
      });
    }
    in.end("a Resource");
  }

  void read_scope_spans(detail::ProtobufFields& in) {
    while (const std::uint32_t t = in.tag()) {
      if (t == tag(wire::kSpans, wire::kLen)) in.nested("a Span", [&] { read_span(in); });
      else in.skip(t);
    }
    in.end("a ScopeSpans");
  }

  void read_span(detail::ProtobufFields& in) {
    ++spans_read_;
    detail::OtlpSpan span;
    SpanRecord& r = span.record;
    while (const std::uint32_t t = in.tag()) {
      switch (t) {
        case tag(wire::kTraceId, wire::kLen): r.trace_id = hex_id(in.bytes("trace_id")); break;
        case tag(wire::kSpanId, wire::kLen): r.span_id = hex_id(in.bytes("span_id")); break;
        case tag(wire::kParentSpanId, wire::kLen): r.parent_id = hex_id(in.bytes("parent_span_id")); break;
        case tag(wire::kName, wire::kLen): r.operation = in.bytes("name"); break;
        case tag(wire::kKind, wire::kVarint): r.kind = kind(in.varint("kind")); break;
        case tag(wire::kStartTimeUnixNano, wire::kFixed64): span.start_ns = nanos(in, "start_time_unix_nano"); break;
        case tag(wire::kEndTimeUnixNano, wire::kFixed64): span.end_ns = nanos(in, "end_time_unix_nano"); break;
        case tag(wire::kAttributes, wire::kLen):
          in.nested("a span attribute", [&] {
            read_attribute(in, [&](std::string_view key, const OtlpValue& a) {
              span.attributes.note(key, a, [](std::string_view text) { return text; });
            });
          });
          break;
        case tag(wire::kStatus, wire::kLen): in.nested("a Status", [&] { span.status_error = read_status(in); }); break;
        default: in.skip(t);
      }
    }
    in.end("a Span");
    detail::stage_otlp_span(span, batch_, builder_);
  }

  bool read_status(detail::ProtobufFields& in) {
    bool error = false;
    while (const std::uint32_t t = in.tag()) {
      if (t == tag(wire::kStatusCode, wire::kVarint))
        error = static_cast<std::int64_t>(in.varint("status code")) == detail::kOtlpStatusError;
      else in.skip(t);
    }
    in.end("a Status");
    return error;
  }

  /// One KeyValue: calls f(key, value) with its scalar value.
  template <class F>
  void read_attribute(detail::ProtobufFields& in, F&& f) {
    std::string_view key;
    OtlpValue value;
    while (const std::uint32_t t = in.tag()) {
      if (t == tag(wire::kKey, wire::kLen)) key = in.bytes("an attribute key");
      else if (t == tag(wire::kValue, wire::kLen)) in.nested("an AnyValue", [&] { value = read_any_value(in); });
      else in.skip(t);
    }
    in.end("a KeyValue");
    f(key, value);
  }

  OtlpValue read_any_value(detail::ProtobufFields& in) {
    OtlpValue a;
    while (const std::uint32_t t = in.tag()) {
      switch (t) {
        case tag(wire::kStringValue, wire::kLen):
          a = {};
          a.type = OtlpValue::Type::String;
          a.text = in.bytes("string_value");
          break;
        case tag(wire::kBoolValue, wire::kVarint):
          a = {};
          a.type = OtlpValue::Type::Bool;
          a.flag = in.varint("bool_value") != 0;
          break;
        case tag(wire::kIntValue, wire::kVarint):
          a = {};
          a.type = OtlpValue::Type::Int;
          a.integer = static_cast<std::int64_t>(in.varint("int_value"));
          break;
        case tag(wire::kDoubleValue, wire::kFixed64):
          a = {};
          a.type = OtlpValue::Type::Double;
          a.number = WireFormat::DecodeDouble(in.fixed64("double_value"));
          break;
        case tag(wire::kArrayValue, wire::kLen):
        case tag(wire::kKvlistValue, wire::kLen):
        case tag(wire::kBytesValue, wire::kLen):
          a = {};
          a.type = OtlpValue::Type::Other;
          in.skip(t);
          break;
        default: in.skip(t);
      }
    }
    in.end("an AnyValue");
    return a;
  }

  SpanKind kind(std::uint64_t n) {
    if (auto k = detail::otlp_kind_from_number(static_cast<std::int64_t>(n))) return *k;
    return detail::unknown_otlp_kind(builder_, std::to_string(static_cast<std::int64_t>(n)));
  }

  /// Unsigned nanoseconds as the signed value the staging takes. Past int64 is an error, as
  /// the same number is in OTLP/JSON.
  static std::int64_t nanos(detail::ProtobufFields& in, const char* what) {
    const int at = in.position();
    const std::uint64_t n = in.fixed64(what);
    if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      in.fail_at(at, std::string("bad otlp protobuf message: ") + what + " " + std::to_string(n) +
                         " is past the int64 range");
    return static_cast<std::int64_t>(n);
  }

  /// An id's bytes as lower-case hex (the form the JSON encoding gives), kept in the batch.
  std::string_view hex_id(std::string_view raw) {
    static constexpr char kHex[] = "0123456789abcdef";
    if (raw.empty()) return {};
    char small[64];
    std::string large;
    char* out = small;
    if (raw.size() * 2 > sizeof small) {
      large.resize(raw.size() * 2);
      out = large.data();
    }
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const auto b = static_cast<unsigned char>(raw[i]);
      out[2 * i] = kHex[b >> 4];
      out[2 * i + 1] = kHex[b & 0xF];
    }
    return batch_.keep({out, raw.size() * 2});
  }

  const InputFile& file_;
  detail::SpanBatch& batch_;
  GraphBuilder& builder_;
  const ImportLimits& limits_;
  std::deque<InputFile> frames_;  // decompressed messages: the batch's views point into them
  std::string json_messages_;
  std::uint64_t inflated_ = 0;
  std::uint64_t spans_read_ = 0;
};

}  // namespace

std::uint64_t import_otlp_protobuf(const InputFile& file, GraphBuilder& builder, const ImportLimits& limits) {
  detail::SpanBatch batch;
  ProtobufReader reader(file, batch, builder, limits);
  reader.read_file();
  batch.flush(builder);
  std::uint64_t spans = reader.spans_read();
  if (!reader.json_messages().empty())
    spans += import_otlp_json(InputFile::from_string(file.path() + " (its zstd-compressed json messages, one per line)",
                                                     reader.json_messages()),
                              builder);
  return spans;
}

}  // namespace nanoscope::importers
