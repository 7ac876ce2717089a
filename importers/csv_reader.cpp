// Streaming CSV reader: chunked reads, memchr splitting of plain rows, a slower quoted path.
#include "importers/csv_reader.hpp"

#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "importers/import_error.hpp"
#include "importers/import_limits.hpp"
#include "importers/text_checks.hpp"

namespace nanoscope::importers::detail {
namespace {

constexpr std::size_t kMinChunkBytes = 4;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trimmed(const char* begin, const char* end) {
  while (begin < end && is_blank(*begin)) ++begin;
  while (end > begin && is_blank(end[-1])) --end;
  return {begin, static_cast<std::size_t>(end - begin)};
}

}  // namespace

CsvReader::CsvReader(const std::string& path, std::size_t chunk_bytes, std::size_t max_row_bytes,
                     const StreamOptions& stream)
    : name_(path), max_row_bytes_(std::max<std::size_t>(max_row_bytes, 1)) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw ImportError(path, {}, std::string("cannot open: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw ImportError(path, {}, "is a directory");
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw ImportError(path, {}, std::string("cannot open: ") + std::strerror(errno));
  char magic[4] = {};
  const std::size_t magic_bytes = std::fread(magic, 1, sizeof magic, file_);
  std::rewind(file_);
  if (detect_compression({magic, magic_bytes}) != CompressionKind::None) {
    std::fclose(file_);
    file_ = nullptr;
    source_ = open_file_stream(path, stream);
    buf_.resize(std::max(chunk_bytes, kMinChunkBytes));
    return;
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (S_ISREG(st.st_mode) && size >= kMapBytes) {
    // Pages come straight from the page cache: no copy into a buffer. (A file truncated by
    // another process while it is read makes reads past its new end fault: the SIGBUS
    // handler names the file registered here.)
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, ::fileno(file_), 0);
    if (p != MAP_FAILED) {
      ::madvise(p, size, MADV_SEQUENTIAL);
      mapped_ = static_cast<const char*>(p);
      mapped_size_ = size;
      mapped_name_ = MappedInputGuard(p, size, path);
      end_ = size;
      eof_ = true;  // everything is there already
      return;
    }
  }
  buf_.resize(std::max(chunk_bytes, kMinChunkBytes));
}

CsvReader::CsvReader(std::unique_ptr<ByteSource> source, std::size_t chunk_bytes, std::size_t max_row_bytes)
    : name_(source->name()), max_row_bytes_(std::max<std::size_t>(max_row_bytes, 1)), source_(std::move(source)) {
  buf_.resize(std::max(chunk_bytes, kMinChunkBytes));
}

CsvReader::CsvReader(std::string name, std::string_view text, std::size_t chunk_bytes, std::size_t max_row_bytes)
    : name_(std::move(name)), max_row_bytes_(std::max<std::size_t>(max_row_bytes, 1)), memory_(text) {
  buf_.resize(std::max(chunk_bytes, kMinChunkBytes));
}

CsvReader::~CsvReader() {
  if (mapped_) ::munmap(const_cast<char*>(mapped_), mapped_size_);
  if (file_) std::fclose(file_);
}

// Gives the mapped pages before the current row back (they are in the page cache still), so
// the resident memory of a mapped file stays bounded as it does with chunked reads.
void CsvReader::release_read_pages() {
  constexpr std::size_t kStep = std::size_t{8} << 20;
  const std::size_t page = 4096;
  const std::size_t upto = begin_ / page * page;
  if (upto < released_ + kStep) return;
  ::madvise(const_cast<char*>(mapped_) + released_, upto - released_, MADV_DONTNEED);
  released_ = upto;
}

// A NUL byte or malformed UTF-8 in a row is an error at its line and column, never a name.
void CsvReader::check_text(const char* begin, const char* end) const {
  const TextCheck check = find_bad_text({begin, static_cast<std::size_t>(end - begin)});
  if (check.problem == TextProblem::None) return;
  SourcePosition position;
  position.line = row_line_;
  position.column = check.offset + 1;
  throw ImportError(name_, position, describe(check.problem));
}

// A row (or the part of it read so far) longer than the limit is an error at its first line.
void CsvReader::check_row_length(std::size_t bytes, std::uint64_t line) {
  if (bytes <= max_row_bytes_) return;
  row_line_ = line;
  fail("row longer than the limit of " + describe_bytes(max_row_bytes_) + " " + limit_hint("csv-row"));
}

void CsvReader::fail(const std::string& message) const {
  SourcePosition position;
  position.line = row_line_;
  throw ImportError(name_, position, message);
}

void CsvReader::fail_at_field(std::size_t field, const std::string& message) const {
  SourcePosition position;
  position.line = row_line_;
  if (field < fields_.size() && row_begin_ && fields_[field].data() >= row_begin_ &&
      fields_[field].data() <= row_end_)
    position.column = static_cast<std::uint64_t>(fields_[field].data() - row_begin_) + 1;
  throw ImportError(name_, position, message);
}

// Keeps the unconsumed bytes, reads more after them. False (and eof_) when nothing was read.
bool CsvReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) {  // one row fills the whole buffer: grow it, up to the row limit
    check_row_length(buf_.size(), next_line_);  // the row is at least as long as the buffer
    buf_.resize(std::max(buf_.size(), std::min(buf_.size() * 2, max_row_bytes_ + 1)));
  }
  const std::size_t want = buf_.size() - end_;
  std::size_t got = 0;
  if (source_) {
    got = read_fully(*source_, buf_.data() + end_, want);
  } else if (file_) {
    got = std::fread(buf_.data() + end_, 1, want, file_);
    if (got == 0 && std::ferror(file_)) throw ImportError(name_, {}, "read error");
  } else {
    got = std::min(want, memory_.size() - memory_pos_);
    std::memcpy(buf_.data() + end_, memory_.data() + memory_pos_, got);
    memory_pos_ += got;
  }
  if (got == 0) {
    eof_ = true;
    return false;
  }
  end_ += got;
  return true;
}

