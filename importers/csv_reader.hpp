// A streaming CSV row reader: reads a file (or a string) in fixed-size chunks so memory stays
// bounded by the chunk size and the longest row, whatever the file size. Large files are
// mapped instead (no copy) and the pages already read are released as the reader moves on.
// Compressed files and archive members come through a ByteSource (byte_source.hpp), read in
// the same chunks.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "importers/byte_source.hpp"
#include "importers/interrupt_cleanup.hpp"

namespace nanoscope::importers::detail {

/// Splits CSV text into rows of fields. RFC 4180 quoting ("a,b", "say ""hi""", quoted line
/// breaks), CRLF or LF line ends, a leading UTF-8 BOM and blank lines are handled; spaces
/// around unquoted fields are trimmed. Unquoted rows are split with memchr and never copied.
class CsvReader {
 public:
  static constexpr std::size_t kDefaultChunkBytes = std::size_t{1} << 20;
  /// Default row limit (ImportLimits::max_csv_row_bytes, `--limit csv-row`): a longer row is an
  /// error (it would otherwise grow the buffer without bound).
  static constexpr std::size_t kMaxRowBytes = std::size_t{64} << 20;
  /// Files at least this large are mapped rather than read in chunks.
  static constexpr std::size_t kMapBytes = std::size_t{1} << 20;

  /// Opens `path`; throws ImportError if it cannot be read. A row longer than `max_row_bytes`
  /// (at least 1) is an ImportError at its line. A gzip or zstd file (by content) is
  /// decompressed as it is read, its decompressed size limited by `stream.max_bytes`.
  explicit CsvReader(const std::string& path, std::size_t chunk_bytes = kDefaultChunkBytes,
                     std::size_t max_row_bytes = kMaxRowBytes, const StreamOptions& stream = {});
  /// Reads `source` (a decompressed file or archive member); its name() is used in messages.
  explicit CsvReader(std::unique_ptr<ByteSource> source, std::size_t chunk_bytes = kDefaultChunkBytes,
                     std::size_t max_row_bytes = kMaxRowBytes);
  /// Reads `text` in memory (tests); `name` is used in messages.
  CsvReader(std::string name, std::string_view text, std::size_t chunk_bytes = kDefaultChunkBytes,
            std::size_t max_row_bytes = kMaxRowBytes);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  /// Advances to the next non-blank row; false at the end of the input. Throws ImportError
  /// for an unterminated quoted field or an over-long row.
  bool next();
  /// Fields of the current row; valid until the next call to next().
  [[nodiscard]] const std::vector<std::string_view>& fields() const { return fields_; }
  /// Line (1-based) on which the current row starts.
  [[nodiscard]] std::uint64_t line() const { return row_line_; }
  /// Name of the input, as used in messages.
  [[nodiscard]] const std::string& name() const { return name_; }
  /// Throws ImportError at the current row's line.
  [[noreturn]] void fail(const std::string& message) const;
  /// Throws ImportError at the current row's line and the given field's column (1-based byte).
  [[noreturn]] void fail_at_field(std::size_t field, const std::string& message) const;

 private:
  bool fill();
  [[nodiscard]] const char* base() const { return mapped_ ? mapped_ : buf_.data(); }
  void release_read_pages();
  int parse_quoted_row(const char* begin, const char* end);
  const char* scan_row(const char* p, const char* e, bool& quoted);
  void split_plain(const char* begin, const char* end);
  void check_text(const char* begin, const char* end) const;
  void check_row_length(std::size_t bytes, std::uint64_t line);

  std::string name_;
  std::size_t max_row_bytes_ = kMaxRowBytes;
  std::FILE* file_ = nullptr;
  std::unique_ptr<ByteSource> source_;  // a compressed file or an archive member
  std::string_view memory_;   // the whole input when reading from a string
  std::size_t memory_pos_ = 0;
  std::vector<char> buf_;
  const char* mapped_ = nullptr;  // the whole file when mapped (then buf_ is unused)
  std::size_t mapped_size_ = 0;
  MappedInputGuard mapped_name_;  // names the file in the SIGBUS message if it is truncated
  std::size_t released_ = 0;      // mapped bytes before this were given back to the kernel
  std::size_t begin_ = 0;     // first unconsumed byte in buf_
  std::size_t end_ = 0;       // one past the last byte read into buf_
  bool eof_ = false;
  bool started_ = false;      // BOM checked
  std::vector<std::string_view> fields_;
  std::vector<const char*> commas_;  // of the row scan_row() looked at last
  bool row_ascii_ = false;           // scan_row() saw only non-NUL ASCII bytes
  const char* row_begin_ = nullptr;  // start of the current row in buf_ (for columns)
  const char* row_end_ = nullptr;
  std::string scratch_;       // unescaped quoted fields of the current row
  std::vector<std::pair<std::size_t, std::size_t>> scratch_fields_;
  std::uint64_t row_line_ = 0;
  std::uint64_t next_line_ = 1;
};

}  // namespace nanoscope::importers::detail
