// Helpers for importers reading JSON with simdjson On-Demand: one-line lower-case messages
// for simdjson errors, byte offsets of values for ImportError positions, and typed reads of
// scalar values that fail with a clear message at the value.
#pragma once

#include <simdjson.h>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "importers/input_file.hpp"

namespace nanoscope::importers::detail {

/// A one-line lower-case description of a simdjson error, without a final period.
/// 3 when `text` starts with a UTF-8 byte-order mark (which JSON parsers may ignore), else 0.
[[nodiscard]] inline std::size_t utf8_bom_length(std::string_view text) {
  return text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
}

[[nodiscard]] inline std::string describe_json_error(simdjson::error_code code) {
  switch (code) {
    case simdjson::INCORRECT_TYPE: return "unexpected value type";
    case simdjson::TAPE_ERROR: return "malformed json (a comma, colon, bracket or value is missing or misplaced)";
    case simdjson::UNCLOSED_STRING: return "unterminated string";
    case simdjson::NUMBER_ERROR: return "malformed number";
    case simdjson::NUMBER_OUT_OF_RANGE: return "number out of range";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "malformed literal (expected true, false or null)";
    case simdjson::UTF8_ERROR: return "invalid utf-8";
    case simdjson::DEPTH_ERROR: return "json nested too deeply";
    case simdjson::STRING_ERROR: return "malformed string escape";
    case simdjson::UNESCAPED_CHARS: return "control character inside a string";
    case simdjson::EMPTY: return "empty input";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "unexpected end of input: an object or array is not closed";
    case simdjson::NO_SUCH_FIELD: return "missing field";
    default: break;
  }
  std::string text = simdjson::error_message(code);
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

/// Offset of `pointer` inside `base` (clamped to [0, size]).
[[nodiscard]] inline std::uint64_t offset_in(const char* base, std::size_t size, const char* pointer) {
  if (pointer < base) return 0;
  auto off = static_cast<std::uint64_t>(pointer - base);
  return off > size ? size : off;
}

/// Where a document's iterator stands, as an offset into `base`; `fallback` if unknown.
template <typename Document>
[[nodiscard]] std::uint64_t document_offset(Document& doc, const char* base, std::size_t size,
                                            std::uint64_t fallback) {
  const char* where = nullptr;
  if (doc.current_location().get(where) != simdjson::SUCCESS || where == nullptr) return fallback;
  return offset_in(base, size, where);
}

/// Unescapes the content of a JSON string (without its quotes), for the rare value whose
/// raw token is all that was kept. Invalid escapes are kept as written; lone surrogates are
/// encoded as three-byte sequences (good enough for a name).
[[nodiscard]] inline std::string unescape_json(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  auto hex = [](char h) -> int {
    if (h >= '0' && h <= '9') return h - '0';
    if (h >= 'a' && h <= 'f') return h - 'a' + 10;
    if (h >= 'A' && h <= 'F') return h - 'A' + 10;
    return -1;
  };
  auto append_utf8 = [&out](unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  };
  auto read_hex4 = [&](std::size_t at) -> int {  // -1 if raw[at..at+3] is not four hex digits
    if (at + 4 > raw.size()) return -1;
    int code = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int h = hex(raw[at + k]);
      if (h < 0) return -1;
      code = code * 16 + h;
    }
    return code;
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 == raw.size()) {
      out += raw[i];
      continue;
    }
    const char c = raw[++i];
    switch (c) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        int code = read_hex4(i + 1);
        if (code < 0) {
          out += "\\u";
          break;
        }
        i += 4;
        if (code >= 0xD800 && code < 0xDC00 && i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u') {
          const int low = read_hex4(i + 3);
          if (low >= 0xDC00 && low < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(static_cast<unsigned>(code));
        break;
      }
      default: out += c; break;  // \" \\ \/ and anything else
    }
  }
  return out;
}

/// Typed reads of On-Demand values of one InputFile, failing at the value's position.
/// Strings come back as views into the input when they have no escapes (the common case),
/// else unescaped by simdjson into its buffer (valid until the parser parses again).
class ValueReader {
 public:
  using value = simdjson::ondemand::value;

  explicit ValueReader(const InputFile& file) : file_(file) {}

  [[nodiscard]] std::uint64_t offset_of(value& v) const {
    return offset_in(file_.data(), file_.size(), v.raw_json_token().data());
  }
  [[noreturn]] void fail_at(value& v, const std::string& message) const { file_.fail_at(offset_of(v), message); }

  /// Content of a string value without its quotes, escapes kept; empty for null.
  [[nodiscard]] std::string_view raw_string(value& v, const char* what) const {
    std::string_view raw = v.raw_json_token();
    if (raw.starts_with("null")) return {};
    if (raw.empty() || raw.front() != '"') fail_at(v, std::string("\"") + what + "\" must be a string");
    raw = trim_end(raw);
    if (raw.size() < 2 || raw.back() != '"') fail_at(v, std::string("malformed string in \"") + what + "\"");
    return raw.substr(1, raw.size() - 2);
  }

  /// Unescaped string value; empty for null.
  [[nodiscard]] std::string_view string(value& v, const char* what) const {
    const std::string_view raw = raw_string(v, what);
    if (raw.find('\\') == std::string_view::npos) return raw;
    return v.get_string();
  }

  /// An id: a string, or (leniently) the digits of a bare number.
  [[nodiscard]] std::string_view id(value& v, const char* what) const {
    const std::string_view raw = v.raw_json_token();
    if (!raw.empty() && raw.front() >= '0' && raw.front() <= '9') return trim_end(raw);
    return string(v, what);
  }

  /// An integer; a number with a fraction or exponent is rounded.
  [[nodiscard]] std::int64_t integer(value& v, const char* what) const {
    if (v.type() != simdjson::ondemand::json_type::number) fail_at(v, std::string("\"") + what + "\" must be a number");
    std::int64_t i = 0;
    if (v.get_int64().get(i) == simdjson::SUCCESS) return i;
    double d = 0;
    if (v.get_double().get(d) == simdjson::SUCCESS && std::isfinite(d) && std::fabs(d) < 9.0e18) return std::llround(d);
    fail_at(v, std::string("\"") + what + "\" is out of range");
  }

  /// Any scalar as text: the unescaped string, or the literal of a bool, number or null.
  [[nodiscard]] std::string_view text(value& v) const {
    const std::string_view raw = v.raw_json_token();
    if (!raw.empty() && raw.front() == '"') return string(v, "value");
    return trim_end(raw);
  }

  /// The same for a raw token kept from earlier (its value can no longer be read);
  /// unescaped copies go to `scratch`.
  [[nodiscard]] static std::string_view early_text(std::string_view raw, std::deque<std::string>& scratch) {
    raw = trim_end(raw);
    if (raw.size() < 2 || raw.front() != '"') return raw;
    raw = raw.substr(1, raw.size() - 2);
    if (raw.find('\\') == std::string_view::npos) return raw;
    return scratch.emplace_back(unescape_json(raw));
  }

 private:
  static std::string_view trim_end(std::string_view raw) {
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
      raw.remove_suffix(1);
    return raw;
  }

  const InputFile& file_;
};

}  // namespace nanoscope::importers::detail
