// Compressed inputs: a sequential byte stream (ByteSource) over a plain file, a gzip or zstd
// stream, or one member of a tar archive, and the content detection that chooses between them.
//
// \file Decisions:
// * Detection is by content, never by name: gzip by 1f 8b, zstd by 28 b5 2f fd, a tar archive
//   by "ustar" at offset 257 of the (decompressed) stream. A member's own format is detected by
//   content afterwards, like a file's (formats.hpp).
// * Decoders are filters over another ByteSource (decompress_gzip.cpp, decompress_zstd.cpp), so
//   a tar.gz is file -> gzip -> tar and a gzip member of a tar is decoded the same way.
// * A compressed stream is decoded on a worker thread (prefetch_source.cpp) when the caller
//   asks, so decompression and parsing overlap; the bytes and errors are the same either way.
// * Every error is an ImportError naming the input (`archive.tar.gz:member.csv` for a member)
//   and, where known, the compressed byte offset; the decompressed size is checked against
//   StreamOptions::max_bytes as it grows, so a decompression bomb stops with a one-line error.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "model/cancellation.hpp"

namespace nanoscope::importers {

/// The compression of a stream, recognised from its first bytes.
enum class CompressionKind { None, Gzip, Zstd };

/// Compression of a stream that starts with `head` (at least 4 bytes for zstd, 2 for gzip).
[[nodiscard]] CompressionKind detect_compression(std::string_view head);
/// Whether decompressed bytes starting with `head` are a tar archive ("ustar" at offset 257).
[[nodiscard]] bool looks_like_tar(std::string_view head);
/// "gzip", "zstd" or "none".
[[nodiscard]] std::string_view to_string(CompressionKind kind);

/// A forward-only stream of bytes. Errors (unreadable, truncated, corrupt, over the limit) are
/// ImportErrors naming name(); cancellation throws model::Cancelled.
class ByteSource {
 public:
  explicit ByteSource(std::string name) : name_(std::move(name)) {}
  virtual ~ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  /// Reads up to `size` bytes into `out`; 0 only at the end of the stream.
  virtual std::size_t read(char* out, std::size_t size) = 0;
  /// Bytes of the underlying file consumed so far (compressed bytes for compressed input).
  [[nodiscard]] virtual std::uint64_t raw_bytes_read() const = 0;
  /// The input's name in messages: a path, or `archive:member`.
  [[nodiscard]] const std::string& name() const { return name_; }

 protected:
  void rename(std::string name) { name_ = std::move(name); }

 private:
  std::string name_;
};

/// How a stream is opened.
struct StreamOptions {
  /// Largest decompressed size in bytes (ImportLimits::max_file_bytes, `--limit input-size`);
  /// 0: no limit. Exceeding it is an ImportError.
  std::uint64_t max_bytes = 0;
  /// Checked before every read from the file.
  model::CancelToken cancel;
  /// Decompress on a worker thread (overlaps with the reader's own work).
  bool background = true;
};

/// Opens the file `path` as its decompressed bytes (gzip and zstd detected by content; a plain
/// file is passed through). A tar archive is not expanded here (see archive_reader.hpp).
[[nodiscard]] std::unique_ptr<ByteSource> open_file_stream(const std::string& path, const StreamOptions& options = {});

/// Decodes `raw` if its first bytes say it is compressed (else returns it unchanged, apart
/// from the bytes it looked at, which are read again). `name` names the result in messages.
[[nodiscard]] std::unique_ptr<ByteSource> decode_stream(std::unique_ptr<ByteSource> raw, const StreamOptions& options);

/// The bytes `bytes` (not copied: they must outlive the stream) as a stream named `name`,
/// decoded like a file's when they are compressed (tests, fuzzing, in-memory inputs).
[[nodiscard]] std::unique_ptr<ByteSource> open_memory_stream(std::string name, std::string_view bytes,
                                                             const StreamOptions& options = {});

/// Reads `source` until `out` holds `size` bytes or the stream ends; returns the bytes read.
std::size_t read_fully(ByteSource& source, char* out, std::size_t size);

/// The compression of the file `path` (its first bytes); throws ImportError if it cannot be read.
[[nodiscard]] CompressionKind file_compression(const std::string& path);

}  // namespace nanoscope::importers
