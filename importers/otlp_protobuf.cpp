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
// * A field with an unexpected wire type is skipped, as protobuf's own parser treats it as an
//   unknown field. A length that runs past the end of the file is a truncated input; one that
//   runs past its enclosing message, a bad varint or an invalid wire type is a bad message.
//   Either is one ImportError naming the file and byte offset.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "importers/byte_source.hpp"
#include "importers/formats.hpp"
#include "importers/import_error.hpp"
#include "importers/import_unit.hpp"
#include "importers/otlp_span_facts.hpp"
#include "importers/otlp_wire.hpp"
#include "importers/span_batch.hpp"

namespace nanoscope::importers {
namespace {

using google::protobuf::io::CodedInputStream;
using WireFormat = google::protobuf::internal::WireFormatLite;
using detail::OtlpValue;
namespace wire = otlp_wire;
using wire::tag;

constexpr std::uint64_t kMaxMessageBytes = std::numeric_limits<int>::max();  // CodedInputStream's range

/// Where the message being read lies: in the file itself, or decompressed from a zstd frame.
struct MessageOrigin {
  std::uint64_t file_offset = 0;  ///< the message's first byte in the file, or its frame's
  bool decompressed = false;      ///< offsets inside are then offsets into the decompressed message
  std::uint64_t frame_size = 0;   ///< the frame's size in the file (decompressed only)
};

/// Reads the spans of OTLP trace messages into a batch; one instance per file.
class ProtobufReader {
 public:
  ProtobufReader(const InputFile& file, detail::SpanBatch& batch, GraphBuilder& builder, const ImportLimits& limits)
      : file_(file), batch_(batch), builder_(builder), limits_(limits) {}

