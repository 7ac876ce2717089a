// Rows and cells of the findings, services and edges tables.
#include "gui/viewmodel/data_tables.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace nanoscope::gui {
namespace {

const model::ServiceEdge& edge_at(const Document& doc, std::uint32_t i) { return doc.report().services.edges[i]; }
const std::string& node_name(const Document& doc, std::uint32_t i) { return doc.report().services.nodes[i].name; }

std::string services_text(const analysis::Finding& f) {
  std::string out;
  for (std::size_t s = 0; s < f.services.size() && s < 6; ++s) out += (s ? ", " : "") + f.services[s];
  if (f.services.size() > 6) out += fmt::format(", ... ({} in all)", f.services.size());
  return out;
}

std::string latency_text(const model::LatencySummary& l, double q) {
  if (l.empty()) return "-";
  return fmt::format("{:.2f} ms", l.quantile_us(q) / 1000.0);
}

}  // namespace

const std::vector<std::string>& finding_headers() {
  static const std::vector<std::string> h = {"severity", "kind", "services", "edges", "traffic", "explanation"};
  return h;
}
const std::vector<std::string>& service_headers() {
  static const std::vector<std::string> h = {"service", "kind", "ops", "traffic", "calls in", "calls out",
                                             "fan-in", "fan-out", "mean latency", "knot"};
  return h;
}
const std::vector<std::string>& edge_headers() {
  static const std::vector<std::string> h = {"from", "to", "kind", "calls", "errors", "p50", "p99"};
  return h;
}

std::vector<std::uint32_t> finding_rows(const Document& doc, const std::string& filter,
                                        const std::vector<TableSort>& sort) {
  if (doc.empty()) return {};
  const auto& fs = doc.report().findings;
  auto keep = [&](std::uint32_t i) {
    const auto& f = fs[i];
    if (contains_nocase(analysis::to_string(f.kind), filter) || contains_nocase(f.rule, filter) ||
        contains_nocase(f.explanation, filter))
      return true;
    return std::any_of(f.services.begin(), f.services.end(), [&](const auto& s) { return contains_nocase(s, filter); });
  };
  auto compare = [&](std::uint32_t a, std::uint32_t b, std::size_t column) {
    const auto &x = fs[a], &y = fs[b];
    switch (static_cast<FindingColumn>(column)) {
      case FindingColumn::Severity: return compare3(static_cast<int>(x.severity), static_cast<int>(y.severity));
      case FindingColumn::Kind: return analysis::to_string(x.kind).compare(analysis::to_string(y.kind));
      case FindingColumn::Services: return compare3(x.services.size(), y.services.size());
      case FindingColumn::Edges: return compare3(x.edge_count, y.edge_count);
      case FindingColumn::Traffic: return compare3(x.traffic, y.traffic);
      case FindingColumn::Explanation: return x.explanation.compare(y.explanation);
      case FindingColumn::Count: break;
    }
    return 0;
  };
  // Without a sort the analysis order (worst first) stands: no name tie-break then.
  if (sort.empty()) return order_rows(fs.size(), filter.empty() ? nullptr : std::function<bool(std::uint32_t)>(keep), {}, compare, {});
  return order_rows(fs.size(), keep, sort, compare, [&](std::uint32_t i) -> std::string_view {
    return fs[i].services.empty() ? std::string_view() : std::string_view(fs[i].services.front());
  });
}

