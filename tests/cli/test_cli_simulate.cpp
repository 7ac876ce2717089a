// `nanoscope simulate` end to end: text and JSON reports with the one-process reference,
// merges that change remote calls, scenario and partition files, one-line errors, atomic -o.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

using Run = nanoscope::test::CliRun;
Run run(const std::string& args, bool with_stderr = true) { return nanoscope::test::run_cli(args, with_stderr); }

fs::path temp_dir() {
  auto dir = fs::temp_directory_path() / ("nanoscope-cli-sim-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

std::string example() { return std::string(NANOSCOPE_GOLDEN_DIR) + "/../../scenarios/examples/social-network"; }

// The first number after "key": in a JSON text (top-level keys come first in the report).
double number_after(const std::string& json, const std::string& key, std::size_t from = 0) {
  const auto at = json.find("\"" + key + "\": ", from);
  REQUIRE(at != std::string::npos);
  return std::strtod(json.c_str() + at + key.size() + 4, nullptr);
}

std::string without_timing(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line))
    if (line.find("events_per_second") == std::string::npos) out += line + "\n";
  return out;
}

}  // namespace

TEST_CASE("cli simulate: JSON report with entries, counters and the one-process reference") {
  const auto r = run("simulate " + example() + " --duration 20 --replications 2 --format json", false);
  REQUIRE(r.code == 0);
  const std::string& j = r.out;
  const auto doc = nlohmann::json::parse(j);
  for (const char* key : {"entries", "remote_calls", "inprocess_calls", "events", "events_per_second", "throughput_per_s",
                          "error_rate", "cpu_seconds", "bytes_on_wire", "services", "one_process", "network_overhead"}) {
    CAPTURE(key);
    CHECK(doc.contains(key));
  }
  REQUIRE(!doc["entries"].empty());
  for (const char* key : {"operation", "requests", "latency_ms", "ci95_ms", "overhead_ms"}) {
    CAPTURE(key);
    CHECK(doc["entries"][0].contains(key));
  }
  for (const char* key : {"mean", "p50", "p95", "p99"}) CHECK(doc["entries"][0]["latency_ms"].contains(key));
  CHECK(doc["cpu_seconds"].contains("business"));
  REQUIRE(!doc["services"].empty());
  CHECK(doc["services"][0].contains("utilisation"));
  CHECK(number_after(j, "remote_calls") > 0.0);
  const auto one = j.find("\"one_process\"");
  CHECK(number_after(j, "remote_calls", one) == 0.0);
  CHECK(number_after(j, "inprocess_calls", one) > 0.0);
  // Every call is remote in one run and in-process in the other.
  CHECK(number_after(j, "remote_calls") + number_after(j, "inprocess_calls") ==
        doctest::Approx(number_after(j, "inprocess_calls", one)));
  CHECK(number_after(j, "events") > 0.0);
}

TEST_CASE("cli simulate: the same seed gives the same report; a merge changes remote calls") {
  const std::string in = nanoscope::test::corpus_path("jaeger-deathstarbench-social-20traces.json");
  const auto a = run("simulate " + in + " --duration 30 --seed 7 --format json", false);
  const auto b = run("simulate " + in + " --duration 30 --seed 7 --format json", false);
  REQUIRE(a.code == 0);
  CHECK(without_timing(a.out) == without_timing(b.out));
  const auto m = run("simulate " + in + " --duration 30 --seed 7 --format json --merge compose-post-service,text-service",
                     false);
  REQUIRE(m.code == 0);
  CHECK(m.out.find("compose-post-service+text-service") != std::string::npos);
  CHECK(number_after(m.out, "remote_calls") < number_after(a.out, "remote_calls"));
  CHECK(number_after(m.out, "inprocess_calls") > number_after(a.out, "inprocess_calls"));
  CHECK(number_after(m.out, "remote_calls") + number_after(m.out, "inprocess_calls") ==
        doctest::Approx(number_after(a.out, "remote_calls") + number_after(a.out, "inprocess_calls")));
}

TEST_CASE("cli simulate: text report, scenario and partition files, atomic output") {
  const auto dir = temp_dir();
  std::ofstream(dir / "s.yaml") << "simulation:\n  run: {duration_s: 10, warmup_s: 1}\n  sidecar: {enabled: true}\n"
                                   "economics:\n  anything: 1\n";
  std::ofstream(dir / "p.yaml") << "services:\n  back: [compose-post-service, text-service, user-service]\n";
  const auto out = dir / "report.txt";
  const auto r = run("simulate -q " + example() + " --scenario " + (dir / "s.yaml").string() + " --partition " +
                     (dir / "p.yaml").string() + " -o " + out.string());
  REQUIRE(r.code == 0);
  CHECK(r.out.empty());
  const std::string text = nanoscope::test::read_text(out.string());
  CHECK(text.find("nanoscope simulate: 10 s simulated") != std::string::npos);
  CHECK(text.find("sidecar") != std::string::npos);
  CHECK(text.find("partition: partition " + (dir / "p.yaml").string()) != std::string::npos);
  CHECK(text.find("back ") != std::string::npos);
  CHECK(text.find("remote calls") != std::string::npos);
  CHECK(text.find("one process") != std::string::npos);
}

