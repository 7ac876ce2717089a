// DOT and GraphML writers at service or operation level, the CSV table of service edges, and
// format names (JSON lives in graph_json_writer.cpp, GEXF and Kiali in files of their own).
#include "importers/graph_writers.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "importers/xml_text.hpp"
#include "model/partition.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::importers {
namespace {

model::ServiceGraph observed(const model::CallGraph& graph) {
  return model::derive_service_graph(graph, model::Partition::observed(graph));
}

std::string escape_dot(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += (c == '\n') ? ' ' : c;
  }
  return out;
}

std::string escape_csv(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string_view dot_shape(model::ServiceKind k) {
  switch (k) {
    case model::ServiceKind::Database: return "cylinder";
    case model::ServiceKind::Cache: return "box3d";
    case model::ServiceKind::Broker: return "cds";
    case model::ServiceKind::External: return "octagon";
    case model::ServiceKind::Client: return "invhouse";
    default: return "box";
  }
}

double ms(double us) { return us / 1000.0; }

}  // namespace

std::optional<GraphFormat> parse_graph_format(std::string_view text) {
  if (text == "json") return GraphFormat::Json;
  if (text == "dot") return GraphFormat::Dot;
  if (text == "graphml") return GraphFormat::GraphMl;
  if (text == "csv") return GraphFormat::Csv;
  if (text == "gexf") return GraphFormat::Gexf;
  if (text == "kiali") return GraphFormat::Kiali;
  return std::nullopt;
}

bool has_levels(GraphFormat format) { return format != GraphFormat::Json && format != GraphFormat::Csv; }

void write_graph_dot(std::ostream& out, const model::CallGraph& graph, GraphLevel level) {
  const auto lg = level_graph(graph, level);
  out << "digraph nanoscope {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
         "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  const bool operations = level == GraphLevel::Operation;
  for (std::size_t i = 0; i < lg.nodes.size(); ++i) {
    const auto& n = lg.nodes[i];
    if (!operations) {
      fmt::print(out, "  \"{}\" [shape={}, tooltip=\"{} ({} operations)\"];\n", escape_dot(n.label), dot_shape(n.kind),
                 model::to_string(n.kind), n.operations);
      continue;
    }
    // Operation level: each service a cluster around its operations (nodes are sorted by service).
    const bool first = i == 0 || lg.nodes[i - 1].service != n.service;
    const bool last = i + 1 == lg.nodes.size() || lg.nodes[i + 1].service != n.service;
    if (first) fmt::print(out, "  subgraph \"cluster_{0}\" {{\n    label=\"{0}\";\n", escape_dot(n.service));
    fmt::print(out, "    \"{}\" [shape={}, label=\"{}\", tooltip=\"{} operation, {} invocations\"];\n",
               escape_dot(n.label), dot_shape(n.kind), escape_dot(n.operation.empty() ? n.service : n.operation),
               model::to_string(n.kind), n.invocations);
    if (last) out << "  }\n";
  }
  for (const auto& e : lg.edges) {
    std::string style = e.calls == 0 && e.declared ? ", style=dashed" : (e.kind == model::InteractionKind::Async ? ", style=dotted" : "");
    std::string label = e.calls ? fmt::format("{}", e.calls) : std::string("declared");
    fmt::print(out, "  \"{}\" -> \"{}\" [label=\"{}\"{}];\n", escape_dot(lg.nodes[e.from].label),
               escape_dot(lg.nodes[e.to].label), label, style);
  }
  out << "}\n";
}

