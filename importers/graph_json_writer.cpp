// nanoscope graph JSON writer (format "nanoscope-graph", version 1; docs/graph-format.md).
// Streamed through RapidJSON's PrettyWriter (indent 1): values go straight to the output as they
// are visited, never through a DOM, in chunks of 64 KiB; doubles keep nlohmann's formatting, so
// files are byte-identical to those of the nlohmann writer before (bar the hex case of \u00XX
// escapes of control characters, upper case now). Strings that are not valid UTF-8 (checked
// with simdjson::validate_utf8) are written with U+FFFD for each malformed sequence and counted in
// a "invalid-utf8" diagnostic, so the file is always valid JSON.
#include <nlohmann/json.hpp>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "importers/graph_writers.hpp"
#include "importers/text_checks.hpp"
#include "model/partition.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::importers {
namespace {

/// RapidJSON's pretty writer (indent 1) over a buffer flushed to `out` every 64 KiB, with
/// typed member()/array() helpers and UTF-8 repair of strings.
class JsonStream {
 public:
  explicit JsonStream(std::ostream& out) : out_(out), writer_(buf_) { writer_.SetIndent(' ', 1); }
  ~JsonStream() { flush(); }
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  void begin_object() { writer_.StartObject(); }
  void end_object() { writer_.EndObject(); }
  void begin_array() { writer_.StartArray(); }
  void end_array() { writer_.EndArray(); }

  /// The next member's name; its value follows with value() or begin_*().
  void key(std::string_view name) { writer_.Key(name.data(), static_cast<rapidjson::SizeType>(name.size())); }

  template <class T>
  void value(const T& v) {
    scalar(v);
    if (buf_.GetSize() >= kChunk) flush();
  }
  template <class T>
  void member(std::string_view name, const T& v) {
    key(name);
    value(v);
  }
  template <class Range>
  void array(const Range& items) {
    begin_array();
    for (const auto& item : items) value(item);
    end_array();
  }

  /// Strings written so far that were not valid UTF-8 (written repaired).
  [[nodiscard]] std::size_t repaired_strings() const { return repaired_; }

  void newline() { buf_.Put('\n'); }
  void flush() {
    out_.write(buf_.GetString(), static_cast<std::streamsize>(buf_.GetSize()));
    buf_.Clear();
  }

 private:
  static constexpr std::size_t kChunk = std::size_t{1} << 16;

  void string(std::string_view s) {
    if (simdjson::validate_utf8(s.data(), s.size())) {
      writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
      return;
    }
    ++repaired_;
    const std::string fixed = detail::repair_utf8(s);
    writer_.String(fixed.data(), static_cast<rapidjson::SizeType>(fixed.size()));
  }
  void scalar(std::string_view s) { string(s); }
  void scalar(const std::string& s) { string(s); }
  void scalar(const char* s) { string(s); }
  void scalar(bool b) { writer_.Bool(b); }
  template <class T>
  void scalar(T v) {
    if constexpr (std::is_floating_point_v<T>) {
      const auto x = static_cast<double>(v);
      if (!std::isfinite(x)) {
        writer_.Null();
        return;
      }
      // nlohmann's shortest round-trip text (as every nanoscope JSON writer and earlier files):
      // RapidJSON's own Grisu2 ends about one double in eight with a different last digit.
      std::array<char, 64> text{};
      const char* end = nlohmann::detail::to_chars(text.data(), text.data() + text.size(), x);
      writer_.RawValue(text.data(), static_cast<std::size_t>(end - text.data()), rapidjson::kNumberType);
    } else if constexpr (std::is_signed_v<T>) {
      writer_.Int64(static_cast<std::int64_t>(v));
    } else {
      static_assert(std::is_integral_v<T>);
      writer_.Uint64(static_cast<std::uint64_t>(v));
    }
  }

