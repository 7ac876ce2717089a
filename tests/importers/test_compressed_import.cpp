// Importing compressed inputs: every corpus call table and a few trace files through gzip,
// zstd, tar, tar.gz and tar.zst give the graph JSON of the plain import; a v2022-style folder
// of MSCallGraph_*.tar.gz imports like its extracted members; archive members are inputs named
// `archive:member`; truncated and corrupt archives and decompression bombs are one-line errors.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "compression_support.hpp"
#include "importers/graph_writers.hpp"
#include "importers/import_error.hpp"
#include "importers/import_set.hpp"
#include "importers/import_unit.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
namespace fs = std::filesystem;

namespace {

// The graph JSON with each input named by its last name only (`dir/a.tar.gz:m.csv` and
// `other/m.csv` both become `m.csv`), so imports of the same data under other names compare.
std::string graph_json(importers::ImportResult result) {
  for (auto& input : result.graph.inputs) {
    const auto cut = input.path.find_last_of("/:");
    if (cut != std::string::npos) input.path = input.path.substr(cut + 1);
    input.path = importers::format_hint(input.path);
  }
  std::ostringstream out;
  importers::write_graph_json(out, result.graph, nullptr);
  return out.str();
}

// The graph JSON without the per-operation and per-edge input marks and the per-file windows
// (the file list and its counts stay). Plain call-table files beside each other join the traces
// at their edges, and calls of joined traces mark no file and widen no file's window
// (docs/importing.md); members of archives are followed one by one.
std::string without_input_marks(const std::string& text) {
  auto doc = nlohmann::ordered_json::parse(text);
  auto strip = [](auto& self, nlohmann::ordered_json& j, bool root) -> void {
    if (j.is_object()) {
      if (!root) j.erase("inputs");
      for (auto& [key, value] : j.items()) self(self, value, false);
    } else if (j.is_array()) {
      for (auto& value : j) self(self, value, false);
    }
  };
  strip(strip, doc, true);
  for (auto& input : doc["inputs"]) input.erase("window");
  return doc.dump(1);
}

std::string import_json(const std::vector<std::string>& inputs, const importers::ImportOptions& options = {}) {
  return graph_json(importers::import_inputs(inputs, options));
}

std::string import_error(const std::vector<std::string>& inputs, const importers::ImportOptions& options = {}) {
  try {
    (void)importers::import_inputs(inputs, options);
  } catch (const importers::ImportError& e) {
    return e.what();
  }
  return "";
}

// A deterministic Alibaba v2022 MSCallGraph table (with the published files' unnamed index
// column): `traces` traces of three services each, rows of a trace together.
std::string v2022_table(int first_trace, int traces) {
  std::string s = ",timestamp,traceid,service,rpc_id,um,uminstanceid,rpctype,interface,dm,dminstanceid,rt\n";
  int row = 0;
  for (int t = first_trace; t < first_trace + traces; ++t) {
    const std::string trace = "T_" + std::to_string(t), a = "MS_" + std::to_string(t % 5),
                      b = "MS_" + std::to_string(5 + t % 3), c = "MS_" + std::to_string(8 + t % 2);
    auto add = [&](const std::string& rpc, const std::string& um, const std::string& type, const std::string& op,
                   const std::string& dm, const std::string& rt) {
      s += std::to_string(row++) + "," + std::to_string(1000 + t * 3) + "," + trace + ",S_" + std::to_string(t % 4) +
           "," + rpc + "," + um + "," + um + "_POD_0," + type + "," + op + "," + dm + "," + dm + "_POD_1," + rt + "\n";
    };
    add("0.1", "UNKNOWN", "http", "entry" + std::to_string(t % 3), a, "-9.0");
    add("0.1.1", a, "rpc", "get", b, "4.0");
    add("0.1.1", a, "rpc", "get", b, "-3.5");
    add("0.1.1.1", b, "mc", "read", c, "1.0");
    add("0.1.2", a, "mq", "publish", c, "2.0");
  }
  return s;
}

}  // namespace

TEST_CASE("compressed and archived corpus files import to the plain import's graph") {
  const auto dir = test::fresh_temp_dir("compressed-roundtrip");
  const std::vector<std::string> names = {"csv-deathstarbench-social-callgraph.csv",
                                          "jaeger-deathstarbench-social-20traces.json",
                                          "otlp-jaeger-telemetrygen-trace.json", "zipkin-yelp.json"};
  for (const auto& name : names) {
    const std::string plain = test::corpus_path(name);
    const std::string expected = import_json({plain});
    const std::string text = test::read_text(plain);
    for (test::Packing packing : test::kAllPackings) {
      CAPTURE(name);
      CAPTURE(test::to_string(packing));
      const std::string packed = (dir / (name + "." + test::to_string(packing))).string();
      test::write_bytes(packed, test::pack(packing, name, text));
      const auto result = importers::import_inputs({packed});
      REQUIRE(result.files.size() == 1);
      const bool archive = packing == test::Packing::Tar || packing == test::Packing::TarGz ||
                           packing == test::Packing::TarZst;
      CHECK(result.files[0].path == (archive ? packed + ":" + name : packed));
      CHECK(result.graph.inputs.at(0).path == result.files[0].path);
      CHECK(graph_json(result) == expected);
    }
  }
  fs::remove_all(dir);
}

