// The distributed import against the single-process one, over an in-process cluster of N
// threads (no MPI): identical graph JSON, summaries and diagnostics for N = 1..4, on the corpus
// and on generated Alibaba call tables split into several files; a bad file fails every rank.
#include <doctest/doctest.h>

#include <condition_variable>
#include <map>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "importers/distributed_import.hpp"
#include "importers/graph_writers.hpp"
#include "importers/compression_support.hpp"
#include "importers/partial_codec.hpp"
#include "support/test_support.hpp"

namespace {
using namespace nanoscope;
using importers::ImportExchange;

/// N ranks as threads: every collective is a round that completes when all ranks joined it;
/// a failure posted in a round makes that round and every later one throw on every rank.
class FakeCluster {
 public:
  explicit FakeCluster(std::size_t ranks) : ranks_(ranks) {}
  [[nodiscard]] std::size_t ranks() const { return ranks_; }

  /// Joins round `round` with `payload` (or a failure) and returns every rank's payload.
  std::vector<std::string> round(std::size_t round, std::size_t rank, std::string payload, bool failed) {
    std::unique_lock lock(mutex_);
    Round& r = rounds_[round];  // a map: other rounds come and go without moving this one
    if (r.payloads.empty()) r.payloads.resize(ranks_);
    r.payloads[rank] = std::move(payload);
    if (failed && (!r.failed_rank || *r.failed_rank > rank)) r.failed_rank = rank;
    if (++r.arrived == ranks_) changed_.notify_all();
    changed_.wait(lock, [&] { return r.arrived == ranks_; });
    if (r.failed_rank) throw std::runtime_error(r.payloads[*r.failed_rank]);
    return r.payloads;
  }

 private:
  struct Round {
    std::vector<std::string> payloads;
    std::size_t arrived = 0;
    std::optional<std::size_t> failed_rank;
  };
  std::size_t ranks_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::size_t, Round> rounds_;
};

class FakeExchange final : public ImportExchange {
 public:
  FakeExchange(FakeCluster& cluster, std::size_t rank) : cluster_(cluster), rank_(rank) {}
  [[nodiscard]] std::size_t rank() const override { return rank_; }
  [[nodiscard]] std::size_t ranks() const override { return cluster_.ranks(); }
  [[nodiscard]] std::string broadcast(std::string bytes) override {
    return cluster_.round(next_++, rank_, std::move(bytes), false).front();
  }
  [[nodiscard]] std::vector<std::string> gather(const std::string& mine) override {
    auto all = cluster_.round(next_++, rank_, mine, false);
    return rank_ == 0 ? all : std::vector<std::string>{};
  }
  [[nodiscard]] std::vector<std::string> all_to_all(std::vector<std::string> to_each) override {
    const auto all = cluster_.round(next_++, rank_, importers::encode_list(to_each), false);
    std::vector<std::string> mine;
    for (const auto& list : all) mine.push_back(importers::decode_list(list).at(rank_));
    return mine;
  }
  [[noreturn]] void fail(const std::string& message) override {
    (void)cluster_.round(next_++, rank_, message, true);
    throw std::logic_error("unreachable: a failed round throws");
  }

 private:
  FakeCluster& cluster_;
  std::size_t rank_;
  std::size_t next_ = 0;
};

struct Outcome {
  std::optional<importers::ImportResult> result;  // rank 0's
  std::vector<std::string> errors;                // per rank, "" when it returned
};

Outcome run_cluster(const std::vector<std::string>& inputs, std::size_t ranks) {
  FakeCluster cluster(ranks);
  Outcome out;
  out.errors.resize(ranks);
  std::vector<std::optional<importers::ImportResult>> results(ranks);
  std::vector<std::thread> threads;
  for (std::size_t r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      FakeExchange exchange(cluster, r);
      try {
        results[r] = importers::import_distributed(inputs, {}, exchange);
      } catch (const std::exception& e) {
        out.errors[r] = e.what();
        if (out.errors[r].empty()) out.errors[r] = "(empty message)";
      }
    });
  for (auto& t : threads) t.join();
  for (std::size_t r = 1; r < ranks; ++r) CHECK_FALSE(results[r].has_value());
  out.result = std::move(results[0]);
  return out;
}

