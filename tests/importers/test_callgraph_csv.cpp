// Tests of the call-graph CSV importer: the streaming reader, the Alibaba v2021/v2022 and
// DeathStarBench schemas, the corpus table, and malformed input.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <fstream>
#include <string>
#include <vector>

#include "importers/call_aggregator.hpp"
#include "importers/callgraph_csv_detail.hpp"
#include "importers/csv_reader.hpp"
#include "importers/flat_index.hpp"
#include "importers/formats.hpp"
#include "importers/import_error.hpp"
#include "support/test_support.hpp"

using nanoscope::importers::GraphBuilder;
using nanoscope::importers::ImportError;
using nanoscope::importers::detail::CsvReader;
using namespace nanoscope;

namespace {

std::vector<std::vector<std::string>> read_all(std::string_view text, std::size_t chunk) {
  CsvReader reader("t.csv", text, chunk);
  std::vector<std::vector<std::string>> rows;
  while (reader.next()) {
    rows.emplace_back();
    for (auto f : reader.fields()) rows.back().emplace_back(f);
    rows.back().push_back("@" + std::to_string(reader.line()));
  }
  return rows;
}

model::CallGraph import_text(std::string_view text, std::size_t chunk = CsvReader::kDefaultChunkBytes,
                             model::Diagnostics* diagnostics = nullptr, std::uint64_t* rows = nullptr) {
  GraphBuilder builder;
  builder.set_source("t.csv");
  CsvReader reader("t.csv", text, chunk);
  std::uint64_t n = importers::detail::import_callgraph_csv(reader, builder);
  if (rows) *rows = n;
  auto graph = builder.finish();
  if (diagnostics) *diagnostics = builder.diagnostics();
  return graph;
}

std::string error_of(std::string_view text, std::string name = "bad.csv") {
  GraphBuilder builder;
  CsvReader reader(name, text);
  try {
    (void)importers::detail::import_callgraph_csv(reader, builder);
  } catch (const ImportError& e) {
    return e.what();
  }
  return "(no error)";
}


std::uint64_t entries(const model::CallGraph& g, const std::string& service, const std::string& op) {
  auto s = g.find_service(service);
  if (!s) return 0;
  auto o = g.find_operation(*s, op);
  return o ? g.operation(*o).entry_count : 0;
}

// v2021 with the published files' unnamed index column and CRLF line ends.
const std::string kAlibaba2021 =
    ",timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\r\n"
    "0,1000,T1,0.1,USER,http,/home,gateway,-50\r\n"           // entry, callee side only
    "1,1001,T1,0.1.1,gateway,rpc,getUser,users,12.5\r\n"      // caller side
    "2,1002,T1,0.1.1,gateway,rpc,getUser,users,-11\r\n"       // its callee side: folded
    "3,1003,T1,0.1.1.1,users,db,SELECT,mysql,3\r\n"
    "4,1004,T1,0.1.2,gateway,mq,orderPlaced,orders,-2\r\n"    // callee side first ...
    "5,1005,T1,0.1.2,gateway,mq,orderPlaced,orders,1\r\n"     // ... then the caller side
    "6,1006,T1,0.1.3,gateway,mc,get,memcached-1,0.4\r\n"
    "7,1007,T1,0.1.1.2,NAN,rpc,audit,auditsvc,2\r\n"          // um missing: parent's dm
    "8,1008,T1,0.1.4,gateway,rpc,(?),(?),5\r\n"               // dm and interface missing
    "\r\n"
    "9,2000,T2,0.1,gateway,http,/cart,cart,7\r\n"             // root call with a named um
    "10,2001,T2,0.2,gateway,http,/cart,cart,8\r\n"
    "11,2002,T2,0.1.1,cart,rpc,getUser,users,4\r\n"
    "12,2003,T2,0.3.1,cart,rpc,getUser,users,4\r\n"           // parent 0.3 never seen
    "13,2004,T2,0.1.2,cart,UNKNOWN,ping,users,1\r\n"
    "14,2005,T2,0.1.3,cart,rpc,x,y,NAN\r\n";

}  // namespace

TEST_CASE("callgraph-csv reader: quoting, CRLF, BOM, blank lines, any chunk size") {
  const std::string text =
      "\xEF\xBB\xBF" "a,b,c\r\n"
      "\r\n"
      "1, \"x,y\" ,3\r\n"
      "\"say \"\"hi\"\"\",\"two\nlines\",\n"
      "   \n"
      "last,row,\"\"";
  const std::vector<std::vector<std::string>> expected = {
      {"a", "b", "c", "@1"},
      {"1", "x,y", "3", "@3"},
      {"say \"hi\"", "two\nlines", "", "@4"},
      {"last", "row", "", "@7"}};
  for (std::size_t chunk : {1, 2, 3, 5, 7, 11, 64, 4096}) {
    CAPTURE(chunk);
    CHECK(read_all(text, chunk) == expected);
  }
}

