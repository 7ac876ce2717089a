// The input selection every analysing command shares (cli/input_options): systems found by the
// CLI, --system, --exclude and --include-infrastructure, through the binary users run.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/support/test_support.hpp"

using nanoscope::test::corpus_path;
using nanoscope::test::run_cli;

namespace {

std::string analysis_json(const std::string& inputs, const std::string& extra = {}) {
  const auto run = run_cli("analyze -q --format json " + inputs + " " + extra, false);
  REQUIRE(run.code == 0);
  return run.out;
}

}  // namespace

TEST_CASE("two unrelated inputs analysed together give each one's findings, system by system") {
  // Pairs of corpus inputs from different systems (and, for the first, nine years apart).
  const std::vector<std::pair<std::string, std::string>> pairs{
      {"jaeger-deathstarbench-social-20traces.json", "zipkin-yelp.json"},
      {"zipkin-smartthings-oauth-authorization.json", "jaeger-ui-petclinic-trace.json"},
      {"csv-deathstarbench-social-callgraph.csv", "zipkin-messaging-kafka.json"},
  };
  for (const auto& [a, b] : pairs) {
    CAPTURE(a);
    CAPTURE(b);
    const std::string both = corpus_path(a) + " " + corpus_path(b);
    const auto listing = run_cli("simulate -q " + both, true);
    CHECK(listing.code == 1);
    CHECK(listing.out.find("pick one with --system") != std::string::npos);
    // Each system of the pair, picked by its input file, analyses as that file alone does.
    CHECK(analysis_json(both, "--system " + corpus_path(a)) == analysis_json(corpus_path(a)));
    CHECK(analysis_json(both, "--system " + corpus_path(b)) == analysis_json(corpus_path(b)));
    // Without --system, analyze reports both, each under its own section.
    const auto all = run_cli("analyze -q " + both, false);
    CHECK(all.code == 0);
    CHECK(all.out.find("System 1 of 2") != std::string::npos);
    CHECK(all.out.find("System 2 of 2") != std::string::npos);
  }
}

TEST_CASE("--system naming no system is a usage error listing the systems") {
  const auto run = run_cli("analyze -q " + corpus_path("zipkin-yelp.json") + " " +
                           corpus_path("jaeger-ui-petclinic-trace.json") + " --system no-such-system");
  CHECK(run.code == 2);
  CHECK(run.out.find("names no system") != std::string::npos);
  CHECK(run.out.find("1 ") != std::string::npos);
}

TEST_CASE("infrastructure is left out by default and kept on request; --exclude takes names and globs") {
  const std::string demo = corpus_path("compose-opentelemetry-demo.yaml");
  const auto by_default = run_cli("analyze " + demo + " --format json", true);
  REQUIRE(by_default.code == 0);
  CHECK(by_default.out.find("excluded 4 infrastructure services (flagd, flagd-ui, frontend-proxy, otel-collector)") !=
        std::string::npos);
  CHECK(by_default.out.find("\"otel-collector\"") == std::string::npos);
  const std::string kept = analysis_json(demo, "--include-infrastructure");
  CHECK(kept.find("\"otel-collector\"") != std::string::npos);
  const auto excluded = run_cli("analyze " + demo + " --include-infrastructure --exclude 'otel-*' --exclude nope", true);
  REQUIRE(excluded.code == 0);
  CHECK(excluded.out.find("by --exclude (otel-collector)") != std::string::npos);
  CHECK(excluded.out.find("--exclude 'nope' matches no service") != std::string::npos);
  // `import` keeps every service (the saved graph round-trips) and has no selection options.
  const auto import = run_cli("import -q " + demo + " --format json", false);
  REQUIRE(import.code == 0);
  CHECK(import.out.find("\"otel-collector\"") != std::string::npos);
  CHECK(run_cli("import -q " + demo + " --exclude x").code == 2);
}
