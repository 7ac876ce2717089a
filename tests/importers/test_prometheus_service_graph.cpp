// Tests of the service-graph metrics importer (Prometheus text exposition format).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "importers/formats.hpp"
#include "importers/import_error.hpp"
#include "importers/prometheus_text.hpp"
#include "support/test_support.hpp"

using nanoscope::importers::GraphBuilder;
using nanoscope::importers::ImportError;
using nanoscope::importers::InputFile;
using namespace nanoscope;

namespace {

// What an OpenTelemetry Collector (servicegraph connector + prometheus exporter) or a Tempo
// metrics-generator remote-write dump looks like, trimmed to a few edges.
const std::string kMetrics = R"(# HELP traces_service_graph_request_total Total count of requests between two nodes
# TYPE traces_service_graph_request_total counter
traces_service_graph_request_total{client="frontend",connection_type="",server="cartservice"} 40 1700000000000
traces_service_graph_request_total{client="frontend",server="cartservice",connection_type="",k8s_namespace="b"} 2 1700000005000
traces_service_graph_request_total{client="checkout",connection_type="messaging_system",server="accounting"} 7
traces_service_graph_request_total{client="cartservice",connection_type="database",server="redis"} 100
traces_service_graph_request_total{client="user",connection_type="virtual_node",server="frontend"} 50
traces_service_graph_request_total{client="frontend",connection_type="virtual_node",server="api.stripe.com"} 3
traces_service_graph_request_total { client = "we\"ird\\name\nx" , server="frontend", } 1
# HELP traces_service_graph_request_failed_total Total count of failed requests between two nodes
# TYPE traces_service_graph_request_failed_total counter
traces_service_graph_request_failed_total{client="frontend",connection_type="",server="cartservice"} 4
# HELP traces_service_graph_request_client_seconds Time for a request between two nodes as seen from the client
# TYPE traces_service_graph_request_client_seconds histogram
traces_service_graph_request_client_seconds_bucket{client="frontend",connection_type="",server="cartservice",le="0.02"} 20
traces_service_graph_request_client_seconds_bucket{client="frontend",connection_type="",server="cartservice",le="0.2"} 40
traces_service_graph_request_client_seconds_bucket{client="frontend",connection_type="",server="cartservice",le="+Inf"} 42
traces_service_graph_request_client_seconds_sum{client="frontend",connection_type="",server="cartservice"} 3.4
traces_service_graph_request_client_seconds_count{client="frontend",connection_type="",server="cartservice"} 42
# TYPE traces_service_graph_request_server_seconds histogram
traces_service_graph_request_server_seconds_bucket{client="frontend",connection_type="",server="cartservice",le="0.01"} 10
traces_service_graph_request_server_seconds_bucket{client="frontend",connection_type="",server="cartservice",le="+Inf"} 42
traces_service_graph_request_server_seconds_bucket{client="cartservice",connection_type="database",server="redis",le="0.001"} 90
traces_service_graph_request_server_seconds_bucket{client="cartservice",connection_type="database",server="redis",le="0.005"} 100
traces_service_graph_request_server_seconds_bucket{client="cartservice",connection_type="database",server="redis",le="+Inf"} 100
traces_service_graph_request_server_seconds_sum{client="cartservice",connection_type="database",server="redis"} 0.075
traces_service_graph_request_server_seconds_count{client="cartservice",connection_type="database",server="redis"} 100
traces_service_graph_request_messaging_system_seconds_bucket{client="checkout",connection_type="messaging_system",server="accounting",le="1"} 7
traces_service_graph_unpaired_spans_total{client="frontend"} 3
process_cpu_seconds_total 12.5
# EOF
)";

struct Imported {
  model::CallGraph graph;
  model::Diagnostics diagnostics;
  std::uint64_t samples = 0;
};