TEST_CASE("callgraph-csv reader: unterminated quote and text after a quote are errors") {
  for (std::size_t chunk : {4, 4096}) {
    CsvReader a("q.csv", "a,b\n1,\"open\n2,3\n", chunk);
    CHECK(a.next());
    CHECK_THROWS_WITH_AS(a.next(), "q.csv:2: unterminated quoted field", ImportError);
    CsvReader b("q.csv", "a,b\n\"x\"y,2\n", chunk);
    CHECK(b.next());
    CHECK_THROWS_WITH_AS(b.next(), "q.csv:2: unexpected text after a closing quote", ImportError);
  }
}

TEST_CASE("callgraph-csv alibaba v2021: dedupe, kinds, operations, entries") {
  model::Diagnostics diag;
  std::uint64_t rows = 0;
  auto g = import_text(kAlibaba2021, CsvReader::kDefaultChunkBytes, &diag, &rows);
  CHECK(rows == 15);
  auto sg = test::service_graph(g);
  CHECK(test::service_calls(sg, "gateway", "users") == 1);
  CHECK(test::service_calls(sg, "users", "mysql") == 1);
  CHECK(test::service_calls(sg, "gateway", "orders") == 1);
  CHECK(test::service_calls(sg, "gateway", "memcached-1") == 1);
  CHECK(test::service_calls(sg, "users", "auditsvc") == 1);
  CHECK(test::service_calls(sg, "gateway", "(unknown)") == 1);
  CHECK(test::service_calls(sg, "gateway", "cart") == 2);
  CHECK(test::service_calls(sg, "cart", "users") == 3);
  CHECK(test::service_calls(sg, "cart", "y") == 1);
  CHECK_FALSE(test::has_service_edge(sg, "USER", "gateway"));
  CHECK(sg.edges.size() == 9);

  using model::InteractionKind;
  const auto* e = test::find_edge(g, "gateway", "/home", "users", "getUser", InteractionKind::Sync);
  REQUIRE(e);
  CHECK(e->calls == 1);
  CHECK(e->latency.mean_us() == doctest::Approx(12500.0));
  CHECK(test::find_edge(g, "users", "getUser", "mysql", "SELECT", InteractionKind::Database));
  CHECK(g.service(*g.find_service("mysql")).kind == model::ServiceKind::Database);
  CHECK(g.service(*g.find_service("memcached-1")).kind == model::ServiceKind::Cache);
  const auto* mq = test::find_edge(g, "gateway", "/home", "orders", "orderPlaced", InteractionKind::Async);
  REQUIRE(mq);
  CHECK(mq->protocol == model::Protocol::Mq);
  CHECK(mq->latency.mean_us() == doctest::Approx(1000.0));  // the caller-side rt
  CHECK(test::find_edge(g, "users", "getUser", "auditsvc", "audit", InteractionKind::Sync));
  CHECK(test::find_edge(g, "gateway", "/home", "(unknown)", "*", InteractionKind::Sync));
  CHECK(test::find_edge(g, "gateway", "*", "cart", "/cart", InteractionKind::Sync)->calls == 2);
  CHECK(test::find_edge(g, "gateway", "*", "cart", "/cart", InteractionKind::Sync)->traces == 1);  // both in T2
  CHECK(test::find_edge(g, "gateway", "*", "cart", "/cart", InteractionKind::Sync)->multiplicity() == doctest::Approx(2.0));
  CHECK(g.trace_count == 2);
  CHECK(test::find_edge(g, "cart", "/cart", "users", "getUser", InteractionKind::Sync)->calls == 1);
  CHECK(test::find_edge(g, "cart", "*", "users", "getUser", InteractionKind::Sync)->calls == 1);
  CHECK(test::find_edge(g, "cart", "/cart", "users", "ping", InteractionKind::Sync)->protocol == model::Protocol::Unknown);
  CHECK(test::find_edge(g, "cart", "/cart", "y", "x", InteractionKind::Sync)->latency.empty());
  CHECK(entries(g, "gateway", "/home") == 1);
  CHECK(entries(g, "gateway", "*") == 1);  // once per trace, not per root call
  CHECK(g.window_start_us == 1001000);
  CHECK(g.window_end_us == 2005000);

  CHECK(diag.count("unknown-service") == 1);
  CHECK(diag.count("folded-callee-rows") == 2);
  CHECK(diag.count("callee-side-only") == 1);
  CHECK(diag.count("unresolved-caller-operation") == 1);
  CHECK(diag.count("inferred-caller") == 1);
  CHECK(diag.count("missing-rt") == 1);
  CHECK(diag.count("unknown-rpctype") == 1);
}

