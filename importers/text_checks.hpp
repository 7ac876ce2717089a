// Byte-level checks of text read from untrusted inputs: NUL bytes and malformed UTF-8 are
// found (with their offset) before they can reach names in the graph and its writers. Valid
// text is confirmed by simdjson::validate_utf8 (SIMD, chosen at run time); only text that fails
// is walked sequence by sequence to find where, or to repair it for a writer.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "importers/input_file.hpp"

namespace nanoscope::importers::detail {

/// What is wrong at an offset found by find_bad_text().
enum class TextProblem { None, NulByte, InvalidUtf8 };

/// Result of find_bad_text(): the first problem and its byte offset in the text.
struct TextCheck {
  TextProblem problem = TextProblem::None;
  std::size_t offset = 0;
};

/// Length (1-4) of the well-formed UTF-8 sequence at `p` (at most `n` bytes available), or 0
/// when it is malformed (overlong forms, surrogates and code points above U+10FFFF included).
[[nodiscard]] inline std::size_t utf8_sequence_length(const unsigned char* p, std::size_t n) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (n < len || p[1] < lo || p[1] > hi) return 0;
  for (std::size_t i = 2; i < len; ++i)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return len;
}

/// Offset of the first malformed UTF-8 sequence in `text` at or after `from`, or nullopt.
[[nodiscard]] inline std::optional<std::size_t> find_invalid_utf8(std::string_view text, std::size_t from = 0) {
  if (from >= text.size() || simdjson::validate_utf8(text.data() + from, text.size() - from)) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = from; i < text.size();) {
    const std::size_t len = utf8_sequence_length(p + i, text.size() - i);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

/// The first NUL byte or malformed UTF-8 sequence in `text` (the earlier of the two).
[[nodiscard]] inline TextCheck find_bad_text(std::string_view text) {
  const void* nul = std::memchr(text.data(), 0, text.size());
  const std::size_t nul_at = nul ? static_cast<std::size_t>(static_cast<const char*>(nul) - text.data()) : text.size();
  // A NUL byte is valid UTF-8, so the invalid sequence (if any) before it is the first problem.
  if (const auto bad = find_invalid_utf8(text.substr(0, nul_at))) return {TextProblem::InvalidUtf8, *bad};
  if (nul) return {TextProblem::NulByte, nul_at};
  return {};
}

/// `text` with every malformed UTF-8 sequence (each byte that starts none) replaced by U+FFFD.
[[nodiscard]] inline std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8_sequence_length(p + i, text.size() - i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
  return out;
}

/// One-line message for a problem found by find_bad_text().
[[nodiscard]] inline const char* describe(TextProblem problem) {
  switch (problem) {
    case TextProblem::NulByte: return "NUL byte in text (is this a binary file?)";
    case TextProblem::InvalidUtf8: return "invalid UTF-8 (the input must be UTF-8 text)";
    default: return "no problem";
  }
}

/// Throws ImportError at the line and column of the first NUL byte or malformed UTF-8
/// sequence of a text input (YAML, .env, metrics text), after an optional byte-order mark.
inline void require_utf8_text(const InputFile& file) {
  const TextCheck check = find_bad_text(file.text());
  if (check.problem != TextProblem::None) file.fail_at(check.offset, describe(check.problem));
}

}  // namespace nanoscope::importers::detail
