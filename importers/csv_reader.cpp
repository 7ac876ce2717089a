// Streaming CSV reader: chunked reads, memchr splitting of plain rows, a slower quoted path.
#include "importers/csv_reader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "importers/import_error.hpp"

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

CsvReader::CsvReader(const std::string& path, std::size_t chunk_bytes) : name_(path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw ImportError(path, {}, std::string("cannot open: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw ImportError(path, {}, "is a directory");
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw ImportError(path, {}, std::string("cannot open: ") + std::strerror(errno));
  buf_.resize(std::max(chunk_bytes, kMinChunkBytes));
}

CsvReader::CsvReader(std::string name, std::string_view text, std::size_t chunk_bytes)
    : name_(std::move(name)), memory_(text) {
  buf_.resize(std::max(chunk_bytes, kMinChunkBytes));
}

CsvReader::~CsvReader() {
  if (file_) std::fclose(file_);
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
  if (end_ == buf_.size()) {  // one row fills the whole buffer: grow it, within reason
    if (buf_.size() >= kMaxRowBytes) {
      SourcePosition position;
      position.line = next_line_;
      throw ImportError(name_, position, "row longer than " + std::to_string(kMaxRowBytes >> 20) + " MiB");
    }
    buf_.resize(std::min(buf_.size() * 2, kMaxRowBytes));
  }
  const std::size_t want = buf_.size() - end_;
  std::size_t got = 0;
  if (file_) {
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

void CsvReader::split_plain(const char* begin, const char* end) {
  row_begin_ = begin;
  row_end_ = end;
  const char* s = begin;
  for (;;) {
    const auto* comma = static_cast<const char*>(std::memchr(s, ',', static_cast<std::size_t>(end - s)));
    const char* field_end = comma ? comma : end;
    if (s < field_end && (is_blank(*s) || is_blank(field_end[-1])))
      fields_.push_back(trimmed(s, field_end));
    else
      fields_.emplace_back(s, static_cast<std::size_t>(field_end - s));
    if (!comma) return;
    s = comma + 1;
  }
}

// Parses one row that holds a quote, from `begin` (start of the row) to `end` (end of the
// buffered bytes). Returns 0 when done, 1 when more input is needed, 2 when a quoted field
// never closes before the end of the input, 3 for text after a closing quote.
int CsvReader::parse_quoted_row(const char* begin, const char* end) {
  fields_.clear();
  scratch_.clear();
  scratch_.reserve(static_cast<std::size_t>(end - begin));  // unescaped text is never longer
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
      fields_.emplace_back(scratch_.data() + start, scratch_.size() - start);
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
  row_line_ = next_line_;
  next_line_ += lines;
  begin_ = static_cast<std::size_t>(s - buf_.data());
  return 0;
}

bool CsvReader::next() {
  fields_.clear();
  if (!started_) {
    while (end_ - begin_ < 3 && fill()) {
    }
    if (end_ - begin_ >= 3 && std::memcmp(buf_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) begin_ += 3;
    started_ = true;
  }
  for (;;) {
    const char* p = buf_.data() + begin_;
    const char* e = buf_.data() + end_;
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(e - p)));
    if (!nl) {
      if (fill()) continue;
      p = buf_.data() + begin_;
      e = buf_.data() + end_;
      if (p == e) return false;
      nl = e;  // last line without a line break
    }
    if (std::memchr(p, '"', static_cast<std::size_t>(nl - p))) {
      switch (parse_quoted_row(p, e)) {
        case 0: return true;
        case 1:
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
    row_line_ = next_line_++;
    begin_ = nl == e ? end_ : static_cast<std::size_t>(nl - buf_.data()) + 1;
    const char* line_end = nl;
    if (line_end > p && line_end[-1] == '\r') --line_end;
    if (trimmed(p, line_end).empty()) continue;  // blank line
    split_plain(p, line_end);
    return true;
  }
}

}  // namespace nanoscope::importers::detail
