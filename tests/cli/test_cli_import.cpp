// `nanoscope import` end to end: summaries, outputs, one-line errors, no half-written files.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {
using Run = nanoscope::test::CliRun;
Run run(const std::string& args, bool with_stderr = true) { return nanoscope::test::run_cli(args, with_stderr); }

fs::path temp_dir() {
  auto dir = fs::temp_directory_path() / ("nanoscope-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
}  // namespace

TEST_CASE("cli import: summary of a corpus file") {
  auto r = run("import " + nanoscope::test::corpus_path("jaeger-deathstarbench-social-20traces.json"));
  CHECK(r.code == 0);
  CHECK(r.out.find("services: 12") != std::string::npos);
  CHECK(r.out.find("nginx-web-server -> compose-post-service") != std::string::npos);
}

TEST_CASE("cli import: writes json, dot, graphml and csv chosen by extension or --format") {
  auto dir = temp_dir();
  const auto in = nanoscope::test::corpus_path("zipkin-skew.json");
  for (const char* ext : {"json", "dot", "graphml", "csv"}) {
    auto out = dir / (std::string("g.") + ext);
    CAPTURE(ext);
    CHECK(run("import -q " + in + " -o " + out.string()).code == 0);
    CHECK(fs::file_size(out) > 0);
  }
  CHECK(nanoscope::test::read_text((dir / "g.dot").string()).starts_with("digraph"));
  CHECK(run("import -q " + in + " --format csv -o " + (dir / "x.out").string()).code == 0);
  CHECK(nanoscope::test::read_text((dir / "x.out").string()).starts_with("from,to,"));
  fs::remove_all(dir);
}

TEST_CASE("cli import: gexf and kiali outputs, --level for the formats that draw levels") {
  auto dir = temp_dir() / "levels";
  fs::create_directories(dir);
  const auto in = nanoscope::test::corpus_path("kiali-graph-workload.json");
  CHECK(run("import -q " + in + " -o " + (dir / "g.gexf").string()).code == 0);
  CHECK(nanoscope::test::read_text((dir / "g.gexf").string()).find("<gexf xmlns=\"http://gexf.net/1.3\"") !=
        std::string::npos);
  const auto kiali = dir / "ops.json";
  CHECK(run("import -q " + in + " --format kiali --level operation -o " + kiali.string()).code == 0);
  CHECK(nanoscope::test::read_text(kiali.string()).find("\"nodeType\": \"aggregate\"") != std::string::npos);
  // The Kiali output reads back as a Kiali graph.
  auto again = run("import " + kiali.string());
  CHECK(again.code == 0);
  CHECK(again.out.find("services: 10") != std::string::npos);
  auto r = run("import -q " + in + " --level operation -o " + (dir / "g.json").string());
  CHECK(r.code == 2);
  CHECK(r.out.find("--level applies to dot, graphml, gexf and kiali outputs") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "g.json"));
  CHECK(run("import -q " + in + " --level services --format dot").code == 2);
  fs::remove_all(dir);
}

TEST_CASE("cli import: malformed input is one line naming file and position, and leaves no output") {
  auto dir = temp_dir();
  auto bad = dir / "broken.json";
  write(bad, "{\"data\": [ {\"traceID\": \"a\", \"spans\": [ {\"spanID\": ");
  auto out = dir / "out.json";
  write(out, "previous content");
  auto r = run("import " + bad.string() + " -o " + out.string());
  CHECK(r.code != 0);
  CHECK(r.out.find("broken.json") != std::string::npos);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  CHECK(nanoscope::test::read_text(out.string()) == "previous content");
  for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().string().find(".tmp") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("cli import: unrecognised, missing and empty inputs") {
  auto dir = temp_dir();
  write(dir / "notes.txt", "hello world\n");
  auto r = run("import " + (dir / "notes.txt").string());
  CHECK(r.code != 0);
  CHECK(r.out.find("notes.txt: unrecognised format") != std::string::npos);
  r = run("import " + (dir / "missing.json").string());
  CHECK(r.code != 0);
  CHECK(r.out.find("missing.json: no such file") != std::string::npos);
  write(dir / "empty.json", "");
  r = run("import " + (dir / "empty.json").string());
  CHECK(r.code == 1);  // an empty result does not pass (tests/cli/test_cli_inputs.cpp)
  CHECK(r.out.find("empty.json: empty file") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("cli import: the bundled social-network example counts the traces of its call-graph table") {
  const auto example = fs::path(NANOSCOPE_GOLDEN_DIR) / ".." / ".." / "scenarios" / "examples" / "social-network";
  auto r = run("import " + example.string());
  CHECK(r.code == 0);
  CHECK(r.out.find("traces: 20 ") != std::string::npos);
}

TEST_CASE("cli import: a Jaeger span starting near INT64_MAX gives no negative window and a diagnostic") {
  // Issue 17: startTime 9223372036854775000 + duration 100000 overflowed a signed add, and the
  // release build printed "observed window: -0.100 s".
  auto dir = temp_dir();
  const auto in = dir / "overflow.json";
  write(in, R"({"data":[{"traceID":"a1","spans":[{"traceID":"a1","spanID":"01","operationName":"GET /",)"
            R"("references":[],"startTime":9223372036854775000,"duration":100000,"processID":"p1"}],)"
            R"("processes":{"p1":{"serviceName":"front"}}}]})");
  auto r = run("import " + in.string());
  CHECK(r.code == 0);
  CHECK(r.out.find("observed window: 0.000 s") != std::string::npos);
  CHECK(r.out.find("observed window: -") == std::string::npos);
  CHECK(r.out.find("warning timestamp-out-of-range x1 (overflow.json)") != std::string::npos);
  CHECK(r.out.find("front") != std::string::npos);  // the span itself is kept
  fs::remove_all(dir);
}
