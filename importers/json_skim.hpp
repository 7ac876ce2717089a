// JSON skimming: finds where a value ends without parsing it, 64 bytes at a time (SSE2), so
// a large document can be handed to simdjson one element (one trace) at a time.
// Private to the importers; header-only so each importer that wants it just includes it.
#pragma once

#include <emmintrin.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "importers/input_file.hpp"

namespace nanoscope::importers::detail {

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
    std::size_t pos = open;
    std::int64_t depth = 0;
    std::uint64_t in_string_carry = 0;  // all ones when the previous block ended inside a string
    bool escape_carry = false;          // the previous block ended with an unescaped backslash
    while (pos < size_) {
      Block b = classify(data_ + pos);
      if (size_ - pos < 64) {
        const std::uint64_t valid = (std::uint64_t{1} << (size_ - pos)) - 1;
        b.quote &= valid;
        b.backslash &= valid;
        b.open &= valid;
        b.close &= valid;
      }
      if (b.backslash || escape_carry) b.quote &= ~escaped_bits(b.backslash, escape_carry);
      const std::uint64_t in_string = prefix_xor(b.quote) ^ in_string_carry;
      in_string_carry = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_string) >> 63);
      const std::uint64_t open_bits = b.open & ~in_string;
      const std::uint64_t close_bits = b.close & ~in_string;
      const int closes = std::popcount(close_bits);
      if (depth > closes) {
        depth += std::popcount(open_bits) - closes;
      } else {
        for (std::uint64_t bits = open_bits | close_bits; bits; bits &= bits - 1) {
          const int i = std::countr_zero(bits);
          if (open_bits >> i & 1) {
            ++depth;
          } else if (--depth == 0) {
            return pos + static_cast<std::size_t>(i) + 1;
          }
        }
      }
      pos += 64;
    }
    const auto where = file_.position_of(open);
    file_.fail_at(size_, std::string("unexpected end of input: the ") + (data_[open] == '{' ? "object" : "array") +
                             " opened at line " + std::to_string(where.line.value_or(0)) + " column " +
                             std::to_string(where.column.value_or(0)) + " is not closed");
  }

 private:
  struct Block {
    std::uint64_t quote = 0, backslash = 0, open = 0, close = 0;
  };

  static bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

  static std::uint64_t eq_mask(__m128i chunk, char c) {
    return static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(c))));
  }

  static Block classify(const char* p) {
    Block b;
    for (int k = 0; k < 4; ++k) {
      const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
      const int shift = 16 * k;
      b.quote |= eq_mask(chunk, '"') << shift;
      b.backslash |= eq_mask(chunk, '\\') << shift;
      b.open |= (eq_mask(chunk, '{') | eq_mask(chunk, '[')) << shift;
      b.close |= (eq_mask(chunk, '}') | eq_mask(chunk, ']')) << shift;
    }
    return b;
  }

  /// Bits of characters preceded by an unescaped backslash. Backslashes are rare in trace
  /// data, so a plain bit walk is fast enough.
  static std::uint64_t escaped_bits(std::uint64_t backslash, bool& carry) {
    std::uint64_t escaped = 0;
    bool pending = carry;
    for (int i = 0; i < 64; ++i) {
      if (pending) {
        escaped |= std::uint64_t{1} << i;
        pending = false;
      } else if (backslash >> i & 1) {
        pending = true;
      }
    }
    carry = pending;
    return escaped;
  }

  /// Bit i set when an odd number of quote bits are at or below i (i.e. inside a string).
  static std::uint64_t prefix_xor(std::uint64_t x) {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
  }

  const InputFile& file_;
  const char* data_;
  std::size_t size_;
};

}  // namespace nanoscope::importers::detail
