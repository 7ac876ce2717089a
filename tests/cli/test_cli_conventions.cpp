// The conventions of every command: exit codes 0/1/2, "did you mean" for mistyped commands and
// options, -q everywhere, every format to standard output, unknown extensions refused, numeric
// options typed and range-checked, one --split syntax.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using nanoscope::test::run_cli;

namespace {

const char* const kCommands[] = {"import", "analyze", "simulate", "report", "sweep", "whatif"};

std::string small() { return nanoscope::test::corpus_path("zipkin-smartthings-oauth-authorization.json"); }


}  // namespace

TEST_CASE("cli conventions: exit 0 success, 1 failed run, 2 usage error; --help documents them") {
  const auto help = run_cli("--help");
  CHECK(help.code == 0);
  CHECK(help.out.find("Exit codes:\n  0  success\n  1  failed run") != std::string::npos);
  CHECK(help.out.find("2  usage error") != std::string::npos);
  CHECK(help.out.find("-o - or no -o writes to standard output") != std::string::npos);
  CHECK(run_cli("--version").code == 0);
  CHECK(run_cli("analyze " + small()).code == 0);
  CHECK(run_cli("analyze /nonexistent/traces.json").code == 1);
  CHECK(run_cli("").code == 2);
  CHECK(run_cli("analyze").code == 2);  // inputs are required
  CHECK(run_cli("analyze --format pdf " + small()).code == 2);
  CHECK(run_cli("whatif " + small()).code == 2);  // no change asked for
}

TEST_CASE("cli conventions: a mistyped command or option says what was meant") {
  auto r = run_cli("analyse " + small());
  CHECK(r.code == 2);
  CHECK(r.out == "nanoscope: error: unknown command 'analyse'; did you mean 'analyze'? (see 'nanoscope --help')\n");
  r = run_cli("simulat " + small());
  CHECK(r.out.starts_with("nanoscope: error: unknown command 'simulat'; did you mean 'simulate'?"));
  r = run_cli("frobnicate " + small());
  CHECK(r.code == 2);
  CHECK(r.out == "nanoscope: error: unknown command 'frobnicate' (see 'nanoscope --help')\n");
  r = run_cli("simulate " + small() + " --durations 5");
  CHECK(r.code == 2);
  CHECK(r.out == "nanoscope: error: unknown option '--durations'; did you mean '--duration'? (see 'nanoscope "
                 "simulate --help')\n");
  r = run_cli("analyze --treshold chatty_edge_calls_per_request=3 " + small());
  CHECK(r.code == 2);
  CHECK(r.out.starts_with("nanoscope: error: unknown option '--treshold'; did you mean '--threshold'?"));
}

TEST_CASE("cli conventions: every command takes -q, --limit and repeatable -o") {
  for (const char* command : kCommands) {
    CAPTURE(command);
    const auto help = run_cli(std::string(command) + " --help");
    CHECK(help.code == 0);
    CHECK(help.out.find("-q,--quiet") != std::string::npos);
    CHECK(help.out.find("--limit") != std::string::npos);
    CHECK(help.out.find("-o,--output") != std::string::npos);
    CHECK(help.out.find("--max-input-size") == std::string::npos);  // one size-limit option: --limit
  }
}

