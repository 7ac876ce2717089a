// The OTLP trace messages at the protobuf wire level: the field numbers nanoscope reads, and
// a small writer of such messages (for the tests and the benchmark generator, which make
// protobuf inputs without generated code).
//
// \file Decisions:
// * No generated code and no copy of the OTLP .proto files (Debian ships none for C++): the
//   reader (otlp_protobuf.cpp) walks the wire format with protobuf's CodedInputStream, which
//   also spares a message object per span. The field numbers below are OTLP's, as published
//   in the opentelemetry-proto repository (opentelemetry/proto/trace/v1/trace.proto,
//   common/v1/common.proto, resource/v1/resource.proto and
//   collector/trace/v1/trace_service.proto, which the OTLP specification references); they
//   are part of OTLP's stability guarantee, so they do not change.
// * `TracesData` and `ExportTraceServiceRequest` have the same single field (1 =
//   resource_spans), so one reader takes both.
#pragma once

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace nanoscope::importers::otlp_wire {

using WireType = google::protobuf::internal::WireFormatLite::WireType;
inline constexpr WireType kVarint = google::protobuf::internal::WireFormatLite::WIRETYPE_VARINT;
inline constexpr WireType kFixed64 = google::protobuf::internal::WireFormatLite::WIRETYPE_FIXED64;
inline constexpr WireType kLen = google::protobuf::internal::WireFormatLite::WIRETYPE_LENGTH_DELIMITED;

/// The tag (field number and wire type) as it is on the wire.
[[nodiscard]] constexpr std::uint32_t tag(int field, WireType type) {
  return (static_cast<std::uint32_t>(field) << 3) | static_cast<std::uint32_t>(type);
}

// TracesData / ExportTraceServiceRequest
inline constexpr int kResourceSpans = 1;  ///< repeated ResourceSpans
// ResourceSpans
inline constexpr int kResource = 1;                       ///< Resource
inline constexpr int kScopeSpans = 2;                     ///< repeated ScopeSpans
inline constexpr int kSchemaUrl = 3;                      ///< string
inline constexpr int kInstrumentationLibrarySpans = 1000; ///< deprecated, same shape as ScopeSpans
// Resource
inline constexpr int kResourceAttributes = 1;  ///< repeated KeyValue
// ScopeSpans (and InstrumentationLibrarySpans)
inline constexpr int kScope = 1;  ///< InstrumentationScope
inline constexpr int kSpans = 2;  ///< repeated Span
// Span
inline constexpr int kTraceId = 1;            ///< bytes (16)
inline constexpr int kSpanId = 2;             ///< bytes (8)
inline constexpr int kTraceState = 3;         ///< string
inline constexpr int kParentSpanId = 4;       ///< bytes (8), empty for a root
inline constexpr int kName = 5;               ///< string
inline constexpr int kKind = 6;               ///< enum SpanKind
inline constexpr int kStartTimeUnixNano = 7;  ///< fixed64
inline constexpr int kEndTimeUnixNano = 8;    ///< fixed64
inline constexpr int kAttributes = 9;         ///< repeated KeyValue
inline constexpr int kStatus = 15;            ///< Status
// Status
inline constexpr int kStatusMessage = 2;  ///< string
inline constexpr int kStatusCode = 3;     ///< enum StatusCode (2 = error)
// KeyValue
inline constexpr int kKey = 1;    ///< string
inline constexpr int kValue = 2;  ///< AnyValue
// AnyValue (a oneof)
inline constexpr int kStringValue = 1;  ///< string
inline constexpr int kBoolValue = 2;    ///< bool
inline constexpr int kIntValue = 3;     ///< int64
inline constexpr int kDoubleValue = 4;  ///< double
inline constexpr int kArrayValue = 5;   ///< ArrayValue
inline constexpr int kKvlistValue = 6;  ///< KeyValueList
inline constexpr int kBytesValue = 7;   ///< bytes

/// Appends fields of one message to a string (nested messages are written first, then added
/// whole with message()).
class MessageWriter {
 public:
  MessageWriter& bytes(int field, std::string_view value) {
    write([&](google::protobuf::io::CodedOutputStream& out) {
      out.WriteTag(tag(field, kLen));
      out.WriteVarint32(static_cast<std::uint32_t>(value.size()));
      out.WriteRaw(value.data(), static_cast<int>(value.size()));
    });
    return *this;
  }
  MessageWriter& message(int field, const MessageWriter& inner) { return bytes(field, inner.data()); }
  MessageWriter& varint(int field, std::uint64_t value) {
    write([&](google::protobuf::io::CodedOutputStream& out) {
      out.WriteTag(tag(field, kVarint));
      out.WriteVarint64(value);
    });
    return *this;
  }
  MessageWriter& fixed64(int field, std::uint64_t value) {
    write([&](google::protobuf::io::CodedOutputStream& out) {
      out.WriteTag(tag(field, kFixed64));
      out.WriteLittleEndian64(value);
    });
    return *this;
  }
  MessageWriter& float64(int field, double value) {
    return fixed64(field, google::protobuf::internal::WireFormatLite::EncodeDouble(value));
  }
  /// A KeyValue attribute with a string value.
  MessageWriter& string_attribute(int field, std::string_view key, std::string_view value) {
    return message(field, MessageWriter().bytes(kKey, key).message(kValue, MessageWriter().bytes(kStringValue, value)));
  }

  [[nodiscard]] const std::string& data() const { return data_; }

 private:
  template <class F>
  void write(F&& f) {
    google::protobuf::io::StringOutputStream stream(&data_);
    google::protobuf::io::CodedOutputStream out(&stream);
    f(out);
    out.Trim();
  }

  std::string data_;
};

/// `message` preceded by its size as 4 big-endian bytes, as the Collector's file exporter
/// writes each message of a `format: proto` file.
[[nodiscard]] inline std::string length_prefixed(std::string_view message) {
  const auto n = static_cast<std::uint32_t>(message.size());
  std::string out{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                  static_cast<char>(n)};
  out += message;
  return out;
}

}  // namespace nanoscope::importers::otlp_wire
