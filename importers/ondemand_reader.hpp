// Reading an InputFile with simdjson On-Demand so that every parse or type problem becomes an
// ImportError naming the file and the byte position (used by the Zipkin and OTLP importers;
// error wording comes from ondemand_support.hpp).
#pragma once

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "importers/input_file.hpp"
#include "importers/ondemand_support.hpp"
#include "importers/text_checks.hpp"

namespace nanoscope::importers::detail {

namespace od = simdjson::ondemand;

/// One On-Demand parser over one InputFile. Documents are opened at a byte offset (so a file
/// may hold several, one after the other); all positions are offsets into the whole file.
class OnDemandReader {
 public:
  explicit OnDemandReader(const InputFile& file) : file_(file) {}

  [[nodiscard]] const InputFile& file() const { return file_; }

  /// Starts the document that begins at or after `offset` (0: the whole input).
  od::document& open(std::size_t offset = 0) {
    if (offset == 0) offset = utf8_bom_length(file_.text());
    doc_start_ = offset;
    simdjson::padded_string_view view(file_.data() + offset, file_.size() - offset, file_.capacity() - offset);
    auto result = parser_.iterate(view);
    if (result.error()) fail_unpositioned(result.error(), offset);
    doc_ = std::move(result).value_unsafe();
    open_ = true;
    return doc_;
  }

  /// Offset of the first token after the current document's root value, or nullopt at the
  /// end of the input. Call once the root value is fully read.
  [[nodiscard]] std::optional<std::size_t> next_token_offset() {
    auto loc = doc_.current_location();
    if (loc.error()) return std::nullopt;
    return offset_of(loc.value_unsafe());
  }

  /// Reads every document from `offset` to the end of the input as a stream (JSON lines or
  /// concatenated documents), calling `f(od::document_reference&)` for each in order.
  template <class F>
  void each_document(std::size_t offset, F&& f) {
    if (offset == 0) offset = utf8_bom_length(file_.text());
    open_ = false;
    doc_start_ = offset;
    const std::size_t length = file_.size() - offset;
    const std::size_t batch = std::max<std::size_t>(length, 1 << 20);
    auto streamed = parser_.iterate_many(file_.data() + offset, length, batch);
    if (streamed.error()) fail_unpositioned(streamed.error(), offset);
    od::document_stream stream = std::move(streamed).value_unsafe();
    for (auto it = stream.begin(); it != stream.end(); ++it) {
      doc_start_ = offset + it.current_index();
      auto item = *it;
      if (item.error()) fail_at(doc_start_, describe_json_error(item.error()));
      od::document_reference ref = item.value_unsafe();
      stream_doc_ = &ref;
      struct Forget {
        od::document_reference*& slot;
        ~Forget() { slot = nullptr; }
      } forget{stream_doc_};
      try {
        f(ref);
      } catch (const simdjson::simdjson_error& e) {
        fail_from(e);  // while stream_doc_ still points at the live document
      }
    }
    if (stream.truncated_bytes() > 0)
      fail_at(file_.size() - stream.truncated_bytes(), "truncated json: incomplete last document");
  }

  /// Throws an ImportError unless the current document is the last thing in the input.
  void expect_end() {
    if (auto next = next_token_offset()) fail_at(*next, "unexpected content after the json document");
  }

  [[nodiscard]] std::uint64_t offset_of(const char* p) const {
    if (p < file_.data() || p > file_.data() + file_.size()) return file_.size();
    return static_cast<std::uint64_t>(p - file_.data());
  }
  [[nodiscard]] std::uint64_t offset_of(od::value& v) const { return offset_of(v.raw_json_token().data()); }

  [[noreturn]] void fail_at(std::uint64_t offset, const std::string& message) const { file_.fail_at(offset, message); }
  [[noreturn]] void fail(od::value& v, const std::string& message) const { fail_at(offset_of(v), message); }

  /// Converts a simdjson exception into an ImportError at the parser's current position.
  [[noreturn]] void fail_from(const simdjson::simdjson_error& e) {
    std::uint64_t at = file_.size();
    if (stream_doc_) {
      auto loc = stream_doc_->current_location();
      at = loc.error() ? doc_start_ : offset_of(loc.value_unsafe());
    } else if (open_) {
      auto loc = doc_.current_location();
      if (!loc.error()) at = offset_of(loc.value_unsafe());
    } else {
      at = doc_start_;
    }
    if (e.error() == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || e.error() == simdjson::UNCLOSED_STRING)
      fail_unpositioned(e.error(), doc_start_);
    fail_at(at, describe_json_error(e.error()));
  }

  // Typed access. `what` names the field in messages, e.g. "\"traceId\"".

  [[nodiscard]] od::json_type type(od::value& v) { return v.type().value(); }

  [[nodiscard]] bool is_null(od::value& v) { return type(v) == od::json_type::null; }

