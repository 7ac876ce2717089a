// Hostile call-graph CSV: an over-long row (both the chunked and the mapped reader), NUL
// bytes, invalid UTF-8, a byte-order mark, CRLF, and overflowing numbers.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "hardening/hostile_support.hpp"
#include "importers/csv_reader.hpp"
#include "importers/formats.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using namespace nanoscope::test::hostile;
using importers::detail::CsvReader;

namespace {

/// Header and the first rows of the DeathStarBench call-graph corpus file.
std::string sample_rows(std::size_t rows) {
  std::istringstream in(test::read_text(test::corpus_path("csv-deathstarbench-social-callgraph.csv")));
  std::string line, out;
  for (std::size_t i = 0; i <= rows && std::getline(in, line); ++i) out += line + "\n";
  return out;
}

struct Outcome {
  std::string error;
  model::CallGraph graph;
  std::uint64_t rows = 0;
};

Outcome import_csv(const fs::path& path) {
  Outcome o;
  importers::GraphBuilder b;
  b.set_source(path.string());
  o.error = import_error([&] { o.rows = importers::import_callgraph_csv(path.string(), b); });
  if (o.error.empty()) o.graph = b.finish();
  return o;
}

std::string replace_first(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("hostile csv: a row longer than the limit is an error, in memory and from a mapped file") {
  const std::size_t too_long = CsvReader::kMaxRowBytes + 1024;
  const std::string row = "a,b\n" + std::string(too_long, 'x') + ",1\n";
  CsvReader memory("long.csv", row);
  CHECK(memory.next());
  const std::string message = "row longer than the limit of 64 MiB (raise it with --limit csv-row=BYTES)";
  CHECK(import_error([&] { (void)memory.next(); }) == "long.csv:2: " + message);
  auto dir = scratch("csv-long");
  write_file(dir / "long.csv", row);  // large enough to be mapped, not read in chunks
  CsvReader mapped((dir / "long.csv").string());
  CHECK(mapped.next());
  CHECK(import_error([&] { (void)mapped.next(); }) == (dir / "long.csv").string() + ":2: " + message);
}

TEST_CASE("hostile csv: NUL bytes and invalid UTF-8 are errors at line and column") {
  auto dir = scratch("csv-bytes");
  const std::string rows = sample_rows(4);
  write_file(dir / "nul.csv", replace_first(rows, "user-mention-service", std::string("user\0mention", 12)));
  auto nul = import_csv(dir / "nul.csv");
  CHECK(nul.error.starts_with((dir / "nul.csv").string() + ":2:"));
  CHECK(nul.error.ends_with("NUL byte in text (is this a binary file?)"));
  write_file(dir / "bad.csv", replace_first(rows, "compose_user_mentions_memcached_get_client", "\xFF\xFE"));
  auto bad = import_csv(dir / "bad.csv");
  CHECK(bad.error.starts_with((dir / "bad.csv").string() + ":2:"));
  CHECK(bad.error.ends_with("invalid UTF-8 (the input must be UTF-8 text)"));
  // Well-formed multi-byte names are fine.
  write_file(dir / "utf8.csv", replace_first(rows, "compose_user_mentions_memcached_get_client", "caf\xC3\xA9_\xE2\x82\xAC"));
  CHECK(import_csv(dir / "utf8.csv").error == "");
}

TEST_CASE("hostile csv: a byte-order mark and CRLF line endings give the same graph as plain LF") {
  auto dir = scratch("csv-crlf");
  const std::string rows = sample_rows(6);
  std::string crlf;
  for (char ch : rows) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  write_file(dir / "plain.csv", rows);
  write_file(dir / "crlf.csv", crlf);
  write_file(dir / "bom.csv", "\xEF\xBB\xBF" + crlf);
  auto plain = import_csv(dir / "plain.csv");
  REQUIRE(plain.error == "");
  for (const char* name : {"crlf.csv", "bom.csv"}) {
    CAPTURE(name);
    auto other = import_csv(dir / name);
    CHECK(other.error == "");
    CHECK(other.rows == plain.rows);
    CHECK(other.graph.service_count() == plain.graph.service_count());
    CHECK(other.graph.edge_count() == plain.graph.edge_count());
  }
}

TEST_CASE("hostile csv: durations that overflow do not crash and keep the row count") {
  auto dir = scratch("csv-numbers");
  std::string rows = sample_rows(2);
  rows = replace_first(rows, ",757,518\n", ",9223372036854775808,-5\n");
  write_file(dir / "big.csv", rows);
  auto big = import_csv(dir / "big.csv");
  CHECK(big.error == "");
  CHECK(big.rows == 2);
}