Imported import_text(const std::string& text) {
  GraphBuilder builder;
  builder.set_source("m.prom");
  auto file = InputFile::from_string("m.prom", text);
  Imported out;
  out.samples = importers::import_prometheus_service_graph(file, builder);
  out.graph = builder.finish();
  out.diagnostics = builder.diagnostics();
  return out;
}

std::string error_of(const std::string& text) {
  GraphBuilder builder;
  auto file = InputFile::from_string("m.prom", text);
  try {
    (void)importers::import_prometheus_service_graph(file, builder);
  } catch (const ImportError& e) {
    return e.what();
  }
  return "(no error)";
}

const model::Edge* service_edge(const model::CallGraph& g, const std::string& from, const std::string& to,
                                model::InteractionKind kind) {
  auto a = g.find_service(from), b = g.find_service(to);
  if (!a || !b) return nullptr;
  auto x = g.find_operation(*a, "*"), y = g.find_operation(*b, "*");
  if (!x || !y) return nullptr;
  auto e = g.find_edge(*x, *y, kind);
  return e ? &g.edge(*e) : nullptr;
}

}  // namespace

TEST_CASE("prometheus-servicegraph: detected from content") {
  CHECK(importers::detect_format("metrics.txt", kMetrics) == importers::Format::PrometheusServiceGraph);
}

TEST_CASE("prometheus-servicegraph: calls, errors, kinds and histogram latency") {
  auto in = import_text(kMetrics);
  CHECK(in.samples == 20);
  const auto& g = in.graph;
  using model::InteractionKind;

  const auto* cart = service_edge(g, "frontend", "cartservice", InteractionKind::Sync);
  REQUIRE(cart);
  CHECK(cart->calls == 42);  // two series with different extra labels sum
  CHECK(cart->errors == 4);
  // The client-side histogram wins: 20 at 10 ms, 20 at 110 ms, 2 in +Inf at the 500 ms
  // the _sum leaves for them.
  CHECK(cart->latency.count() == 42);
  CHECK(cart->latency.sum_us() == doctest::Approx(3.4e6));
  CHECK(cart->latency.max_us() == doctest::Approx(500000.0));

  const auto* mq = service_edge(g, "checkout", "accounting", InteractionKind::Async);
  REQUIRE(mq);
  CHECK(mq->calls == 7);
  CHECK(mq->protocol == model::Protocol::Mq);
  CHECK(mq->latency.empty());

  const auto* db = service_edge(g, "cartservice", "redis", InteractionKind::Database);
  REQUIRE(db);
  CHECK(db->calls == 100);
  CHECK(db->latency.count() == 100);
  CHECK(db->latency.mean_us() == doctest::Approx(750.0));  // 90 at 0.5 ms, 10 at 3 ms
  CHECK(g.service(*g.find_service("redis")).kind == model::ServiceKind::Database);

  auto frontend = g.find_service("frontend");
  REQUIRE(frontend);
  CHECK(g.operation(*g.find_operation(*frontend, "*")).entry_count == 50);
  CHECK_FALSE(g.find_service("user"));
  CHECK(g.service(*g.find_service("api.stripe.com")).kind == model::ServiceKind::External);
  CHECK(service_edge(g, "we\"ird\\name\nx", "frontend", InteractionKind::Sync)->calls == 1);

  auto sg = test::service_graph(g);
  CHECK(sg.edges.size() == 5);
  CHECK(in.diagnostics.count("ignored-series") == 2);
  CHECK(in.diagnostics.count("other-metrics") == 1);
  CHECK(in.diagnostics.count("duplicate-series") == 0);
}