TEST_CASE("cli conventions: every format goes to standard output with -o - or without -o") {
  const auto in = small();
  struct Case {
    std::string args;
    std::string starts;
  };
  const Case cases[] = {
      {"import --format json", "{"},
      {"import --format dot", "digraph"},  // not the summary
      {"import --format graphml", "<?xml"},
      {"import --format csv", "from,to,"},
      {"import -o -", "{"},
      {"analyze", "nanoscope analysis:"},
      {"analyze --format json -o -", "{"},
      {"analyze --format markdown", "# Coupling analysis"},
      {"simulate --rate 50 --duration 5 --replications 1", "nanoscope simulate:"},
      {"simulate --rate 50 --duration 5 --replications 1 --format json", "{"},
      {"report --samples 2 --levels 3", "<!DOCTYPE html>"},  // HTML included
      {"report --samples 2 --levels 3 --format html -o -", "<!DOCTYPE html>"},
      {"report --samples 2 --levels 3 --format csv", "era,"},
      {"report --samples 2 --levels 3 --format markdown", "#"},
      {"sweep --samples 2 --levels 3", "{"},
      {"whatif --merge auth,datamgmt --samples 2", "# What-if"},
      {"whatif --merge auth,datamgmt --samples 2 --format json", "{"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    const auto r = run_cli(c.args + " -q " + in, false);
    CHECK(r.code == 0);
    CHECK(r.out.starts_with(c.starts));
  }
  CHECK(run_cli("import " + in).out.starts_with("imported 1 file"));  // the summary without -o or --format
}

TEST_CASE("cli conventions: an unknown output extension without --format is a usage error") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-conv-ext");
  for (const char* command : {"import", "analyze", "simulate", "report", "sweep", "whatif --merge auth,datamgmt"}) {
    CAPTURE(command);
    const auto out = dir / "r.xyz";
    const auto r = run_cli(std::string(command) + " " + small() + " -o " + out.string());
    CHECK(r.code == 2);
    CHECK(r.out.starts_with("nanoscope: error: -o " + out.string() + ": unknown extension '.xyz' (known: "));
    CHECK_FALSE(fs::exists(out));
  }
  // --format says what to write whatever the name.
  CHECK(run_cli("analyze -q --format json " + small() + " -o " + (dir / "r.xyz").string()).code == 0);
  CHECK(nanoscope::test::read_text((dir / "r.xyz").string()).starts_with("{"));
  // A name without an extension gets the command's default format.
  CHECK(run_cli("analyze -q " + small() + " -o " + (dir / "plain").string()).code == 0);
  CHECK(nanoscope::test::read_text((dir / "plain").string()).starts_with("nanoscope analysis:"));
  CHECK(run_cli("analyze " + small() + " -o " + (dir / "a.json").string() + " -o " + (dir / "a.json").string()).code == 2);
  fs::remove_all(dir);
}

TEST_CASE("cli conventions: numeric options are typed and range-checked by the parser") {
  const auto in = small();
  for (const char* args : {"simulate --duration abc", "simulate --duration -1", "simulate --duration 0",
                           "simulate --seed x", "simulate --seed -3", "simulate --replications 0",
                           "simulate --rate 0", "simulate --threads 0", "sweep --samples 0", "sweep --threads 0",
                           "sweep --levels x", "report --samples many", "whatif --merge a,b --threads 99999",
                           "import --limit depth=3", "import --limit yaml-depth=3000",
                           "analyze --threshold no_such=1"}) {
    CAPTURE(args);
    const auto r = run_cli(std::string(args) + " " + in);
    CHECK(r.code == 2);
    CHECK(r.out.starts_with("nanoscope: error: "));
    CHECK(r.out.find("(see 'nanoscope ") != std::string::npos);
  }
  const auto help = run_cli("simulate --help");
  CHECK(help.out.find("--duration FLOAT") != std::string::npos);
  CHECK(help.out.find("--seed UINT") != std::string::npos);
}

TEST_CASE("cli conventions: one --split syntax, checked by the parser, in simulate and whatif") {
  const auto in = small();
  for (const char* command : {"simulate --rate 50 --duration 5 --replications 1", "whatif --samples 2"}) {
    CAPTURE(command);
    for (const char* bad : {"--split auth:", "--split :x", "--merge auth"}) {
      CAPTURE(bad);
      CHECK(run_cli(std::string(command) + " " + bad + " " + in).code == 2);
    }
    CHECK(run_cli(std::string(command) + " -q --split auth --format json " + in, false).code == 0);
    const auto named = run_cli(std::string(command) + " -q --split auth:authcode-store,authcode-select-by-code "
                               "--format json " + in, false);
    CHECK(named.code == 0);
    CHECK(named.out.find("auth:authcode-store,authcode-select-by-code") != std::string::npos);
    const auto unknown = run_cli(std::string(command) + " -q --split auth:no-such-op " + in);
    CHECK(unknown.code == 1);  // the syntax is right; the graph has no such operation
    CHECK(unknown.out == "nanoscope: error: --split 'auth:no-such-op': service 'auth' has no operation 'no-such-op'\n");
  }
}
