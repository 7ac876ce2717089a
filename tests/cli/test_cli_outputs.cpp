// Several outputs from one computation: `report X -o r.html -o r.json -o r.csv` writes the same
// files as one run per format, and costs about one run's CPU time, not three.
#include <doctest/doctest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using nanoscope::test::read_text;
using nanoscope::test::run_cli;

namespace {

// CPU seconds (user + system) of the finished child processes so far.
double children_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

TEST_CASE("cli outputs: report to several files at once equals one run per format, for one run's CPU") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-outputs-report");
  const std::string args = "report -q --samples 20 --levels 8 --threads 1 " +
                           nanoscope::test::corpus_path("jaeger-deathstarbench-social-20traces.json");
  const char* const extensions[] = {"html", "json", "csv", "md"};
  double separate_cpu = 0.0;
  for (const char* ext : extensions) {
    const double before = children_cpu_seconds();
    REQUIRE(run_cli(args + " -o " + (dir / (std::string("one.") + ext)).string()).code == 0);
    separate_cpu += children_cpu_seconds() - before;
  }
  const double before = children_cpu_seconds();
  std::string all = args;
  for (const char* ext : extensions) all += " -o " + (dir / (std::string("all.") + ext)).string();
  REQUIRE(run_cli(all).code == 0);
  const double together_cpu = children_cpu_seconds() - before;
  for (const char* ext : extensions) {
    CAPTURE(ext);
    const auto one = read_text((dir / (std::string("one.") + ext)).string());
    CHECK_FALSE(one.empty());
    CHECK(one == read_text((dir / (std::string("all.") + ext)).string()));
  }
  MESSAGE("CPU seconds: " << separate_cpu << " for four runs, " << together_cpu << " for one run writing four files");
  // Four computations would cost about as much as the four separate runs.
  CHECK(together_cpu < 0.5 * separate_cpu);
  fs::remove_all(dir);
}

TEST_CASE("cli outputs: analyze and import write every -o in its own format, standard output among them") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-outputs-analyze");
  const auto in = nanoscope::test::corpus_path("zipkin-smartthings-oauth-authorization.json");
  const auto r = run_cli("analyze -q " + in + " -o " + (dir / "a.json").string() + " -o - -o " +
                             (dir / "a.md").string(),
                         false);
  REQUIRE(r.code == 0);
  CHECK(r.out == run_cli("analyze -q " + in, false).out);  // the text report on standard output
  CHECK(read_text((dir / "a.json").string()) == run_cli("analyze -q --format json " + in, false).out);
  CHECK(read_text((dir / "a.md").string()) == run_cli("analyze -q --format markdown " + in, false).out);
  REQUIRE(run_cli("import -q " + in + " -o " + (dir / "g.json").string() + " -o " + (dir / "g.dot").string()).code == 0);
  CHECK(read_text((dir / "g.json").string()) == run_cli("import -q -o - " + in, false).out);
  CHECK(read_text((dir / "g.dot").string()) == run_cli("import -q --format dot " + in, false).out);
  fs::remove_all(dir);
}