TEST_CASE("callgraph-csv alibaba: every chunk size gives the same graph") {
  auto reference = test::service_graph(import_text(kAlibaba2021));
  for (std::size_t chunk : {1, 3, 17, 100}) {
    CAPTURE(chunk);
    auto sg = test::service_graph(import_text(kAlibaba2021, chunk));
    REQUIRE(sg.edges.size() == reference.edges.size());
    for (std::size_t i = 0; i < sg.edges.size(); ++i) CHECK(sg.edges[i].calls == reference.edges[i].calls);
  }
}

TEST_CASE("callgraph-csv alibaba v2022: columns by name, upper-case rpctype, UNKNOWN caller") {
  const std::string text =
      "timestamp,traceid,service,rpc_id,um,uminstanceid,rpctype,interface,dm,dminstanceid,rt\n"
      "115352,T_1,S_1,0.1,UNKNOWN,UNKNOWN,http,hXy,MS_1,MS_1_POD_0,-3.0\n"
      "115353,T_1,S_1,0.1.1,MS_1,MS_1_POD_0,rpc,xOuy6-80Vt,MS_2,MS_2_POD_3,2.0\n"
      "115353,T_1,S_1,0.1.1,MS_1,MS_1_POD_0,rpc,xOuy6-80Vt,MS_2,MS_2_POD_3,-1.5\n"
      "115354,T_1,S_1,0.1.1.1,MS_2,MS_2_POD_3,MC,get,MS_3,MS_3_POD_1,0.5\n"
      "115355,T_1,S_1,0.1.1.2,MS_2,MS_2_POD_3,DB,query,MS_4,UNAVAILABLE,1.0\n";
  model::Diagnostics diag;
  auto g = import_text(text, CsvReader::kDefaultChunkBytes, &diag);
  using model::InteractionKind;
  CHECK(entries(g, "MS_1", "hXy") == 1);
  CHECK(test::find_edge(g, "MS_1", "hXy", "MS_2", "xOuy6-80Vt", InteractionKind::Sync)->calls == 1);
  CHECK(test::find_edge(g, "MS_2", "xOuy6-80Vt", "MS_3", "get", InteractionKind::Database));
  CHECK(test::find_edge(g, "MS_2", "xOuy6-80Vt", "MS_4", "query", InteractionKind::Database));
  CHECK(g.service(*g.find_service("MS_3")).kind == model::ServiceKind::Cache);
  CHECK(g.service(*g.find_service("MS_4")).kind == model::ServiceKind::Database);
  CHECK_FALSE(g.find_service("UNKNOWN"));
  CHECK_FALSE(g.find_service("(unknown)"));
  CHECK(g.service_count() == 4);
  CHECK(diag.count("unknown-service") == 0);
  CHECK(diag.count("folded-callee-rows") == 1);
  CHECK(diag.count("callee-side-only") == 1);
}

TEST_CASE("callgraph-csv deathstarbench corpus: 640 rows, 20 traces, 12 services, 11 edges") {
  const std::string path = test::corpus_path("csv-deathstarbench-social-callgraph.csv");
  GraphBuilder builder;
  builder.set_source(path);
  CHECK(importers::import_callgraph_csv(path, builder) == 640);
  auto g = builder.finish();
  auto sg = test::service_graph(g);
  CHECK(sg.nodes.size() == 12);
  std::size_t cross = 0;
  for (const auto& e : sg.edges) {
    if (e.from == e.to) continue;
    ++cross;
    CHECK(e.calls == 20);  // every cross-service call happens once in each of the 20 traces
  }
  CHECK(g.trace_count == 20);
  for (const auto& e : g.edges()) CHECK(e.traces >= 1);
  for (const auto& e : g.edges()) CHECK(e.traces <= 20);
  CHECK(cross == 11);
  CHECK(test::service_calls(sg, "nginx-web-server", "compose-post-service") == 20);
  CHECK(test::service_calls(sg, "text-service", "user-mention-service") == 20);
  CHECK(test::service_calls(sg, "home-timeline-service", "social-graph-service") == 20);
  CHECK(g.operation_count() == 32);
  // 32 distinct calls, less nginx's /wrk2-api/post/compose calling itself (folded: 20 rows).
  CHECK(g.edge_count() == 31);
  CHECK(entries(g, "nginx-web-server", "/wrk2-api/post/compose") == 20);  // one root per trace
  std::uint64_t total_entries = 0;
  for (const auto& op : g.operations()) total_entries += op.entry_count;
  CHECK(total_entries == 20);
  CHECK(builder.diagnostics().count("self-call") == 20);
  CHECK(builder.diagnostics().count("infrastructure-recognised") == 1);  // nginx-web-server: gateway
  CHECK(builder.diagnostics().sorted().size() == 2);
}

