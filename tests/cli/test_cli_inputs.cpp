// Empty results do not pass: a folder without a recognised file, an empty file or a folder of
// nothing is exit 1 on every command, naming each file and why it gave nothing; files skipped
// beside usable ones are counted on standard error unless -q.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using nanoscope::test::run_cli;

namespace {

// Every command that imports, with the options it needs to get as far as importing.
const char* const kCommands[] = {"import", "analyze", "simulate", "report", "sweep", "whatif --merge a,b"};

}  // namespace

TEST_CASE("cli inputs: an empty folder fails on every command, saying it holds no files") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-inputs-empty");
  for (const char* command : kCommands) {
    CAPTURE(command);
    const auto r = run_cli(std::string(command) + " " + dir.string());
    CHECK(r.code == 1);
    CHECK(r.out == "nanoscope: error: nothing imported: " + dir.string() +
                       ": no files in it (hidden entries, pipes and devices are not read)\n");
    CHECK(r.out.find("only databases") == std::string::npos);  // the economics commands' old complaint
  }
  fs::remove_all(dir);
}

TEST_CASE("cli inputs: a folder of unrecognised and empty files names each and why") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-inputs-unrecognised");
  std::ofstream(dir / "notes.txt") << "hello\n";
  std::ofstream(dir / "empty.json");
  for (const char* command : kCommands) {
    CAPTURE(command);
    const auto r = run_cli(std::string(command) + " -q " + dir.string());
    CHECK(r.code == 1);
    CHECK(r.out == "nanoscope: error: nothing imported: " + (dir / "empty.json").string() + ": empty file; " +
                       (dir / "notes.txt").string() + ": not a recognised input format\n");
  }
  fs::remove_all(dir);
}

TEST_CASE("cli inputs: a 0-byte file named on the command line is an error, not an empty graph") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-inputs-zero");
  std::ofstream(dir / "traces.json");
  const auto r = run_cli("import " + (dir / "traces.json").string() + " -o " + (dir / "graph.json").string());
  CHECK(r.code == 1);
  CHECK(r.out == "nanoscope: error: nothing imported: " + (dir / "traces.json").string() + ": empty file\n");
  CHECK_FALSE(fs::exists(dir / "graph.json"));
  fs::remove_all(dir);
}

TEST_CASE("cli inputs: files skipped beside usable ones are counted on standard error unless -q") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-inputs-mixed");
  fs::copy_file(nanoscope::test::corpus_path("zipkin-smartthings-oauth-authorization.json"), dir / "traces.json");
  std::ofstream(dir / "notes.txt") << "hello\n";
  const auto loud = run_cli("analyze --format json " + dir.string());
  CHECK(loud.code == 0);
  CHECK(loud.out.starts_with("nanoscope: note: 1 file skipped, "));
  const auto quiet = run_cli("analyze -q --format json " + dir.string());
  CHECK(quiet.code == 0);
  CHECK(quiet.out.starts_with("{"));
  // import lists them in its summary instead.
  const auto summary = run_cli("import " + dir.string());
  CHECK(summary.code == 0);
  CHECK(summary.out.find("nanoscope: note:") == std::string::npos);
  CHECK(summary.out.find("skipped") != std::string::npos);
  fs::remove_all(dir);
}