TEST_CASE("a v2022-style folder of MSCallGraph_*.tar.gz imports like its extracted members") {
  const auto dir = test::fresh_temp_dir("compressed-v2022");
  fs::create_directories(dir / "archives");
  fs::create_directories(dir / "extracted");
  for (int i = 0; i < 4; ++i) {
    const std::string member = "MSCallGraph_" + std::to_string(i) + ".csv";
    const std::string table = v2022_table(i * 40, 40);
    test::write_bytes(dir / "archives" / ("MSCallGraph_" + std::to_string(i) + ".tar.gz"),
                      test::gzip_bytes(test::tar_bytes({{member, table}})));
    test::write_bytes(dir / "extracted" / member, table);
  }
  const auto archived = importers::import_inputs({(dir / "archives").string()});
  REQUIRE(archived.files.size() == 4);
  CHECK(archived.files[2].path == (dir / "archives" / "MSCallGraph_2.tar.gz").string() + ":MSCallGraph_2.csv");
  CHECK(archived.files[2].format == "callgraph-csv");
  CHECK(archived.files[2].records == 200);
  CHECK(archived.graph.service_count() == 10);
  // Each member's traces are its own here, so only the input marks of joined traces differ.
  const auto extracted = importers::import_inputs({(dir / "extracted").string()});
  CHECK(extracted.graph.trace_count == archived.graph.trace_count);
  CHECK(without_input_marks(graph_json(archived)) == without_input_marks(graph_json(extracted)));
  fs::remove_all(dir);
}

TEST_CASE("an archive's directories and links are skipped and reported; unknown members are skipped") {
  const auto dir = test::fresh_temp_dir("compressed-members");
  const std::string csv = test::read_text(test::corpus_path("csv-deathstarbench-social-callgraph.csv"));
  const std::string json = test::read_text(test::corpus_path("zipkin-yelp.json"));
  using Kind = test::TarEntry::Kind;
  const std::string archive = (dir / "mixed.tar.zst").string();
  test::write_bytes(archive, test::zstd_bytes(test::tar_bytes({{"data/", "", Kind::Directory},
                                                               {"data/csv-deathstarbench-social-callgraph.csv", csv},
                                                               {"data/latest.csv", "calls.csv", Kind::Symlink},
                                                               {"data/README.txt", "just words\n"},
                                                               {"data/zipkin-yelp.json.gz", test::gzip_bytes(json)}})));
  const auto result = importers::import_inputs({archive});
  REQUIRE(result.files.size() == 3);
  CHECK(result.files[0].path == archive + ":data/csv-deathstarbench-social-callgraph.csv");
  CHECK(result.files[0].format == "callgraph-csv");
  CHECK(result.files[1].format == "skipped");
  CHECK(result.files[2].format == "zipkin-json");
  CHECK(result.files[2].path == archive + ":data/zipkin-yelp.json.gz");
  CHECK(result.diagnostics.count("archive-entries-skipped") == 1);
  for (const auto& d : result.diagnostics.sorted())
    if (d.code == "archive-entries-skipped") {
      CHECK(d.message == "1 directory, 1 link skipped (only regular files are imported)");
      CHECK(d.file == archive);
    }
  const std::vector<std::string> plain = {test::corpus_path("csv-deathstarbench-social-callgraph.csv"),
                                          test::corpus_path("zipkin-yelp.json")};
  CHECK(graph_json(result) == import_json(plain));
  fs::remove_all(dir);
}

