// Line-by-line parsing of the Prometheus text exposition format.
#include "importers/prometheus_text.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace nanoscope::importers::detail {
namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_space(char c) { return c == ' ' || c == '\t'; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

}  // namespace

const std::string* PromSample::label(std::string_view label_name) const {
  for (const auto& l : labels)
    if (l.name == label_name) return &l.value;
  return nullptr;
}

bool parse_prom_value(std::string_view text, double& out) {
  std::string_view body = text;
  bool negative = false;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  if (iequals(body, "inf") || iequals(body, "infinity")) {
    out = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return true;
  }
  if (iequals(body, "nan")) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (body.empty() || !(std::isdigit(static_cast<unsigned char>(body.front())) || body.front() == '.')) return false;
  double value = 0;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec != std::errc() || ptr != body.data() + body.size()) return false;
  out = negative ? -value : value;
  return true;
}

bool PromTextParser::next(PromSample& sample) {
  const std::string_view text = file_.text();
  while (pos_ < text.size()) {
    std::size_t begin = pos_;
    std::size_t nl = text.find('\n', begin);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    pos_ = nl == std::string_view::npos ? text.size() : nl + 1;
    if (begin == 0 && text.substr(0, 3) == "\xEF\xBB\xBF") begin = 3;
    if (end > begin && text[end - 1] == '\r') --end;
    while (begin < end && is_space(text[begin])) ++begin;
    if (begin == end || text[begin] == '#') continue;
    parse_line(begin, end, sample);
    return true;
  }
  return false;
}

void PromTextParser::parse_line(std::size_t begin, std::size_t end, PromSample& sample) {
  const std::string_view text = file_.text();
  sample.labels.clear();
  sample.timestamp_ms.reset();
  sample.offset = begin;
  std::size_t i = begin;
  if (!is_name_start(text[i])) fail(i, "expected a metric name");
  while (i < end && is_name_char(text[i])) ++i;
  sample.name = text.substr(begin, i - begin);
  const std::size_t after_name = i;
  while (i < end && is_space(text[i])) ++i;
  if (i < end && text[i] == '{') {
    ++i;
    for (;;) {
      while (i < end && is_space(text[i])) ++i;
      if (i < end && text[i] == '}') {
        ++i;
        break;
      }
      if (i >= end || !is_name_start(text[i]) || text[i] == ':') fail(i, "expected a label name or '}'");
      const std::size_t name_begin = i;
      while (i < end && is_name_char(text[i]) && text[i] != ':') ++i;
      PromLabel label;
      label.name.assign(text.substr(name_begin, i - name_begin));
      while (i < end && is_space(text[i])) ++i;
      if (i >= end || text[i] != '=') fail(i, "expected '=' after label " + label.name);
      ++i;
      while (i < end && is_space(text[i])) ++i;
      if (i >= end || text[i] != '"') fail(i, "expected a quoted value for label " + label.name);
      ++i;
      for (;;) {
        if (i >= end) fail(i, "unterminated value of label " + label.name);
        const char c = text[i];
        if (c == '"') {
          ++i;
          break;
        }
        if (c == '\\' && i + 1 < end) {
          const char e = text[i + 1];
          if (e == 'n') {
            label.value.push_back('\n');
          } else if (e == '\\' || e == '"') {
            label.value.push_back(e);
          } else {  // not an escape the format defines: kept as written
            label.value.push_back('\\');
            label.value.push_back(e);
          }
          i += 2;
          continue;
        }
        label.value.push_back(c);
        ++i;
      }
      sample.labels.push_back(std::move(label));
      while (i < end && is_space(text[i])) ++i;
      if (i < end && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < end && text[i] == '}') {
        ++i;
        break;
      }
      fail(i, "expected ',' or '}' in the label set");
    }
  }
  const bool separated = i > after_name && (is_space(text[i - 1]) || text[i - 1] == '}');
  while (i < end && is_space(text[i])) ++i;
  if (i >= end || !separated) fail(i, "expected a space and a value after the metric");
  std::size_t value_begin = i;
  while (i < end && !is_space(text[i])) ++i;
  if (!parse_prom_value(text.substr(value_begin, i - value_begin), sample.value))
    fail(value_begin, "invalid sample value '" + std::string(text.substr(value_begin, std::min<std::size_t>(i - value_begin, 40))) + "'");
  while (i < end && is_space(text[i])) ++i;
  if (i < end && text[i] != '#') {
    const std::size_t ts_begin = i;
    while (i < end && !is_space(text[i])) ++i;
    double ts = 0;
    const std::string_view token = text.substr(ts_begin, i - ts_begin);
    if (!parse_prom_value(token, ts) || !std::isfinite(ts) || std::fabs(ts) > 9.0e15)
      fail(ts_begin, "invalid timestamp '" + std::string(token.substr(0, 40)) + "'");
    // Prometheus text writes integer milliseconds; OpenMetrics writes seconds with a fraction.
    sample.timestamp_ms = token.find('.') == std::string_view::npos ? std::llround(ts) : std::llround(ts * 1000.0);
    while (i < end && is_space(text[i])) ++i;
  }
  if (i < end && text[i] != '#') fail(i, "unexpected text after the sample value");
  // A '#' here starts an OpenMetrics exemplar, which says nothing about the graph.
}

}  // namespace nanoscope::importers::detail