// One pass over the row from `p`: remembers its commas and returns its line break (or `e`
// when there is none in the buffer); stops early, with `quoted`, at a quote before the break.
// Also notes whether the bytes it looked at are all non-NUL ASCII (row_ascii_), so that the
// full text check is needed only for rows that are not.
const char* CsvReader::scan_row(const char* p, const char* e, bool& quoted) {
  commas_.clear();
  const char* s = p;
  unsigned suspicious = 0;  // a byte >= 0x80 or a NUL was seen
  struct Note {
    unsigned& suspicious;
    bool& ascii;
    ~Note() { ascii = suspicious == 0; }
  } note{suspicious, row_ascii_};
#ifdef __SSE2__
  const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
  const __m128i zero = _mm_setzero_si128();
  for (; e - s >= 16; s += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
    suspicious |= static_cast<unsigned>(_mm_movemask_epi8(v) | _mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, newline)), _mm_cmpeq_epi8(v, quote))));
    for (; mask; mask &= mask - 1) {
      const char* c = s + __builtin_ctz(mask);
      if (*c == ',') {
        commas_.push_back(c);
      } else {
        quoted = *c == '"';
        return c;
      }
    }
  }
#endif
  for (; s < e; ++s) {
    if (static_cast<unsigned char>(*s) >= 0x80 || *s == '\0') suspicious = 1;
    if (*s == ',') {
      commas_.push_back(s);
    } else if (*s == '\n' || *s == '"') {
      quoted = *s == '"';
      return s;
    }
  }
  return e;
}

// Fields of a row without quotes, cut at the commas scan_row() found.
void CsvReader::split_plain(const char* begin, const char* end) {
  row_begin_ = begin;
  row_end_ = end;
  const char* s = begin;
  auto add = [&](const char* field_end) {
    if (s < field_end && (is_blank(*s) || is_blank(field_end[-1])))
      fields_.push_back(trimmed(s, field_end));
    else
      fields_.emplace_back(s, static_cast<std::size_t>(field_end - s));
  };
  for (const char* comma : commas_) {
    add(comma);
    s = comma + 1;
  }
  add(end);
}

