// `--limit NAME=VALUE` on every command that imports: a lowered limit is a one-line error
// naming the file and the limit (exit 1); a wrong name or value is a usage error (exit 2) listing
// the valid ones.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {
using nanoscope::test::run_cli;

fs::path temp_dir() {
  auto dir = fs::temp_directory_path() / ("nanoscope-cli-limits-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

bool one_line(const std::string& text) {
  return std::count(text.begin(), text.end(), '\n') == 1 && text.back() == '\n';
}

}  // namespace

TEST_CASE("cli limits: every importing command takes --limit; a lowered limit names the file and the limit") {
  const auto json = nanoscope::test::corpus_path("zipkin-skew.json");
  const auto size = std::to_string(fs::file_size(json));
  // (report and whatif check their other options before importing: give them valid ones.)
  for (const char* command : {"import", "analyze", "simulate", "report --format json", "sweep", "whatif --merge a,b"}) {
    CAPTURE(command);
    auto r = run_cli(std::string(command) + " --limit input-size=100 " + json);
    CHECK(r.code == 1);
    CHECK(r.out == "nanoscope: error: " + json + ": file is " + size +
                       " bytes, more than the limit of 100 bytes (raise it with --limit input-size=BYTES)\n");
    r = run_cli(std::string(command) + " --limit depth=3 " + json);
    CHECK(r.code == 2);
    CHECK(r.out.starts_with("nanoscope: error: --limit: unknown limit 'depth' (limits: input-size, manifest-size, "
                            "csv-row, yaml-depth)"));
  }
  CHECK(run_cli("import --limit input-size=1M " + json).code == 0);
  CHECK(run_cli("analyze --limit input-size=1M --limit yaml-depth=100 " + json).code == 0);
  auto help = run_cli("import --help");
  CHECK(help.out.find("--limit") != std::string::npos);
  CHECK(help.out.find("csv-row (bytes)") != std::string::npos);
}

TEST_CASE("cli limits: csv-row, yaml-depth and manifest-size from the command line; bad values") {
  auto dir = temp_dir();
  const auto csv = dir / "calls.csv";
  std::ofstream(csv) << "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n"
                        "1,t1,0,USER,http,home,front,5\n"
                        "2,t1,0.1,front,rpc,a-rather-long-interface-name-for-the-limit,back,3\n";
  auto r = run_cli("import --limit csv-row=64 " + csv.string());
  CHECK(r.code == 1);
  CHECK(r.out == "nanoscope: error: " + csv.string() +
                     ":3: row longer than the limit of 64 bytes (raise it with --limit csv-row=BYTES)\n");
  CHECK(run_cli("import --limit csv-row=1K " + csv.string()).code == 0);

  const auto yaml = nanoscope::test::corpus_path("k8s-sock-shop.yaml");
  r = run_cli("analyze --limit yaml-depth=3 " + yaml);
  CHECK(r.code == 1);
  CHECK(r.out.starts_with("nanoscope: error: " + yaml + ":"));
  CHECK(r.out.ends_with(": yaml nesting too deep: more than the limit of 3 levels (raise it with --limit "
                        "yaml-depth=LEVELS)\n"));
  CHECK(one_line(r.out));

  r = run_cli("import --limit yaml-depth=3000 " + yaml);
  CHECK(r.code == 2);
  CHECK(r.out.starts_with("nanoscope: error: --limit: limit yaml-depth must be from 1 to 2000, got '3000'"));
  r = run_cli("import --limit csv-row " + yaml);
  CHECK(r.code == 2);
  CHECK(r.out.starts_with("nanoscope: error: --limit: limit setting 'csv-row' is not NAME=VALUE"));

  // One size-limit option: the former --max-manifest-size MB is --limit manifest-size; later settings win.
  r = run_cli("import --limit manifest-size=1K " + yaml);
  CHECK(r.code == 1);
  CHECK(r.out.ends_with("(raise it with --limit manifest-size=BYTES)\n"));
  CHECK(run_cli("import --limit manifest-size=1K --limit manifest-size=64M " + yaml).code == 0);
  CHECK(run_cli("import --max-manifest-size 1 " + yaml).code == 2);
  fs::remove_all(dir);
}
