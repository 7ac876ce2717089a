// Reader of nanoscope's own graph JSON (what `nanoscope import` writes), so every command
// can take a saved graph as input. Validates types and reports the JSON path of a problem.
#include <nlohmann/json.hpp>

#include "importers/formats.hpp"
#include "model/provenance.hpp"
#include "model/value_ranges.hpp"

namespace nanoscope::importers {
namespace {
using Json = nlohmann::json;

struct Reader {
  const InputFile& file;

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw ImportError(file.path(), {}, where + ": " + what);
  }
  const Json& field(const Json& obj, const char* name, const std::string& where) const {
    if (!obj.is_object()) fail(where, "expected an object");
    auto it = obj.find(name);
    if (it == obj.end()) fail(where, std::string("missing field \"") + name + "\"");
    return *it;
  }
  std::string string(const Json& obj, const char* name, const std::string& where) const {
    const Json& v = field(obj, name, where);
    if (!v.is_string()) fail(where + "." + name, "expected a string");
    return v.get<std::string>();
  }
  std::uint64_t count(const Json& obj, const char* name, const std::string& where) const {
    auto it = obj.find(name);
    if (it == obj.end()) return 0;
    if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<std::int64_t>() >= 0))
      fail(where + "." + name, "expected a non-negative integer");
    return it->get<std::uint64_t>();
  }
  bool flag(const Json& obj, const char* name, const std::string& where) const {
    auto it = obj.find(name);
    if (it == obj.end()) return false;
    if (!it->is_boolean()) fail(where + "." + name, "expected true or false");
    return it->get<bool>();
  }
  double number(const Json& obj, const char* name, const std::string& where, double fallback = 0) const {
    auto it = obj.find(name);
    if (it == obj.end()) return fallback;
    if (!it->is_number()) fail(where + "." + name, "expected a number");
    return it->get<double>();
  }
  model::LatencySummary summary(const Json& obj, const char* name, const std::string& where) const {
    model::LatencySummary s;
    auto it = obj.find(name);
    if (it == obj.end()) return s;
    const std::string w = where + "." + name;
    const Json& h = field(*it, "histogram", w);
    std::vector<std::uint64_t> counts;
    const Json& c = field(h, "counts", w + ".histogram");
    if (!c.is_array()) fail(w + ".histogram.counts", "expected an array");
    for (const auto& v : c) {
      if (!v.is_number_unsigned()) fail(w + ".histogram.counts", "expected non-negative integers");
      counts.push_back(v.get<std::uint64_t>());
    }
    if (!model::LatencySummary::restore(count(*it, "count", w), number(*it, "sum_us", w), number(*it, "min_us", w),
                                        number(*it, "max_us", w), static_cast<std::uint32_t>(count(h, "first", w)),
                                        std::move(counts), s))
      fail(w, "inconsistent latency histogram");
    return s;
  }
  /// An array of indices into the graph's `inputs` (sorted and unique once read).
  model::InputSet input_set(const Json& obj, std::size_t input_count, const std::string& where) const {
    model::InputSet set;
    auto it = obj.find("inputs");
    if (it == obj.end()) return set;
    const std::string w = where + ".inputs";
    if (!it->is_array()) fail(w, "expected an array of input indices");
    for (const auto& v : *it) {
      if (!v.is_number_unsigned() || v.get<std::uint64_t>() >= input_count)
        fail(w, "expected indices into $.inputs (0 to " + std::to_string(input_count) + " - 1)");
      model::add_input(set, static_cast<std::uint32_t>(v.get<std::uint64_t>()));
    }
    return set;
  }
  std::optional<std::pair<std::int64_t, std::int64_t>> window(const Json& obj, const std::string& where) const {
    auto win = obj.find("window");
    if (win == obj.end()) return std::nullopt;
    const std::string w = where + ".window";
    return std::pair{timestamp(*win, "start_us", w), timestamp(*win, "end_us", w)};
  }
  /// A time in microseconds since the epoch within model/value_ranges.hpp's range.
  std::int64_t timestamp(const Json& obj, const char* name, const std::string& where) const {
    const double us = number(obj, name, where);
    if (!(us >= static_cast<double>(model::kMinTimestampUs) && us <= static_cast<double>(model::kMaxTimestampUs)))
      fail(where + "." + name, "expected microseconds since the epoch from " + std::to_string(model::kMinTimestampUs) +
                                   " to " + std::to_string(model::kMaxTimestampUs));
    return static_cast<std::int64_t>(us);
  }
  template <typename Enum>
  Enum parse_enum(std::optional<Enum> v, const std::string& where) const {
    if (!v) fail(where, "unknown value");
    return *v;
  }
};

