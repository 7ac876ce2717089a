// The stream filters behind byte_source.hpp: one factory per decoder or wrapper, each taking
// ownership of the stream it reads. Private to the importers library.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "importers/byte_source.hpp"
#include "importers/large_buffer.hpp"

namespace nanoscope::importers::detail {

/// The bytes of a gzip stream (one or more members, as gzip -d reads them; zero padding after
/// the last member is ignored) decoded with zlib's inflate.
[[nodiscard]] std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed);
/// Decodes the whole gzip stream `compressed` (every member) with libdeflate, about twice as
/// fast as inflate (docs/performance.md, "Compressed inputs"), into `out`, which is grown as
/// needed with `padding` zero bytes kept after the content; returns the decoded size. nullopt
/// when libdeflate cannot (damaged or truncated data, or more than `cap` bytes): the streaming
/// decoder then says exactly why.
[[nodiscard]] std::optional<std::size_t> gunzip_whole(std::string_view compressed, LargeBuffer& out,
                                                      std::size_t padding, std::uint64_t cap);
/// The bytes of a zstd stream (one or more frames) decoded with libzstd's streaming API.
[[nodiscard]] std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<ByteSource> compressed);
/// `inner` read ahead on a worker thread, a few blocks at a time (prefetch_source.cpp);
/// `cancel` is checked before every block the caller takes.
[[nodiscard]] std::unique_ptr<ByteSource> make_background_source(std::unique_ptr<ByteSource> inner,
                                                                 model::CancelToken cancel);
/// `head` (bytes already taken from `rest`) followed by the rest of `rest`.
[[nodiscard]] std::unique_ptr<ByteSource> make_replay_source(std::string head, std::unique_ptr<ByteSource> rest);
/// `inner`, failing with an ImportError once more than `max_bytes` (> 0) came out of it.
[[nodiscard]] std::unique_ptr<ByteSource> make_limited_source(std::unique_ptr<ByteSource> inner, std::uint64_t max_bytes);
/// The file `path`, read with read(2); `cancel` is checked before every read.
[[nodiscard]] std::unique_ptr<ByteSource> make_file_source(const std::string& path, model::CancelToken cancel);

/// Lets a decoder hand out the bytes it produced before an error and raise the error on the
/// next read, so that the error surfaces at its place in the stream (an archive then names the
/// member the damage is in, not the one being read when a large read-ahead began).
class DeferredError {
 public:
  /// Rethrows an error deferred by the previous read.
  void rethrow_pending() {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }
  /// In a catch block: keeps the current exception for the next read when `produced` > 0.
  bool defer(std::size_t produced) {
    if (produced == 0) return false;
    error_ = std::current_exception();
    return true;
  }

 private:
  std::exception_ptr error_;
};

/// Throws the ImportError for a stream that ended early or is damaged, at compressed byte
/// `offset` of `source`'s file.
[[noreturn]] void fail_stream(const ByteSource& source, std::uint64_t offset, const std::string& message);

}  // namespace nanoscope::importers::detail