TEST_CASE("truncated and corrupt archives are one-line errors naming the archive and the member") {
  const auto dir = test::fresh_temp_dir("compressed-damaged");
  const std::string csv = test::read_text(test::corpus_path("csv-deathstarbench-social-callgraph.csv"));
  const std::string tar = test::tar_bytes({{"first.csv", csv}, {"second.csv", csv}});
  const std::string tgz = test::gzip_bytes(tar);

  const std::string cut = (dir / "cut.tar.gz").string();
  test::write_bytes(cut, tgz.substr(0, tgz.size() * 3 / 4));  // inside second.csv
  const std::string cut_error = import_error({cut});
  CHECK(cut_error.rfind(cut + ":second.csv: byte ", 0) == 0);
  CHECK(cut_error.find("truncated gzip stream") != std::string::npos);
  CHECK(cut_error.find('\n') == std::string::npos);

  const std::string cut_tar = (dir / "cut.tar").string();
  test::write_bytes(cut_tar, tar.substr(0, 512 + csv.size() + 512 + csv.size() / 2));
  const std::string tar_error = import_error({cut_tar});
  CHECK(tar_error.rfind(cut_tar + ":second.csv: ", 0) == 0);
  CHECK(tar_error.find("damaged tar archive") != std::string::npos);

  std::string bad = tgz;
  for (std::size_t i = bad.size() / 2; i < bad.size() / 2 + 32; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x33);
  const std::string corrupt = (dir / "corrupt.tar.gz").string();
  test::write_bytes(corrupt, bad);
  // Damaged deflate data is caught by inflate, by the member's CRC-32, or (when it still decodes
  // to text) by the CSV reader first: whichever comes first, one line naming the member.
  const std::string corrupt_error = import_error({corrupt});
  CHECK((corrupt_error.rfind(corrupt + ":first.csv:", 0) == 0 || corrupt_error.rfind(corrupt + ":second.csv:", 0) == 0));
  CHECK(corrupt_error.find('\n') == std::string::npos);

  const std::string cut_member = (dir / "member.tar").string();  // a .gz member cut short
  const std::string member_gz = test::gzip_bytes(csv);
  test::write_bytes(cut_member, test::tar_bytes({{"calls.csv.gz", member_gz.substr(0, member_gz.size() / 2)}}));
  CHECK(import_error({cut_member}).rfind(cut_member + ":calls.csv.gz: byte ", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("a decompression bomb stops at the input-size limit, in a file or an archive member") {
  const auto dir = test::fresh_temp_dir("compressed-bomb");
  // A Zipkin span array (recognised from its first bytes) padded with 32 MiB of spaces.
  const std::string json = R"([{"traceId":"1","id":"1","name":"op","localEndpoint":{"serviceName":"a"}})" +
                           std::string(std::size_t{32} << 20, ' ') + "]";
  const std::string bomb = (dir / "bomb.json.gz").string();
  test::write_bytes(bomb, test::gzip_bytes(json, 9));
  const std::string tar_bomb = (dir / "bomb.tar.gz").string();
  test::write_bytes(tar_bomb, test::gzip_bytes(test::tar_bytes({{"spans.json", json}}), 9));
  CHECK(fs::file_size(bomb) < (std::size_t{1} << 20));  // under the limit on disk
  importers::ImportOptions options;
  options.limits.max_file_bytes = std::uint64_t{1} << 20;
  CHECK(import_error({bomb}, options) ==
        bomb + ": decompressed size is more than the limit of 1 MiB (raise it with --limit input-size=BYTES)");
  CHECK(import_error({tar_bomb}, options) ==
        tar_bomb + ":spans.json: member is " + std::to_string(json.size()) +
            " bytes, more than the limit of 1 MiB (raise it with --limit input-size=BYTES)");
  fs::remove_all(dir);
}

TEST_CASE("progress counts the compressed bytes of archives member by member") {
  const auto dir = test::fresh_temp_dir("compressed-progress");
  const std::string csv = test::read_text(test::corpus_path("csv-deathstarbench-social-callgraph.csv"));
  const std::string archive = (dir / "two.tar.gz").string();
  test::write_bytes(archive, test::gzip_bytes(test::tar_bytes({{"a.csv", csv}, {"b.csv", csv}})));
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  importers::ImportOptions options;
  options.progress = [&](std::uint64_t done, std::uint64_t total) { calls.emplace_back(done, total); };
  (void)importers::import_inputs({archive}, options);
  REQUIRE(calls.size() == 3);  // each member, then the archive
  for (std::size_t i = 0; i < calls.size(); ++i) {
    CHECK(calls[i].second == fs::file_size(archive));
    CHECK(calls[i].first <= calls[i].second);
    if (i > 0) CHECK(calls[i].first >= calls[i - 1].first);
  }
  CHECK(calls.back().first == fs::file_size(archive));
  fs::remove_all(dir);
}

TEST_CASE("InputFile::read decompresses gzip (whole, several members) and zstd into a padded buffer") {
  const auto dir = test::fresh_temp_dir("compressed-input-file");
  const std::string json = test::read_text(test::corpus_path("zipkin-yelp.json"));
  const std::string half = json.substr(0, json.size() / 2), rest = json.substr(json.size() / 2);
  const std::string gz = (dir / "a.json.gz").string(), multi = (dir / "m.json.gz").string(),
                    zst = (dir / "a.json.zst").string(), cut = (dir / "cut.json.gz").string();
  test::write_bytes(gz, test::gzip_bytes(json));
  test::write_bytes(multi, test::gzip_bytes(half) + test::gzip_bytes(rest));
  test::write_bytes(zst, test::zstd_bytes(json));
  const std::string packed = test::gzip_bytes(json);
  test::write_bytes(cut, packed.substr(0, packed.size() - 5));
  for (const auto& path : {gz, multi, zst}) {
    const auto file = importers::InputFile::read(path);
    CHECK(file.path() == path);
    CHECK(file.text() == json);
    REQUIRE(file.capacity() >= file.size() + importers::InputFile::kPadding);
    CHECK(std::string_view(file.data() + file.size(), importers::InputFile::kPadding) ==
          std::string(importers::InputFile::kPadding, '\0'));
  }
  try {
    (void)importers::InputFile::read(cut);
    FAIL("no error");
  } catch (const importers::ImportError& e) {
    CHECK(e.file() == cut);
    CHECK(e.message() == "truncated gzip stream (it ends inside a member)");
  }
  fs::remove_all(dir);
}
