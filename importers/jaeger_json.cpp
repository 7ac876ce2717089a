// Jaeger JSON traces: /api/traces ({"data":[...]}), {"data":{...}}, bare trace objects, bare
// span arrays (span.process embedded) and Jaeger-UI exports (references[].span nested).
// The document is skimmed for its top-level shape and each trace goes to simdjson On-Demand
// on its own, so the parser's index stays small; spans are buffered per trace until the
// trace's processes (which usually follow the spans) are known.
#include <simdjson.h>

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

#include "importers/formats.hpp"
#include "importers/jaeger_span_facts.hpp"
#include "importers/json_skim.hpp"
#include "importers/ondemand_support.hpp"

namespace nanoscope::importers {
namespace {

namespace od = simdjson::ondemand;
using detail::JaegerTag;
using detail::JaegerTagFacts;

using detail::JaegerRefType;
using Reference = detail::JaegerReference;

/// A span read but not yet handed to the builder (its service may not be known yet).
struct SpanDraft {
  SpanRecord record;
  std::string_view process_id;       // raw, as it appears in the trace's processes map
  std::string_view process_service;  // span.process.serviceName (Jaeger-UI exports)
  std::string_view parent_span_id;   // old Jaeger "parentSpanID"
  std::uint64_t offset = 0;          // of the span object, for messages
};

/// Raw text of a field name (escapes kept; no field the importer reads has any).
std::string_view key_of(od::field& field) {
  const char* begin = field.key().raw();
  const char* p = begin;
  while (*p != '"') p += (*p == '\\') ? 2 : 1;
  return {begin, static_cast<std::size_t>(p - begin)};
}

class JaegerReader {
 public:
  JaegerReader(const InputFile& file, GraphBuilder& builder) : file_(file), builder_(builder), skim_(file), values_(file) {}

  std::uint64_t run() {
    std::size_t pos = file_.text().starts_with("\xEF\xBB\xBF") ? 3 : 0;
    pos = skim_.skip_ws(pos);
    if (pos == skim_.size()) {
      builder_.warn("empty-file", "the file is empty; nothing imported");
      return 0;
    }
    // A Jaeger span takes 150 bytes or more (ids, names, times, process, one reference).
    builder_.expect_spans(file_.size() / 128);
    std::size_t end = 0;
    if (skim_.at(pos) == '[') {
      end = read_array(pos);
    } else if (skim_.at(pos) == '{') {
      end = read_top_object(pos);
    } else {
      file_.fail_at(pos, "expected a jaeger json object or array");
    }
    end = skim_.skip_ws(end);
    if (end != skim_.size()) file_.fail_at(end, "unexpected content after the end of the json document");
    report();
    return spans_read_;
  }

 private:
  // ---- Top-level shape (skimmed, not parsed) ----

  /// An array of traces or spans; returns the offset past its ']'.
  std::size_t read_array(std::size_t open) {
    std::size_t pos = skim_.skip_ws(open + 1);
    if (skim_.at(pos) == ']') return pos + 1;
    for (;;) {
      const std::size_t end = skim_.value_end(pos);
      read_value(pos, end);
      pos = skim_.skip_ws(end);
      if (skim_.at(pos) == ',') {
        pos = skim_.skip_ws(pos + 1);
      } else if (skim_.at(pos) == ']') {
        return pos + 1;
      } else {
        fail_expected(pos, "',' or ']' after an array element");
      }
    }
  }