std::vector<std::uint32_t> service_rows(const Document& doc, const std::string& filter,
                                        const std::vector<TableSort>& sort) {
  if (doc.empty()) return {};
  const auto& nodes = doc.report().services.nodes;
  const auto& metrics = doc.report().metrics;
  const auto& facts = doc.facts();
  auto keep = [&](std::uint32_t i) {
    return contains_nocase(nodes[i].name, filter) || contains_nocase(model::to_string(nodes[i].kind), filter);
  };
  auto compare = [&](std::uint32_t a, std::uint32_t b, std::size_t column) {
    switch (static_cast<ServiceColumn>(column)) {
      case ServiceColumn::Name: return nodes[a].name.compare(nodes[b].name);
      case ServiceColumn::Kind: return model::to_string(nodes[a].kind).compare(model::to_string(nodes[b].kind));
      case ServiceColumn::Operations: return compare3(nodes[a].operations.size(), nodes[b].operations.size());
      case ServiceColumn::Traffic: return compare3(facts[a].traffic, facts[b].traffic);
      case ServiceColumn::CallsIn: return compare3(facts[a].calls_in, facts[b].calls_in);
      case ServiceColumn::CallsOut: return compare3(facts[a].calls_out, facts[b].calls_out);
      case ServiceColumn::FanIn: return compare3(metrics[a].fan_in, metrics[b].fan_in);
      case ServiceColumn::FanOut: return compare3(metrics[a].fan_out, metrics[b].fan_out);
      case ServiceColumn::Latency: return compare3(facts[a].latency_us, facts[b].latency_us);
      case ServiceColumn::Knot: return compare3(facts[a].knot, facts[b].knot);
      case ServiceColumn::Count: break;
    }
    return 0;
  };
  return order_rows(nodes.size(), keep, sort, compare,
                    [&](std::uint32_t i) -> std::string_view { return nodes[i].name; });
}

std::vector<std::uint32_t> edge_rows(const Document& doc, const std::string& filter,
                                     const std::vector<TableSort>& sort) {
  if (doc.empty()) return {};
  const auto& edges = doc.report().services.edges;
  auto keep = [&](std::uint32_t i) {
    return contains_nocase(node_name(doc, edges[i].from), filter) || contains_nocase(node_name(doc, edges[i].to), filter);
  };
  auto compare = [&](std::uint32_t a, std::uint32_t b, std::size_t column) {
    const auto &x = edges[a], &y = edges[b];
    switch (static_cast<EdgeColumn>(column)) {
      case EdgeColumn::From: return node_name(doc, x.from).compare(node_name(doc, y.from));
      case EdgeColumn::To: return node_name(doc, x.to).compare(node_name(doc, y.to));
      case EdgeColumn::Kind: return model::to_string(x.kind).compare(model::to_string(y.kind));
      case EdgeColumn::Calls: return compare3(x.calls, y.calls);
      case EdgeColumn::Errors: return compare3(x.errors, y.errors);
      case EdgeColumn::P50: return compare3(x.latency.quantile_us(0.5), y.latency.quantile_us(0.5));
      case EdgeColumn::P99: return compare3(x.latency.quantile_us(0.99), y.latency.quantile_us(0.99));
      case EdgeColumn::Count: break;
    }
    return 0;
  };
  // Ties by caller, then callee (the name of an edge).
  std::vector<TableSort> full = sort;
  full.push_back({static_cast<std::size_t>(EdgeColumn::From), false});
  full.push_back({static_cast<std::size_t>(EdgeColumn::To), false});
  return order_rows(edges.size(), keep, full, compare, {});
}

std::string finding_cell(const Document& doc, std::uint32_t row, FindingColumn column) {
  const auto& f = doc.report().findings[row];
  switch (column) {
    case FindingColumn::Severity: return std::string(analysis::to_string(f.severity));
    case FindingColumn::Kind: return fmt::format("{} ({})", analysis::to_string(f.kind), f.rule);
    case FindingColumn::Services: return services_text(f);
    case FindingColumn::Edges: return std::to_string(f.edge_count);
    case FindingColumn::Traffic: return fmt::format("{:.1f}%", f.traffic_share * 100.0);
    case FindingColumn::Explanation: return f.explanation;
    case FindingColumn::Count: break;
  }
  return {};
}

