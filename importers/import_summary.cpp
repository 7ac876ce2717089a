// Text summary of an import result.
#include "importers/import_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "model/partition.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::importers {
namespace {
std::string human_bytes(std::uint64_t b) {
  if (b >= 1024ull * 1024) return fmt::format("{:.1f} MB", static_cast<double>(b) / (1024.0 * 1024.0));
  if (b >= 1024) return fmt::format("{:.1f} KB", static_cast<double>(b) / 1024.0);
  return fmt::format("{} B", b);
}
std::string base_name(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}
}  // namespace

std::string format_import_summary(const ImportResult& result) {
  const auto& g = result.graph;
  auto sg = model::derive_service_graph(g, model::Partition::observed(g));
  std::string out;
  std::uint64_t bytes = 0;
  for (const auto& f : result.files) bytes += f.bytes;
  out += fmt::format("imported {} file{} ({})\n", result.files.size(), result.files.size() == 1 ? "" : "s",
                     human_bytes(bytes));
  for (const auto& f : result.files)
    out += fmt::format("  {:<24} {:>8} records  {}\n", f.format, f.records, f.path);

  std::map<std::string, std::size_t> by_kind;
  std::size_t declared_only = 0;
  for (const auto& s : g.services()) {
    ++by_kind[std::string(model::to_string(s.kind))];
    declared_only += s.declared && !s.observed;
  }
  std::string kinds;
  for (const auto& [k, n] : by_kind) kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", n, k);
  out += fmt::format("services: {} ({}){}\n", g.service_count(), kinds.empty() ? "none" : kinds,
                     declared_only ? fmt::format(", {} only declared by manifests", declared_only) : "");
  out += fmt::format("operations: {}   operation edges: {}   service edges: {}\n", g.operation_count(),
                     g.edge_count(), sg.edges.size());
  out += fmt::format("spans: {}   traces: {}   observed window: {:.3f} s\n", result.spans, g.trace_count,
                     g.window_seconds());

  std::vector<model::OperationId> entries;
  for (model::OperationId i = 0; i < g.operation_count(); ++i)
    if (g.operation(i).entry_count) entries.push_back(i);
  std::sort(entries.begin(), entries.end(), [&](auto a, auto b) {
    const auto &x = g.operation(a), &y = g.operation(b);
    if (x.entry_count != y.entry_count) return x.entry_count > y.entry_count;
    return std::tie(g.service(x.service).name, x.name) < std::tie(g.service(y.service).name, y.name);
  });
  out += fmt::format("entry points: {}\n", entries.size());
  const double window = g.window_seconds();
  for (std::size_t i = 0; i < entries.size() && i < 10; ++i) {
    const auto& op = g.operation(entries[i]);
    std::string rate = window > 0 ? fmt::format("  {:.2f}/s", static_cast<double>(op.entry_count) / window) : "";
    out += fmt::format("  {} {}  {} requests{}\n", g.service(op.service).name, op.name, op.entry_count, rate);
  }
  if (entries.size() > 10) out += fmt::format("  ... and {} more\n", entries.size() - 10);

  std::vector<const model::ServiceEdge*> edges;
  for (const auto& e : sg.edges) edges.push_back(&e);
  std::stable_sort(edges.begin(), edges.end(), [](auto a, auto b) { return a->calls > b->calls; });
  out += fmt::format("service edges by calls:\n");
  for (std::size_t i = 0; i < edges.size() && i < 15; ++i) {
    const auto& e = *edges[i];
    std::string lat = e.latency.empty() ? "" : fmt::format("  p50 {:.2f} ms  p99 {:.2f} ms", e.latency.quantile_us(0.5) / 1000,
                                                           e.latency.quantile_us(0.99) / 1000);
    out += fmt::format("  {} -> {}  [{}]  {}{}\n", sg.nodes[e.from].name, sg.nodes[e.to].name, model::to_string(e.kind),
                       e.calls ? fmt::format("{} calls", e.calls) : std::string("declared"), lat);
  }
  if (edges.size() > 15) out += fmt::format("  ... and {} more\n", edges.size() - 15);

  auto diags = result.diagnostics.sorted();
  out += fmt::format("diagnostics: {}\n", diags.empty() ? "none" : std::to_string(diags.size()));
  for (const auto& d : diags)
    out += fmt::format("  {} {} x{} ({}): {}\n", d.severity == model::Severity::Warning ? "warning" : "info", d.code,
                       d.count, base_name(d.file), d.message);
  return out;
}

}  // namespace nanoscope::importers