TEST_CASE("callgraph-csv deathstarbench: quoted names, roots, unknown services") {
  const std::string text =
      "traceId,startTime,parentId,childId,childOperation,parentOperation,childMS,parentMS,childDuration\n"
      "t1,10,a,b,\"GET /x,y\",root,svc-b,svc-a,5\n"
      "t1,11,b,c,db,\"GET /x,y\",svc-c,svc-b,2\n"
      "t2,20,p,q,op,root2,,svc-a,1\n";
  model::Diagnostics diag;
  auto g = import_text(text, CsvReader::kDefaultChunkBytes, &diag);
  using model::InteractionKind;
  CHECK(test::find_edge(g, "svc-a", "root", "svc-b", "GET /x,y", InteractionKind::Sync)->latency.mean_us() == 5.0);
  CHECK(test::find_edge(g, "svc-b", "GET /x,y", "svc-c", "db", InteractionKind::Sync));
  CHECK(test::find_edge(g, "svc-a", "root2", "(unknown)", "op", InteractionKind::Sync));
  CHECK(entries(g, "svc-a", "root") == 1);
  CHECK(entries(g, "svc-a", "root2") == 1);
  CHECK(entries(g, "svc-b", "GET /x,y") == 0);
  CHECK(diag.count("unknown-service") == 1);
}

TEST_CASE("callgraph-csv: malformed input names file and line") {
  const std::string header = "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n";
  CHECK(error_of(header + "1,T,0.1,a,rpc,i,b,3\n1,T,0.1.1,a,rpc,i,b\n") ==
        "bad.csv:3: expected 8 fields as in the header, found 7");
  CHECK(error_of(header + "1,T,0.1,a,rpc,i,b,fast\n") == "bad.csv:2:19: rt is not a number: 'fast'");
  CHECK(error_of(header + "1x,T,0.1,a,rpc,i,b,3\n") == "bad.csv:2:1: timestamp is not a number: '1x'");
  CHECK(error_of(header + "1,\"T,0.1,a,rpc,i,b,3\n") == "bad.csv:2: unterminated quoted field");
  CHECK(error_of("") == "bad.csv: empty call-graph csv (no header row)");
  CHECK(error_of("name,value\nx,1\n").starts_with("bad.csv:1: unrecognised call-graph csv header"));
  CHECK(error_of("traceId,parentId,childId,childOperation,parentOperation,childMS,parentMS\n") ==
        "bad.csv:1: the header has no childduration column");
  CHECK(error_of("traceid,rpcid,um,dm,rt\nT,0.1,a,b,1\n") == "bad.csv:1: the header has no rpctype column");
  const std::string dsb = "traceId,parentId,childId,childOperation,parentOperation,childMS,parentMS,childDuration\n";
  CHECK(error_of(dsb + "t,a,b,x,y,s1,s2,12ms\n") == "bad.csv:2:17: childDuration is not a number: '12ms'");
}

TEST_CASE("callgraph-csv: reads a file from disk with a BOM; missing files are errors") {
  const auto path = (std::filesystem::temp_directory_path() / "nanoscope-test-callgraph.csv").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBF" << kAlibaba2021;
  }
  GraphBuilder builder;
  builder.set_source(path);
  CHECK(importers::import_callgraph_csv(path, builder) == 15);
  auto sg = test::service_graph(builder.finish());
  CHECK(test::service_calls(sg, "cart", "users") == 3);
  std::filesystem::remove(path);
  GraphBuilder other;
  CHECK_THROWS_WITH_AS(importers::import_callgraph_csv(path, other),
                       doctest::Contains("nanoscope-test-callgraph.csv: cannot open"), ImportError);
}

