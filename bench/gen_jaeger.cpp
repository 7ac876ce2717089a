// Generates a deterministic Jaeger /api/traces file for the import benchmark: realistic span
// objects (tags, logs, references; processes after spans), about 430 bytes per span.
// Usage: nanoscope-gen-jaeger SPANS SERVICES OUTPUT [SEED]
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <iterator>
#include <string>
#include <vector>

namespace {

const char* const kWords[] = {"frontend", "cart", "checkout", "payment", "shipping", "catalog", "user", "auth",
                              "search", "review", "media", "post", "timeline", "social", "ads", "email"};

struct Service {
  std::string name;
  std::vector<int> calls;   // services it calls (higher index only, so the graph is acyclic)
  std::vector<std::string> operations;
  int database = -1;        // index into kStores, or -1
};

const char* const kStores[][2] = {{"mongodb", "mongodb"}, {"redis", "redis"}, {"mysql", "mysql"}};

class Generator {
 public:
  Generator(std::uint64_t seed, int services) : rng_(seed) {
    for (int i = 0; i < services; ++i) {
      Service s;
      s.name = std::string(kWords[i % 16]) + "-service-" + std::to_string(i);
      for (int k = 0; k < 3; ++k) s.operations.push_back("/api/v1/" + std::string(kWords[(i + k) % 16]) + "/op" + std::to_string(k));
      if (i > 0) services_[rng_() % static_cast<std::uint64_t>(i)].calls.push_back(i);  // every service has a caller
      if (rng_() % 3 == 0) s.database = static_cast<int>(rng_() % 3);
      services_.push_back(std::move(s));
    }
    for (int i = 0; i + 1 < services; ++i)  // and a few more callees, still acyclic
      if (rng_() % 2 == 0) services_[static_cast<std::size_t>(i)].calls.push_back(i + 1 + static_cast<int>(rng_() % static_cast<std::uint64_t>(services - i - 1)));
  }

  /// Appends one trace of at most `budget` spans; returns the number written.
  int trace(std::string& out, int budget, bool first) {
    trace_id_ = hex(rng_(), 16);
    start_ = 1700000000000000 + static_cast<std::int64_t>(rng_() % 86400000000ull);
    used_.clear();
    written_ = 0;
    budget_ = budget;
    out += first ? "{\"traceID\":\"" : ",{\"traceID\":\"";
    out += trace_id_;
    out += "\",\"spans\":[";
    const int root = static_cast<int>(rng_() % std::min<std::size_t>(4, services_.size()));
    server_span(out, root, "", 0, start_, 20000 + static_cast<std::int64_t>(rng_() % 80000));
    out += "],\"processes\":{";
    for (std::size_t k = 0; k < used_.size(); ++k) {
      const Service& s = services_[used_[k]];
      fmt::format_to(std::back_inserter(out),
                     "{}\"p{}\":{{\"serviceName\":\"{}\",\"tags\":[{{\"key\":\"hostname\",\"type\":\"string\","
                     "\"value\":\"{}-7d9f\"}}]}}",
                     k ? "," : "", k + 1, s.name, s.name);
    }
    out += "},\"warnings\":null}";
    return written_;
  }

