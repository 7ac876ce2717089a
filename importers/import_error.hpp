// The one error type importers throw: a message plus where in which file it happened.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace nanoscope::importers {

/// Where a problem is: a line/column (1-based) or, for binary-ish positions, a byte offset.
struct SourcePosition {
  std::optional<std::uint64_t> line;
  std::optional<std::uint64_t> column;
  std::optional<std::uint64_t> byte_offset;
};

/// A fatal problem with one input. what() is the one-line form
/// "FILE:LINE:COL: message" (or "FILE: byte N: message", or "FILE: message").
class ImportError : public std::runtime_error {
 public:
  ImportError(std::string file, SourcePosition position, std::string message);
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const SourcePosition& position() const { return position_; }
  [[nodiscard]] const std::string& message() const { return message_; }

 private:
  std::string file_;
  SourcePosition position_;
  std::string message_;
};

}  // namespace nanoscope::importers
