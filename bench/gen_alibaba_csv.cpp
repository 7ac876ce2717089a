// Generates a deterministic Alibaba cluster-trace v2021 MS_CallGraph_Table CSV for the
// call-graph import benchmark: hashed 64-hex service and interface names, hierarchical rpcids,
// rpc/http/mq calls logged on both sides (+rt, -rt), db/mc calls once, interleaved traces.
// Usage: nanoscope-gen-alibaba OUTPUT [MEGABYTES=200] [SEED=42]
#include <fmt/format.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// splitmix64: small, fast and the same on every platform (unlike <random> distributions).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

std::string hex_name(Rng& rng, int chars) {
  static const char kHex[] = "0123456789abcdef";
  std::string s;
  while (static_cast<int>(s.size()) < chars) {
    std::uint64_t v = rng.next();
    for (int i = 0; i < 16 && static_cast<int>(s.size()) < chars; ++i, v >>= 4) s.push_back(kHex[v & 15]);
  }
  return s;
}

enum class Type { Rpc, Http, Mq, Db, Mc };
const char* const kTypeNames[] = {"rpc", "http", "mq", "db", "mc"};

struct Call {
  Type type = Type::Rpc;
  int service = 0;    // callee: a service index, or a store index for db/mc
  int interface = 0;  // callee interface index
};

struct Service {
  std::string name;
  std::vector<std::string> interfaces;
  std::vector<std::vector<Call>> calls;  // per interface: the calls it makes, in order
};

struct Topology {
  std::vector<Service> services;
  std::vector<std::string> databases, caches;
  std::vector<std::string> store_ops;

  Topology(Rng& rng, int count) {
    for (int i = 0; i < 64; ++i) databases.push_back(hex_name(rng, 64));
    for (int i = 0; i < 64; ++i) caches.push_back(hex_name(rng, 64));
    for (int i = 0; i < 16; ++i) store_ops.push_back(hex_name(rng, 64));
    services.resize(static_cast<std::size_t>(count));
    for (auto& s : services) {
      s.name = hex_name(rng, 64);
      const int ops = 1 + static_cast<int>(rng.below(6));
      for (int k = 0; k < ops; ++k) s.interfaces.push_back(hex_name(rng, 64));
      s.calls.resize(s.interfaces.size());
    }
    // Calls go to higher-indexed services only, so traces are finite; leaves make none.
    for (int i = 0; i < count; ++i) {
      auto& s = services[static_cast<std::size_t>(i)];
      for (auto& list : s.calls) {
        const int fanout = i + 1 < count ? static_cast<int>(rng.below(5)) : 0;
        for (int c = 0; c < fanout; ++c) {
          Call call;
          const std::uint32_t roll = rng.below(100);
          call.type = roll < 70 ? Type::Rpc : roll < 75 ? Type::Http : roll < 80 ? Type::Mq : roll < 90 ? Type::Db : Type::Mc;
          if (call.type == Type::Db || call.type == Type::Mc) {
            call.service = static_cast<int>(rng.below(64));
            call.interface = static_cast<int>(rng.below(16));
          } else {
            const int span = std::min(count - i - 1, 200);
            call.service = i + 1 + static_cast<int>(rng.below(static_cast<std::uint32_t>(span)));
            call.interface = static_cast<int>(
                rng.below(static_cast<std::uint32_t>(services[static_cast<std::size_t>(call.service)].interfaces.size())));
          }
          list.push_back(call);
        }
      }
    }
  }
};

// Expands one trace depth-first into rows (both sides for rpc/http/mq).
class TraceWriter {
 public:
  TraceWriter(const Topology& topo, Rng& rng) : topo_(topo), rng_(rng) {}

  void expand(std::vector<std::string>& rows, const std::string& trace, std::int64_t start_ms, int entry) {
    rows_ = &rows;
    trace_ = &trace;
    start_ms_ = start_ms;
    const auto& s = topo_.services[static_cast<std::size_t>(entry)];
    const int op = static_cast<int>(rng_.below(static_cast<std::uint32_t>(s.interfaces.size())));
    // The entry request: logged by the entry service only (negative rt), the caller is USER.
    emit("0.1", "USER", Type::Http, s.interfaces[static_cast<std::size_t>(op)], s.name, -latency(), 0);
    visit(entry, op, "0.1", 0);
  }

