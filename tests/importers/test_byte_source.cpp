// Tests of the compressed byte streams: content detection, gzip (one and several members,
// padding), zstd (several frames), the read-ahead thread, truncated and corrupt streams, the
// decompressed-size limit and cancellation.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>

#include "importers/byte_source.hpp"
#include "importers/import_error.hpp"
#include "compression_support.hpp"
#include "support/test_support.hpp"

using namespace nanoscope;
using importers::ByteSource;
using importers::CompressionKind;
using importers::StreamOptions;

namespace {

// Text that compresses well but not trivially: numbered CSV-like lines.
std::string sample_text(int lines) {
  std::string s = "timestamp,traceid,rpcid,um,rpctype,interface,dm,rt\n";
  for (int i = 0; i < lines; ++i)
    s += std::to_string(1000 + i) + ",T_" + std::to_string(i / 7) + ",0." + std::to_string(i % 7) + ",MS_" +
         std::to_string(i % 13) + ",rpc,op" + std::to_string(i % 5) + ",MS_" + std::to_string(i % 17) + "," +
         std::to_string(i % 29) + "\n";
  return s;
}

// Everything the stream gives, read `step` bytes at a time.
std::string drain(ByteSource& source, std::size_t step = 4096) {
  std::string out, chunk(step, '\0');
  while (const std::size_t n = source.read(chunk.data(), chunk.size())) out.append(chunk.data(), n);
  return out;
}

std::string decode(const std::string& bytes, StreamOptions options = {}, std::size_t step = 4096) {
  auto stream = importers::open_memory_stream("in.bin", bytes, options);
  return drain(*stream, step);
}

std::string error_of(const std::string& bytes, StreamOptions options = {}) {
  try {
    (void)decode(bytes, options);
  } catch (const importers::ImportError& e) {
    return e.what();
  }
  return "";
}

// Hands out its bytes 1 to 5 at a time, so every header and trailer is split across reads.
class TrickleSource final : public ByteSource {
 public:
  explicit TrickleSource(std::string bytes) : ByteSource("trickle.gz"), bytes_(std::move(bytes)) {}
  std::size_t read(char* out, std::size_t size) override {
    const std::size_t n = std::min({size, bytes_.size() - pos_, std::size_t{1} + pos_ % 5});
    std::copy_n(bytes_.data() + pos_, n, out);
    pos_ += n;
    return n;
  }
  [[nodiscard]] std::uint64_t raw_bytes_read() const override { return pos_; }

