// gzip streams decoded with zlib's inflate, member after member (`cat a.gz b.gz` is one valid
// stream, as gzip -d reads it); zero bytes after the last member (tar padding) are ignored.
// A stream that ends inside a member is "truncated"; inflate's data errors are "corrupt".
// inflate's own CRC-32 is switched off (inflateValidate) and each member's trailer is checked
// here with libdeflate's CRC-32, several times faster than zlib's (docs/performance.md).
// Whole-buffer reads of a gzip file use libdeflate instead (gunzip_whole), which decodes a
// member in one call about twice as fast but cannot stream.
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "importers/decoders.hpp"
#include "importers/import_error.hpp"

namespace nanoscope::importers::detail {
namespace {

constexpr std::size_t kInputBytes = std::size_t{256} << 10;
constexpr std::size_t kTrailerBytes = 8;

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> in) : ByteSource(in->name()), in_(std::move(in)), buf_(kInputBytes) {
    if (inflateInit2(&zs_, 15 + 16) != Z_OK) throw ImportError(name(), {}, "cannot start the gzip decoder");
    inflateValidate(&zs_, 0);  // the trailer is checked in end_member()
  }
  ~GzipSource() override { inflateEnd(&zs_); }

  std::size_t read(char* out, std::size_t size) override {
    deferred_.rethrow_pending();
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    // zlib counts in uInt: ask for at most 1 GiB per call.
    zs_.avail_out = static_cast<uInt>(std::min<std::size_t>(size, std::size_t{1} << 30));
    const uInt asked = zs_.avail_out;
    try {
      decode();
    } catch (...) {
      if (!deferred_.defer(asked - zs_.avail_out)) throw;
    }
    return asked - zs_.avail_out;
  }
  [[nodiscard]] std::uint64_t raw_bytes_read() const override { return in_->raw_bytes_read(); }

 private:
  // Inflates into next_out/avail_out until it is full or the stream ends.
  void decode() {
    while (zs_.avail_out > 0 && !ended_) {
      if (zs_.avail_in == 0 && !refill()) {
        if (between_members_) {
          ended_ = true;
          break;
        }
        fail_stream(*this, offset(), "truncated gzip stream (it ends inside a member)");
      }
      if (between_members_) {
        start_next_member();
        continue;
      }
      const Bytef* const before = zs_.next_out;
      const int ret = inflate(&zs_, Z_NO_FLUSH);
      const auto produced = static_cast<std::size_t>(zs_.next_out - before);
      crc_ = libdeflate_crc32(crc_, before, produced);
      member_bytes_ += produced;
      if (ret == Z_STREAM_END) {
        end_member();
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
        fail_stream(*this, offset(), std::string("corrupt gzip data: ") + (zs_.msg ? zs_.msg : "inflate failed"));
      }
    }
  }

  [[nodiscard]] std::uint64_t offset() const { return fed_ - zs_.avail_in; }

  bool refill() {
    // The buffer was used up: keep its last bytes, where a member's trailer may begin.
    const std::size_t used = static_cast<std::size_t>(zs_.next_in - reinterpret_cast<const Bytef*>(buf_.data()));
    if (zs_.next_in && used > 0) {
      const std::size_t keep = std::min<std::size_t>(used, kTrailerBytes);
      std::memmove(history_, history_ + keep, kTrailerBytes - keep);
      std::memcpy(history_ + kTrailerBytes - keep, buf_.data() + used - keep, keep);
    }
    const std::size_t n = in_->read(buf_.data(), buf_.size());
    zs_.next_in = reinterpret_cast<Bytef*>(buf_.data());
    zs_.avail_in = static_cast<uInt>(n);
    fed_ += n;
    return n > 0;
  }