TEST_CASE("cli simulate: bad inputs are one-line errors and leave no output behind") {
  const auto dir = temp_dir();
  std::ofstream(dir / "bad.yaml") << "simulation:\n  run:\n    duraton_s: 5\n";
  const auto out = dir / "never.json";
  auto r = run("simulate " + example() + " --scenario " + (dir / "bad.yaml").string() + " -o " + out.string());
  CHECK(r.code == 1);
  CHECK(r.out == "nanoscope: error: " + (dir / "bad.yaml").string() +
                     ":3:5: unknown key 'duraton_s' in simulation.run (known: duration_s, warmup_s, drain, seed, "
                     "replications)\n");
  CHECK_FALSE(fs::exists(out));
  r = run("simulate -q " + example() + " --merge compose-post-service,nope -o " + out.string());
  CHECK(r.code == 1);
  CHECK(r.out.starts_with("nanoscope: error: unknown service 'nope' (services: "));
  CHECK_FALSE(fs::exists(out));
  r = run("simulate " + example() + " --seed x");
  CHECK(r.code == 2);  // a usage error (tests/cli/test_cli_conventions.cpp)
  CHECK(r.out.starts_with("nanoscope: error: "));
  CHECK(r.out.find("--seed") != std::string::npos);
}

TEST_CASE("cli simulate: an edit is compared with today's services, paired, with intervals") {
  const std::string in = nanoscope::test::corpus_path("jaeger-deathstarbench-social-20traces.json");
  const auto m = run("simulate " + in + " --duration 30 --format json --merge compose-post-service,text-service",
                     false);
  REQUIRE(m.code == 0);
  const auto doc = nlohmann::json::parse(m.out);
  REQUIRE(doc.contains("change"));
  CHECK(doc["change"]["against"] == "observed");
  // The merge removes remote calls in every replication: a significant negative change.
  const auto& calls = doc["change"]["remote_calls_per_request"];
  CHECK(calls["change"].get<double>() < 0.0);
  CHECK(calls["significant"] == true);
  CHECK(calls["ci95"].get<double>() >= 0.0);
  REQUIRE(!doc["entries"].empty());
  CHECK(doc["entries"][0]["overhead_paired_ms"]["mean"].contains("change"));
  // Without an edit there is no before/after section.
  const auto plain = run("simulate " + in + " --duration 30 --format json", false);
  REQUIRE(plain.code == 0);
  CHECK(!nlohmann::json::parse(plain.out).contains("change"));
  const auto text = run("simulate " + in + " --duration 30 -q --merge compose-post-service,text-service", false);
  CHECK(text.out.find("Change against today's services") != std::string::npos);
}

TEST_CASE("cli simulate: --rate sets the load, --concurrency the model, --method analytic the formulas") {
  const std::string in = nanoscope::test::corpus_path("jaeger-deathstarbench-social-20traces.json");
  const auto r = run("simulate " + in + " --duration 40 --rate 200 --format json", false);
  REQUIRE(r.code == 0);
  CHECK(number_after(r.out, "throughput_per_s") == doctest::Approx(200.0).epsilon(0.05));
  const auto b = run("simulate " + in + " --duration 20 --concurrency blocking --format json", false);
  REQUIRE(b.code == 0);
  CHECK(b.out.find("\"concurrency\": \"blocking\"") != std::string::npos);
  CHECK(b.out.find("\"thread_utilisation\": ") != std::string::npos);
  const auto a = run("simulate " + in + " --rate 200 --method analytic --format json", false);
  REQUIRE(a.code == 0);
  CHECK(a.out.find("\"method\": \"analytic\"") != std::string::npos);
  CHECK(number_after(a.out, "total_rate_per_s") == doctest::Approx(200.0));
  CHECK(number_after(a.out, "saturation_rate_per_s") > 200.0);
  // The analytic mean of the observed services is close to the simulated one (light load).
  const auto d = run("simulate " + in + " --duration 60 --rate 200 --format json", false);
  REQUIRE(d.code == 0);
  CHECK(number_after(a.out, "mean_ms") == doctest::Approx(number_after(d.out, "mean")).epsilon(0.10));
  CHECK(run("simulate " + in + " --method exact").code != 0);
}

TEST_CASE("cli simulate: a run that cannot see a request says why; replay keeps the observed rate") {
  // One trace of 0.16 s: about 6 requests/s. A 0.1 s run expects none.
  const std::string one = nanoscope::test::corpus_path("zipkin-skew.json");
  const auto none = run("simulate " + one + " --duration 0.1");
  CHECK(none.code != 0);
  CHECK(none.out.find("would see no request") != std::string::npos);
  CHECK(none.out.find("--rate") != std::string::npos);
  CHECK(std::count(none.out.begin(), none.out.end(), '\n') == 1);
  CHECK(run("simulate " + one + " --duration 0.1 --allow-empty", false).code == 0);
  // Replayed, the trace repeats once per observed window (0.161718 s), not once a second.
  const auto replay = run("simulate " + one + " --arrivals replay --duration 60 --format json", false);
  REQUIRE(replay.code == 0);
  CHECK(number_after(replay.out, "throughput_per_s") == doctest::Approx(1.0 / 0.161718).epsilon(0.02));
  const auto faster = run("simulate " + one + " --arrivals replay --rate 60 --duration 20 --format json", false);
  REQUIRE(faster.code == 0);
  CHECK(number_after(faster.out, "throughput_per_s") == doctest::Approx(60.0).epsilon(0.05));
}
