// A whole input file in memory, padded for simdjson, with byte-offset -> line/column mapping
// for error messages. Large files are mapped from the page cache (detail::FileMapping: no
// zero-fill, no copy); small ones, and files that cannot be mapped, are read(2) straight into
// a buffer (detail::LargeBuffer), never zero-filled and copied through a std::string first.
// Compressed files (gzip, zstd: byte_source.hpp) are decompressed into the buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "importers/byte_source.hpp"
#include "importers/import_error.hpp"
#include "importers/interrupt_cleanup.hpp"
#include "importers/large_buffer.hpp"

namespace nanoscope::importers {

/// Bytes of one input file. The buffer has at least kPadding zero bytes after the end.
class InputFile {
 public:
  static constexpr std::size_t kPadding = 64;
  /// Files at least this large are mapped rather than read.
  static constexpr std::size_t kMapBytes = std::size_t{1} << 20;

  InputFile() = default;
  InputFile(InputFile&&) noexcept = default;
  InputFile& operator=(InputFile&&) noexcept = default;
  /// A copy holds its own bytes (in a buffer, even when the original is mapped).
  InputFile(const InputFile& other);
  InputFile& operator=(const InputFile& other);
  ~InputFile() = default;

  /// Reads `path` whole; throws ImportError if it cannot be read or is not a regular file.
  /// A gzip or zstd file (by content) is decompressed into the buffer; a decompressed size
  /// over `max_bytes` (0: no limit but half the machine's memory) is an ImportError.
  [[nodiscard]] static InputFile read(const std::string& path, std::uint64_t max_bytes = 0);
  /// Reads `source` to its end into a buffer, named source.name(); `size_hint` (0: unknown)
  /// sizes the first allocation. More than `max_bytes` (0 as in read()) is an ImportError.
  [[nodiscard]] static InputFile read_stream(ByteSource& source, std::uint64_t max_bytes = 0,
                                             std::uint64_t size_hint = 0);
  /// An in-memory input (tests, stdin); `name` is used in messages.
  [[nodiscard]] static InputFile from_string(std::string name, std::string_view text);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string_view text() const { return {data_, size_}; }
  [[nodiscard]] const char* data() const { return data_; }
  [[nodiscard]] std::size_t size() const { return size_; }
  /// Capacity including padding (what simdjson::padded_string_view wants).
  [[nodiscard]] std::size_t capacity() const { return capacity_; }

  /// Line and column (1-based) of a byte offset, plus the offset itself.
  [[nodiscard]] SourcePosition position_of(std::uint64_t byte_offset) const;
  /// Throws ImportError at `byte_offset` with `message`.
  [[noreturn]] void fail_at(std::uint64_t byte_offset, const std::string& message) const;
  /// Throws ImportError at a line (1-based) with `message`.
  [[noreturn]] void fail_at_line(std::uint64_t line, const std::string& message) const;

 private:
  std::string path_;
  // data_ points into mapping_ or buffer_: size_ bytes of content, then zero bytes up to capacity_.
  detail::FileMapping mapping_;
  MappedInputGuard mapping_name_;  // names the file in the SIGBUS message if it is truncated while mapped
  detail::LargeBuffer buffer_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace nanoscope::importers
