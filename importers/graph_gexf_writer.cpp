// GEXF 1.3 writer (Gephi's native format) of the graph at service or operation level.
//
// \file Nodes carry kind, operations, invocations and entries (and service and operation at
// operation level); edges carry calls (also as the weight Gephi draws with; an edge without
// calls, declared only, keeps GEXF's default weight 1), errors, interaction (also as the GEXF
// edge kind, so a sync and an async edge between one pair stay apart), protocol, declared and
// latency percentiles. Service level draws calls between operations of one service as a
// self-loop. Text goes through detail::escape_xml, so any name gives well-formed XML.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <string_view>

#include "importers/graph_writers.hpp"
#include "importers/xml_text.hpp"

namespace nanoscope::importers {
namespace {

using detail::escape_xml;

struct Attribute {
  const char* id;
  const char* type;
};

constexpr Attribute kNodeAttributes[] = {{"kind", "string"},        {"service", "string"},  {"operation", "string"},
                                         {"operations", "integer"}, {"invocations", "long"}, {"entries", "long"}};
constexpr Attribute kEdgeAttributes[] = {{"calls", "long"},      {"errors", "long"},     {"interaction", "string"},
                                         {"protocol", "string"}, {"declared", "boolean"}, {"p50_ms", "double"},
                                         {"p95_ms", "double"},   {"p99_ms", "double"}};

// The attributes of one class; service and operation only at operation level.
template <std::size_t N>
void write_attributes(std::ostream& out, const char* what, const Attribute (&attributes)[N], bool operations) {
  fmt::print(out, "    <attributes class=\"{}\" mode=\"static\">\n", what);
  for (const auto& a : attributes)
    if (operations || (std::string_view(a.id) != "service" && std::string_view(a.id) != "operation"))
      fmt::print(out, "      <attribute id=\"{0}\" title=\"{0}\" type=\"{1}\"/>\n", a.id, a.type);
  out << "    </attributes>\n";
}

template <class T>
void value(std::ostream& out, const char* id, const T& v) {
  fmt::print(out, "<attvalue for=\"{}\" value=\"{}\"/>", id, v);
}

double ms(double us) { return us / 1000.0; }

}  // namespace

void write_graph_gexf(std::ostream& out, const model::CallGraph& graph, GraphLevel level) {
  const auto lg = level_graph(graph, level, /*self_loops=*/true);
  const bool operations = level == GraphLevel::Operation;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
         "  <meta>\n    <creator>nanoscope</creator>\n";
  fmt::print(out, "    <description>{}-level call graph</description>\n  </meta>\n", to_string(level));
  out << "  <graph mode=\"static\" defaultedgetype=\"directed\">\n";
  write_attributes(out, "node", kNodeAttributes, operations);
  write_attributes(out, "edge", kEdgeAttributes, operations);
  out << "    <nodes>\n";
  for (std::size_t i = 0; i < lg.nodes.size(); ++i) {
    const auto& n = lg.nodes[i];
    fmt::print(out, "      <node id=\"n{}\" label=\"{}\"><attvalues>", i, escape_xml(n.label));
    value(out, "kind", model::to_string(n.kind));
    if (operations) {
      value(out, "service", escape_xml(n.service));
      value(out, "operation", escape_xml(n.operation));
    }
    value(out, "operations", n.operations);
    value(out, "invocations", n.invocations);
    value(out, "entries", n.entries);
    out << "</attvalues></node>\n";
  }
  out << "    </nodes>\n    <edges>\n";
  for (std::size_t i = 0; i < lg.edges.size(); ++i) {
    const auto& e = lg.edges[i];
    const std::string weight = e.calls ? fmt::format(" weight=\"{}\"", e.calls) : std::string();
    fmt::print(out, "      <edge id=\"e{}\" source=\"n{}\" target=\"n{}\" kind=\"{}\"{}><attvalues>", i, e.from, e.to,
               model::to_string(e.kind), weight);
    value(out, "calls", e.calls);
    value(out, "errors", e.errors);
    value(out, "interaction", model::to_string(e.kind));
    value(out, "protocol", model::to_string(e.protocol));
    value(out, "declared", e.declared ? "true" : "false");
    value(out, "p50_ms", ms(e.latency.quantile_us(0.5)));
    value(out, "p95_ms", ms(e.latency.quantile_us(0.95)));
    value(out, "p99_ms", ms(e.latency.quantile_us(0.99)));
    out << "</attvalues></edge>\n";
  }
  out << "    </edges>\n  </graph>\n</gexf>\n";
}

}  // namespace nanoscope::importers
