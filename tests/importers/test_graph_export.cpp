// Graph export for other tools: Kiali graph JSON read back by the Kiali importer (service and
// operation level), GEXF that parses as XML whatever the names, and the operation level of
// DOT and GraphML.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>

#include "importers/formats.hpp"
#include "importers/graph_writers.hpp"
#include "importers/import_set.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using importers::GraphLevel;

namespace {

// What Kiali JSON keeps of a graph: per (caller, callee) pair at the level, calls and errors
// (interaction kinds merge: Kiali has no async), whether a dependency without calls exists,
// and the entries per node.
struct Traffic {
  std::map<std::pair<std::string, std::string>, std::tuple<std::uint64_t, std::uint64_t, bool>> edges;
  std::map<std::string, std::uint64_t> entries;
  bool operator==(const Traffic&) const = default;
};

Traffic traffic(const model::CallGraph& g, GraphLevel level) {
  const auto lg = importers::level_graph(g, level, true);
  Traffic t;
  for (const auto& e : lg.edges) {
    auto& [calls, errors, bare] = t.edges[{lg.nodes[e.from].label, lg.nodes[e.to].label}];
    calls += e.calls;
    errors += e.errors;
    bare = bare || e.calls == 0;
  }
  for (const auto& n : lg.nodes)
    if (n.entries) t.entries[n.label] = n.entries;
  return t;
}

std::string write(const model::CallGraph& g, importers::GraphFormat format, GraphLevel level) {
  std::ostringstream out;
  importers::write_graph(out, format, g, nullptr, level);
  return out.str();
}

test::Imported reimport_kiali(const std::string& text) {
  return test::import_with(importers::import_kiali_graph, importers::InputFile::from_string("export.json", text));
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Whether xmllint (libxml2's tool, when installed) parses `xml`; nullopt without xmllint.
std::optional<bool> xmllint_parses(const std::string& xml) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) return std::nullopt;
  const auto dir = test::fresh_temp_dir("gexf-check");
  const auto path = (dir / "graph.gexf").string();
  std::ofstream(path, std::ios::binary) << xml;
  const bool ok = std::system(("xmllint --noout " + path + " 2>/dev/null").c_str()) == 0;
  std::filesystem::remove_all(dir);
  return ok;
}

// Two services with operations, grpc and http calls, errors, latency, entries, an async call
// and a declared dependency, over a window of 90.5 s.
model::CallGraph generated_graph() {
  importers::GraphBuilder b;
  model::LatencySummary latency;
  latency.add(12000, 700);
  const auto call = [&](std::string_view fs, std::string_view fo, std::string_view ts, std::string_view to,
                        std::uint64_t calls, std::uint64_t errors, model::Protocol p,
                        model::InteractionKind kind = model::InteractionKind::Sync) {
    importers::CallRecord c;
    c.from_service = fs;
    c.from_operation = fo;
    c.to_service = ts;
    c.to_operation = to;
    c.calls = calls;
    c.errors = errors;
    c.protocol = p;
    c.kind = kind;
    c.latency = &latency;
    c.timestamp_us = 1'700'000'000'250'000;
    c.last_timestamp_us = 1'700'000'090'750'000;
    b.add_call(c);
  };
  call("web", "GET /", "cart", "GetCart", 700, 7, model::Protocol::Grpc);
  call("web", "GET /", "cart", "AddItem", 123457, 0, model::Protocol::Http);
  call("web", "POST /buy", "cart", "AddItem", 3, 3, model::Protocol::Http);
  call("cart", "AddItem", "cart", "Price", 41, 1, model::Protocol::Http);  // inside one service
  call("cart", "AddItem", "audit", "Log", 11, 0, model::Protocol::Mq, model::InteractionKind::Async);
  b.add_entry("web", "GET /", 650);
  b.add_entry("web", "POST /buy", 3);
  b.declare_dependency({"web", "payments", model::InteractionKind::Sync, "env PAYMENTS_ADDR"});
  return b.finish();
}

}  // namespace

