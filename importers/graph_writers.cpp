// DOT, GraphML and CSV writers of the service-level graph (JSON lives in graph_json_writer.cpp).
#include "importers/graph_writers.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

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

std::string escape_xml(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
        out += c;
    }
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
  return std::nullopt;
}

void write_graph_dot(std::ostream& out, const model::CallGraph& graph) {
  auto sg = observed(graph);
  out << "digraph nanoscope {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
         "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (const auto& n : sg.nodes)
    fmt::print(out, "  \"{}\" [shape={}, tooltip=\"{} ({} operations)\"];\n", escape_dot(n.name), dot_shape(n.kind),
               model::to_string(n.kind), n.operations.size());
  for (const auto& e : sg.edges) {
    std::string style = e.calls == 0 && e.declared ? ", style=dashed" : (e.kind == model::InteractionKind::Async ? ", style=dotted" : "");
    std::string label = e.calls ? fmt::format("{}", e.calls) : std::string("declared");
    fmt::print(out, "  \"{}\" -> \"{}\" [label=\"{}\"{}];\n", escape_dot(sg.nodes[e.from].name),
               escape_dot(sg.nodes[e.to].name), label, style);
  }
  out << "}\n";
}

void write_graph_graphml(std::ostream& out, const model::CallGraph& graph) {
  auto sg = observed(graph);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
         "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
         "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
         "  <key id=\"operations\" for=\"node\" attr.name=\"operations\" attr.type=\"int\"/>\n"
         "  <key id=\"invocations\" for=\"node\" attr.name=\"invocations\" attr.type=\"long\"/>\n"
         "  <key id=\"interaction\" for=\"edge\" attr.name=\"interaction\" attr.type=\"string\"/>\n"
         "  <key id=\"calls\" for=\"edge\" attr.name=\"calls\" attr.type=\"long\"/>\n"
         "  <key id=\"errors\" for=\"edge\" attr.name=\"errors\" attr.type=\"long\"/>\n"
         "  <key id=\"declared\" for=\"edge\" attr.name=\"declared\" attr.type=\"boolean\"/>\n"
         "  <key id=\"p50_ms\" for=\"edge\" attr.name=\"p50_ms\" attr.type=\"double\"/>\n"
         "  <key id=\"p99_ms\" for=\"edge\" attr.name=\"p99_ms\" attr.type=\"double\"/>\n"
         "  <graph id=\"services\" edgedefault=\"directed\">\n";
  for (std::size_t i = 0; i < sg.nodes.size(); ++i) {
    const auto& n = sg.nodes[i];
    fmt::print(out,
               "    <node id=\"n{}\"><data key=\"label\">{}</data><data key=\"kind\">{}</data><data key=\"operations\">{}</data>"
               "<data key=\"invocations\">{}</data></node>\n",
               i, escape_xml(n.name), model::to_string(n.kind), n.operations.size(), n.invocations);
  }
  for (std::size_t i = 0; i < sg.edges.size(); ++i) {
    const auto& e = sg.edges[i];
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
                        const model::Diagnostics* diagnostics) {
  switch (format) {
    case GraphFormat::Json: return write_graph_json(out, graph, diagnostics);
    case GraphFormat::Dot: write_graph_dot(out, graph); break;
    case GraphFormat::GraphMl: write_graph_graphml(out, graph); break;
    case GraphFormat::Csv: write_graph_csv(out, graph); break;
  }
  return 0;
}

}  // namespace nanoscope::importers