// The diagnostics of the import that made the graph, reported again as they were (same file,
// code, count and message), so a saved graph loses none of them.
void read_diagnostics(const Reader& r, const Json& root, model::Diagnostics& out) {
  auto list = root.find("diagnostics");
  if (list == root.end()) return;
  if (!list->is_array()) r.fail("$.diagnostics", "expected an array");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string w = "$.diagnostics[" + std::to_string(i) + "]";
    const Json& d = (*list)[i];
    const std::string severity = r.string(d, "severity", w);
    if (severity != "warning" && severity != "info") r.fail(w + ".severity", "expected \"warning\" or \"info\"");
    out.report(severity == "warning" ? model::Severity::Warning : model::Severity::Info, r.string(d, "file", w),
               r.string(d, "code", w), r.string(d, "message", w), r.count(d, "count", w));
  }
}

}  // namespace

std::uint64_t import_nanoscope_graph(const InputFile& file, GraphBuilder& builder) {
  Json root;
  try {
    root = Json::parse(file.text());
  } catch (const Json::parse_error& e) {
    std::string msg = e.what();
    auto colon = msg.find("syntax error");
    file.fail_at(e.byte > 0 ? e.byte - 1 : 0, colon == std::string::npos ? "invalid JSON" : msg.substr(colon));
  } catch (const Json::exception& e) {  // e.g. out_of_range: a number too large for a double
    std::string msg = e.what();
    const auto bracket = msg.find("] ");
    throw ImportError(file.path(), {}, "invalid JSON: " + (bracket == std::string::npos ? msg : msg.substr(bracket + 2)));
  }
  Reader r{file};
  if (r.string(root, "format", "$") != "nanoscope-graph") r.fail("$.format", "not a nanoscope graph");
  if (r.count(root, "version", "$") != 1) r.fail("$.version", "unsupported version (this build reads version 1)");

  model::CallGraph g;
  std::uint64_t records = 0;
  // Provenance: the files the saved graph was built from stay its inputs.
  if (auto inputs = root.find("inputs"); inputs != root.end()) {
    if (!inputs->is_array()) r.fail("$.inputs", "expected an array");
    for (std::size_t i = 0; i < inputs->size(); ++i) {
      const std::string w = "$.inputs[" + std::to_string(i) + "]";
      const Json& in = (*inputs)[i];
      model::InputSource source{r.string(in, "path", w), r.string(in, "format", w), r.count(in, "records", w),
                                r.count(in, "traces", w), {}, {}};
      if (auto win = r.window(in, w)) source.observe_window(win->first, win->second);
      g.inputs.push_back(std::move(source));
    }
  }
  const Json& services = r.field(root, "services", "$");
  if (!services.is_array()) r.fail("$.services", "expected an array");
  for (std::size_t i = 0; i < services.size(); ++i) {
    const std::string w = "$.services[" + std::to_string(i) + "]";
    const Json& s = services[i];
    auto kind = r.parse_enum(model::parse_service_kind(r.string(s, "kind", w)), w + ".kind");
    auto sid = g.add_service(r.string(s, "name", w), kind);
    auto& svc = g.service(sid);
    svc.observed = r.flag(s, "observed", w);
    svc.declared = r.flag(s, "declared", w);
    svc.inputs = r.input_set(s, g.inputs.size(), w);
    if (auto d = s.find("deployment"); d != s.end() && d->is_object()) {
      auto& f = svc.deployment;
      if (d->contains("replicas")) {
        const double replicas = r.number(*d, "replicas", w);
        if (!(replicas >= 0.0 && replicas <= 1e6)) r.fail(w + ".deployment.replicas", "expected a count up to 1,000,000");
        f.replicas = static_cast<int>(replicas);
      }
      if (d->contains("cpu_request_millicores")) f.cpu_request_millicores = r.number(*d, "cpu_request_millicores", w);
      if (d->contains("cpu_limit_millicores")) f.cpu_limit_millicores = r.number(*d, "cpu_limit_millicores", w);
      if (d->contains("memory_request_bytes")) f.memory_request_bytes = r.number(*d, "memory_request_bytes", w);
      if (d->contains("memory_limit_bytes")) f.memory_limit_bytes = r.number(*d, "memory_limit_bytes", w);
      try {
        if (d->contains("images")) f.images = d->at("images").get<std::vector<std::string>>();
        if (d->contains("ports")) {
          // Integers only: converting a non-integral or huge number to int is undefined.
          for (const auto& port : d->at("ports")) {
            if (!port.is_number_integer() || port.get<std::int64_t>() < 0 || port.get<std::int64_t>() > 65535)
              r.fail(w + ".deployment.ports", "expected port numbers from 0 to 65535");
            f.ports.push_back(static_cast<int>(port.get<std::int64_t>()));
          }
        }
        if (d->contains("sources")) f.sources = d->at("sources").get<std::vector<std::string>>();
      } catch (const Json::exception&) {
        r.fail(w + ".deployment", "images, ports and sources must be arrays of strings / integers");
      }
    }
    const Json& ops = r.field(s, "operations", w);
    if (!ops.is_array()) r.fail(w + ".operations", "expected an array");
    for (std::size_t k = 0; k < ops.size(); ++k) {
      const std::string ow = w + ".operations[" + std::to_string(k) + "]";
      const auto op_id = g.add_operation(sid, r.string(ops[k], "name", ow));
      auto& op = g.operation(op_id);
      op.invocations = r.count(ops[k], "invocations", ow);
      op.entry_count = r.count(ops[k], "entries", ow);
      op.errors = r.count(ops[k], "errors", ow);
      op.duration = r.summary(ops[k], "duration", ow);
      op.self_time = r.summary(ops[k], "self_time", ow);
      if (auto a = ops[k].find("arrivals_us"); a != ops[k].end()) {
        if (!a->is_array()) r.fail(ow + ".arrivals_us", "expected an array of integers");
        for (std::size_t t = 0; t < a->size(); ++t) {
          if (!(*a)[t].is_number_integer()) r.fail(ow + ".arrivals_us[" + std::to_string(t) + "]", "expected an integer");
          g.record_arrival(op_id, (*a)[t].get<std::int64_t>());
        }
      }
    }
    ++records;
  }
  auto op_ref = [&](const Json& e, const char* name, const std::string& w) {
    const Json& ref = r.field(e, name, w);
    const std::string rw = w + "." + name;
    auto sid = g.find_service(r.string(ref, "service", rw));
    if (!sid) r.fail(rw + ".service", "names a service not listed in $.services");
    return g.add_operation(*sid, r.string(ref, "operation", rw));
  };
  const Json& edges = r.field(root, "operation_edges", "$");
  if (!edges.is_array()) r.fail("$.operation_edges", "expected an array");
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const std::string w = "$.operation_edges[" + std::to_string(i) + "]";
    const Json& j = edges[i];
    auto kind = r.parse_enum(model::parse_interaction_kind(r.string(j, "kind", w)), w + ".kind");
    auto& e = g.edge(g.add_edge(op_ref(j, "from", w), op_ref(j, "to", w), kind));
    if (j.contains("protocol")) e.protocol = r.parse_enum(model::parse_protocol(r.string(j, "protocol", w)), w + ".protocol");
    e.calls = r.count(j, "calls", w);
    e.errors = r.count(j, "errors", w);
    e.traces = r.count(j, "traces", w);
    if (j.contains("parallel_calls")) e.parallel_calls = r.count(j, "parallel_calls", w);
    e.declared = r.flag(j, "declared", w);
    if (j.contains("evidence")) e.evidence = r.string(j, "evidence", w);
    e.inputs = r.input_set(j, g.inputs.size(), w);
    e.latency = r.summary(j, "latency", w);
    for (auto [name, target] : {std::pair{"request_bytes", &e.request_bytes}, std::pair{"response_bytes", &e.response_bytes}})
      if (auto b = j.find(name); b != j.end()) {
        target->samples = r.count(*b, "samples", w + "." + name);
        target->total = r.number(*b, "total", w + "." + name);
      }
  }
  g.trace_count = r.count(r.field(root, "summary", "$"), "traces", "$.summary");
  if (r.field(root, "summary", "$").contains("arrivals_not_kept"))
    g.arrivals_not_kept += r.count(r.field(root, "summary", "$"), "arrivals_not_kept", "$.summary");
  if (auto win = r.window(root, "$")) g.observe_window(win->first, win->second);
  if (g.inputs.empty()) {
    // A graph saved without provenance: the file itself is the input of all it holds.
    model::InputSource self{file.path(), std::string(to_string(Format::NanoscopeGraph)), records + edges.size(),
                            g.trace_count, g.window_start_us, g.window_end_us};
    g.inputs.push_back(std::move(self));
    for (model::ServiceId s = 0; s < g.service_count(); ++s) model::add_input(g.service(s).inputs, 0);
    for (model::EdgeId e = 0; e < g.edge_count(); ++e) model::add_input(g.edge(e).inputs, 0);
  }
  read_diagnostics(r, root, builder.diagnostics());
  builder.add_graph(g);
  return records + edges.size();
}

}  // namespace nanoscope::importers