  /// The top-level object: an /api/traces wrapper ({"data": ...}), a bare trace or one span.
  std::size_t read_top_object(std::size_t open) {
    std::size_t pos = skim_.skip_ws(open + 1);
    bool has_data = false, trace_like = false;
    if (skim_.at(pos) == '}') file_.fail_at(open, "empty object: not a jaeger trace document");
    for (;;) {
      if (skim_.at(pos) != '"') fail_expected(pos, "a field name");
      const std::size_t key_end = skim_.string_end(pos);
      const std::string_view key = file_.text().substr(pos + 1, key_end - pos - 2);
      pos = skim_.skip_ws(key_end);
      if (skim_.at(pos) != ':') fail_expected(pos, "':' after a field name");
      const std::size_t value = skim_.skip_ws(pos + 1);
      std::size_t end = 0;
      if (key == "data" && skim_.at(value) == '[') {
        has_data = true;
        end = read_array(value);
      } else {
        end = skim_.value_end(value);
        if (key == "data") {
          has_data = true;
          if (skim_.at(value) == '{') {
            read_value(value, end);
          } else if (file_.text().substr(value, end - value) != "null") {
            file_.fail_at(value, "\"data\" must be an array of traces or a trace object");
          }
        } else if (key == "spans" || key == "spanID" || key == "processes") {
          trace_like = true;
        } else if (key == "errors" && skim_.at(value) == '[' && skim_.at(skim_.skip_ws(value + 1)) != ']') {
          builder_.warn("jaeger-errors", "the file carries errors reported by the jaeger query service");
        }
      }
      pos = skim_.skip_ws(end);
      if (skim_.at(pos) == ',') {
        pos = skim_.skip_ws(pos + 1);
      } else if (skim_.at(pos) == '}') {
        break;
      } else {
        fail_expected(pos, "',' or '}' after a field");
      }
    }
    const std::size_t end = pos + 1;
    if (trace_like && !has_data) {
      read_value(open, end);
    } else if (!has_data) {
      file_.fail_at(open, "not a jaeger trace document: no \"data\", \"spans\" or \"spanID\" field");
    }
    return end;
  }

  [[noreturn]] void fail_expected(std::size_t pos, const std::string& what) const {
    if (pos >= skim_.size()) file_.fail_at(pos, "unexpected end of input: expected " + what);
    file_.fail_at(pos, "expected " + what + ", found '" + skim_.at(pos) + "'");
  }

  // ---- One trace or span object, parsed by simdjson ----

  void read_value(std::size_t begin, std::size_t end) {
    auto parsed = parser_.iterate(file_.data() + begin, end - begin, file_.capacity() - begin);
    if (parsed.error()) file_.fail_at(begin, "invalid json: " + detail::describe_json_error(parsed.error()));
    od::document doc = std::move(parsed).value_unsafe();
    try {
      if (doc.type() != od::json_type::object) file_.fail_at(begin, "expected a trace or span object");
      od::object object = doc.get_object();
      read_trace_or_span(object, begin);
    } catch (const simdjson::simdjson_error& e) {
      const auto at = detail::document_offset(doc, file_.data(), file_.size(), begin);
      file_.fail_at(at, "invalid json: " + detail::describe_json_error(e.error()));
    }
  }

  void read_trace_or_span(od::object& object, std::size_t begin) {
    spans_.clear();
    processes_.clear();
    scratch_.clear();
    SpanDraft self;
    self.offset = begin;
    JaegerTagFacts self_tags;
    std::vector<Reference> self_refs;
    bool is_trace = false, is_span = false;
    for (od::field field : object) {
      const std::string_view key = key_of(field);
      od::value value = field.value();
      if (key == "spans") {
        is_trace = true;
        read_spans(value);
      } else if (key == "processes") {
        is_trace = true;
        read_processes(value);
      } else {
        is_span = read_span_field(key, value, self, self_refs, self_tags) || is_span;
      }
    }
    if (is_trace) {
      flush(self.record.trace_id);
    } else if (is_span) {
      finish_span(self, self_refs, self_tags);
      spans_.push_back(self);
      flush({});
    } else {
      file_.fail_at(begin, "neither a trace (no \"spans\") nor a span (no \"spanID\")");
    }
  }

  void read_spans(od::value& value) {
    const od::json_type type = value.type();
    if (type == od::json_type::null) return;
    if (type != od::json_type::array) values_.fail_at(value, "\"spans\" must be an array");
    od::array spans = value.get_array();
    for (od::value span : spans) {
      if (span.type() != od::json_type::object) values_.fail_at(span, "a span must be an object");
      SpanDraft& draft = spans_.emplace_back();
      draft.offset = values_.offset_of(span);
      refs_.clear();
      tags_ = {};
      od::object fields = span.get_object();
      for (od::field field : fields) {
        od::value v = field.value();
        read_span_field(key_of(field), v, draft, refs_, tags_);
      }
      finish_span(draft, refs_, tags_);
    }
  }

