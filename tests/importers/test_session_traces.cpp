// Sessions are not requests: a trace whose root lasts at least 10 s and whose top-level calls
// are mostly idle gaps is a user session; its top-level calls become the entries (with their
// arrival times) and the root no operation. Normal, busy and batch-like long traces stay as
// they were. Traces are written by hand below (Zipkin v2 and Jaeger JSON).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "importers/formats.hpp"
#include "importers/trace_assembly.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;

namespace {

constexpr std::int64_t kT0 = 1'700'000'000'000'000;  // µs since the epoch
constexpr std::int64_t kSecond = 1'000'000;

/// One Zipkin v2 span (kind may be empty, parent empty for a root).
std::string zspan(std::string_view id, std::string_view parent, std::string_view service, std::string_view name,
                  std::int64_t start, std::int64_t duration, std::string_view kind = "") {
  std::string s = "{\"traceId\":\"5e55\",\"id\":\"" + std::string(id) + "\"";
  if (!parent.empty()) s += ",\"parentId\":\"" + std::string(parent) + "\"";
  s += ",\"name\":\"" + std::string(name) + "\"";
  if (!kind.empty()) s += ",\"kind\":\"" + std::string(kind) + "\"";
  s += ",\"timestamp\":" + std::to_string(start) + ",\"duration\":" + std::to_string(duration);
  s += ",\"localEndpoint\":{\"serviceName\":\"" + std::string(service) + "\"}}";
  return s;
}

std::string zipkin(const std::vector<std::string>& spans) {
  std::string out = "[";
  for (std::size_t k = 0; k < spans.size(); ++k) out += (k ? ",\n" : "\n") + spans[k];
  return out + "\n]";
}

test::Imported import_zipkin(const std::string& text) {
  return test::import_with(importers::import_zipkin_json, importers::InputFile::from_string("s.json", text));
}

/// The brief's session: a 300 s root in `app` (no kind) with 5 requests of 50 ms to api
/// /request at t = 10, 60, 120, 200, 290 s, each calling store get (20 ms).
std::string session_trace() {
  std::vector<std::string> spans{zspan("1", "", "app", "session", kT0, 300 * kSecond)};
  const std::int64_t at[] = {10, 60, 120, 200, 290};
  for (int k = 0; k < 5; ++k) {
    const std::string id = std::to_string(10 + k), child = std::to_string(20 + k);
    spans.push_back(zspan(id, "1", "api", "/request", kT0 + at[k] * kSecond, 50'000, "SERVER"));
    spans.push_back(zspan(child, id, "store", "get", kT0 + at[k] * kSecond + 10'000, 20'000, "SERVER"));
  }
  return zipkin(spans);
}

const model::Operation* find_op(const model::CallGraph& g, std::string_view service, std::string_view name) {
  auto s = g.find_service(service);
  if (!s) return nullptr;
  auto o = g.find_operation(*s, name);
  return o ? &g.operation(*o) : nullptr;
}

const model::Edge* find_edge(const model::CallGraph& g, std::string_view fs, std::string_view fo,
                             std::string_view ts, std::string_view to) {
  auto a = g.find_service(fs), b = g.find_service(ts);
  if (!a || !b) return nullptr;
  auto x = g.find_operation(*a, fo), y = g.find_operation(*b, to);
  if (!x || !y) return nullptr;
  auto e = g.find_edge(*x, *y, model::InteractionKind::Sync);
  return e ? &g.edge(*e) : nullptr;
}

std::uint64_t total_entries(const model::CallGraph& g) {
  std::uint64_t n = 0;
  for (const auto& o : g.operations()) n += o.entry_count;
  return n;
}

std::string message_of(const model::Diagnostics& d, std::string_view code) {
  for (const auto& x : d.sorted())
    if (x.code == code) return x.message;
  return {};
}

}  // namespace

TEST_CASE("session: the thresholds are the documented ones") {
  CHECK(importers::detail::kSessionMinDurationUs == 10 * kSecond);
  CHECK(importers::detail::kSessionMaxBusyFraction == 0.5);
  CHECK(importers::detail::kSessionMinCalls == 2);
  CHECK(importers::detail::kSessionMinMeanGapUs == kSecond);
}

TEST_CASE("session: a 300 s mostly idle root is a session; its 5 top-level calls are the requests") {
  auto r = import_zipkin(session_trace());
  const auto& g = r.graph;
  // The root is no operation; its service had no other span, so it is no service either.
  CHECK_FALSE(g.find_service("app").has_value());
  const auto* req = find_op(g, "api", "/request");
  REQUIRE(req);
  CHECK(req->entry_count == 5);
  CHECK(req->invocations == 5);
  CHECK(req->duration.count() == 5);
  CHECK(req->duration.max_us() == doctest::Approx(50'000).epsilon(0.02));
  // 50 ms minus the 20 ms store call.
  CHECK(req->self_time.mean_us() == doctest::Approx(30'000).epsilon(0.02));
  auto arrivals = req->arrivals_us;
  std::sort(arrivals.begin(), arrivals.end());
  CHECK(arrivals == std::vector<std::int64_t>{kT0 + 10 * kSecond, kT0 + 60 * kSecond, kT0 + 120 * kSecond,
                                              kT0 + 200 * kSecond, kT0 + 290 * kSecond});
  CHECK(g.arrivals_kept() == 5);
  CHECK(total_entries(g) == 5);
  // Edges: each request calls store get once; nothing leads into the requests.
  const auto* e = find_edge(g, "api", "/request", "store", "get");
  REQUIRE(e);
  CHECK(e->calls == 5);
  CHECK(g.edge_count() == 1);
  CHECK(find_op(g, "store", "get")->entry_count == 0);
  // The window stays the observed one (the session's 300 s), the trace count the input's.
  CHECK(g.window_seconds() == doctest::Approx(300.0));
  CHECK(g.trace_count == 1);
  CHECK(r.diagnostics.count("session-trace") == 1);
  CHECK(message_of(r.diagnostics, "session-trace").find("their 5 top-level calls") != std::string::npos);
}

TEST_CASE("session: a mobile client's top-level CLIENT spans become its entries (no longer call spans)") {
  // Root and its calls run in the same service: without the session rule each CLIENT span is a
  // call from `session`; as a session each becomes an entry of app, calling api.
  std::vector<std::string> spans{zspan("1", "", "app", "session", kT0, 120 * kSecond)};
  const std::int64_t at[] = {5, 40, 100};
  for (int k = 0; k < 3; ++k) {
    const std::string id = std::to_string(10 + k);
    spans.push_back(zspan(id, "1", "app", "GET /feed", kT0 + at[k] * kSecond, 80'000, "CLIENT"));
    spans.push_back(zspan(std::to_string(20 + k), id, "api", "/feed", kT0 + at[k] * kSecond + 5'000, 60'000, "SERVER"));
  }
  auto r = import_zipkin(zipkin(spans));
  const auto& g = r.graph;
  CHECK_FALSE(find_op(g, "app", "session"));
  const auto* get = find_op(g, "app", "GET /feed");
  REQUIRE(get);
  CHECK(get->entry_count == 3);
  CHECK(get->arrivals_us.size() == 3);
  const auto* e = find_edge(g, "app", "GET /feed", "api", "/feed");
  REQUIRE(e);
  CHECK(e->calls == 3);
  CHECK(total_entries(g) == 3);
  CHECK(r.diagnostics.count("session-trace") == 1);
}

TEST_CASE("session: a session inside a session (a screen) is unpacked too") {
  // Root 300 s: requests at 10 s and 250 s, and a 100 s screen at 50 s holding 3 requests.
  std::vector<std::string> spans{zspan("1", "", "app", "session", kT0, 300 * kSecond),
                                 zspan("2", "1", "api", "/a", kT0 + 10 * kSecond, 40'000, "SERVER"),
                                 zspan("3", "1", "api", "/a", kT0 + 250 * kSecond, 40'000, "SERVER"),
                                 zspan("4", "1", "app", "screen", kT0 + 50 * kSecond, 100 * kSecond)};
  for (int k = 0; k < 3; ++k)
    spans.push_back(zspan(std::to_string(5 + k), "4", "api", "/b", kT0 + (60 + 30 * k) * kSecond, 40'000, "SERVER"));
  auto r = import_zipkin(zipkin(spans));
  const auto& g = r.graph;
  CHECK_FALSE(g.find_service("app").has_value());
  REQUIRE(find_op(g, "api", "/a"));
  REQUIRE(find_op(g, "api", "/b"));
  CHECK(find_op(g, "api", "/a")->entry_count == 2);
  CHECK(find_op(g, "api", "/b")->entry_count == 3);
  CHECK(g.edge_count() == 0);
  CHECK(r.diagnostics.count("session-trace") == 1);  // one trace
  CHECK(message_of(r.diagnostics, "session-trace").find("their 5 top-level calls") != std::string::npos);
}

TEST_CASE("session: a normal request trace is unchanged") {
  // Root 100 ms whose two calls cover 80 ms of it.
  auto r = import_zipkin(zipkin({zspan("1", "", "front", "/x", kT0, 100'000, "SERVER"),
                                 zspan("2", "1", "back", "a", kT0 + 10'000, 40'000, "SERVER"),
                                 zspan("3", "1", "back", "b", kT0 + 50'000, 40'000, "SERVER")}));
  const auto& g = r.graph;
  REQUIRE(find_op(g, "front", "/x"));
  CHECK(find_op(g, "front", "/x")->entry_count == 1);
  CHECK(find_op(g, "front", "/x")->arrivals_us == std::vector<std::int64_t>{kT0});
  CHECK(total_entries(g) == 1);
  CHECK(find_edge(g, "front", "/x", "back", "a"));
  CHECK(find_edge(g, "front", "/x", "back", "b"));
  CHECK(r.diagnostics.count("session-trace") == 0);
}

TEST_CASE("session: long traces that are busy, batch-like, short or single-call stay requests") {
  auto root_is_entry = [](const std::string& text) {
    auto r = import_zipkin(text);
    const auto* root = find_op(r.graph, "job", "run");
    REQUIRE(root);
    CHECK(r.diagnostics.count("session-trace") == 0);
    return root->entry_count == 1 && total_entries(r.graph) == 1;
  };
  SUBCASE("20 s, calls busy 12 s of it (more than half)") {
    CHECK(root_is_entry(zipkin({zspan("1", "", "job", "run", kT0, 20 * kSecond, "SERVER"),
                                zspan("2", "1", "back", "a", kT0 + 1 * kSecond, 6 * kSecond, "SERVER"),
                                zspan("3", "1", "back", "b", kT0 + 10 * kSecond, 6 * kSecond, "SERVER")})));
  }
  SUBCASE("exactly half busy is not less than half") {
    CHECK(root_is_entry(zipkin({zspan("1", "", "job", "run", kT0, 20 * kSecond, "SERVER"),
                                zspan("2", "1", "back", "a", kT0 + 1 * kSecond, 5 * kSecond, "SERVER"),
                                zspan("3", "1", "back", "b", kT0 + 10 * kSecond, 5 * kSecond, "SERVER")})));
  }
  SUBCASE("20 s of 200 quick calls 100 ms apart (idle 90 ms per call: a batch, not a user)") {
    std::vector<std::string> spans{zspan("1", "", "job", "run", kT0, 20 * kSecond, "SERVER")};
    for (int k = 0; k < 200; ++k)
      spans.push_back(zspan(std::to_string(1000 + k), "1", "db", "query", kT0 + k * 100'000, 10'000, "SERVER"));
    CHECK(root_is_entry(zipkin(spans)));
  }
  SUBCASE("9.9 s, mostly idle: shorter than 10 s") {
    CHECK(root_is_entry(zipkin({zspan("1", "", "job", "run", kT0, 9'900'000, "SERVER"),
                                zspan("2", "1", "back", "a", kT0 + 1 * kSecond, 50'000, "SERVER"),
                                zspan("3", "1", "back", "b", kT0 + 8 * kSecond, 50'000, "SERVER")})));
  }
  SUBCASE("60 s with a single call") {
    CHECK(root_is_entry(zipkin({zspan("1", "", "job", "run", kT0, 60 * kSecond, "SERVER"),
                                zspan("2", "1", "back", "a", kT0 + 1 * kSecond, 50'000, "SERVER")})));
  }
}

TEST_CASE("session: the rule holds for Jaeger JSON too (the shared span path)") {
  // A 60 s root with calls at 5 s and 40 s, in Jaeger's UI export format.
  auto jspan = [](std::string_view id, std::string_view parent, std::string_view process, std::string_view op,
                  std::int64_t start, std::int64_t duration) {
    std::string s = "{\"traceID\":\"abc\",\"spanID\":\"" + std::string(id) + "\",\"operationName\":\"" + std::string(op) +
                    "\",\"references\":[";
    if (!parent.empty())
      s += "{\"refType\":\"CHILD_OF\",\"traceID\":\"abc\",\"spanID\":\"" + std::string(parent) + "\"}";
    s += "],\"startTime\":" + std::to_string(start) + ",\"duration\":" + std::to_string(duration) +
         ",\"tags\":[],\"processID\":\"" + std::string(process) + "\"}";
    return s;
  };
  const std::string text =
      "{\"data\":[{\"traceID\":\"abc\",\"spans\":[" + jspan("a1", "", "p1", "session", kT0, 60 * kSecond) + "," +
      jspan("a2", "a1", "p2", "/r", kT0 + 5 * kSecond, 30'000) + "," +
      jspan("a3", "a1", "p2", "/r", kT0 + 40 * kSecond, 30'000) +
      "],\"processes\":{\"p1\":{\"serviceName\":\"app\",\"tags\":[]},\"p2\":{\"serviceName\":\"api\",\"tags\":[]}}}]}";
  auto r = test::import_with(importers::import_jaeger_json, importers::InputFile::from_string("j.json", text));
  REQUIRE(find_op(r.graph, "api", "/r"));
  CHECK(find_op(r.graph, "api", "/r")->entry_count == 2);
  CHECK(find_op(r.graph, "api", "/r")->arrivals_us.size() == 2);
  CHECK(total_entries(r.graph) == 2);
  CHECK_FALSE(r.graph.find_service("app").has_value());
  CHECK(r.diagnostics.count("session-trace") == 1);
}
