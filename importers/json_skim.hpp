// JSON skimming: finds where a value ends without parsing it, 64 bytes at a time (the kernel in
// json_skim_kernel.cpp picks AVX2, SSE2 or plain code at run time), so a large document can be
// handed to simdjson one element (one trace) at a time. Private to the importers.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "importers/input_file.hpp"

namespace nanoscope::importers::detail {

/// skim_container_end's answer when the container is not closed before `size`.
inline constexpr std::size_t kNotClosed = static_cast<std::size_t>(-1);
/// Offset just past the bracket closing the '{' or '[' at data[open], or kNotClosed. Reads
/// whole 64-byte blocks: data must be readable (zero padded) 64 bytes past `size`.
[[nodiscard]] std::size_t skim_container_end(const char* data, std::size_t size, std::size_t open);
/// The instruction set skim_container_end chose on this CPU: "avx2", "sse2" or "portable".
[[nodiscard]] const char* skim_kernel_name();
/// One compiled variant of skim_container_end.
struct SkimKernel {
  const char* name;
  std::size_t (*container_end)(const char* data, std::size_t size, std::size_t open);
};
/// Every variant this CPU can run, best first (the first is the one skim_container_end uses);
/// tests compare them with each other.
[[nodiscard]] std::vector<SkimKernel> skim_kernels();

/// Walks the structure of an InputFile's JSON text. Every failure is an ImportError at the
/// offending byte. Relies on InputFile's zero padding: 64 bytes past the end are readable.
class JsonSkim {
 public:
  explicit JsonSkim(const InputFile& file) : file_(file), data_(file.data()), size_(file.size()) {}

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] char at(std::size_t pos) const { return pos < size_ ? data_[pos] : '\0'; }

  /// First non-whitespace offset at or after `pos` (size() if none).
  [[nodiscard]] std::size_t skip_ws(std::size_t pos) const {
    while (pos < size_ && is_ws(data_[pos])) ++pos;
    return pos;
  }

  /// Offset just past the value that starts at `pos` (which must not be whitespace).
  [[nodiscard]] std::size_t value_end(std::size_t pos) const {
    if (pos >= size_) file_.fail_at(size_, "unexpected end of input: expected a value");
    const char c = data_[pos];
    if (c == '{' || c == '[') return container_end(pos);
    if (c == '"') return string_end(pos);
    std::size_t end = pos;
    while (end < size_ && !is_ws(data_[end]) && data_[end] != ',' && data_[end] != '}' && data_[end] != ']' &&
           data_[end] != ':')
      ++end;
    if (end == pos) file_.fail_at(pos, std::string("expected a value, found '") + c + "'");
    return end;
  }

  /// Offset just past the closing quote of the string whose opening quote is at `pos`.
  [[nodiscard]] std::size_t string_end(std::size_t pos) const {
    for (std::size_t i = pos + 1; i < size_; ++i) {
      if (data_[i] == '\\') {
        ++i;
      } else if (data_[i] == '"') {
        return i + 1;
      }
    }
    file_.fail_at(pos, "unexpected end of input: unterminated string");
  }

  /// Offset just past the '}' or ']' closing the object or array opened at `open`.
  /// Brackets are counted outside strings only; which bracket closes which is left to the
  /// parser that later reads the value.
  [[nodiscard]] std::size_t container_end(std::size_t open) const {
    const std::size_t end = skim_container_end(data_, size_, open);
    if (end != kNotClosed) return end;
    const auto where = file_.position_of(open);
    file_.fail_at(size_, std::string("unexpected end of input: the ") + (data_[open] == '{' ? "object" : "array") +
                             " opened at line " + std::to_string(where.line.value_or(0)) + " column " +
                             std::to_string(where.column.value_or(0)) + " is not closed");
  }

 private:
  static bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

  const InputFile& file_;
  const char* data_;
  std::size_t size_;
};

}  // namespace nanoscope::importers::detail