TEST_CASE("callgraph-csv internals: FlatIndex matches std::map through inserts and erases") {
  importers::detail::FlatIndex index;
  std::map<std::uint64_t, std::uint32_t> reference;
  std::uint64_t state = 7;
  auto next = [&] {  // a few distinct keys, many collisions in the low bits
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 40) % 3000 * 0x100000000ull;
  };
  for (std::uint32_t step = 0; step < 20000; ++step) {
    const std::uint64_t key = next();
    if (step % 3 == 0) {
      index.erase(key);
      reference.erase(key);
    } else {
      auto [value, inserted] = index.insert(key, step);
      CHECK(inserted == reference.emplace(key, step).second);
      CHECK(*value == reference[key]);
    }
  }
  CHECK(index.size() == reference.size());
  for (const auto& [key, value] : reference) {
    const std::uint32_t* found = index.find(key);
    REQUIRE(found);
    CHECK(*found == value);
  }
  std::size_t seen = 0;
  index.for_each([&](std::uint64_t key, std::uint32_t) { seen += reference.count(key); });
  CHECK(seen == reference.size());
}

TEST_CASE("callgraph-csv internals: LatencyCounts gives exactly the LatencySummary of its samples") {
  importers::detail::LatencyCounts counts;
  model::LatencySummary direct;
  const double samples[] = {13000, 2000, 2000, 0, -5, 1e9, 450.5, 77000, 1, 3.5e6, 13000, 999999.25};
  for (double us : samples) {
    counts.add(us, model::LatencySummary::bucket_of(us > 0 ? us : 0));
    direct.add(us);
  }
  const model::LatencySummary summary = counts.summary();
  CHECK(summary.count() == direct.count());
  CHECK(summary.sum_us() == direct.sum_us());
  CHECK(summary.min_us() == direct.min_us());
  CHECK(summary.max_us() == direct.max_us());
  for (double q : {0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) CHECK(summary.quantile_us(q) == direct.quantile_us(q));
  CHECK(importers::detail::LatencyCounts().summary().empty());
}

TEST_CASE("callgraph-csv alibaba: idle traces are closed and their one-sided calls counted") {
  std::string text = "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n";
  text += "1,A,0.1,USER,http,/a,front,-5\n";          // an entry known only from its callee side
  text += "2,A,0.1.1,front,rpc,get,back,-3\n";        // a call known only from its callee side
  for (int i = 0; i < 90000; ++i)                     // other traces, each a caller-side row
    text += "3,B" + std::to_string(i) + ",0.1.1,x,rpc,op,y,1\n";
  text += "4,A,0.1.2,front,rpc,get,back,2\n";         // A again: a new trace now, caller unknown
  model::Diagnostics diag;
  auto g = import_text(text, CsvReader::kDefaultChunkBytes, &diag);
  using model::InteractionKind;
  CHECK(entries(g, "front", "/a") == 1);
  auto calls = [&](const char* from_op) {
    const auto* e = test::find_edge(g, "front", from_op, "back", "get", InteractionKind::Sync);
    return e ? e->calls : 0;
  };
  CHECK(calls("/a") == 1);
  CHECK(calls("*") == 1);
  const auto* filler = test::find_edge(g, "x", "*", "y", "op", InteractionKind::Sync);
  REQUIRE(filler);
  CHECK(filler->calls == 90000);
  CHECK(diag.count("callee-side-only") == 2);
  CHECK(diag.count("unresolved-caller-operation") == 90001);
}

TEST_CASE("callgraph-csv internals: hash_text reads the tail of any length like a byte copy") {
  // Reference: the straightforward version with memcpy of the tail.
  auto reference = [](std::string_view text) {
    constexpr std::uint64_t kA = 0x9E3779B97F4A7C15ull, kB = 0xC2B2AE3D27D4EB4Full;
    const char* p = text.data();
    std::size_t n = text.size();
    std::uint64_t a = (n + 1) * kA, b = kB;
    auto load = [](const char* at, std::size_t bytes) {
      std::uint64_t v = 0;
      std::memcpy(&v, at, bytes);
      return v;
    };
    for (; n >= 16; p += 16, n -= 16) {
      a = (a ^ load(p, 8)) * kA;
      b = (b ^ load(p + 8, 8)) * kB;
      a ^= a >> 32;
      b ^= b >> 29;
    }
    if (n >= 8) {
      a = (a ^ load(p, 8)) * kA;
      a ^= a >> 32;
      p += 8;
      n -= 8;
    }
    if (n > 0) {
      b = (b ^ load(p, n)) * kB;
      b ^= b >> 29;
    }
    return importers::detail::mix_hash(a, b);
  };
  const std::string text = "0123456789abcdef-ghijklmnopqrstuvwxyz.ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (std::size_t offset = 0; offset < 3; ++offset)
    for (std::size_t length = 0; offset + length <= text.size(); ++length) {
      CAPTURE(length);
      const std::string_view piece(text.data() + offset, length);
      CHECK(importers::detail::hash_text(piece) == reference(piece));
    }
}