TEST_CASE("kiali export: the corpus kiali graphs survive export and re-import") {
  for (const char* name : {"kiali-graph-app.json", "kiali-graph-service.json", "kiali-graph-workload.json"}) {
    CAPTURE(name);
    const auto first = importers::import_inputs({test::corpus_path(name)});
    const std::string text = write(first.graph, importers::GraphFormat::Kiali, GraphLevel::Service);
    CHECK(importers::detect_format("export", text) == importers::Format::KialiGraph);
    const auto again = reimport_kiali(text);
    CHECK(traffic(again.graph, GraphLevel::Service) == traffic(first.graph, GraphLevel::Service));
    CHECK(again.graph.service_count() == first.graph.service_count());
    CHECK(again.graph.window_start_us == first.graph.window_start_us);
    CHECK(again.graph.window_end_us == first.graph.window_end_us);
    CHECK(again.graph.service(*again.graph.find_service("(unknown)")).kind == model::ServiceKind::External);
    // Writing the re-imported graph again gives the same file.
    CHECK(write(again.graph, importers::GraphFormat::Kiali, GraphLevel::Service) == text);
  }
}

TEST_CASE("kiali export: operations, grpc, errors and entries at both levels") {
  const auto g = generated_graph();
  for (GraphLevel level : {GraphLevel::Service, GraphLevel::Operation}) {
    CAPTURE(importers::to_string(level));
    const std::string text = write(g, importers::GraphFormat::Kiali, level);
    const auto again = reimport_kiali(text);
    CHECK(traffic(again.graph, level) == traffic(g, level));
    // The window in whole seconds around the original one.
    CHECK(*again.graph.window_start_us == 1'700'000'000'000'000);
    CHECK(*again.graph.window_end_us == 1'700'000'091'000'000);
    // p95 of the latency, as Kiali's responseTime, on every call.
    const auto* e = test::find_edge(again.graph, "web", level == GraphLevel::Operation ? "GET /" : "*", "cart",
                                    level == GraphLevel::Operation ? "GetCart" : "*");
    REQUIRE(e);
    CHECK(e->latency.quantile_us(0.5) == doctest::Approx(g.edges()[0].latency.quantile_us(0.95)).epsilon(0.05));
    if (level == GraphLevel::Operation) {
      CHECK(e->protocol == model::Protocol::Grpc);
      CHECK(e->calls == 700);
      CHECK(e->errors == 7);
      CHECK(again.graph.operation_count() == g.operation_count());
    }
  }
  const std::string ops = write(g, importers::GraphFormat::Kiali, GraphLevel::Operation);
  CHECK(occurrences(ops, "\"nodeType\": \"aggregate\"") == g.operation_count());
  CHECK(ops.find("\"aggregateValue\": \"GET /\"") != std::string::npos);
  CHECK(ops.find("\"grpcErr\"") != std::string::npos);
}

TEST_CASE("kiali export: operation level keeps the corpus kiali graphs' traffic and external kinds") {
  const auto first = importers::import_inputs({test::corpus_path("kiali-graph-app.json")});
  const auto again = reimport_kiali(write(first.graph, importers::GraphFormat::Kiali, GraphLevel::Operation));
  CHECK(traffic(again.graph, GraphLevel::Operation) == traffic(first.graph, GraphLevel::Operation));
  CHECK(again.graph.service(*again.graph.find_service("(unknown)")).kind == model::ServiceKind::External);
}

TEST_CASE("kiali export: a trace corpus graph keeps its calls per operation edge") {
  const auto first = importers::import_inputs({test::corpus_path("jaeger-deathstarbench-social-20traces.json")});
  const auto again = reimport_kiali(write(first.graph, importers::GraphFormat::Kiali, GraphLevel::Operation));
  CHECK(traffic(again.graph, GraphLevel::Operation) == traffic(first.graph, GraphLevel::Operation));
}

TEST_CASE("gexf export: well-formed gexf 1.3 at both levels, whatever the names") {
  auto g = generated_graph();
  // Markup, quotes, a control character and malformed UTF-8 in names.
  importers::GraphBuilder b;
  importers::CallRecord c;
  c.from_service = "a&b <c>";
  c.from_operation = "say \"hi\" 'there'\x01";
  c.to_service = "bad\xff\xfeutf8";
  c.to_operation = "\xef\xbf\xbfnon-char";
  c.calls = 2;
  b.add_call(c);
  g.merge(b.finish());
  for (GraphLevel level : {GraphLevel::Service, GraphLevel::Operation}) {
    CAPTURE(importers::to_string(level));
    const std::string xml = write(g, importers::GraphFormat::Gexf, level);
    const auto lg = importers::level_graph(g, level, true);
    CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\""));
    CHECK(occurrences(xml, "<node ") == lg.nodes.size());
    CHECK(occurrences(xml, "<edge ") == lg.edges.size());
    CHECK(xml.find("a&amp;b &lt;c&gt;") != std::string::npos);
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(xml.find("\xef\xbf\xbf") == std::string::npos);
    CHECK(xml.find("bad\xef\xbf\xbd\xef\xbf\xbdutf8") != std::string::npos);
    if (const auto parses = xmllint_parses(xml)) CHECK(*parses);
  }
  // The self-loop of calls inside cart (AddItem -> Price) at service level.
  CHECK(write(g, importers::GraphFormat::Gexf, GraphLevel::Service).find("weight=\"41\"") != std::string::npos);
  // A corpus trace whose operation name has an apostrophe.
  const auto otlp = importers::import_inputs({test::corpus_path("otlp-proto-example-trace.json")});
  const std::string xml = write(otlp.graph, importers::GraphFormat::Gexf, GraphLevel::Operation);
  CHECK(xml.find("I&apos;m a server span") != std::string::npos);
  if (const auto parses = xmllint_parses(xml)) CHECK(*parses);
}