 private:
  std::string bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

TEST_CASE("gzip and zstd decode when their input arrives a few bytes at a time") {
  const std::string a = sample_text(200), b = sample_text(31);
  StreamOptions options;
  options.background = false;
  auto gz = importers::decode_stream(std::make_unique<TrickleSource>(test::gzip_bytes(a) + test::gzip_bytes(b)), options);
  CHECK(drain(*gz, 3) == a + b);
  auto zst = importers::decode_stream(std::make_unique<TrickleSource>(test::zstd_bytes(a) + test::zstd_bytes(b)), options);
  CHECK(drain(*zst) == a + b);
  std::string bad_crc = test::gzip_bytes(a);
  bad_crc[bad_crc.size() - 8] = static_cast<char>(bad_crc[bad_crc.size() - 8] ^ 1);
  auto bad = importers::decode_stream(std::make_unique<TrickleSource>(bad_crc), options);
  CHECK_THROWS_WITH_AS((void)drain(*bad), doctest::Contains("the CRC-32 in the trailer does not match"),
                       importers::ImportError);
}

TEST_CASE("compression is detected by content, a tar by ustar at offset 257") {
  const std::string text = sample_text(10);
  CHECK(importers::detect_compression(text) == CompressionKind::None);
  CHECK(importers::detect_compression(test::gzip_bytes(text)) == CompressionKind::Gzip);
  CHECK(importers::detect_compression(test::zstd_bytes(text)) == CompressionKind::Zstd);
  CHECK(importers::detect_compression("\x1f") == CompressionKind::None);
  CHECK(importers::looks_like_tar(test::tar_bytes({{"a.csv", text}})));
  CHECK_FALSE(importers::looks_like_tar(text));
  CHECK_FALSE(importers::looks_like_tar(test::gzip_bytes(test::tar_bytes({{"a.csv", text}}))));
}

TEST_CASE("gzip and zstd decode to the original bytes at any read size, with or without the read-ahead thread") {
  const std::string text = sample_text(50000);  // several MiB: more than one read-ahead block
  for (bool background : {false, true}) {
    StreamOptions options;
    options.background = background;
    for (std::size_t step : {std::size_t{1} << 20, std::size_t{7}}) {
      if (step == 7 && background) continue;  // byte-at-a-time is slow and adds nothing there
      CHECK(decode(test::gzip_bytes(text), options, step) == text);
      CHECK(decode(test::zstd_bytes(text), options, step) == text);
    }
    CHECK(decode(text, options) == text);  // plain bytes pass through
  }
}

TEST_CASE("several gzip members and several zstd frames are one stream; zero padding after gzip is ignored") {
  const std::string a = sample_text(300), b = sample_text(77), c = "last line\n";
  CHECK(decode(test::gzip_bytes(a) + test::gzip_bytes(b) + test::gzip_bytes(c)) == a + b + c);
  CHECK(decode(test::gzip_bytes(a) + std::string(1024, '\0')) == a);
  CHECK(decode(test::zstd_bytes(a) + test::zstd_bytes(b) + test::zstd_bytes(c)) == a + b + c);
  CHECK(decode(test::gzip_bytes("")) == "");
}

TEST_CASE("a truncated or corrupt stream is a one-line error naming the input and the compressed byte") {
  const std::string text = sample_text(20000);
  const std::string gz = test::gzip_bytes(text), zst = test::zstd_bytes(text);
  const std::string cut_gz = error_of(gz.substr(0, gz.size() / 2));
  CHECK(cut_gz.rfind("in.bin: byte ", 0) == 0);
  CHECK(cut_gz.find("truncated gzip stream") != std::string::npos);
  CHECK(error_of(gz.substr(0, gz.size() - 4)).find("truncated gzip stream") != std::string::npos);  // trailer cut
  CHECK(error_of(zst.substr(0, zst.size() / 2)).find("truncated zstd stream") != std::string::npos);
  CHECK(error_of(zst.substr(0, zst.size() - 1)).find("truncated zstd stream") != std::string::npos);

  std::string bad = gz;
  for (std::size_t i = bad.size() / 3; i < bad.size() / 3 + 64; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
  const std::string corrupt = error_of(bad);
  CHECK(corrupt.rfind("in.bin: byte ", 0) == 0);
  CHECK(corrupt.find("corrupt gzip data") != std::string::npos);
  std::string bad_zst = zst;
  for (std::size_t i = bad_zst.size() / 3; i < bad_zst.size() / 3 + 64; ++i) bad_zst[i] = static_cast<char>(~bad_zst[i]);
  CHECK(error_of(bad_zst).find("corrupt zstd data") != std::string::npos);
  CHECK(error_of(gz + "garbage").find("unexpected bytes after the end of the gzip stream") != std::string::npos);
  CHECK(cut_gz.find('\n') == std::string::npos);
}

TEST_CASE("a decompression bomb stops at the size limit with the limit's name") {
  const std::string zeros(std::size_t{64} << 20, '\0');
  const std::string bomb = test::gzip_bytes(zeros, 9);
  CHECK(bomb.size() < (std::size_t{1} << 20));
  for (bool background : {false, true}) {
    StreamOptions options;
    options.max_bytes = std::uint64_t{1} << 20;
    options.background = background;
    CHECK(error_of(bomb, options) ==
          "in.bin: decompressed size is more than the limit of 1 MiB (raise it with --limit input-size=BYTES)");
    CHECK(error_of(test::zstd_bytes(zeros), options).find("more than the limit of 1 MiB") != std::string::npos);
  }
  StreamOptions exact;
  exact.max_bytes = zeros.size();
  CHECK(decode(bomb, exact).size() == zeros.size());  // exactly at the limit is allowed
}

TEST_CASE("a cancelled token stops a compressed file being read, on the read-ahead thread too") {
  const auto dir = test::fresh_temp_dir("byte-source-cancel");
  const auto path = (dir / "big.csv.gz").string();
  test::write_bytes(path, test::gzip_bytes(sample_text(200000)));
  for (bool background : {false, true}) {
    StreamOptions options;
    options.cancel = model::CancelToken::make();
    options.background = background;
    auto stream = importers::open_file_stream(path, options);
    char buf[4096];
    CHECK(stream->read(buf, sizeof buf) == sizeof buf);
    options.cancel.request();
    CHECK_THROWS_AS((void)drain(*stream), model::Cancelled);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("a compressed file names itself in errors and counts compressed bytes read") {
  const auto dir = test::fresh_temp_dir("byte-source-file");
  const auto path = (dir / "calls.csv.zst").string();
  const std::string text = sample_text(1000), packed = test::zstd_bytes(text);
  test::write_bytes(path, packed);
  CHECK(importers::file_compression(path) == CompressionKind::Zstd);
  auto stream = importers::open_file_stream(path);
  CHECK(stream->name() == path);
  CHECK(drain(*stream) == text);
  CHECK(stream->raw_bytes_read() == packed.size());
  test::write_bytes(path, packed.substr(0, packed.size() - 3));
  try {
    auto cut = importers::open_file_stream(path);
    (void)drain(*cut);
    FAIL("no error");
  } catch (const importers::ImportError& e) {
    CHECK(e.file() == path);
    CHECK(e.message() == "truncated zstd stream (it ends inside a frame)");
  }
  std::filesystem::remove_all(dir);
}