  void read_file() {
    const std::string_view bytes = file_.text();
    if (detect_otlp_protobuf(bytes.substr(0, detail::kSniffBytes)) == OtlpFraming::LengthPrefixed) read_stream(bytes);
    else read_message(bytes, {});
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
        fail_file(at, "truncated otlp protobuf stream: " + std::to_string(bytes.size() - at) +
                          " bytes after message " + std::to_string(messages) + ", less than a 4-byte size");
      const auto byte = [&](std::uint64_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
      const std::uint64_t size = byte(at) << 24 | byte(at + 1) << 16 | byte(at + 2) << 8 | byte(at + 3);
      if (size > bytes.size() - at - 4)
        fail_file(at, "truncated otlp protobuf stream: message " + std::to_string(messages + 1) + " says " +
                          std::to_string(size) + " bytes, the file has " + std::to_string(bytes.size() - at - 4) +
                          " after its size");
      const std::string_view payload = bytes.substr(at + 4, size);
      if (detect_compression(payload) == CompressionKind::Zstd) {
        const std::string_view message = decompress(payload, at + 4);
        if (is_json(message)) {
          json_messages_.append(message).push_back('\n');
          frames_.pop_back();  // copied: no span points into it
        } else {
          read_message(message, {at + 4, true, size});
        }
      } else {
        read_message(payload, {at + 4, false, 0});
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
      fail_file(offset, "zstd-compressed otlp message of " + std::to_string(frame.size()) + " bytes: " + e.message());
    }
    inflated_ += frames_.back().size();
    return frames_.back().text();
  }

  void read_message(std::string_view bytes, MessageOrigin origin) {
    if (bytes.size() > kMaxMessageBytes)
      fail_file(origin.file_offset, "an otlp protobuf message of " + std::to_string(bytes.size()) +
                                        " bytes is larger than protobuf reads (2 GiB)");
    origin_ = origin;
    message_size_ = bytes.size();
    CodedInputStream in(reinterpret_cast<const std::uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
    in.SetTotalBytesLimit(std::numeric_limits<int>::max());
    const auto limit = in.PushLimit(static_cast<int>(bytes.size()));
    while (const std::uint32_t t = in.ReadTag()) {
      if (t == tag(wire::kResourceSpans, wire::kLen)) nested(in, "a ResourceSpans", [&] { read_resource_spans(in); });
      else skip(in, t);
    }
    end_of_message(in, "a TracesData message");
    in.PopLimit(limit);
  }

  void read_resource_spans(CodedInputStream& in) {
    const std::size_t first = batch_.size();
    std::string_view service;
    while (const std::uint32_t t = in.ReadTag()) {
      if (t == tag(wire::kResource, wire::kLen)) {
        nested(in, "a Resource", [&] { read_resource(in, service); });
      } else if (t == tag(wire::kScopeSpans, wire::kLen) || t == tag(wire::kInstrumentationLibrarySpans, wire::kLen)) {
        nested(in, "a ScopeSpans", [&] { read_scope_spans(in); });
      } else {
        skip(in, t);
      }
    }
    end_of_message(in, "a ResourceSpans");
    // The resource may come after its spans; name them once the block is read.
    for (std::size_t i = first; i < batch_.size(); ++i) batch_[i].record.service = service;
  }

  void read_resource(CodedInputStream& in, std::string_view& service) {
    while (const std::uint32_t t = in.ReadTag()) {
      if (t != tag(wire::kResourceAttributes, wire::kLen)) {
        skip(in, t);
        continue;
      }
      nested(in, "a resource attribute", [&] {
        read_attribute(in, [&](std::string_view key, const OtlpValue& a) {
          if (key == detail::kOtlpServiceName && a.type == OtlpValue::Type::String) service = a.text;
        });
      });
    }
    end_of_message(in, "a Resource");
  }

  void read_scope_spans(CodedInputStream& in) {
    while (const std::uint32_t t = in.ReadTag()) {
      if (t == tag(wire::kSpans, wire::kLen)) nested(in, "a Span", [&] { read_span(in); });
      else skip(in, t);
    }
    end_of_message(in, "a ScopeSpans");
  }

  void read_span(CodedInputStream& in) {
    ++spans_read_;
    detail::OtlpSpan span;
    SpanRecord& r = span.record;
    while (const std::uint32_t t = in.ReadTag()) {
      switch (t) {
        case tag(wire::kTraceId, wire::kLen): r.trace_id = hex_id(bytes(in, "trace_id")); break;
        case tag(wire::kSpanId, wire::kLen): r.span_id = hex_id(bytes(in, "span_id")); break;
        case tag(wire::kParentSpanId, wire::kLen): r.parent_id = hex_id(bytes(in, "parent_span_id")); break;
        case tag(wire::kName, wire::kLen): r.operation = bytes(in, "name"); break;
        case tag(wire::kKind, wire::kVarint): r.kind = kind(varint(in, "kind")); break;
        case tag(wire::kStartTimeUnixNano, wire::kFixed64): span.start_ns = nanos(in, "start_time_unix_nano"); break;
        case tag(wire::kEndTimeUnixNano, wire::kFixed64): span.end_ns = nanos(in, "end_time_unix_nano"); break;
        case tag(wire::kAttributes, wire::kLen):
          nested(in, "a span attribute", [&] {
            read_attribute(in, [&](std::string_view key, const OtlpValue& a) {
              span.attributes.note(key, a, [](std::string_view text) { return text; });
            });
          });
          break;
        case tag(wire::kStatus, wire::kLen): nested(in, "a Status", [&] { span.status_error = read_status(in); }); break;
        default: skip(in, t);
      }
    }
    end_of_message(in, "a Span");
    detail::stage_otlp_span(span, batch_, builder_);
  }

  bool read_status(CodedInputStream& in) {
    bool error = false;
    while (const std::uint32_t t = in.ReadTag()) {
      if (t == tag(wire::kStatusCode, wire::kVarint))
        error = static_cast<std::int64_t>(varint(in, "status code")) == detail::kOtlpStatusError;
      else skip(in, t);
    }
    end_of_message(in, "a Status");
    return error;
  }

  /// One KeyValue: calls f(key, value) with its scalar value.
  template <class F>
  void read_attribute(CodedInputStream& in, F&& f) {
    std::string_view key;
    OtlpValue value;
    while (const std::uint32_t t = in.ReadTag()) {
      if (t == tag(wire::kKey, wire::kLen)) key = bytes(in, "an attribute key");
      else if (t == tag(wire::kValue, wire::kLen)) nested(in, "an AnyValue", [&] { value = read_any_value(in); });
      else skip(in, t);
    }
    end_of_message(in, "a KeyValue");
    f(key, value);
  }

  OtlpValue read_any_value(CodedInputStream& in) {
    OtlpValue a;
    while (const std::uint32_t t = in.ReadTag()) {
      switch (t) {
        case tag(wire::kStringValue, wire::kLen):
          a = {};
          a.type = OtlpValue::Type::String;
          a.text = bytes(in, "string_value");
          break;
        case tag(wire::kBoolValue, wire::kVarint):
          a = {};
          a.type = OtlpValue::Type::Bool;
          a.flag = varint(in, "bool_value") != 0;
          break;
        case tag(wire::kIntValue, wire::kVarint):
          a = {};
          a.type = OtlpValue::Type::Int;
          a.integer = static_cast<std::int64_t>(varint(in, "int_value"));
          break;
        case tag(wire::kDoubleValue, wire::kFixed64):
          a = {};
          a.type = OtlpValue::Type::Double;
          a.number = WireFormat::DecodeDouble(fixed64(in, "double_value"));
          break;
        case tag(wire::kArrayValue, wire::kLen):
        case tag(wire::kKvlistValue, wire::kLen):
        case tag(wire::kBytesValue, wire::kLen):
          a = {};
          a.type = OtlpValue::Type::Other;
          skip(in, t);
          break;
        default: skip(in, t);
      }
    }
    end_of_message(in, "an AnyValue");
    return a;
  }

  SpanKind kind(std::uint64_t n) {
    if (auto k = detail::otlp_kind_from_number(static_cast<std::int64_t>(n))) return *k;
    return detail::unknown_otlp_kind(builder_, std::to_string(static_cast<std::int64_t>(n)));
  }

  /// Unsigned nanoseconds as the signed value the staging takes. Past int64 is an error, as
  /// the same number is in OTLP/JSON (ImportLimits-free: no real clock is that far off).
  std::int64_t nanos(CodedInputStream& in, const char* what) {
    const int at = in.CurrentPosition();
    const std::uint64_t n = fixed64(in, what);
    if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      fail_at(at, std::string("bad otlp protobuf message: ") + what + " " + std::to_string(n) +
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

  // Wire-level reads; each fails with the position on a bad or truncated field.

  template <class F>
  void nested(CodedInputStream& in, const char* what, F&& body) {
    const std::uint32_t length = size_of(in, what);
    const auto limit = in.PushLimit(static_cast<int>(length));
    ++depth_;
    body();
    --depth_;
    in.PopLimit(limit);
  }

  std::string_view bytes(CodedInputStream& in, const char* what) {
    const std::uint32_t length = size_of(in, what);
    if (length == 0) return {};
    const void* data = nullptr;
    int available = 0;
    in.GetDirectBufferPointerInline(&data, &available);
    in.Skip(static_cast<int>(length));
    return {static_cast<const char*>(data), length};
  }

  /// The size before a length-delimited field's content, checked against what is left.
  std::uint32_t size_of(CodedInputStream& in, const char* what) {
    const int at = in.CurrentPosition();
    std::uint32_t length = 0;
    if (!in.ReadVarint32(&length)) fail_read(in, at, 10, std::string("the size of ") + what);
    if (static_cast<std::int64_t>(length) <= in.BytesUntilLimit()) return length;
    if (at_file_end(in))
      fail_at(at, std::string("truncated otlp protobuf: ") + what + " of " + std::to_string(length) +
                      " bytes runs past the end of the input");
    fail_at(at, std::string("bad otlp protobuf message: ") + what + " of " + std::to_string(length) +
                    " bytes runs past the end of the message holding it");
  }

  std::uint64_t varint(CodedInputStream& in, const char* what) {
    const int at = in.CurrentPosition();
    std::uint64_t n = 0;
    if (!in.ReadVarint64(&n)) fail_read(in, at, 10, what);
    return n;
  }

  std::uint64_t fixed64(CodedInputStream& in, const char* what) {
    const int at = in.CurrentPosition();
    std::uint64_t n = 0;
    if (!in.ReadLittleEndian64(&n)) fail_read(in, at, 8, what);
    return n;
  }

  void skip(CodedInputStream& in, std::uint32_t t) {
    const int at = in.CurrentPosition();
    if (WireFormat::SkipField(&in, t)) return;
    const int type = static_cast<int>(WireFormat::GetTagWireType(t));
    const std::string what = "field " + std::to_string(WireFormat::GetTagFieldNumber(t)) + " (wire type " +
                             std::to_string(type) + ")";
    if (type > 5) fail_at(at, "bad otlp protobuf message: invalid wire type in " + what);
    // A length-delimited field may say any size: only the file's end tells truncation.
    fail_read(in, at, type == 2 ? std::numeric_limits<int>::max() : 10, what);
  }

  /// After the fields of a message: ReadTag stopped at its end, not at a bad tag.
  void end_of_message(CodedInputStream& in, const char* what) {
    if (in.ConsumedEntireMessage()) return;
    fail_at(in.CurrentPosition(), std::string("bad otlp protobuf message: invalid field tag in ") + what);
  }

  /// A read of at most `needed` bytes that failed at `at`: a truncated input when it ran into
  /// the end of the file, else a bad message.
  [[noreturn]] void fail_read(CodedInputStream& in, int at, int needed, const std::string& what) {
    const int left = static_cast<int>(message_size_) - at;
    if (at_file_end(in) && left < needed) fail_at(at, "truncated otlp protobuf: the input ends inside " + what);
    fail_at(at, "bad otlp protobuf message: cannot read " + what);
  }

  /// Whether a read at this point runs into the end of the file: at the top level of a
  /// single-message file. (Inside a nested message whose size fit, a field running past its
  /// end is a bad message: a cut file shows as an enclosing size running past the end first.)
  [[nodiscard]] bool at_file_end(const CodedInputStream&) const {
    return !origin_.decompressed && origin_.file_offset == 0 && ends_file() && depth_ == 0;
  }

  /// Whether the current message ends where the file ends (a single-message file).
  [[nodiscard]] bool ends_file() const { return origin_.file_offset + message_size_ == file_.size(); }

  [[noreturn]] void fail_at(int offset_in_message, const std::string& message) {
    const auto offset = static_cast<std::uint64_t>(offset_in_message);
    if (origin_.decompressed)
      fail_file(origin_.file_offset, message + " (at byte " + std::to_string(offset) + " of the message decompressed from the " +
                                         std::to_string(origin_.frame_size) + "-byte zstd frame here)");
    fail_file(origin_.file_offset + offset, message);
  }

  [[noreturn]] void fail_file(std::uint64_t offset, const std::string& message) const {
    SourcePosition position;
    position.byte_offset = offset;
    throw ImportError(file_.path(), position, message);
  }

  const InputFile& file_;
  detail::SpanBatch& batch_;
  GraphBuilder& builder_;
  const ImportLimits& limits_;
  std::deque<InputFile> frames_;  // decompressed messages: the batch's views point into them
  std::string json_messages_;
  std::uint64_t inflated_ = 0;
  MessageOrigin origin_;
  std::uint64_t message_size_ = 0;
  int depth_ = 0;  // messages open inside the top-level one
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