 private:
  int latency() { return 1 + static_cast<int>(rng_.unit() * rng_.unit() * 120); }

  void emit(const std::string& rpcid, const std::string& um, Type type, const std::string& interface,
            const std::string& dm, int rt, int offset) {
    std::string row = fmt::format("{},", start_ms_ + offset);
    row += *trace_;
    row += ',';
    row += rpcid;
    row += ',';
    row += um;
    row += ',';
    row += kTypeNames[static_cast<int>(type)];
    row += ',';
    row += interface;
    row += ',';
    row += dm;
    row += ',';
    row += std::to_string(rt);
    row += '\n';
    rows_->push_back(std::move(row));
  }

  void visit(int service, int op, const std::string& rpcid, int depth) {
    if (depth >= 6 || rows_->size() > 400) return;
    const auto& s = topo_.services[static_cast<std::size_t>(service)];
    int n = 0;
    for (const Call& call : s.calls[static_cast<std::size_t>(op)]) {
      const std::string child = rpcid + "." + std::to_string(++n);
      const int rt = latency();
      const int offset = depth * 3 + n;
      if (call.type == Type::Db || call.type == Type::Mc) {
        const auto& store = call.type == Type::Db ? topo_.databases : topo_.caches;
        emit(child, s.name, call.type, topo_.store_ops[static_cast<std::size_t>(call.interface)],
             store[static_cast<std::size_t>(call.service)], rt, offset);
        continue;
      }
      const auto& callee = topo_.services[static_cast<std::size_t>(call.service)];
      const auto& interface = callee.interfaces[static_cast<std::size_t>(call.interface)];
      emit(child, s.name, call.type, interface, callee.name, rt, offset);
      emit(child, s.name, call.type, interface, callee.name, -(rt > 1 ? rt - 1 : rt), offset + 1);
      visit(call.service, call.interface, child, depth + 1);
    }
  }

  const Topology& topo_;
  Rng& rng_;
  std::vector<std::string>* rows_ = nullptr;
  const std::string* trace_ = nullptr;
  std::int64_t start_ms_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::fprintf(stderr, "usage: nanoscope-gen-alibaba OUTPUT [MEGABYTES=200] [SEED=42]\n");
    return 2;
  }
  const std::uint64_t target = static_cast<std::uint64_t>(argc > 2 ? std::atof(argv[2]) : 200.0) * 1000000ull;
  Rng rng(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 42);
  std::FILE* out = std::fopen(argv[1], "wb");
  if (!out) {
    std::perror(argv[1]);
    return 1;
  }
  std::setvbuf(out, nullptr, _IOFBF, 1 << 20);
  const Topology topo(rng, 3000);
  TraceWriter writer(topo, rng);
  std::uint64_t written = 0, rows_written = 0, traces = 0;
  const char header[] = "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n";
  written += std::fwrite(header, 1, sizeof header - 1, out);

  // Several traces are in flight at once and their rows interleave, as in the published
  // files (ordered by time, not by trace).
  constexpr int kInFlight = 32;
  std::vector<std::vector<std::string>> live(kInFlight);
  std::vector<std::size_t> next(kInFlight, 0);
  std::int64_t clock_ms = 0;
  auto start_trace = [&](int slot) {
    live[static_cast<std::size_t>(slot)].clear();
    next[static_cast<std::size_t>(slot)] = 0;
    const std::string trace = hex_name(rng, 26);
    clock_ms += rng.below(3);
    writer.expand(live[static_cast<std::size_t>(slot)], trace, clock_ms, static_cast<int>(rng.below(100)));
    ++traces;
  };
  for (int i = 0; i < kInFlight; ++i) start_trace(i);
  while (written < target) {
    const int slot = static_cast<int>(rng.below(kInFlight));
    auto& rows = live[static_cast<std::size_t>(slot)];
    auto& at = next[static_cast<std::size_t>(slot)];
    for (int k = 0; k < 4 && at < rows.size(); ++k, ++at) {
      written += std::fwrite(rows[at].data(), 1, rows[at].size(), out);
      ++rows_written;
    }
    if (at == rows.size()) start_trace(slot);
  }
  if (std::fclose(out) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  std::fprintf(stderr, "wrote %s: %" PRIu64 " bytes, %" PRIu64 " rows, %" PRIu64 " traces started\n", argv[1], written,
               rows_written, traces);
  return 0;
}