  // The member's trailer (the 8 bytes inflate consumed last: CRC-32 and size, little-endian)
  // against what came out.
  void end_member() {
    unsigned char trailer[kTrailerBytes];
    const std::size_t here = static_cast<std::size_t>(zs_.next_in - reinterpret_cast<const Bytef*>(buf_.data()));
    const std::size_t from_buffer = std::min(here, kTrailerBytes);
    std::memcpy(trailer, history_ + from_buffer, kTrailerBytes - from_buffer);
    std::memcpy(trailer + kTrailerBytes - from_buffer, buf_.data() + here - from_buffer, from_buffer);
    auto le32 = [&](int at) {
      return static_cast<std::uint32_t>(trailer[at]) | static_cast<std::uint32_t>(trailer[at + 1]) << 8 |
             static_cast<std::uint32_t>(trailer[at + 2]) << 16 | static_cast<std::uint32_t>(trailer[at + 3]) << 24;
    };
    if (le32(0) != crc_) fail_stream(*this, offset(), "corrupt gzip data: the CRC-32 in the trailer does not match");
    if (le32(4) != static_cast<std::uint32_t>(member_bytes_))
      fail_stream(*this, offset(), "corrupt gzip data: the size in the trailer does not match");
    crc_ = 0;
    member_bytes_ = 0;
    between_members_ = true;
  }

  // After a member: zero padding is skipped; another member starts with 1f 8b; anything else
  // is not gzip data.
  void start_next_member() {
    while (zs_.avail_in > 0 && *zs_.next_in == 0) {
      ++zs_.next_in;
      --zs_.avail_in;
      padding_ = true;
    }
    if (zs_.avail_in == 0) return;
    if (*zs_.next_in != 0x1f || padding_)
      fail_stream(*this, offset(), "unexpected bytes after the end of the gzip stream");
    inflateReset(&zs_);
    between_members_ = false;
  }

  std::unique_ptr<ByteSource> in_;
  std::vector<char> buf_;
  z_stream zs_{};
  DeferredError deferred_;
  std::uint64_t fed_ = 0;  // compressed bytes handed to zlib so far
  unsigned char history_[kTrailerBytes] = {};  // the last bytes of the buffers used up before
  std::uint32_t crc_ = 0;                       // of the current member's output so far
  std::uint64_t member_bytes_ = 0;
  bool between_members_ = false;
  bool padding_ = false;  // zero bytes seen after a member: only more zeros may follow
  bool ended_ = false;
};

struct DecompressorGuard {
  libdeflate_decompressor* d;
  ~DecompressorGuard() { libdeflate_free_decompressor(d); }
};

}  // namespace

std::optional<std::size_t> gunzip_whole(std::string_view compressed, LargeBuffer& out, std::size_t padding,
                                        std::uint64_t cap) {
  if (compressed.size() < 18) return std::nullopt;
  // The last member's trailer holds its size modulo 2^32: right for the usual single member.
  std::uint32_t isize = 0;
  for (int i = 0; i < 4; ++i)
    isize |= static_cast<std::uint32_t>(static_cast<unsigned char>(compressed[compressed.size() - 4 + i])) << (8 * i);
  std::uint64_t capacity = isize > 0 && isize <= cap ? isize : std::min<std::uint64_t>(cap, compressed.size() * 4);
  DecompressorGuard guard{libdeflate_alloc_decompressor()};
  if (!guard.d) return std::nullopt;
  out = LargeBuffer(static_cast<std::size_t>(capacity) + padding);
  std::size_t pos = 0, got = 0;
  while (pos < compressed.size()) {
    if (compressed[pos] == 0) {  // zero padding after the last member
      if (compressed.find_first_not_of('\0', pos) != std::string_view::npos) return std::nullopt;
      break;
    }
    std::size_t in_used = 0, out_used = 0;
    const auto result = libdeflate_gzip_decompress_ex(guard.d, compressed.data() + pos, compressed.size() - pos,
                                                      out.data() + got, static_cast<std::size_t>(capacity) - got,
                                                      &in_used, &out_used);
    if (result == LIBDEFLATE_INSUFFICIENT_SPACE) {  // grow and decode this member again
      if (capacity >= cap) return std::nullopt;
      capacity = std::min<std::uint64_t>(cap, std::max<std::uint64_t>(capacity * 2, 1 << 16));
      LargeBuffer bigger(static_cast<std::size_t>(capacity) + padding);
      std::memcpy(bigger.data(), out.data(), got);
      out = std::move(bigger);
      continue;
    }
    if (result != LIBDEFLATE_SUCCESS) return std::nullopt;
    pos += in_used;
    got += out_used;
  }
  return got;
}

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<GzipSource>(std::move(compressed));
}

}  // namespace nanoscope::importers::detail
