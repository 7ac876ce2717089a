// Reading a tar archive (plain, gzip- or zstd-compressed) member by member with libarchive:
// regular members are handed out as streams; directories, links and other entries are
// skipped and counted. Members are named `archive.tar.gz:member.csv` in every message.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <string>

#include "importers/byte_source.hpp"

struct archive;

namespace nanoscope::importers {

/// Entries of an archive that are not regular files (not imported, reported).
struct ArchiveSkips {
  std::uint64_t directories = 0;
  std::uint64_t links = 0;  ///< symbolic and hard links
  std::uint64_t other = 0;  ///< devices, FIFOs, sockets
  [[nodiscard]] std::uint64_t total() const { return directories + links + other; }
};

/// A tar archive read forward, one regular member at a time.
class ArchiveReader {
 public:
  /// `tar` is the archive's decompressed bytes (decode_stream / open_file_stream); its name()
  /// is the archive's name in messages.
  explicit ArchiveReader(std::unique_ptr<ByteSource> tar);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  /// Moves to the next regular member, skipping (and counting) other entries; false at the end
  /// of the archive. Throws ImportError for a damaged or truncated archive.
  bool next_member();
  /// The current member's path inside the archive.
  [[nodiscard]] const std::string& member_name() const { return member_; }
  /// The current member's size as its header gives it (uncompressed, as stored in the tar).
  [[nodiscard]] std::uint64_t member_size() const { return member_size_; }
  /// `archive:member`, the current member's name in messages and summaries.
  [[nodiscard]] std::string unit_name() const;
  /// The current member's bytes, decoded when the member is itself gzip or zstd compressed.
  /// Valid until next_member() or the reader's end. A member larger than options.max_bytes
  /// (header or decoded size) is an ImportError.
  [[nodiscard]] std::unique_ptr<ByteSource> open_member(const StreamOptions& options = {});
  /// Entries skipped so far.
  [[nodiscard]] const ArchiveSkips& skipped() const { return skipped_; }
  /// Bytes of the archive file consumed so far (compressed bytes for a compressed archive).
  [[nodiscard]] std::uint64_t raw_bytes_read() const { return tar_->raw_bytes_read(); }
  /// The archive's name (its path).
  [[nodiscard]] const std::string& archive_name() const { return tar_->name(); }

 private:
  friend struct ArchiveAccess;  // libarchive's read callback and the member streams
  std::size_t read_member_data(char* out, std::size_t size);
  // Throws the ImportError for a libarchive failure (or the stream error behind it), naming
  // the current member when there is one.
  [[noreturn]] void fail(const std::string& message);

  std::unique_ptr<ByteSource> tar_;
  struct archive* archive_ = nullptr;
  std::string buffer_;
  std::exception_ptr stream_error_;  // thrown by tar_ inside a libarchive callback
  std::string member_;
  std::uint64_t member_size_ = 0;
  ArchiveSkips skipped_;
};

/// Whether the file `path` holds a tar archive (after gzip or zstd decoding), by content.
[[nodiscard]] bool is_tar_archive(const std::string& path);

/// Opens the file `path` as a tar archive (gzip or zstd decoded on a worker thread).
[[nodiscard]] std::unique_ptr<ArchiveReader> open_archive(const std::string& path, const StreamOptions& options = {});

}  // namespace nanoscope::importers
