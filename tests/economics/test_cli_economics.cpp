// `nanoscope report`, `sweep` and `whatif` end to end: outputs, self-contained HTML, one-line errors.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "economics/sweep.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

using Run = nanoscope::test::CliRun;
Run run(const std::string& args, bool with_stderr = true) { return nanoscope::test::run_cli(args, with_stderr); }

std::string example() { return std::string(NANOSCOPE_SOURCE_DIR) + "/scenarios/examples/social-network"; }

fs::path temp_dir() {
  auto dir = fs::temp_directory_path() / ("nanoscope-econ-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("nanoscope report writes one self-contained HTML file with charts") {
  const auto out = temp_dir() / "report.html";
  const auto r = run("report " + example() + " --samples 10 -q -o " + out.string());
  REQUIRE(r.code == 0);
  const std::string html = nanoscope::test::read_text(out.string());
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=\"http") == std::string::npos);
  CHECK(html.find("soa-2012") != std::string::npos);
  CHECK(html.find("ai-native-2026") != std::string::npos);
}

TEST_CASE("nanoscope sweep prints JSON levels; markdown and csv by extension") {
  const auto r = run("sweep " + example() + " --samples 5 -q");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\"levels\"") != std::string::npos);
  const auto csv = temp_dir() / "sweep.csv";
  REQUIRE(run("sweep " + example() + " --samples 5 -q -o " + csv.string()).code == 0);
  CHECK(nanoscope::test::read_text(csv.string()).starts_with("era,services,label,service,metric,p10,p50,p90\n"));
}

TEST_CASE("nanoscope whatif compares a merge before and after") {
  const auto r = run("whatif " + example() + " --merge text-service,url-shorten-service --samples 5 --format json");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\"before\"") != std::string::npos);
  CHECK(r.out.find("\"after\"") != std::string::npos);
  CHECK(run("whatif " + example()).code != 0);
  const auto bad = run("whatif " + example() + " --merge text-service,no-such-service");
  CHECK(bad.code != 0);
  CHECK(bad.out.find("nanoscope: error:") != std::string::npos);
}

TEST_CASE("a bad era file stops with one line naming its position and leaves no output") {
  const auto dir = temp_dir();
  const auto bad = dir / "bad-era.yaml";
  {
    FILE* f = std::fopen(bad.string().c_str(), "w");
    std::fputs("economics:\n  parameters:\n    ai_share: [1, 0]\n", f);
    std::fclose(f);
  }
  const auto out = dir / "never.json";
  const auto r = run("report " + example() + " --scenario " + bad.string() + " -o " + out.string());
  CHECK(r.code != 0);
  CHECK(r.out.find("bad-era.yaml:3:15:") != std::string::npos);
  CHECK(!fs::exists(out));
}

TEST_CASE("nanoscope sweep JSON gives every level a load curve of at least 5 loads") {
  const auto r = run("sweep " + example() + " --samples 5 --levels 6 -q", false);
  REQUIRE(r.code == 0);
  std::size_t curves = 0;
  for (std::size_t pos = 0; (pos = r.out.find("\"load_curve\": [", pos)) != std::string::npos; ++curves) {
    const auto end = r.out.find(']', pos);
    std::size_t points = 0;
    for (std::size_t p = pos; (p = r.out.find("\"rate_per_s\"", p)) < end; ++p) ++points;
    CHECK(points >= 5);
    pos = end;
  }
  CHECK(curves >= 3 * 6);  // every level of the three eras (and the suggested boundaries)
}

TEST_CASE("nanoscope sweep: one thread and two write the same JSON; a bad NANOSCOPE_THREADS is a usage error") {
  const std::string args = "sweep " + example() + " --samples 8 --levels 5 -q";
  const auto one = run(args + " --threads 1", false);
  const auto two = run(args + " --threads 2", false);
  REQUIRE(one.code == 0);
  REQUIRE(two.code == 0);
  CHECK(one.out == two.out);
  // NANOSCOPE_THREADS is --threads' environment value, typed and range-checked by CLI11.
  for (const char* bad : {"lots", "0", "4097", "-3"}) {
    CAPTURE(bad);
    ::setenv("NANOSCOPE_THREADS", bad, 1);
    const auto env = run("sweep " + example() + " --samples 2 --levels 3 -q");
    ::unsetenv("NANOSCOPE_THREADS");
    CHECK(env.code == 2);
    CHECK(env.out.find("--threads") != std::string::npos);
    CHECK(env.out.find(bad) != std::string::npos);
  }
  ::setenv("NANOSCOPE_THREADS", "1", 1);
  const auto good = run(args);
  ::unsetenv("NANOSCOPE_THREADS");
  CHECK(good.code == 0);
  CHECK(good.out == one.out);
}