  std::ostream& out_;
  rapidjson::StringBuffer buf_;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer_;
  std::size_t repaired_ = 0;
};

void summary_json(JsonStream& j, const model::LatencySummary& s) {
  j.begin_object();
  j.member("count", s.count());
  j.member("mean_us", s.mean_us());
  j.member("p50_us", s.quantile_us(0.50));
  j.member("p95_us", s.quantile_us(0.95));
  j.member("p99_us", s.quantile_us(0.99));
  j.member("min_us", s.min_us());
  j.member("max_us", s.max_us());
  j.member("sum_us", s.sum_us());
  j.key("histogram");
  j.begin_object();
  j.member("base", model::LatencySummary::kBase);
  j.member("first", s.first_bucket());
  j.key("counts");
  j.array(s.buckets());
  j.end_object();
  j.end_object();
}

void latency_ms(JsonStream& j, const model::LatencySummary& s) {
  j.begin_object();
  j.member("mean", s.mean_us() / 1000.0);
  j.member("p50", s.quantile_us(0.50) / 1000.0);
  j.member("p95", s.quantile_us(0.95) / 1000.0);
  j.member("p99", s.quantile_us(0.99) / 1000.0);
  j.member("max", s.max_us() / 1000.0);
  j.end_object();
}

void bytes_json(JsonStream& j, const model::ByteStats& b) {
  j.begin_object();
  j.member("samples", b.samples);
  j.member("total", b.total);
  j.end_object();
}

void deployment_json(JsonStream& j, const model::DeploymentFacts& d) {
  j.begin_object();
  if (d.replicas) j.member("replicas", *d.replicas);
  if (d.cpu_request_millicores) j.member("cpu_request_millicores", *d.cpu_request_millicores);
  if (d.cpu_limit_millicores) j.member("cpu_limit_millicores", *d.cpu_limit_millicores);
  if (d.memory_request_bytes) j.member("memory_request_bytes", *d.memory_request_bytes);
  if (d.memory_limit_bytes) j.member("memory_limit_bytes", *d.memory_limit_bytes);
  if (!d.images.empty()) j.key("images"), j.array(d.images);
  if (!d.ports.empty()) j.key("ports"), j.array(d.ports);
  if (!d.sources.empty()) j.key("sources"), j.array(d.sources);
  j.end_object();
}

}  // namespace

