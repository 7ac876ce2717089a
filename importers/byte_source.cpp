// Content detection, the plain-file, replay and size-limit streams, and the opener that stacks
// a decoder (and a read-ahead thread) on a file when its first bytes say it is compressed.
#include "importers/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "importers/decoders.hpp"
#include "importers/import_error.hpp"
#include "importers/import_limits.hpp"

namespace nanoscope::importers {
namespace detail {
namespace {

/// A file read with read(2), refusing what is not a regular file.
class FileSource final : public ByteSource {
 public:
  FileSource(const std::string& path, model::CancelToken cancel) : ByteSource(path), cancel_(std::move(cancel)) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0) throw ImportError(path, {}, std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
      const int err = errno;
      ::close(fd_);
      throw ImportError(path, {}, std::string("cannot open: ") + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
      ::close(fd_);
      throw ImportError(path, {}, S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
    }
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  ~FileSource() override { ::close(fd_); }

  std::size_t read(char* out, std::size_t size) override {
    cancel_.check();
    for (;;) {
      const ::ssize_t n = ::read(fd_, out, size);
      if (n >= 0) {
        done_ += static_cast<std::uint64_t>(n);
        return static_cast<std::size_t>(n);
      }
      if (errno != EINTR) throw ImportError(name(), {}, std::string("read error: ") + std::strerror(errno));
    }
  }
  [[nodiscard]] std::uint64_t raw_bytes_read() const override { return done_; }

 private:
  int fd_ = -1;
  std::uint64_t done_ = 0;
  model::CancelToken cancel_;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string name, std::string_view bytes) : ByteSource(std::move(name)), bytes_(bytes) {}
  std::size_t read(char* out, std::size_t size) override {
    const std::size_t n = std::min(size, bytes_.size() - pos_);
    if (n > 0) std::memcpy(out, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  [[nodiscard]] std::uint64_t raw_bytes_read() const override { return pos_; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

class ReplaySource final : public ByteSource {
 public:
  ReplaySource(std::string head, std::unique_ptr<ByteSource> rest)
      : ByteSource(rest->name()), head_(std::move(head)), rest_(std::move(rest)) {}
  std::size_t read(char* out, std::size_t size) override {
    if (pos_ < head_.size()) {
      const std::size_t n = std::min(size, head_.size() - pos_);
      std::memcpy(out, head_.data() + pos_, n);
      pos_ += n;
      if (pos_ == head_.size()) {  // all replayed: free it, read on from `rest_`
        std::string().swap(head_);
        pos_ = 0;
      }
      return n;
    }
    return rest_->read(out, size);
  }
  [[nodiscard]] std::uint64_t raw_bytes_read() const override { return rest_->raw_bytes_read(); }

 private:
  std::string head_;
  std::size_t pos_ = 0;
  std::unique_ptr<ByteSource> rest_;
};

class LimitedSource final : public ByteSource {
 public:
  LimitedSource(std::unique_ptr<ByteSource> inner, std::uint64_t max_bytes)
      : ByteSource(inner->name()), inner_(std::move(inner)), max_(max_bytes) {}
  std::size_t read(char* out, std::size_t size) override {
    // Ask for one byte more than the limit allows at most, so going over is seen at once.
    const std::uint64_t room = max_ + 1 - done_;
    const std::size_t n = inner_->read(out, static_cast<std::size_t>(std::min<std::uint64_t>(size, room)));
    done_ += n;
    if (done_ > max_)
      throw ImportError(name(), {}, "decompressed size is more than the limit of " + describe_bytes(max_) + " " +
                                        limit_hint("input-size"));
    return n;
  }
  [[nodiscard]] std::uint64_t raw_bytes_read() const override { return inner_->raw_bytes_read(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::uint64_t max_;
  std::uint64_t done_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> make_file_source(const std::string& path, model::CancelToken cancel) {
  return std::make_unique<FileSource>(path, std::move(cancel));
}

std::unique_ptr<ByteSource> make_replay_source(std::string head, std::unique_ptr<ByteSource> rest) {
  if (head.empty()) return rest;
  return std::make_unique<ReplaySource>(std::move(head), std::move(rest));
}

std::unique_ptr<ByteSource> make_limited_source(std::unique_ptr<ByteSource> inner, std::uint64_t max_bytes) {
  return std::make_unique<LimitedSource>(std::move(inner), max_bytes);
}

void fail_stream(const ByteSource& source, std::uint64_t offset, const std::string& message) {
  SourcePosition position;
  position.byte_offset = offset;
  throw ImportError(source.name(), position, message);
}

}  // namespace detail

CompressionKind detect_compression(std::string_view head) {
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b)
    return CompressionKind::Gzip;
  if (head.size() >= 4 && head.substr(0, 4) == std::string_view("\x28\xb5\x2f\xfd", 4)) return CompressionKind::Zstd;
  return CompressionKind::None;
}

bool looks_like_tar(std::string_view head) { return head.size() >= 262 && head.substr(257, 5) == "ustar"; }

std::string_view to_string(CompressionKind kind) {
  switch (kind) {
    case CompressionKind::Gzip: return "gzip";
    case CompressionKind::Zstd: return "zstd";
    default: return "none";
  }
}

std::size_t read_fully(ByteSource& source, char* out, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const std::size_t n = source.read(out + got, size - got);
    if (n == 0) break;
    got += n;
  }
  return got;
}

std::unique_ptr<ByteSource> decode_stream(std::unique_ptr<ByteSource> raw, const StreamOptions& options) {
  std::string head(4, '\0');
  head.resize(read_fully(*raw, head.data(), head.size()));
  const CompressionKind kind = detect_compression(head);
  std::unique_ptr<ByteSource> out = detail::make_replay_source(std::move(head), std::move(raw));
  if (kind == CompressionKind::Gzip) out = detail::make_gzip_source(std::move(out));
  if (kind == CompressionKind::Zstd) out = detail::make_zstd_source(std::move(out));
  if (options.max_bytes > 0) out = detail::make_limited_source(std::move(out), options.max_bytes);
  if (kind != CompressionKind::None && options.background) out = detail::make_background_source(std::move(out), options.cancel);
  return out;
}

std::unique_ptr<ByteSource> open_file_stream(const std::string& path, const StreamOptions& options) {
  return decode_stream(detail::make_file_source(path, options.cancel), options);
}

std::unique_ptr<ByteSource> open_memory_stream(std::string name, std::string_view bytes, const StreamOptions& options) {
  return decode_stream(std::make_unique<detail::MemorySource>(std::move(name), bytes), options);
}

CompressionKind file_compression(const std::string& path) {
  auto file = detail::make_file_source(path, {});
  char head[4];
  return detect_compression({head, read_fully(*file, head, sizeof head)});
}

}  // namespace nanoscope::importers
