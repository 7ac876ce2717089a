// Reading the fields of one protobuf message at the wire level (libprotobuf's
// CodedInputStream) with every failure an ImportError naming the file and byte offset, and
// telling a truncated input from a bad message. Private to the protobuf importers
// (otlp_protobuf.cpp).
#pragma once

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "importers/import_error.hpp"

namespace nanoscope::importers::detail {

/// Throws the ImportError "FILE: byte OFFSET: message".
[[noreturn]] inline void fail_at_byte(const std::string& file, std::uint64_t offset, const std::string& message) {
  SourcePosition position;
  position.byte_offset = offset;
  throw ImportError(file, position, message);
}

/// Where a message lies in its file.
struct MessageOrigin {
  std::uint64_t file_offset = 0;  ///< the message's first byte, or its compressed frame's
  bool decompressed = false;      ///< offsets inside are then offsets into the decompressed message
  std::uint64_t frame_size = 0;   ///< the frame's size in the file (decompressed only)
  bool whole_file = false;        ///< the message is the whole file: running past it is truncation
};

/// The fields of one message (up to 2 GiB, protobuf's limit). Strings are views into it.
class ProtobufFields {
 public:
  static constexpr std::uint64_t kMaxMessageBytes = std::numeric_limits<int>::max();

  /// `message` must be at most kMaxMessageBytes (checked by the caller, which names the file).
  ProtobufFields(const std::string& file, std::string_view message, MessageOrigin origin)
      : file_(file),
        size_(message.size()),
        origin_(origin),
        in_(reinterpret_cast<const std::uint8_t*>(message.data()), static_cast<int>(message.size())) {
    in_.SetTotalBytesLimit(std::numeric_limits<int>::max());
    (void)in_.PushLimit(static_cast<int>(message.size()));  // the top level ends at the message's end
  }

  /// The next field's tag, or 0 at the end of the innermost open message (see end()).
  [[nodiscard]] std::uint32_t tag() { return in_.ReadTag(); }

  /// Reads a length-delimited field as a message: `body` reads its fields.
  template <class F>
  void nested(const char* what, F&& body) {
    const std::uint32_t length = size_of(what);
    const auto limit = in_.PushLimit(static_cast<int>(length));
    ++depth_;
    body();
    --depth_;
    in_.PopLimit(limit);
  }

  /// A string or bytes field.
  std::string_view bytes(const char* what) {
    const std::uint32_t length = size_of(what);
    if (length == 0) return {};
    const void* data = nullptr;
    int available = 0;
    in_.GetDirectBufferPointerInline(&data, &available);
    in_.Skip(static_cast<int>(length));
    return {static_cast<const char*>(data), length};
  }

  std::uint64_t varint(const char* what) {
    const int at = in_.CurrentPosition();
    std::uint64_t n = 0;
    if (!in_.ReadVarint64(&n)) fail_read(at, 10, what);
    return n;
  }

  std::uint64_t fixed64(const char* what) {
    const int at = in_.CurrentPosition();
    std::uint64_t n = 0;
    if (!in_.ReadLittleEndian64(&n)) fail_read(at, 8, what);
    return n;
  }

  /// Skips a field the reader does not want (unknown, or a known one with another wire type,
  /// as protobuf's own parser does).
  void skip(std::uint32_t t) {
    using Wire = google::protobuf::internal::WireFormatLite;
    const int at = in_.CurrentPosition();
    if (Wire::SkipField(&in_, t)) return;
    const int type = static_cast<int>(Wire::GetTagWireType(t));
    const std::string what =
        "field " + std::to_string(Wire::GetTagFieldNumber(t)) + " (wire type " + std::to_string(type) + ")";
    if (type > 5) fail_at(at, "bad otlp protobuf message: invalid wire type in " + what);
    // A length-delimited field may say any size: only the file's end tells truncation.
    fail_read(at, type == 2 ? std::numeric_limits<int>::max() : 10, what);
  }

  /// After the fields of a message: tag() stopped at its end, not at a bad tag.
  void end(const char* what) {
    if (in_.ConsumedEntireMessage()) return;
    fail_at(in_.CurrentPosition(), std::string("bad otlp protobuf message: invalid field tag in ") + what);
  }

  [[nodiscard]] int position() const { return in_.CurrentPosition(); }

  /// Fails at `offset` into the message: the byte in the file, or for a decompressed message
  /// its frame's, saying where inside the message.
  [[noreturn]] void fail_at(int offset, const std::string& message) const {
    const auto at = static_cast<std::uint64_t>(offset);
    if (origin_.decompressed)
      fail_at_byte(file_, origin_.file_offset,
                   message + " (at byte " + std::to_string(at) + " of the message decompressed from the " +
                       std::to_string(origin_.frame_size) + "-byte zstd frame here)");
    fail_at_byte(file_, origin_.file_offset + at, message);
  }

 private:
  /// The size before a length-delimited field's content, checked against what is left.
  std::uint32_t size_of(const char* what) {
    const int at = in_.CurrentPosition();
    std::uint32_t length = 0;
    if (!in_.ReadVarint32(&length)) fail_read(at, 10, std::string("the size of ") + what);
    if (static_cast<std::int64_t>(length) <= in_.BytesUntilLimit()) return length;
    if (at_file_end())
      fail_at(at, std::string("truncated otlp protobuf: ") + what + " of " + std::to_string(length) +
                      " bytes runs past the end of the input");
    fail_at(at, std::string("bad otlp protobuf message: ") + what + " of " + std::to_string(length) +
                    " bytes runs past the end of the message holding it");
  }

  /// A read of at most `needed` bytes that failed at `at`: a truncated input when it ran into
  /// the end of the file, else a bad message.
  [[noreturn]] void fail_read(int at, int needed, const std::string& what) const {
    const std::int64_t left = static_cast<std::int64_t>(size_) - at;
    if (at_file_end() && left < needed) fail_at(at, "truncated otlp protobuf: the input ends inside " + what);
    fail_at(at, "bad otlp protobuf message: cannot read " + what);
  }

  /// Whether a read here runs into the end of the file: at the top level of a message that is
  /// the whole file. (Inside a nested message whose size fit, a field running past its end is
  /// a bad message: a cut file shows as an enclosing size running past the end first.)
  [[nodiscard]] bool at_file_end() const { return origin_.whole_file && depth_ == 0; }

  const std::string& file_;
  std::uint64_t size_;
  MessageOrigin origin_;
  google::protobuf::io::CodedInputStream in_;
  int depth_ = 0;  // messages open inside the top-level one
};

}  // namespace nanoscope::importers::detail