std::string graph_json(const importers::ImportResult& result) {
  std::ostringstream out;
  (void)importers::write_graph_json(out, result.graph, &result.diagnostics);
  return out.str();
}

std::string files_text(const importers::ImportResult& result) {
  std::string text;
  for (const auto& f : result.files)
    text += f.path + " " + f.format + " " + std::to_string(f.records) + " " + std::to_string(f.bytes) + "\n";
  return text;
}

void check_same_for_any_ranks(const std::vector<std::string>& inputs) {
  const importers::ImportResult single = importers::import_inputs(inputs);
  const std::string expected = graph_json(single);
  for (std::size_t ranks = 1; ranks <= 4; ++ranks) {
    CAPTURE(ranks);
    Outcome outcome = run_cluster(inputs, ranks);
    for (const auto& e : outcome.errors) CHECK(e.empty());
    REQUIRE(outcome.result.has_value());
    CHECK(graph_json(*outcome.result) == expected);
    CHECK(files_text(*outcome.result) == files_text(single));
    CHECK(outcome.result->spans == single.spans);
  }
}

// Alibaba v2021 rows of `traces` interleaved traces (ten rpcs each, both sides for rpc calls,
// some db calls), split into `files` files of about equal line counts: traces straddle them.
std::vector<std::string> write_split_alibaba(const std::filesystem::path& dir, int traces, int files) {
  std::vector<std::string> rows;
  for (int t = 0; t < traces; ++t) {
    const std::string trace = "T" + std::to_string(t * 7919 % 100003);
    const int base = 1'700'000'000 + t * 3;
    auto row = [&](int at, const std::string& rpc, const std::string& um, const char* type, const std::string& iface,
                   const std::string& dm, int rt) {
      rows.push_back(std::to_string(base + at) + "," + trace + "," + rpc + "," + um + "," + type + "," + iface + "," +
                     dm + "," + std::to_string(rt));
    };
    const std::string entry = "s" + std::to_string(t % 5);
    row(0, "0.1", "USER", "http", "i" + std::to_string(t % 3), entry, -(20 + t % 17));
    std::string caller = entry;
    for (int k = 1; k <= 4; ++k) {
      const std::string callee = "s" + std::to_string((t + k * 3) % 11);
      const std::string rpc = "0.1." + std::to_string(k);
      const int rt = 1 + (t * k) % 13;
      row(k, rpc, caller, "rpc", "i" + std::to_string(k % 3), callee, rt);
      row(k + 1, rpc, caller, "rpc", "i" + std::to_string(k % 3), callee, -std::max(rt - 1, 1));
      if ((t + k) % 4 == 0) row(k + 2, rpc + ".1", callee, k % 2 ? "db" : "mc", "q", "store" + std::to_string(k % 2), 2);
    }
  }
  // Interleave: round-robin over windows of 8 traces, as the published files are time-ordered.
  std::vector<std::string> interleaved;
  const std::size_t per_trace = rows.size() / static_cast<std::size_t>(traces);
  for (std::size_t w = 0; w < rows.size(); w += per_trace * 8)
    for (std::size_t k = 0; k < per_trace; ++k)
      for (std::size_t t = w + k; t < std::min(rows.size(), w + per_trace * 8); t += per_trace)
        interleaved.push_back(rows[t]);
  std::vector<std::string> paths;
  const std::size_t per_file = (interleaved.size() + static_cast<std::size_t>(files) - 1) / static_cast<std::size_t>(files);
  for (int f = 0; f < files; ++f) {
    const auto path = dir / ("part-" + std::to_string(f) + ".csv");
    std::ofstream out(path);
    out << "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n";
    for (std::size_t i = static_cast<std::size_t>(f) * per_file;
         i < std::min(interleaved.size(), static_cast<std::size_t>(f + 1) * per_file); ++i)
      out << interleaved[i] << "\n";
    paths.push_back(path.string());
  }
  return paths;
}

}  // namespace