  /// Reads one span field; returns true if `key` is a span field other than traceID.
  bool read_span_field(std::string_view key, od::value& value, SpanDraft& d, std::vector<Reference>& refs,
                       JaegerTagFacts& tags) {
    switch (key.size()) {
      case 4:
        if (key == "tags") return read_tags(value, tags), true;
        return false;
      case 6:
        if (key == "spanID") return d.record.span_id = values_.id(value, "spanID"), true;
        return false;
      case 7:
        if (key == "traceID") d.record.trace_id = values_.id(value, "traceID");
        else if (key == "process") return d.process_service = process_service(value), true;
        return false;
      case 8:
        if (key == "duration") return d.record.duration_us = values_.integer(value, "duration"), true;
        return false;
      case 9:
        if (key == "startTime") return d.record.start_us = values_.integer(value, "startTime"), true;
        if (key == "processID") return d.process_id = values_.raw_string(value, "processID"), true;
        return false;
      case 10:
        if (key == "references") return read_references(value, refs), true;
        return false;
      case 12:
        if (key == "parentSpanID") return d.parent_span_id = values_.id(value, "parentSpanID"), true;
        return false;
      case 13:
        if (key == "operationName") return d.record.operation = values_.string(value, "operationName"), true;
        return false;
      default: return false;
    }
  }

  void read_references(od::value& value, std::vector<Reference>& refs) {
    const od::json_type type = value.type();
    if (type == od::json_type::null) return;
    if (type != od::json_type::array) values_.fail_at(value, "\"references\" must be an array");
    od::array array = value.get_array();
    for (od::value item : array) {
      if (item.type() != od::json_type::object) values_.fail_at(item, "a reference must be an object");
      Reference& ref = refs.emplace_back();
      od::object fields = item.get_object();
      for (od::field field : fields) {
        const std::string_view key = key_of(field);
        od::value v = field.value();
        if (key == "refType") {
          const std::string_view type_name = values_.string(v, "refType");
          if (detail::iequals(type_name, "CHILD_OF")) {
            ref.type = JaegerRefType::ChildOf;
          } else if (detail::iequals(type_name, "FOLLOWS_FROM")) {
            ref.type = JaegerRefType::FollowsFrom;
          } else {
            ref.type = JaegerRefType::Other;
          }
        } else if (key == "traceID") {
          ref.trace_id = values_.id(v, "traceID");
        } else if (key == "spanID") {
          ref.span_id = values_.id(v, "spanID");
        }  // "span" (the parent embedded by Jaeger UI) is skipped without being parsed
      }
    }
  }

  void read_tags(od::value& value, JaegerTagFacts& facts) {
    const od::json_type type = value.type();
    if (type == od::json_type::null) return;
    if (type != od::json_type::array) values_.fail_at(value, "\"tags\" must be an array");
    od::array tags = value.get_array();
    for (od::value tag : tags) {
      if (tag.type() != od::json_type::object) values_.fail_at(tag, "a tag must be an object");
      std::string_view key, early_value;
      bool has_key = false, has_early_value = false;
      od::object fields = tag.get_object();
      for (od::field field : fields) {
        const std::string_view name = key_of(field);
        od::value v = field.value();
        if (name == "key") {
          key = values_.string(v, "tag key");
          has_key = true;
        } else if (name == "value") {
          if (has_key) {
            const JaegerTag which = detail::classify_jaeger_tag(key);
            if (which != JaegerTag::None) detail::apply_jaeger_tag(facts, which, values_.text(v));
          } else {
            early_value = v.raw_json_token();
            has_early_value = true;
          }
        }
      }
      if (!has_key) {
        ++tags_without_key_;
      } else if (has_early_value) {
        const JaegerTag which = detail::classify_jaeger_tag(key);
        if (which != JaegerTag::None) detail::apply_jaeger_tag(facts, which, values_.early_text(early_value, scratch_));
      }
    }
  }

  void read_processes(od::value& value) {
    const od::json_type type = value.type();
    if (type == od::json_type::null) return;
    if (type != od::json_type::object) values_.fail_at(value, "\"processes\" must be an object");
    od::object processes = value.get_object();
    for (od::field field : processes) {
      const std::string_view id = key_of(field);
      od::value v = field.value();
      processes_.emplace_back(id, process_service(v));
    }
  }