std::string service_cell(const Document& doc, std::uint32_t row, ServiceColumn column) {
  const auto& n = doc.report().services.nodes[row];
  const auto& m = doc.report().metrics[row];
  const auto& f = doc.facts()[row];
  switch (column) {
    case ServiceColumn::Name: return n.name;
    case ServiceColumn::Kind: return std::string(model::to_string(n.kind));
    case ServiceColumn::Operations: return std::to_string(n.operations.size());
    case ServiceColumn::Traffic: return std::to_string(f.traffic);
    case ServiceColumn::CallsIn: return std::to_string(f.calls_in);
    case ServiceColumn::CallsOut: return std::to_string(f.calls_out);
    case ServiceColumn::FanIn: return std::to_string(m.fan_in);
    case ServiceColumn::FanOut: return std::to_string(m.fan_out);
    case ServiceColumn::Latency: return f.has_latency ? fmt::format("{:.2f} ms", f.latency_us / 1000.0) : "no data";
    case ServiceColumn::Knot: return f.knot >= 0 ? std::to_string(f.knot + 1) : "";
    case ServiceColumn::Count: break;
  }
  return {};
}

std::string edge_cell(const Document& doc, std::uint32_t row, EdgeColumn column) {
  const auto& e = edge_at(doc, row);
  switch (column) {
    case EdgeColumn::From: return node_name(doc, e.from);
    case EdgeColumn::To: return node_name(doc, e.to);
    case EdgeColumn::Kind: return std::string(model::to_string(e.kind)) + (e.declared && e.calls == 0 ? " (declared)" : "");
    case EdgeColumn::Calls: return std::to_string(e.calls);
    case EdgeColumn::Errors: return e.calls ? fmt::format("{} ({:.1f}%)", e.errors, 100.0 * e.errors / e.calls) : "-";
    case EdgeColumn::P50: return latency_text(e.latency, 0.5);
    case EdgeColumn::P99: return latency_text(e.latency, 0.99);
    case EdgeColumn::Count: break;
  }
  return {};
}

std::vector<std::string> edge_summary(const Document& doc, std::uint32_t edge) {
  std::vector<std::string> out;
  if (doc.empty() || edge >= doc.report().services.edges.size()) return out;
  const auto& e = edge_at(doc, edge);
  out.push_back(fmt::format("{} -> {} ({})", node_name(doc, e.from), node_name(doc, e.to), model::to_string(e.kind)));
  const double window = doc.graph().window_seconds();
  if (e.calls == 0)
    out.push_back(e.declared ? "declared in a manifest, no calls observed" : "no calls observed");
  else if (window > 0)
    out.push_back(fmt::format("{} calls, {:.2f} calls/s", e.calls, static_cast<double>(e.calls) / window));
  else
    out.push_back(fmt::format("{} calls", e.calls));
  if (e.latency.empty())
    out.push_back("no latency data");
  else
    out.push_back(fmt::format("p50 {:.2f} ms, p99 {:.2f} ms", e.latency.quantile_us(0.5) / 1000.0,
                              e.latency.quantile_us(0.99) / 1000.0));
  if (e.calls > 0)
    out.push_back(fmt::format("errors {} ({:.2f}%)", e.errors, 100.0 * static_cast<double>(e.errors) / static_cast<double>(e.calls)));
  return out;
}

FindingFocus finding_focus(const Document& doc, std::size_t finding) {
  FindingFocus out;
  if (doc.empty() || finding >= doc.report().findings.size()) return out;
  const auto& f = doc.report().findings[finding];
  const auto& edges = doc.report().services.edges;
  for (const auto& s : f.services)
    if (const int node = doc.find_node(s); node >= 0) out.nodes.push_back(static_cast<std::uint32_t>(node));
  std::sort(out.nodes.begin(), out.nodes.end());
  out.nodes.erase(std::unique(out.nodes.begin(), out.nodes.end()), out.nodes.end());
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> by_ends;
  for (std::uint32_t i = 0; i < edges.size(); ++i) by_ends.emplace(std::pair{edges[i].from, edges[i].to}, i);
  out.edges.assign(edges.size(), 0);
  for (const auto& e : f.edges) {
    const int a = doc.find_node(e.from), b = doc.find_node(e.to);
    if (a < 0 || b < 0) continue;
    const auto it = by_ends.find({static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b)});
    if (it != by_ends.end()) out.edges[it->second] = 1;
  }
  return out;
}

}  // namespace nanoscope::gui