  [[nodiscard]] od::object object(od::value& v, std::string_view what) {
    if (type(v) != od::json_type::object) fail(v, "expected an object for " + std::string(what));
    return v.get_object().value();
  }

  [[nodiscard]] od::array array(od::value& v, std::string_view what) {
    if (type(v) != od::json_type::array) fail(v, "expected an array for " + std::string(what));
    return v.get_array().value();
  }

  /// A string; null reads as empty.
  [[nodiscard]] std::string_view string(od::value& v, std::string_view what) {
    auto t = type(v);
    if (t == od::json_type::null) return {};
    if (t != od::json_type::string) fail(v, "expected a string for " + std::string(what));
    return v.get_string().value();
  }

  /// An integer given as a json number or as a decimal string (as OTLP/JSON writes int64);
  /// nullopt for null or an empty string. A fractional number is truncated.
  [[nodiscard]] std::optional<std::int64_t> integer(od::value& v, std::string_view what, bool allow_string) {
    auto t = type(v);
    if (t == od::json_type::null) return std::nullopt;
    std::string_view text;
    if (t == od::json_type::number) {
      text = v.raw_json_token();
      while (!text.empty() && is_json_space(text.back())) text.remove_suffix(1);
    } else if (t == od::json_type::string && allow_string) {
      text = v.get_string().value();
      if (text.empty()) return std::nullopt;
    } else {
      fail(v, "expected an integer for " + std::string(what));
    }
    if (auto n = parse_integer(text)) return n;
    fail(v, "expected an integer for " + std::string(what) + ", got '" + std::string(text.substr(0, 40)) + "'");
  }

  /// true/false, or the strings "true"/"false".
  [[nodiscard]] bool boolean(od::value& v, std::string_view what) {
    auto t = type(v);
    if (t == od::json_type::boolean) return v.get_bool().value();
    if (t == od::json_type::string) {
      auto s = v.get_string().value();
      if (s == "true") return true;
      if (s == "false") return false;
    }
    fail(v, "expected true or false for " + std::string(what));
  }

  /// Parses a decimal integer, or a number with a fraction or exponent (truncated).
  [[nodiscard]] static std::optional<std::int64_t> parse_integer(std::string_view text) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && p == text.data() + text.size()) return n;
    double d = 0;
    auto [pd, ecd] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ecd == std::errc() && pd == text.data() + text.size() && d > -9.2e18 && d < 9.2e18)
      return static_cast<std::int64_t>(d);
    return std::nullopt;
  }

 private:
  // Errors found while indexing the whole input carry no useful position, so they are looked
  // for again here: unbalanced brackets where the balance breaks, an unclosed string at the
  // end of the input, bad utf-8 at its first bad byte.
  [[noreturn]] void fail_unpositioned(simdjson::error_code code, std::size_t from) const {
    if (code == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) fail_unbalanced(from);
    if (code == simdjson::UNCLOSED_STRING) fail_at(file_.size(), describe_json_error(code));
    if (code == simdjson::UTF8_ERROR) fail_at(first_invalid_utf8(from), describe_json_error(code));
    fail_at(from, describe_json_error(code));
  }

  [[noreturn]] void fail_unbalanced(std::size_t from) const {
    const char* p = file_.data();
    std::vector<char> open;
    std::optional<std::size_t> root_end;
    for (std::size_t i = from; i < file_.size(); ++i) {
      const char c = p[i];
      if (c == '"') {
        for (++i; i < file_.size() && p[i] != '"'; ++i)
          if (p[i] == '\\') ++i;
      } else if (c == '[' || c == '{') {
        open.push_back(c);
      } else if (c == ']' || c == '}') {
        const char want = c == ']' ? '[' : '{';
        if (open.empty() && root_end) fail_at(i, "unexpected content after the json document");
        if (open.empty()) fail_at(i, std::string("unmatched '") + c + "'");
        if (open.back() != want) fail_at(i, std::string("'") + c + "' does not close the open '" + open.back() + "'");
        open.pop_back();
        if (open.empty() && !root_end) root_end = i + 1;
      }
    }
    if (open.empty() && root_end) {  // balanced: something stands beside the root value
      for (std::size_t i = *root_end; i < file_.size(); ++i)
        if (!is_json_space(p[i])) fail_at(i, "unexpected content after the json document");
    }
    fail_at(file_.size(), describe_json_error(simdjson::INCOMPLETE_ARRAY_OR_OBJECT));
  }

  [[nodiscard]] std::uint64_t first_invalid_utf8(std::size_t from) const {
    return find_invalid_utf8(std::string_view(file_.data(), file_.size()), from).value_or(from);
  }

  static bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

  const InputFile& file_;
  od::parser parser_;
  od::document doc_;
  od::document_reference* stream_doc_ = nullptr;
  std::size_t doc_start_ = 0;
  bool open_ = false;
};

}  // namespace nanoscope::importers::detail