 private:
  std::string hex(std::uint64_t v, int digits) {
    static const char* d = "0123456789abcdef";
    std::string s(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = d[v & 15];
    return s;
  }

  std::size_t process_of(int service) {
    for (std::size_t k = 0; k < used_.size(); ++k)
      if (used_[k] == service) return k + 1;
    used_.push_back(service);
    return used_.size();
  }

  /// Writes one span; `kind` "server", "client", "producer", "consumer".
  std::string span(std::string& out, int service, const std::string& parent, bool follows, const std::string& op,
                   const char* kind, std::int64_t start, std::int64_t duration, const std::string& extra_tags,
                   bool log) {
    std::string id = hex(rng_(), 16);
    auto to = std::back_inserter(out);
    fmt::format_to(to, "{}{{\"traceID\":\"{}\",\"spanID\":\"{}\",\"operationName\":\"{}\",", written_ ? "," : "",
                   trace_id_, id, op);
    if (parent.empty()) {
      out += "\"references\":[],";
    } else {
      fmt::format_to(to, "\"references\":[{{\"refType\":\"{}\",\"traceID\":\"{}\",\"spanID\":\"{}\"}}],",
                     follows ? "FOLLOWS_FROM" : "CHILD_OF", trace_id_, parent);
    }
    const bool error = rng_() % 50 == 0;
    fmt::format_to(to,
                   "\"startTime\":{},\"duration\":{},\"tags\":[{{\"key\":\"span.kind\",\"type\":"
                   "\"string\",\"value\":\"{}\"}}{}{}],",
                   start, duration, kind, extra_tags,
                   error ? ",{\"key\":\"error\",\"type\":\"bool\",\"value\":true}" : "");
    if (log) {
      fmt::format_to(to,
                     "\"logs\":[{{\"timestamp\":{},\"fields\":[{{\"key\":\"event\",\"type\":\"string\","
                     "\"value\":\"cache miss\"}}]}}],",
                     start + 5);
    } else {
      out += "\"logs\":[],";
    }
    fmt::format_to(to, "\"processID\":\"p{}\",\"warnings\":null}}", process_of(service));
    ++written_;
    return id;
  }

  void server_span(std::string& out, int service, const std::string& parent, int depth, std::int64_t start,
                   std::int64_t duration) {
    if (written_ >= budget_) return;
    const Service& s = services_[static_cast<std::size_t>(service)];
    const std::string& op = s.operations[rng_() % s.operations.size()];
    const std::string id = span(out, service, parent, false, op, "server", start, duration,
                                ",{\"key\":\"http.method\",\"type\":\"string\",\"value\":\"GET\"}",
                                rng_() % 6 == 0);
    if (depth >= 5) return;
    std::int64_t t = start + 100;
    for (int callee : s.calls) {
      if (written_ + 2 > budget_ || rng_() % 10 < 1) continue;
      const Service& c = services_[static_cast<std::size_t>(callee)];
      const std::int64_t d = std::max<std::int64_t>(duration / 4, 50);
      const bool async = rng_() % 10 == 0;
      const std::string call = span(out, service, id, false, "call " + c.name, async ? "producer" : "client", t, d,
                                    async ? ",{\"key\":\"messaging.system\",\"type\":\"string\",\"value\":\"kafka\"}"
                                          : ",{\"key\":\"peer.service\",\"type\":\"string\",\"value\":\"" + c.name + "\"}",
                                    false);
      server_span(out, callee, call, depth + 1, t + 20, d - 40);
      t += d + 10;
    }
    if (s.database >= 0 && written_ < budget_) {
      const char* tech = kStores[s.database][0];
      span(out, service, id, false, std::string(tech) + " query", "client", t, 300,
           std::string(",{\"key\":\"db.system\",\"type\":\"string\",\"value\":\"") + tech +
               "\"},{\"key\":\"peer.service\",\"type\":\"string\",\"value\":\"" + s.name + "-" + kStores[s.database][1] + "\"}",
           false);
    }
  }

  std::mt19937_64 rng_;
  std::vector<Service> services_;
  std::string trace_id_;
  std::int64_t start_ = 0;
  std::vector<int> used_;
  int written_ = 0, budget_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: nanoscope-gen-jaeger SPANS SERVICES OUTPUT [SEED]\n");
    return 2;
  }
  const long long spans = std::atoll(argv[1]);
  const int services = std::atoi(argv[2]);
  const std::uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 42;
  if (spans <= 0 || services <= 0) {
    std::fprintf(stderr, "nanoscope-gen-jaeger: SPANS and SERVICES must be positive\n");
    return 2;
  }
  std::FILE* f = std::fopen(argv[3], "wb");
  if (!f) {
    std::perror(argv[3]);
    return 1;
  }
  Generator gen(seed, services);
  std::string out = "{\"data\":[";
  long long written = 0, traces = 0;
  while (written < spans) {
    const int budget = static_cast<int>(std::min<long long>(spans - written, 20 + static_cast<long long>(traces % 60)));
    written += gen.trace(out, budget, traces == 0);
    ++traces;
    if (out.size() > (1u << 20)) {
      std::fwrite(out.data(), 1, out.size(), f);
      out.clear();
    }
  }
  out += "],\"total\":" + std::to_string(traces) + ",\"limit\":0,\"offset\":0,\"errors\":null}\n";
  std::fwrite(out.data(), 1, out.size(), f);
  if (std::fclose(f) != 0) {
    std::perror(argv[3]);
    return 1;
  }
  std::fprintf(stderr, "wrote %lld spans in %lld traces to %s\n", written, traces, argv[3]);
  return 0;
}