// Parses one row that holds a quote, from `begin` (start of the row) to `end` (end of the
// buffered bytes). Returns 0 when done, 1 when more input is needed, 2 when a quoted field
// never closes before the end of the input, 3 for text after a closing quote.
int CsvReader::parse_quoted_row(const char* begin, const char* end) {
  fields_.clear();
  scratch_.clear();
  scratch_fields_.clear();  // (field, start in scratch_): views are made once scratch_ stops growing
  row_begin_ = nullptr;
  std::uint64_t lines = 0;
  const char* s = begin;
  for (;;) {
    while (s < end && is_blank(*s)) ++s;
    if (s < end && *s == '"') {
      ++s;
      const std::size_t start = scratch_.size();
      for (;;) {
        const auto* q = static_cast<const char*>(std::memchr(s, '"', static_cast<std::size_t>(end - s)));
        if (!q) return eof_ ? 2 : 1;
        lines += static_cast<std::uint64_t>(std::count(s, q, '\n'));
        scratch_.append(s, q);
        if (q + 1 == end && !eof_) return 1;  // cannot tell "" from a closing quote yet
        if (q + 1 < end && q[1] == '"') {
          scratch_.push_back('"');
          s = q + 2;
          continue;
        }
        s = q + 1;
        break;
      }
      scratch_fields_.emplace_back(fields_.size(), start);
      fields_.emplace_back(nullptr, scratch_.size() - start);
      while (s < end && (is_blank(*s) || *s == '\r')) ++s;
      if (s < end && *s != ',' && *s != '\n') return 3;
    } else {
      const char* f = s;
      while (s < end && *s != ',' && *s != '\n') ++s;
      const char* fe = s;
      if (s < end && *s == '\n' && fe > f && fe[-1] == '\r') --fe;
      fields_.push_back(trimmed(f, fe));
    }
    if (s == end) {
      if (!eof_) return 1;
      break;
    }
    if (*s == ',') {
      ++s;
      continue;
    }
    ++s;  // '\n'
    ++lines;
    break;
  }
  for (auto [field, start] : scratch_fields_) fields_[field] = {scratch_.data() + start, fields_[field].size()};
  row_line_ = next_line_;
  next_line_ += lines;
  begin_ = static_cast<std::size_t>(s - base());
  return 0;
}

bool CsvReader::next() {
  fields_.clear();
  if (!started_) {
    while (end_ - begin_ < 3 && fill()) {
    }
    if (end_ - begin_ >= 3 && std::memcmp(base() + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
    started_ = true;
  }
  if (mapped_) release_read_pages();
  for (;;) {
    const char* p = base() + begin_;
    const char* e = base() + end_;
    bool quoted = false;
    const char* nl = scan_row(p, e, quoted);
    check_row_length(static_cast<std::size_t>(nl - p), next_line_);
    if (quoted) {
      switch (parse_quoted_row(p, e)) {
        case 0:
          check_row_length(static_cast<std::size_t>(base() + begin_ - p), row_line_);  // set by the parse
          check_text(p, base() + begin_);
          return true;
        case 1:
          check_row_length(static_cast<std::size_t>(e - p), next_line_);
          fill();  // at the end of input, the next pass parses with eof_ set
          continue;
        case 2:
          row_line_ = next_line_;
          fail("unterminated quoted field");
        default:
          row_line_ = next_line_;
          fail("unexpected text after a closing quote");
      }
    }
    if (nl == e && !eof_) {  // no line break in the buffer yet: read more, scan again
      fill();
      continue;
    }
    if (p == e) return false;
    row_line_ = next_line_++;
    begin_ = nl == e ? end_ : static_cast<std::size_t>(nl - base()) + 1;
    const char* line_end = nl;
    if (line_end > p && line_end[-1] == '\r') --line_end;
    if (trimmed(p, line_end).empty()) continue;  // blank line
    if (!row_ascii_) check_text(p, line_end);
    split_plain(p, line_end);
    return true;
  }
}

}  // namespace nanoscope::importers::detail
