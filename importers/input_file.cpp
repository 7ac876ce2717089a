// Reading an input file whole into a zero-padded buffer, and mapping offsets to lines.
#include "importers/input_file.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace nanoscope::importers {

InputFile InputFile::read(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw ImportError(path, {}, std::string("cannot open: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw ImportError(path, {}, "is a directory");
  if (!S_ISREG(st.st_mode)) throw ImportError(path, {}, "not a regular file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw ImportError(path, {}, std::string("cannot open: ") + std::strerror(errno));
  InputFile in;
  in.path_ = path;
  auto expected = static_cast<std::size_t>(st.st_size);
  in.data_.resize(expected + kPadding, '\0');
  std::size_t got = std::fread(in.data_.data(), 1, expected, f);
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) throw ImportError(path, {}, "read error");
  in.size_ = got;  // a file that shrank while being read is taken as it was read
  in.data_.resize(got + kPadding, '\0');
  return in;
}

InputFile InputFile::from_string(std::string name, std::string_view text) {
  InputFile in;
  in.path_ = std::move(name);
  in.data_.assign(text.data(), text.size());
  in.data_.resize(text.size() + kPadding, '\0');
  in.size_ = text.size();
  return in;
}

SourcePosition InputFile::position_of(std::uint64_t byte_offset) const {
  SourcePosition p;
  std::uint64_t off = std::min<std::uint64_t>(byte_offset, size_);
  std::uint64_t line = 1, line_start = 0;
  for (std::uint64_t i = 0; i < off; ++i)
    if (data_[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  p.line = line;
  p.column = off - line_start + 1;
  p.byte_offset = off;
  return p;
}

void InputFile::fail_at(std::uint64_t byte_offset, const std::string& message) const {
  throw ImportError(path_, position_of(byte_offset), message);
}

void InputFile::fail_at_line(std::uint64_t line, const std::string& message) const {
  SourcePosition p;
  p.line = line;
  throw ImportError(path_, p, message);
}

}  // namespace nanoscope::importers
