// The configurable import limits (importers/import_limits.hpp, docs/limits.md): settings parse
// with units and ranges, and lowering each limit makes a small input fail with a one-line error
// naming the file, the position and the `--limit` that raises it.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "hardening/hostile_support.hpp"
#include "importers/csv_reader.hpp"
#include "importers/import_limits.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using namespace nanoscope::test::hostile;
using importers::detail::CsvReader;

namespace {

/// The message of the std::invalid_argument a setting throws; "" when it is accepted.
std::string setting_error(const std::string& setting, importers::ImportLimits* out = nullptr) {
  importers::ImportLimits limits;
  try {
    importers::apply_limit_setting(limits, setting);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  if (out) *out = limits;
  return "";
}

/// An Alibaba v2021 call graph whose third line (second row) is `long_bytes` long.
std::string csv_with_long_row(std::size_t long_bytes) {
  std::string text = "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n";
  text += "1,t1,0,USER,http,home,front,5\n";
  std::string row = "2,t1,0.1,front,rpc,";
  const std::string tail = ",back,3";
  row += std::string(long_bytes - row.size() - tail.size(), 'x') + tail;
  text += row + "\n3,t1,0.2,front,rpc,get,back,2\n";
  return text;
}

std::string import_with(const std::string& path, const std::string& setting) {
  importers::ImportOptions options;
  importers::apply_limit_setting(options.limits, setting);
  return try_import({path}, nullptr, options);
}

}  // namespace

TEST_CASE("limits: every limit has a name; settings take units and are checked against ranges") {
  importers::ImportLimits defaults;
  std::string names;
  for (const auto& l : importers::describe(defaults)) names += std::string(l.name) + " ";
  CHECK(names == "input-size manifest-size csv-row yaml-depth ");
  CHECK(defaults.max_csv_row_bytes == CsvReader::kMaxRowBytes);
  CHECK(defaults.max_yaml_depth == importers::kYamlCppMaxDepth);

  importers::ImportLimits l;
  CHECK(setting_error("csv-row=1M", &l) == "");
  CHECK(l.max_csv_row_bytes == 1u << 20);
  CHECK(setting_error("input-size=2GiB", &l) == "");
  CHECK(l.max_file_bytes == std::uint64_t{2} << 30);
  CHECK(setting_error("manifest-size=0", &l) == "");  // 0: no limit
  CHECK(l.max_manifest_bytes == 0);
  CHECK(setting_error("yaml-depth=40", &l) == "");
  CHECK(l.max_yaml_depth == 40);
  const auto limits = importers::parse_limit_settings({"csv-row=10", "csv-row=20K"});
  CHECK(limits.max_csv_row_bytes == 20u << 10);  // the later setting wins
  CHECK(limits.max_file_bytes == 0);             // the others keep their defaults

  CHECK(setting_error("rows=5") == "unknown limit 'rows' (limits: input-size, manifest-size, csv-row, yaml-depth)");
  CHECK(setting_error("csv-row") == "limit setting 'csv-row' is not NAME=VALUE (limits: input-size, manifest-size, "
                                    "csv-row, yaml-depth)");
  CHECK(setting_error("csv-row=lots") == "limit csv-row needs a size in bytes (suffixes K, M, G allowed), got 'lots'");
  CHECK(setting_error("csv-row=0") == "limit csv-row must be from 1 to 1099511627776, got '0'");
  CHECK(setting_error("yaml-depth=2001") == "limit yaml-depth must be from 1 to 2000, got '2001'");
  CHECK(setting_error("yaml-depth=5K") == "limit yaml-depth needs a whole number, got '5K'");
  CHECK(setting_error("input-size=-1").starts_with("limit input-size needs a size"));
  CHECK(setting_error("input-size=99999999999G").starts_with("limit input-size needs a size"));  // overflows
}

TEST_CASE("limits: csv-row lowered makes a long row fail at its line, chunked, quoted and mapped") {
  auto dir = scratch("limit-csv-row");
  const auto small = (dir / "calls.csv").string();
  write_file(small, csv_with_long_row(300));
  CHECK(import_with(small, "csv-row=300") == "");
  const std::string message = "row longer than the limit of 299 bytes (raise it with --limit csv-row=BYTES)";
  CHECK(import_with(small, "csv-row=299") == small + ":3: " + message);

  // In memory with a tiny chunk (the buffer grows up to the limit), and a long quoted field.
  const std::string text = csv_with_long_row(300);
  CsvReader chunked("calls.csv", text, 16, 299);
  CHECK(chunked.next());
  CHECK(chunked.next());
  CHECK(import_error([&] { (void)chunked.next(); }) == "calls.csv:3: " + message);
  const std::string quoted = "a,b\n1,\"" + std::string(200, 'q') + "\n" + std::string(200, 'q') + "\"\n";
  for (std::size_t chunk : {std::size_t{16}, CsvReader::kDefaultChunkBytes}) {
    CAPTURE(chunk);
    CsvReader q("q.csv", quoted, chunk, 300);
    CHECK(q.next());
    CHECK(import_error([&] { (void)q.next(); }) ==
          "q.csv:2: row longer than the limit of 300 bytes (raise it with --limit csv-row=BYTES)");
  }

  // A file large enough to be mapped: the long row comes after a megabyte of short ones.
  std::string big = "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n";
  std::size_t line = 1;
  while (big.size() < CsvReader::kMapBytes + 4096) {
    big += "1,t" + std::to_string(line) + ",0,USER,http,home,front,5\n";
    ++line;
  }
  big += "2,tz,0,USER,http," + std::string(5000, 'y') + ",front,5\n";
  const auto mapped = (dir / "big.csv").string();
  write_file(mapped, big);
  CHECK(import_with(mapped, "csv-row=5K") == "");
  CHECK(import_with(mapped, "csv-row=4K") == mapped + ":" + std::to_string(line + 1) +
                                                 ": row longer than the limit of 4 KiB (raise it with --limit "
                                                 "csv-row=BYTES)");
}

TEST_CASE("limits: yaml-depth lowered makes a manifest fail at the first collection too deep") {
  auto dir = scratch("limit-yaml-depth");
  const auto k8s = (dir / "svc.yaml").string();
  // Depth: the document's mapping 1, spec 2, ports 3, the port's mapping 4 (line 7, column 5).
  write_file(k8s, "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: 80\n"
                  "  selector: {app: a}\n");
  CHECK(import_with(k8s, "yaml-depth=4") == "");
  CHECK(import_with(k8s, "yaml-depth=3") == k8s + ":7:7: yaml nesting too deep: more than the limit of 3 levels "
                                                  "(raise it with --limit yaml-depth=LEVELS)");
  const auto compose = test::corpus_path("compose-deathstarbench-social.yml");
  const auto error = import_with(compose, "yaml-depth=2");
  CHECK(error.starts_with(compose + ":"));
  CHECK(error.ends_with("yaml nesting too deep: more than the limit of 2 levels (raise it with --limit "
                        "yaml-depth=LEVELS)"));
  CHECK(one_line(error));
  CHECK(import_with(compose, "yaml-depth=2000") == "");
  // A document yaml-cpp would loop on (jbeder/yaml-cpp#1040) ends the depth pass too.
  const auto stuck = (dir / "docker-compose.yml").string();
  write_file(stuck, "services:\n  a:\n    image: x\n---\n,\n");
  CHECK(import_with(stuck, "yaml-depth=5").starts_with(stuck + ":"));
}
