// Generates a deterministic Alibaba cluster-trace v2021 MS_CallGraph_Table CSV for the
// call-graph import benchmark: hashed 64-hex service and interface names, hierarchical rpcids,
// rpc/http/mq calls logged on both sides (+rt, -rt), db/mc calls once, interleaved traces.
// With --v2022 it writes the v2022 layout instead: a folder of MSCallGraph_<i>.tar.gz, each
// holding one MSCallGraph_<i>.csv in the v2022 schema (leading unnamed index column, service,
// instance ids), the rows split evenly by size (traces may straddle two archives).
// Usage: nanoscope-gen-alibaba OUTPUT [MEGABYTES=200] [SEED=42]
//        nanoscope-gen-alibaba --v2022 DIR --archives N [MEGABYTES=200] [SEED=42]
#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
  TraceWriter(const Topology& topo, Rng& rng, bool v2022) : topo_(topo), rng_(rng), v2022_(v2022) {}

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
    if (v2022_) {  // service (the entry's), then the instance ids around um and dm
      row += "S_";
      row += trace_->substr(0, 4);
      row += ',';
    }
    row += rpcid;
    row += ',';
    row += um;
    row += ',';
    if (v2022_) {
      row += um.substr(0, 8);
      row += "_POD_0,";
    }
    row += kTypeNames[static_cast<int>(type)];
    row += ',';
    row += interface;
    row += ',';
    row += dm;
    row += ',';
    if (v2022_) {
      row += dm.substr(0, 8);
      row += "_POD_1,";
    }
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
  bool v2022_ = false;
};

// Where rows go: one CSV file, or (v2022) a series of tar.gz archives of one CSV each.
class RowSink {
 public:
  static constexpr char kHeader2021[] = "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n";
  static constexpr char kHeader2022[] = ",timestamp,traceid,service,rpc_id,um,uminstanceid,rpctype,interface,dm,dminstanceid,rt\n";

  explicit RowSink(std::FILE* out) : out_(out) { written_ += std::fwrite(kHeader2021, 1, sizeof kHeader2021 - 1, out_); }
  RowSink(std::string dir, int archives, std::uint64_t target)
      : dir_(std::move(dir)), archives_(archives), per_archive_(target / static_cast<std::uint64_t>(archives)) {
    start_archive();
  }

  void add(const std::string& row) {
    ++rows_;
    if (out_) {
      written_ += std::fwrite(row.data(), 1, row.size(), out_);
      return;
    }
    if (buffer_.size() >= per_archive_ && index_ + 1 < archives_) {
      flush_archive();
      ++index_;
      start_archive();
    }
    buffer_ += std::to_string(row_in_file_++);
    buffer_ += ',';
    buffer_ += row;
  }
  // Writes what is pending; false (with a message) if it cannot.
  bool finish() {
    if (!out_) flush_archive();
    return ok_;
  }
  [[nodiscard]] std::uint64_t written() const { return out_ ? written_ : written_ + buffer_.size(); }
  [[nodiscard]] std::uint64_t rows() const { return rows_; }

 private:
  void start_archive() {
    buffer_.assign(kHeader2022, sizeof kHeader2022 - 1);
    row_in_file_ = 0;
  }
  void flush_archive() {
    const std::string name = fmt::format("MSCallGraph_{}", index_);
    const std::string path = dir_ + "/" + name + ".tar.gz";
    archive* a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    if (archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), archive_error_string(a));
      ok_ = false;
    } else {
      archive_entry* entry = archive_entry_new();
      archive_entry_set_pathname(entry, (name + ".csv").c_str());
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_perm(entry, 0644);
      archive_entry_set_mtime(entry, 1650000000 + index_ * 180, 0);
      archive_entry_set_size(entry, static_cast<la_int64_t>(buffer_.size()));
      archive_write_header(a, entry);
      if (archive_write_data(a, buffer_.data(), buffer_.size()) < 0 || archive_write_close(a) != ARCHIVE_OK) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), archive_error_string(a));
        ok_ = false;
      }
      archive_entry_free(entry);
    }
    archive_write_free(a);
    written_ += buffer_.size();
    buffer_.clear();
  }

  std::FILE* out_ = nullptr;
  std::string dir_;
  int archives_ = 1, index_ = 0;
  std::uint64_t per_archive_ = 0, written_ = 0, rows_ = 0, row_in_file_ = 0;
  std::string buffer_;
  bool ok_ = true;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string v2022_dir;
  int archives = 1;
  if (!args.empty() && args[0] == "--v2022") {
    if (args.size() < 4 || args[2] != "--archives" || std::atoi(args[3].c_str()) < 1) {
      std::fprintf(stderr, "usage: nanoscope-gen-alibaba --v2022 DIR --archives N [MEGABYTES=200] [SEED=42]\n");
      return 2;
    }
    v2022_dir = args[1];
    archives = std::atoi(args[3].c_str());
    args.erase(args.begin(), args.begin() + 4);
    args.insert(args.begin(), v2022_dir);
  }
  if (args.empty() || args[0] == "--help") {
    std::fprintf(stderr,
                 "usage: nanoscope-gen-alibaba OUTPUT [MEGABYTES=200] [SEED=42]\n"
                 "       nanoscope-gen-alibaba --v2022 DIR --archives N [MEGABYTES=200] [SEED=42]\n");
    return 2;
  }
  const std::uint64_t target = static_cast<std::uint64_t>(args.size() > 1 ? std::atof(args[1].c_str()) : 200.0) * 1000000ull;
  Rng rng(args.size() > 2 ? std::strtoull(args[2].c_str(), nullptr, 10) : 42);
  std::FILE* out = nullptr;
  if (!v2022_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(v2022_dir, ec);
  } else {
    out = std::fopen(args[0].c_str(), "wb");
    if (!out) {
      std::perror(args[0].c_str());
      return 1;
    }
    std::setvbuf(out, nullptr, _IOFBF, 1 << 20);
  }
  RowSink sink = out ? RowSink(out) : RowSink(v2022_dir, archives, target);
  const Topology topo(rng, 3000);
  TraceWriter writer(topo, rng, !v2022_dir.empty());
  std::uint64_t traces = 0;

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
  while (sink.written() < target) {
    const int slot = static_cast<int>(rng.below(kInFlight));
    auto& rows = live[static_cast<std::size_t>(slot)];
    auto& at = next[static_cast<std::size_t>(slot)];
    for (int k = 0; k < 4 && at < rows.size(); ++k, ++at) sink.add(rows[at]);
    if (at == rows.size()) start_trace(slot);
  }
  const bool ok = sink.finish();
  if (out && std::fclose(out) != 0) {
    std::perror(args[0].c_str());
    return 1;
  }
  if (!ok) return 1;
  std::fprintf(stderr, "wrote %s: %" PRIu64 " bytes, %" PRIu64 " rows, %" PRIu64 " traces started\n", args[0].c_str(),
               sink.written(), sink.rows(), traces);
  return 0;
}