  /// serviceName of a process object ("" when it names none).
  std::string_view process_service(od::value& value) {
    const od::json_type type = value.type();
    if (type == od::json_type::null) return {};
    if (type != od::json_type::object) values_.fail_at(value, "a process must be an object");
    od::object fields = value.get_object();
    std::string_view service;
    for (od::field field : fields) {
      if (key_of(field) == "serviceName") {
        od::value v = field.value();
        service = values_.string(v, "serviceName");
      }
    }
    return service;
  }

  // ---- Per-span and per-trace assembly ----

  void finish_span(SpanDraft& d, const std::vector<Reference>& refs, const JaegerTagFacts& tags) {
    const detail::JaegerParent parent = detail::choose_jaeger_parent(refs, d.record.trace_id);
    cross_trace_refs_ += parent.cross_trace;
    unknown_ref_types_ += parent.unknown_types;
    if (!parent.span_id.empty()) {
      d.record.parent_id = parent.span_id;
      d.record.follows_from = parent.follows_from;
    } else {
      d.record.parent_id = d.parent_span_id;  // old Jaeger; all zeros means "no parent", the builder knows
    }
    detail::apply_jaeger_tag_facts(tags, d.record, technology_kinds_);
  }

  /// Resolves services and hands the buffered spans of one trace to the builder.
  void flush(std::string_view trace_id) {
    std::stable_sort(processes_.begin(), processes_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (SpanDraft& d : spans_) {
      if (d.record.trace_id.empty()) d.record.trace_id = trace_id;
      if (d.record.trace_id.empty()) file_.fail_at(d.offset, "span has no traceID");
      if (d.record.span_id.empty()) file_.fail_at(d.offset, "span has no spanID");
      if (!d.process_id.empty()) {
        auto it = std::lower_bound(processes_.begin(), processes_.end(), d.process_id,
                                   [](const auto& p, std::string_view id) { return p.first < id; });
        if (it != processes_.end() && it->first == d.process_id && !it->second.empty()) {
          d.record.service = it->second;
        } else if (!d.process_service.empty()) {
          d.record.service = d.process_service;
        } else if (it == processes_.end() || it->first != d.process_id) {
          ++unknown_processes_;
        }
      } else {
        d.record.service = d.process_service;  // empty: the builder counts span-without-service
      }
      if (d.record.operation.empty()) {
        d.record.operation = kAnyOperation;
        ++spans_without_operation_;
      }
      builder_.add_span(d.record);
      ++spans_read_;
    }
  }

  void report() {
    if (unknown_processes_)
      builder_.warn("unknown-process", "a span's processID is not among its trace's processes; service unknown",
                    unknown_processes_);
    if (spans_without_operation_)
      builder_.warn("span-without-operation", "a span has no operationName; put in operation *",
                    spans_without_operation_);
    if (cross_trace_refs_)
      builder_.info("cross-trace-reference", "a span reference points into another trace; ignored",
                    cross_trace_refs_);
    if (unknown_ref_types_)
      builder_.warn("unknown-reference-type", "a span reference is neither CHILD_OF nor FOLLOWS_FROM; ignored",
                    unknown_ref_types_);
    if (tags_without_key_)
      builder_.warn("tag-without-key", "a span tag has no key; ignored", tags_without_key_);
  }

  const InputFile& file_;
  GraphBuilder& builder_;
  detail::JsonSkim skim_;
  detail::ValueReader values_;
  od::parser parser_;
  std::vector<SpanDraft> spans_;                                          // of the current trace
  std::vector<std::pair<std::string_view, std::string_view>> processes_;  // id -> serviceName
  std::deque<std::string> scratch_;                                       // unescaped early tag values
  std::vector<Reference> refs_;
  JaegerTagFacts tags_;
  detail::TechnologyKinds technology_kinds_;
  std::uint64_t spans_read_ = 0;
  std::uint64_t unknown_processes_ = 0, spans_without_operation_ = 0, cross_trace_refs_ = 0;
  std::uint64_t unknown_ref_types_ = 0, tags_without_key_ = 0;
};

}  // namespace

std::uint64_t import_jaeger_json(const InputFile& file, GraphBuilder& builder) {
  JaegerReader reader(file, builder);
  return reader.run();
}

}  // namespace nanoscope::importers
