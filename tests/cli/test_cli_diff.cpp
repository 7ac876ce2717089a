// `nanoscope diff` through the binary: two halves of a corpus trace set compared as two files
// and as one file split with --window-split give the same diff; a file against itself changes
// nothing; the bill is priced per era; a call table cannot be split; usage mistakes exit 2.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using nanoscope::test::read_text;
using nanoscope::test::run_cli;

namespace {

const char* kTraces = "jaeger-deathstarbench-social-20traces.json";

// A trace's start: the earliest startTime of its spans (microseconds).
std::int64_t trace_start(const nlohmann::json& trace) {
  std::int64_t start = std::numeric_limits<std::int64_t>::max();
  for (const auto& s : trace["spans"]) start = std::min(start, s["startTime"].get<std::int64_t>());
  return start;
}

// Writes the traces starting before `split` and the others as two Jaeger files; returns the
// split time: the start of the 11th of the 20 traces.
std::int64_t write_halves(const fs::path& dir) {
  const auto whole = nlohmann::json::parse(read_text(nanoscope::test::corpus_path(kTraces)));
  std::vector<std::int64_t> starts;
  for (const auto& t : whole["data"]) starts.push_back(trace_start(t));
  std::sort(starts.begin(), starts.end());
  REQUIRE(starts.size() == 20);
  const std::int64_t split = starts[10];
  REQUIRE(starts[9] < split);
  nlohmann::json early = {{"data", nlohmann::json::array()}}, late = early;
  for (const auto& t : whole["data"]) (trace_start(t) < split ? early : late)["data"].push_back(t);
  std::ofstream(dir / "early.json") << early.dump();
  std::ofstream(dir / "late.json") << late.dump();
  return split;
}

// The diff without the sides' labels (which name the inputs or the split).
nlohmann::json unlabelled(const std::string& path) {
  auto j = nlohmann::json::parse(read_text(path));
  j["before"].erase("label");
  j["after"].erase("label");
  return j;
}

}  // namespace

TEST_CASE("cli diff: two halves of a corpus trace set as two files and by --window-split agree") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-diff-halves");
  const std::int64_t split = write_halves(dir);
  const std::string files = (dir / "files.json").string(), window = (dir / "window.json").string();
  auto r = run_cli("diff -q --no-bill " + (dir / "early.json").string() + " -- " + (dir / "late.json").string() +
                   " -o " + files);
  REQUIRE_MESSAGE(r.code == 0, r.out);
  r = run_cli("diff -q --no-bill " + nanoscope::test::corpus_path(kTraces) + " --window-split " +
              std::to_string(split) + " -o " + window);
  REQUIRE_MESSAGE(r.code == 0, r.out);
  const auto a = unlabelled(files), b = unlabelled(window);
  CHECK(a == b);
  CHECK(b["before"]["traces"].get<int>() == 10);
  CHECK(b["after"]["traces"].get<int>() == 10);
  CHECK(b["before"]["window_end_us"].get<std::int64_t>() <= b["after"]["window_end_us"].get<std::int64_t>());
  CHECK(b["exposure"] == "requests");
  // Ten traces against ten of one system: the same services on both sides.
  CHECK(b["services"]["added"].empty());
  CHECK(b["services"]["removed"].empty());
  fs::remove_all(dir);
}

TEST_CASE("cli diff: a file against itself changes nothing, in every format, with the bill of each era") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-diff-same");
  const auto in = nanoscope::test::corpus_path(kTraces);
  const auto r = run_cli("diff -q --samples 20 --threads 1 " + in + " -- " + in + " -o " + (dir / "d.json").string() +
                         " -o " + (dir / "d.html").string() + " -o " + (dir / "d.md").string() + " -o -");
  REQUIRE_MESSAGE(r.code == 0, r.out);
  CHECK(r.out.find("headline: no change beyond the noise of the counts") != std::string::npos);
  const auto j = nlohmann::json::parse(read_text((dir / "d.json").string()));
  CHECK(j["edges"]["changed"].empty());
  CHECK(j["edges"]["compared"].get<int>() > 5);
  CHECK(j["findings"]["appeared"].empty());
  REQUIRE(j["bills"].size() == 3);  // the bundled eras
  for (const auto& b : j["bills"]) {
    CHECK(b["before"]["overhead"] == b["after"]["overhead"]);
    CHECK(b["change"]["overhead"]["p50"].get<double>() == 0.0);
  }
  const auto html = read_text((dir / "d.html").string());
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(read_text((dir / "d.md").string()).find("# nanoscope diff") == 0);
  fs::remove_all(dir);
}

TEST_CASE("cli diff: mistakes are one line and write nothing") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-diff-errors");
  const auto traces = nanoscope::test::corpus_path(kTraces);
  const auto out = (dir / "d.json").string();
  // One side only.
  auto r = run_cli("diff " + traces + " -o " + out);
  CHECK(r.code == 2);
  CHECK(r.out.find("two sides") != std::string::npos);
  // A split of a call table: its calls carry no trace start times.
  r = run_cli("diff --no-bill " + nanoscope::test::corpus_path("csv-deathstarbench-social-callgraph.csv") +
              " --window-split 2023-09-29T00:00:00Z -o " + out);
  CHECK(r.code == 1);
  CHECK(r.out.find("csv-deathstarbench-social-callgraph.csv") != std::string::npos);
  CHECK(r.out.find("holds calls instead of span traces; --window-split splits span traces only") != std::string::npos);
  // A time that is not one.
  r = run_cli("diff " + traces + " --window-split yesterday -o " + out);
  CHECK(r.code == 2);
  CHECK_FALSE(fs::exists(out));
  fs::remove_all(dir);
}