TEST_CASE("distributed import: the corpus gives the single-process graph on 1 to 4 ranks") {
  check_same_for_any_ranks({test::corpus_path("csv-deathstarbench-social-callgraph.csv")});
  // Every format at once: the call table is dealt, everything else is imported by rank 0.
  check_same_for_any_ranks({NANOSCOPE_CORPUS_DIR});
}

TEST_CASE("distributed import: call tables split into files give the same graph on 1 to 4 ranks") {
  const auto dir = test::fresh_temp_dir("distributed-alibaba");
  (void)write_split_alibaba(dir, 400, 7);
  check_same_for_any_ranks({dir.string()});
  // The corpus call table split by line counts (each part keeps the header).
  const auto dsb = test::fresh_temp_dir("distributed-dsb");
  std::ifstream in(test::corpus_path("csv-deathstarbench-social-callgraph.csv"));
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  for (int part = 0; part < 3; ++part) {
    std::ofstream out(dsb / ("dsb-" + std::to_string(part) + ".csv"));
    out << header << "\n";
    for (std::size_t i = lines.size() * static_cast<std::size_t>(part) / 3;
         i < lines.size() * static_cast<std::size_t>(part + 1) / 3; ++i)
      out << lines[i] << "\n";
  }
  check_same_for_any_ranks({dsb.string()});
}

TEST_CASE("distributed import: a bad file on one rank fails every rank, naming the file") {
  const auto dir = test::fresh_temp_dir("distributed-bad");
  const auto paths = write_split_alibaba(dir, 100, 4);
  {
    std::ofstream out(paths[2], std::ios::app);
    out << "1700000000,Tbad,0.1,USER,http,i0,s1,not-a-number\n";
  }
  for (std::size_t ranks = 1; ranks <= 4; ++ranks) {
    CAPTURE(ranks);
    Outcome outcome = run_cluster({dir.string()}, ranks);
    CHECK_FALSE(outcome.result.has_value());
    for (const auto& e : outcome.errors) CHECK(e.find("part-2.csv") != std::string::npos);
  }
  // A missing input fails while rank 0 plans: the others learn it from the broadcast.
  Outcome missing = run_cluster({(dir / "nope").string()}, 3);
  for (const auto& e : missing.errors) CHECK(e.find("no such file") != std::string::npos);
}

TEST_CASE("distributed import: call tables are dealt in contiguous blocks balanced by bytes") {
  importers::ImportPlan plan;
  auto unit = [](std::string name, std::optional<importers::Format> format, std::uint64_t bytes) {
    return importers::ImportUnit{std::move(name), format, bytes};
  };
  const auto csv = importers::Format::CallGraphCsv;
  plan.units = {unit("a", csv, 100), unit("b", csv, 100), unit("c", csv, 100), unit("d", csv, 100)};
  using Block = importers::UnitBlock;
  CHECK(importers::deal_call_tables(plan, 1) == std::vector<Block>{{0, 4, 0}});
  CHECK(importers::deal_call_tables(plan, 2) == std::vector<Block>{{0, 2, 0}, {2, 4, 1}});
  CHECK(importers::deal_call_tables(plan, 4) == std::vector<Block>{{0, 1, 0}, {1, 2, 1}, {2, 3, 2}, {3, 4, 3}});
  // More ranks than files: some ranks get nothing; one big file outweighs three small ones.
  CHECK(importers::deal_call_tables(plan, 8).size() == 4);
  plan.units[0].bytes = 600;
  CHECK(importers::deal_call_tables(plan, 2) == std::vector<Block>{{0, 1, 0}, {1, 4, 1}});
  // A unit of another format between call tables cuts a block (rank 0 imports it in its place).
  plan.units[0].bytes = 100;
  plan.units.insert(plan.units.begin() + 1, unit("x.json", importers::Format::JaegerJson, 1000));
  CHECK(importers::deal_call_tables(plan, 1) == std::vector<Block>{{0, 1, 0}, {2, 5, 0}});
  // Archives are dealt too, in blocks of their own: never with call tables in one block.
  plan.units[1] = unit("m.tar.gz", std::nullopt, 100);
  plan.units[1].archive = true;
  plan.units.push_back(plan.units[1]);
  CHECK(importers::deal_call_tables(plan, 1) == std::vector<Block>{{0, 1, 0}, {1, 2, 0}, {2, 5, 0}, {5, 6, 0}});
}

