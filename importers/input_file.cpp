// Reading an input file whole into a zero-padded buffer, and mapping offsets to lines.
#include "importers/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "importers/decoders.hpp"
#include "importers/import_limits.hpp"

namespace nanoscope::importers {

namespace {
/// Without a limit, a decompressed buffer may not grow past half the machine's memory: a
/// decompression bomb ends with an error, not with the machine swapping or the process killed.
std::uint64_t memory_cap() {
  const std::uint64_t memory = static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES)) *
                               static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  return std::max<std::uint64_t>(memory / 2, std::uint64_t{1} << 30);
}

/// Closes a file descriptor on every way out.
struct FdGuard {
  int fd;
  ~FdGuard() { ::close(fd); }
};
}  // namespace

InputFile InputFile::read(const std::string& path, std::uint64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw ImportError(path, {}, std::string("cannot open: ") + std::strerror(errno));
  FdGuard guard{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw ImportError(path, {}, std::string("cannot open: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw ImportError(path, {}, "is a directory");
  if (!S_ISREG(st.st_mode)) throw ImportError(path, {}, "not a regular file");
  char magic[4] = {};
  const ::ssize_t magic_bytes = ::pread(fd, magic, sizeof magic, 0);
  const CompressionKind compression =
      magic_bytes > 0 ? detect_compression({magic, static_cast<std::size_t>(magic_bytes)}) : CompressionKind::None;
  if (compression == CompressionKind::Gzip) {  // libdeflate first; the stream below explains failures
    const detail::FileMapping compressed(fd, static_cast<std::size_t>(st.st_size), 0);
    InputFile in;
    if (compressed.data()) {
      const std::uint64_t cap = max_bytes > 0 ? max_bytes : memory_cap();
      if (auto size = detail::gunzip_whole({compressed.data(), static_cast<std::size_t>(st.st_size)}, in.buffer_,
                                           kPadding, cap)) {
        in.path_ = path;
        in.data_ = in.buffer_.data();
        in.size_ = *size;
        in.capacity_ = in.buffer_.size();
        return in;
      }
    }
  }
  if (compression != CompressionKind::None) {
    StreamOptions options;
    options.max_bytes = max_bytes;
    options.background = false;  // nothing to overlap with: the importer runs after the whole read
    auto stream = open_file_stream(path, options);
    return read_stream(*stream, max_bytes);
  }
  InputFile in;
  in.path_ = path;
  const auto expected = static_cast<std::size_t>(st.st_size);
  if (expected >= kMapBytes) {
    // A file truncated by another process while it is mapped makes reads past its new end
    // fault (SIGBUS); the CLI's handler then names the file registered here and exits.
    in.mapping_ = detail::FileMapping(fd, expected, kPadding);
    if (in.mapping_.data()) {
      in.mapping_name_ = MappedInputGuard(in.mapping_.data(), in.mapping_.size(), path);
      in.data_ = in.mapping_.data();
      in.size_ = expected;
      in.capacity_ = in.mapping_.size();
      return in;
    }
  }
  // Zero bytes from the start (the kernel's fresh pages, or a value-initialised small
  // buffer), so the padding after whatever is read is zero without a memset of the whole.
  in.buffer_ = detail::LargeBuffer(expected + kPadding);
  std::size_t got = 0;
  while (got < expected) {
    const ::ssize_t n = ::read(fd, in.buffer_.data() + got, expected - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw ImportError(path, {}, std::string("read error: ") + std::strerror(errno));
    }
    if (n == 0) break;  // a file that shrank while being read is taken as it was read
    got += static_cast<std::size_t>(n);
  }
  in.data_ = in.buffer_.data();
  in.size_ = got;
  in.capacity_ = in.buffer_.size();
  return in;
}

InputFile InputFile::read_stream(ByteSource& source, std::uint64_t max_bytes, std::uint64_t size_hint) {
  const std::uint64_t cap = max_bytes > 0 ? max_bytes : memory_cap();
  std::size_t capacity = static_cast<std::size_t>(std::clamp<std::uint64_t>(size_hint, 1 << 16, cap));
  InputFile in;
  in.path_ = source.name();
  in.buffer_ = detail::LargeBuffer(capacity + kPadding);
  std::size_t got = 0;
  for (;;) {
    if (got == capacity) {
      char extra = 0;
      if (capacity >= cap && source.read(&extra, 1) == 0) break;  // exactly at the cap
      if (capacity >= cap)
        throw ImportError(source.name(), {},
                          max_bytes > 0 ? "decompressed size is more than the limit of " + describe_bytes(cap) + " " +
                                              limit_hint("input-size")
                                        : "decompressed size is more than half of this machine's memory (" +
                                              describe_bytes(cap) + ") " + limit_hint("input-size"));
      capacity = static_cast<std::size_t>(std::min<std::uint64_t>(std::uint64_t{capacity} * 2, cap));
      detail::LargeBuffer bigger(capacity + kPadding);
      std::memcpy(bigger.data(), in.buffer_.data(), got);
      in.buffer_ = std::move(bigger);
    }
    const std::size_t n = source.read(in.buffer_.data() + got, capacity - got);
    if (n == 0) break;
    got += n;
  }
  in.data_ = in.buffer_.data();
  in.size_ = got;
  in.capacity_ = in.buffer_.size();
  return in;
}

InputFile InputFile::from_string(std::string name, std::string_view text) {
  InputFile in;
  in.path_ = std::move(name);
  in.buffer_ = detail::LargeBuffer(text.size() + kPadding);
  if (!text.empty()) std::memcpy(in.buffer_.data(), text.data(), text.size());
  in.data_ = in.buffer_.data();
  in.size_ = text.size();
  in.capacity_ = in.buffer_.size();
  return in;
}

InputFile::InputFile(const InputFile& other) : path_(other.path_), size_(other.size_) {
  buffer_ = detail::LargeBuffer(other.size_ + kPadding);
  if (other.size_) std::memcpy(buffer_.data(), other.data_, other.size_);
  data_ = buffer_.data();
  capacity_ = buffer_.size();
}

InputFile& InputFile::operator=(const InputFile& other) {
  if (this != &other) *this = InputFile(other);
  return *this;
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