TEST_CASE("dot and graphml export: operation level") {
  const auto g = generated_graph();
  const std::string dot = write(g, importers::GraphFormat::Dot, GraphLevel::Operation);
  CHECK(occurrences(dot, "subgraph \"cluster_") == g.service_count());
  CHECK(dot.find("\"web/GET /\" -> \"cart/GetCart\" [label=\"700\"];") != std::string::npos);
  CHECK(dot.find("\"web/*\" -> \"payments/*\" [label=\"declared\", style=dashed];") != std::string::npos);
  CHECK(dot.find("\"cart/AddItem\" -> \"audit/Log\" [label=\"11\", style=dotted];") != std::string::npos);
  const std::string graphml = write(g, importers::GraphFormat::GraphMl, GraphLevel::Operation);
  CHECK(graphml.find("<graph id=\"operations\"") != std::string::npos);
  CHECK(occurrences(graphml, "<node ") == g.operation_count());
  CHECK(graphml.find("<data key=\"service\">cart</data><data key=\"operation\">Price</data>") != std::string::npos);
  if (const auto parses = xmllint_parses(graphml)) CHECK(*parses);
  // Service level is what it was: calls inside a service are no edge.
  const std::string services = write(g, importers::GraphFormat::Dot, GraphLevel::Service);
  CHECK(services.find("\"cart\" -> \"cart\"") == std::string::npos);
  CHECK(services.find("\"web\" -> \"cart\" [label=\"124160\"];") != std::string::npos);
}

TEST_CASE("graph formats and levels parse") {
  CHECK(importers::parse_graph_format("gexf") == importers::GraphFormat::Gexf);
  CHECK(importers::parse_graph_format("kiali") == importers::GraphFormat::Kiali);
  CHECK_FALSE(importers::parse_graph_format("gml"));
  CHECK(importers::parse_graph_level("operation") == GraphLevel::Operation);
  CHECK_FALSE(importers::parse_graph_level("services"));
  CHECK(importers::has_levels(importers::GraphFormat::Gexf));
  CHECK_FALSE(importers::has_levels(importers::GraphFormat::Json));
  CHECK_FALSE(importers::has_levels(importers::GraphFormat::Csv));
}