std::size_t write_graph_json(std::ostream& out, const model::CallGraph& graph, const model::Diagnostics* diagnostics) {
  auto sg = model::derive_service_graph(graph, model::Partition::observed(graph));
  std::size_t entries = 0;
  for (const auto& op : graph.operations()) entries += op.entry_count > 0;

  JsonStream j(out);
  j.begin_object();
  j.member("format", "nanoscope-graph");
  j.member("version", 1);
  j.key("summary");
  j.begin_object();
  j.member("services", graph.service_count());
  j.member("operations", graph.operation_count());
  j.member("operation_edges", graph.edge_count());
  j.member("service_edges", sg.edges.size());
  j.member("entry_operations", entries);
  j.member("traces", graph.trace_count);
  j.member("window_seconds", graph.window_seconds());
  if (graph.arrivals_not_kept) j.member("arrivals_not_kept", graph.arrivals_not_kept);
  j.end_object();
  if (graph.window_start_us && graph.window_end_us) {
    j.key("window");
    j.begin_object();
    j.member("start_us", *graph.window_start_us);
    j.member("end_us", *graph.window_end_us);
    j.end_object();
  }
  if (!graph.inputs.empty()) {
    j.key("inputs");
    j.begin_array();
    for (const auto& in : graph.inputs) {
      j.begin_object();
      j.member("path", in.path);
      j.member("format", in.format);
      j.member("records", in.records);
      j.member("traces", in.traces);
      if (in.has_window()) {
        j.key("window");
        j.begin_object();
        j.member("start_us", *in.window_start_us);
        j.member("end_us", *in.window_end_us);
        j.end_object();
      }
      j.end_object();
    }
    j.end_array();
  }

  // Services sorted by name; operations by name inside each.
  j.key("services");
  j.begin_array();
  for (const auto& node : sg.nodes) {
    const auto sid = node.group;  // observed partition: group id == service id
    const auto& svc = graph.service(sid);
    j.begin_object();
    j.member("name", svc.name);
    j.member("kind", model::to_string(svc.kind));
    j.member("observed", svc.observed);
    j.member("declared", svc.declared);
    if (!svc.deployment.empty()) j.key("deployment"), deployment_json(j, svc.deployment);
    if (!svc.inputs.empty()) j.key("inputs"), j.array(svc.inputs);
    std::vector<model::OperationId> ops = graph.operations_of(sid);
    std::sort(ops.begin(), ops.end(),
              [&](auto a, auto b) { return graph.operation(a).name < graph.operation(b).name; });
    j.key("operations");
    j.begin_array();
    for (auto id : ops) {
      const auto& op = graph.operation(id);
      j.begin_object();
      j.member("name", op.name);
      j.member("invocations", op.invocations);
      j.member("entries", op.entry_count);
      j.member("errors", op.errors);
      j.key("duration");
      summary_json(j, op.duration);
      j.key("self_time");
      summary_json(j, op.self_time);
      if (!op.arrivals_us.empty()) {
        auto arrivals = op.arrivals_us;
        std::sort(arrivals.begin(), arrivals.end());
        j.key("arrivals_us");
        j.array(arrivals);
      }
      j.end_object();
    }
    j.end_array();
    j.end_object();
  }
  j.end_array();

  j.key("edges");
  j.begin_array();
  for (const auto& e : sg.edges) {
    j.begin_object();
    j.member("from", sg.nodes[e.from].name);
    j.member("to", sg.nodes[e.to].name);
    j.member("kind", model::to_string(e.kind));
    j.member("calls", e.calls);
    j.member("errors", e.errors);
    j.member("declared", e.declared);
    j.key("latency_ms");
    latency_ms(j, e.latency);
    j.end_object();
  }
  j.end_array();

  std::vector<model::EdgeId> order(graph.edge_count());
  for (model::EdgeId i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](model::EdgeId id) {
    const auto& e = graph.edge(id);
    const auto& f = graph.operation(e.from);
    const auto& t = graph.operation(e.to);
    return std::tie(graph.service(f.service).name, f.name, graph.service(t.service).name, t.name, e.kind);
  };
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return key(a) < key(b); });
  j.key("operation_edges");
  j.begin_array();
  for (auto id : order) {
    const auto& e = graph.edge(id);
    const auto& f = graph.operation(e.from);
    const auto& t = graph.operation(e.to);
    j.begin_object();
    j.key("from");
    j.begin_object();
    j.member("service", graph.service(f.service).name);
    j.member("operation", f.name);
    j.end_object();
    j.key("to");
    j.begin_object();
    j.member("service", graph.service(t.service).name);
    j.member("operation", t.name);
    j.end_object();
    j.member("kind", model::to_string(e.kind));
    j.member("protocol", model::to_string(e.protocol));
    j.member("calls", e.calls);
    j.member("errors", e.errors);
    j.member("traces", e.traces);
    j.member("multiplicity", e.multiplicity());
    if (e.parallel_calls) j.member("parallel_calls", e.parallel_calls);
    j.member("declared", e.declared);
    if (!e.evidence.empty()) j.member("evidence", e.evidence);
    j.key("latency");
    summary_json(j, e.latency);
    if (e.request_bytes.samples) j.key("request_bytes"), bytes_json(j, e.request_bytes);
    if (e.response_bytes.samples) j.key("response_bytes"), bytes_json(j, e.response_bytes);
    if (!e.inputs.empty()) j.key("inputs"), j.array(e.inputs);
    j.end_object();
  }
  j.end_array();

  j.key("diagnostics");
  j.begin_array();
  if (diagnostics)
    for (const auto& d : diagnostics->sorted()) {
      j.begin_object();
      j.member("severity", d.severity == model::Severity::Warning ? "warning" : "info");
      j.member("file", d.file);
      j.member("code", d.code);
      j.member("count", d.count);
      j.member("message", d.message);
      j.end_object();
    }
  // Last, so that it counts every string before it (names, paths, messages).
  const std::size_t repaired = j.repaired_strings();
  if (repaired > 0) {
    j.begin_object();
    j.member("severity", "warning");
    j.member("file", "");
    j.member("code", "invalid-utf8");
    j.member("count", repaired);
    j.member("message", "strings that were not valid UTF-8, written with U+FFFD for each malformed sequence");
    j.end_object();
  }
  j.end_array();
  j.end_object();
  j.newline();
  return repaired;
}

}  // namespace nanoscope::importers
