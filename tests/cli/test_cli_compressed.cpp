// The CLI on compressed inputs: `nanoscope import FOLDER` of .tar.gz archives writes the graph
// of their members; a truncated archive exits non-zero with one line naming the archive and the
// member, and writes no output.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "importers/compression_support.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using nanoscope::test::run_cli;

TEST_CASE("cli compressed: a folder of call-table archives imports; a truncated one fails naming its member") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-compressed");
  const std::string csv = nanoscope::test::read_text(nanoscope::test::corpus_path("csv-deathstarbench-social-callgraph.csv"));
  fs::create_directories(dir / "in");
  for (int i = 0; i < 2; ++i)
    nanoscope::test::write_bytes(dir / "in" / ("MSCallGraph_" + std::to_string(i) + ".tar.gz"),
                                 nanoscope::test::gzip_bytes(nanoscope::test::tar_bytes({{"part.csv", csv}})));
  const auto ok = run_cli("import -q " + (dir / "in").string() + " -o " + (dir / "g.json").string());
  CHECK(ok.code == 0);
  CHECK(ok.out.empty());
  const std::string graph = nanoscope::test::read_text((dir / "g.json").string());
  CHECK(graph.find("MSCallGraph_1.tar.gz:part.csv") != std::string::npos);

  const std::string whole = nanoscope::test::gzip_bytes(nanoscope::test::tar_bytes({{"part.csv", csv}}));
  nanoscope::test::write_bytes(dir / "in" / "MSCallGraph_2.tar.gz", whole.substr(0, whole.size() / 2));
  const auto bad = run_cli("import -q " + (dir / "in").string() + " -o " + (dir / "bad.json").string());
  CHECK(bad.code != 0);
  const std::string named = (dir / "in" / "MSCallGraph_2.tar.gz").string() + ":part.csv: byte ";
  CHECK(bad.out.find(named) != std::string::npos);
  CHECK(bad.out.find("truncated gzip stream") != std::string::npos);
  CHECK(std::count(bad.out.begin(), bad.out.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(dir / "bad.json"));
  fs::remove_all(dir);
}

TEST_CASE("cli compressed: an archive of nothing but a directory fails, saying so") {
  const auto dir = nanoscope::test::fresh_temp_dir("cli-compressed-empty");
  const std::string archive = (dir / "only-dir.tar").string();
  nanoscope::test::write_bytes(archive, nanoscope::test::tar_bytes({{"d/", "", nanoscope::test::TarEntry::Kind::Directory}}));
  const auto r = run_cli("import -q " + archive + " -o " + (dir / "g.json").string());
  CHECK(r.code == 1);
  CHECK(r.out == "nanoscope: error: nothing imported: " + archive + ": an archive with no regular file in it\n");
  CHECK_FALSE(fs::exists(dir / "g.json"));
  fs::remove_all(dir);
}