TEST_CASE("distributed import: a graph travels between ranks bit for bit") {
  const auto result = importers::import_inputs({NANOSCOPE_CORPUS_DIR});
  const std::string bytes = importers::encode_graph(result.graph);
  importers::ImportResult copy;
  copy.graph = importers::decode_graph(bytes);
  copy.diagnostics = result.diagnostics;
  CHECK(graph_json(copy) == graph_json(result));
  CHECK(importers::encode_graph(copy.graph) == bytes);
  CHECK_THROWS(importers::decode_graph(bytes.substr(0, bytes.size() / 2)));
}

namespace {
// Edge and operation statistics by names (no ids, inputs or diagnostics): what joining must
// keep equal between one file and the same rows split into several.
std::string statistics(const model::CallGraph& g) {
  std::ostringstream out;
  out << "traces " << g.trace_count << "\n";
  for (const auto& e : g.edges()) {
    const auto& from = g.operation(e.from);
    const auto& to = g.operation(e.to);
    out << g.service(from.service).name << "/" << from.name << " -> " << g.service(to.service).name << "/" << to.name
        << " calls " << e.calls << " traces " << e.traces << " latency " << e.latency.count() << " "
        << std::to_string(e.latency.sum_us()) << "\n";
  }
  for (const auto& op : g.operations())
    out << g.service(op.service).name << "/" << op.name << " entries " << op.entry_count << " self "
        << op.self_time.count() << " " << std::to_string(op.self_time.sum_us()) << " duration " << op.duration.count() << "\n";
  return out.str();
}
}  // namespace

TEST_CASE("distributed import: traces that straddle files are joined, as in the unsplit file") {
  const auto whole = test::fresh_temp_dir("join-whole");
  const auto split = test::fresh_temp_dir("join-split");
  (void)write_split_alibaba(whole, 300, 1);
  (void)write_split_alibaba(split, 300, 5);
  const auto one = importers::import_inputs({whole.string()});
  const auto many = importers::import_inputs({split.string()});
  CHECK(many.diagnostics.count("traces-joined-across-files") > 0);
  CHECK(one.graph.trace_count == 300);
  CHECK(statistics(many.graph) == statistics(one.graph));
  // Each file alone cuts the straddling traces in two: more traces than there are.
  std::uint64_t alone = 0;
  for (const auto& entry : std::filesystem::directory_iterator(split))
    alone += importers::import_inputs({entry.path().string()}).graph.trace_count;
  CHECK(alone > 300);
}

TEST_CASE("distributed import: archives of call tables are dealt to ranks; others go back to rank 0") {
  // Alibaba v2022's layout: a folder of tar.gz archives, each holding call tables.
  const auto parts = test::fresh_temp_dir("distributed-archive-parts");
  const auto files = write_split_alibaba(parts, 300, 6);
  const auto dir = test::fresh_temp_dir("distributed-archives");
  for (std::size_t a = 0; a < 3; ++a) {
    std::vector<test::TarEntry> members;
    for (std::size_t m = 0; m < 2; ++m) {
      const auto& path = files[a * 2 + m];
      members.push_back({"MSCallGraph/" + std::filesystem::path(path).filename().string(), test::read_text(path)});
    }
    if (a == 1) members.push_back({"MSCallGraph/notes", "", test::TarEntry::Kind::Directory});
    test::write_bytes(dir / ("MSCallGraph_" + std::to_string(a) + ".tar.gz"), test::gzip_bytes(test::tar_bytes(members)));
  }
  check_same_for_any_ranks({dir.string()});
  // An archive holding a trace file: its block goes back to rank 0, which assembles traces.
  test::write_bytes(dir / "MSCallGraph_1b.tar",
                    test::tar_bytes({{"spans.json", test::read_text(test::corpus_path("jaeger-deathstarbench-social-20traces.json"))},
                                     {"more.csv", test::read_text(files[0])}}));
  check_same_for_any_ranks({dir.string()});
  const auto result = importers::import_inputs({dir.string()});
  CHECK(result.graph.inputs.size() == 8);  // every member that adds to the graph is an input
}