TEST_CASE("prometheus-servicegraph: repeated series keep the latest sample; odd series are reported") {
  const std::string text =
      "traces_service_graph_request_total{client=\"a\",server=\"b\"} 10 1000\n"
      "traces_service_graph_request_total{server=\"b\",client=\"a\"} 12 2000\n"
      "traces_service_graph_request_total{client=\"a\",server=\"b\"} 11 1500\n"
      "otelcol_traces_service_graph_request_total{client=\"a\",server=\"c\"} 4.0e0\n"
      "traces_service_graph_request_total{client=\"a\"} 5\n"
      "traces_service_graph_request_total{client=\"a\",server=\"d\"} NaN\n"
      "traces_service_graph_request_total{client=\"\",server=\"d\"} 2\r\n"
      "traces_service_graph_request_server_seconds_sum{client=\"e\",server=\"f\"} 0.5\n"
      "traces_service_graph_request_server_seconds_count{client=\"e\",server=\"f\"} 5\n";
  auto in = import_text(text);
  auto sg = test::service_graph(in.graph);
  CHECK(test::service_calls(sg, "a", "b") == 12);
  CHECK(test::service_calls(sg, "a", "c") == 4);
  CHECK(test::service_calls(sg, "(unknown)", "d") == 2);
  CHECK(test::service_calls(sg, "e", "f") == 5);  // no request_total: the histogram count
  CHECK_FALSE(test::has_service_edge(sg, "a", "d"));
  const auto* ef = service_edge(in.graph, "e", "f", model::InteractionKind::Sync);
  REQUIRE(ef);
  CHECK(ef->latency.mean_us() == doctest::Approx(100000.0));
  CHECK(in.diagnostics.count("duplicate-series") == 2);
  CHECK(in.diagnostics.count("series-without-client-or-server") == 1);
  CHECK(in.diagnostics.count("invalid-value") == 1);
  CHECK(in.diagnostics.count("unknown-service") == 1);
}

TEST_CASE("prometheus-servicegraph: malformed lines name file, line and column") {
  const std::string ok = "# TYPE traces_service_graph_request_total counter\n";
  CHECK(error_of(ok + "traces_service_graph_request_total{client=\"a\",server=\"b\"}\n") ==
        "m.prom:2:58: expected a space and a value after the metric");
  CHECK(error_of(ok + "traces_service_graph_request_total{client=\"a\",server=\"b\"} many\n") ==
        "m.prom:2:59: invalid sample value 'many'");
  CHECK(error_of(ok + "traces_service_graph_request_total{client=\"a\",server=\"b\"} 1 soon\n") ==
        "m.prom:2:61: invalid timestamp 'soon'");
  CHECK(error_of(ok + "traces_service_graph_request_total{client=\"a,server=\"b\"} 1\n") ==
        "m.prom:2:54: expected ',' or '}' in the label set");
  CHECK(error_of(ok + "traces_service_graph_request_total{client=\"a\n") ==
        "m.prom:2:45: unterminated value of label client");
  CHECK(error_of("traces_service_graph_request_total{client=a} 1\n") ==
        "m.prom:1:43: expected a quoted value for label client");
  CHECK(error_of("9lives 1\n") == "m.prom:1:1: expected a metric name");
  CHECK(error_of("traces_service_graph_request_server_seconds_bucket{client=\"a\",server=\"b\"} 1\n") ==
        "m.prom:1:1: histogram bucket without a numeric le label");
}

TEST_CASE("prometheus-servicegraph: sample values") {
  double v = 0;
  CHECK((importers::detail::parse_prom_value("+Inf", v) && std::isinf(v) && v > 0));
  CHECK((importers::detail::parse_prom_value("-Inf", v) && std::isinf(v) && v < 0));
  CHECK((importers::detail::parse_prom_value("NaN", v) && std::isnan(v)));
  CHECK((importers::detail::parse_prom_value("1.5e3", v) && v == 1500.0));
  CHECK((importers::detail::parse_prom_value("-0.25", v) && v == -0.25));
  CHECK_FALSE(importers::detail::parse_prom_value("1,5", v));
  CHECK_FALSE(importers::detail::parse_prom_value("", v));
  CHECK_FALSE(importers::detail::parse_prom_value("0x10", v));
}