void write_graph_graphml(std::ostream& out, const model::CallGraph& graph, GraphLevel level) {
  const auto lg = level_graph(graph, level);
  const bool operations = level == GraphLevel::Operation;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
         "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n";
  if (operations)
    out << "  <key id=\"service\" for=\"node\" attr.name=\"service\" attr.type=\"string\"/>\n"
           "  <key id=\"operation\" for=\"node\" attr.name=\"operation\" attr.type=\"string\"/>\n";
  out << "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
         "  <key id=\"operations\" for=\"node\" attr.name=\"operations\" attr.type=\"int\"/>\n"
         "  <key id=\"invocations\" for=\"node\" attr.name=\"invocations\" attr.type=\"long\"/>\n"
         "  <key id=\"interaction\" for=\"edge\" attr.name=\"interaction\" attr.type=\"string\"/>\n"
         "  <key id=\"calls\" for=\"edge\" attr.name=\"calls\" attr.type=\"long\"/>\n"
         "  <key id=\"errors\" for=\"edge\" attr.name=\"errors\" attr.type=\"long\"/>\n"
         "  <key id=\"declared\" for=\"edge\" attr.name=\"declared\" attr.type=\"boolean\"/>\n"
         "  <key id=\"p50_ms\" for=\"edge\" attr.name=\"p50_ms\" attr.type=\"double\"/>\n"
         "  <key id=\"p99_ms\" for=\"edge\" attr.name=\"p99_ms\" attr.type=\"double\"/>\n";
  fmt::print(out, "  <graph id=\"{}\" edgedefault=\"directed\">\n", operations ? "operations" : "services");
  for (std::size_t i = 0; i < lg.nodes.size(); ++i) {
    const auto& n = lg.nodes[i];
    const std::string parts = operations ? fmt::format("<data key=\"service\">{}</data><data key=\"operation\">{}</data>",
                                                       detail::escape_xml(n.service), detail::escape_xml(n.operation))
                                         : std::string();
    fmt::print(out,
               "    <node id=\"n{}\"><data key=\"label\">{}</data>{}<data key=\"kind\">{}</data><data key=\"operations\">{}</data>"
               "<data key=\"invocations\">{}</data></node>\n",
               i, detail::escape_xml(n.label), parts, model::to_string(n.kind), n.operations, n.invocations);
  }
  for (std::size_t i = 0; i < lg.edges.size(); ++i) {
    const auto& e = lg.edges[i];
    fmt::print(out,
               "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\"><data key=\"interaction\">{}</data>"
               "<data key=\"calls\">{}</data><data key=\"errors\">{}</data><data key=\"declared\">{}</data>"
               "<data key=\"p50_ms\">{}</data><data key=\"p99_ms\">{}</data></edge>\n",
               i, e.from, e.to, model::to_string(e.kind), e.calls, e.errors, e.declared ? "true" : "false",
               ms(e.latency.quantile_us(0.5)), ms(e.latency.quantile_us(0.99)));
  }
  out << "  </graph>\n</graphml>\n";
}

void write_graph_csv(std::ostream& out, const model::CallGraph& graph) {
  auto sg = observed(graph);
  out << "from,to,kind,protocol,calls,errors,declared,mean_ms,p50_ms,p95_ms,p99_ms\n";
  for (const auto& e : sg.edges) {
    model::Protocol protocol = model::Protocol::Unknown;
    for (auto id : e.operation_edges)
      if (graph.edge(id).protocol != model::Protocol::Unknown) {
        protocol = graph.edge(id).protocol;
        break;
      }
    fmt::print(out, "{},{},{},{},{},{},{},{:.3f},{:.3f},{:.3f},{:.3f}\n", escape_csv(sg.nodes[e.from].name),
               escape_csv(sg.nodes[e.to].name), model::to_string(e.kind), model::to_string(protocol), e.calls,
               e.errors, e.declared ? "true" : "false", ms(e.latency.mean_us()), ms(e.latency.quantile_us(0.5)),
               ms(e.latency.quantile_us(0.95)), ms(e.latency.quantile_us(0.99)));
  }
}

std::size_t write_graph(std::ostream& out, GraphFormat format, const model::CallGraph& graph,
                        const model::Diagnostics* diagnostics, GraphLevel level) {
  switch (format) {
    case GraphFormat::Json: return write_graph_json(out, graph, diagnostics);
    case GraphFormat::Dot: write_graph_dot(out, graph, level); break;
    case GraphFormat::GraphMl: write_graph_graphml(out, graph, level); break;
    case GraphFormat::Gexf: write_graph_gexf(out, graph, level); break;
    case GraphFormat::Kiali: write_graph_kiali(out, graph, level); break;
    case GraphFormat::Csv: write_graph_csv(out, graph); break;
  }
  return 0;
}

}  // namespace nanoscope::importers
