// `nanoscope analyze` end to end: formats, the atomic output file, thresholds, one-line errors.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

using Run = nanoscope::test::CliRun;
Run run(const std::string& args, bool with_stderr = true) { return nanoscope::test::run_cli(args, with_stderr); }

}  // namespace

TEST_CASE("cli analyze: text to standard output, worst finding first") {
  const auto r = run("analyze " + nanoscope::test::corpus_path("zipkin-smartthings-oauth-authorization.json"), false);
  CHECK(r.code == 0);
  CHECK(r.out.rfind("nanoscope analysis: 8 services, 9 dependencies, 35 calls", 0) == 0);
  CHECK(r.out.find("\nHIGH   chatty (chatty-edge): auth, datamgmt\n") != std::string::npos);
}

TEST_CASE("cli analyze: json and markdown files, format from the extension or --format") {
  const auto dir = fs::temp_directory_path() / ("nanoscope-analyze-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto input = nanoscope::test::corpus_path("jaeger-deathstarbench-social-20traces.json");
  const auto json = (dir / "report.json").string();
  CHECK(run("analyze --include-infrastructure " + input + " -o " + json).code == 0);
  CHECK(nanoscope::test::read_text(json) ==
        nanoscope::test::read_text(nanoscope::test::golden_path("analysis/jaeger-deathstarbench-social-20traces.json")));
  const auto md = (dir / "report.txt").string();
  CHECK(run("analyze --format markdown " + input + " -o " + md).code == 0);
  CHECK(nanoscope::test::read_text(md).rfind("# Coupling analysis\n", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("cli analyze: thresholds change findings; bad settings and inputs fail with one line") {
  const auto input = nanoscope::test::corpus_path("zipkin-smartthings-oauth-authorization.json");
  const auto r = run("analyze --threshold chatty_edge_calls_per_request=100 --threshold monolith_reach_share=1.1 " + input);
  CHECK(r.code == 0);
  CHECK(r.out.find("chatty-edge") == std::string::npos);
  CHECK(r.out.find("wide-sync-entry") == std::string::npos);

  const auto bad = run("analyze --threshold no_such=1 " + input);
  CHECK(bad.code == 2);  // a usage error
  CHECK(bad.out == "nanoscope: error: --threshold: unknown threshold 'no_such' (see 'nanoscope analyze --help')\n");
  const auto missing = run("analyze /nonexistent/file.json");
  CHECK(missing.code == 1);
  CHECK(missing.out.rfind("nanoscope: error: ", 0) == 0);
}

TEST_CASE("cli analyze: thresholds from a scenario file, overridden by --threshold") {
  const auto dir = fs::temp_directory_path() / ("nanoscope-analyze-scenario-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto scenario = (dir / "s.yaml").string();
  {
    std::FILE* f = std::fopen(scenario.c_str(), "w");
    std::fputs("analysis:\n  thresholds:\n    chatty_edge_calls_per_request: 100\n", f);
    std::fclose(f);
  }
  const auto input = nanoscope::test::corpus_path("zipkin-smartthings-oauth-authorization.json");
  const auto quiet = run("analyze --scenario " + scenario + " " + input);
  CHECK(quiet.code == 0);
  CHECK(quiet.out.find("chatty-edge") == std::string::npos);
  const auto loud = run("analyze --scenario " + scenario + " --threshold chatty_edge_calls_per_request=5 " + input);
  CHECK(loud.out.find("chatty-edge") != std::string::npos);
  const auto bad = run("analyze --scenario /nonexistent.yaml " + input);
  CHECK(bad.code == 1);
  CHECK(bad.out == "nanoscope: error: /nonexistent.yaml: cannot open scenario file\n");
  fs::remove_all(dir);
}
