// tar archives through libarchive (tar format only: gzip and zstd are decoded before it by
// decode_stream, so every compressed input goes through the same decoders and messages).
#include "importers/archive_reader.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <utility>

#include "importers/decoders.hpp"
#include "importers/import_error.hpp"
#include "importers/import_limits.hpp"

namespace nanoscope::importers {

struct ArchiveAccess {
  static la_ssize_t read(struct archive* /*a*/, void* client, const void** buffer) {
    auto* self = static_cast<ArchiveReader*>(client);
    try {
      const std::size_t n = self->tar_->read(self->buffer_.data(), self->buffer_.size());
      *buffer = self->buffer_.data();
      return static_cast<la_ssize_t>(n);
    } catch (...) {  // never through libarchive's C frames: rethrown once libarchive returns
      self->stream_error_ = std::current_exception();
      return -1;
    }
  }
  static std::size_t member_data(ArchiveReader& reader, char* out, std::size_t size) {
    return reader.read_member_data(out, size);
  }
};

namespace {

constexpr std::size_t kReadBytes = std::size_t{1} << 20;

/// The current member's bytes, as libarchive hands them out.
class MemberSource final : public ByteSource {
 public:
  MemberSource(ArchiveReader& reader, std::string name) : ByteSource(std::move(name)), reader_(reader) {}
  std::size_t read(char* out, std::size_t size) override { return ArchiveAccess::member_data(reader_, out, size); }
  [[nodiscard]] std::uint64_t raw_bytes_read() const override { return reader_.raw_bytes_read(); }

 private:
  ArchiveReader& reader_;
};

}  // namespace

ArchiveReader::ArchiveReader(std::unique_ptr<ByteSource> tar) : tar_(std::move(tar)), buffer_(kReadBytes, '\0') {
  archive_ = archive_read_new();
  if (!archive_) throw ImportError(tar_->name(), {}, "cannot start the tar reader");
  archive_read_support_format_tar(archive_);
  if (archive_read_open(archive_, this, nullptr, &ArchiveAccess::read, nullptr) != ARCHIVE_OK) {
    const std::string message = archive_error_string(archive_) ? archive_error_string(archive_) : "unreadable";
    if (stream_error_) std::rethrow_exception(stream_error_);
    archive_read_free(archive_);
    archive_ = nullptr;
    throw ImportError(tar_->name(), {}, "not a readable tar archive: " + message);
  }
}

ArchiveReader::~ArchiveReader() {
  if (archive_) archive_read_free(archive_);
}

std::string ArchiveReader::unit_name() const { return member_.empty() ? archive_name() : archive_name() + ":" + member_; }

void ArchiveReader::fail(const std::string& message) {
  const std::string name = unit_name();
  if (stream_error_) {
    std::exception_ptr error = std::exchange(stream_error_, nullptr);
    try {
      std::rethrow_exception(error);
    } catch (const ImportError& e) {  // a truncated or corrupt .gz/.zst under the tar: name the member too
      throw ImportError(name, e.position(), e.message());
    }
  }
  throw ImportError(name, {}, message);
}

bool ArchiveReader::next_member() {
  for (;;) {
    struct archive_entry* entry = nullptr;
    const int status = archive_read_next_header(archive_, &entry);
    if (status == ARCHIVE_EOF) {
      member_.clear();
      return false;
    }
    if (status < ARCHIVE_WARN || stream_error_) {
      const char* why = archive_error_string(archive_);
      fail(std::string("damaged tar archive: ") + (why ? why : "unreadable header"));
    }
    const char* path = archive_entry_pathname(entry);
    member_ = path ? path : "";
    member_size_ = archive_entry_size_is_set(entry) ? static_cast<std::uint64_t>(archive_entry_size(entry)) : 0;
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFREG && archive_entry_hardlink(entry) == nullptr) return true;
    if (type == AE_IFDIR) {
      ++skipped_.directories;
    } else if (type == AE_IFLNK || archive_entry_hardlink(entry) != nullptr) {
      ++skipped_.links;
    } else {
      ++skipped_.other;
    }
  }
}

std::size_t ArchiveReader::read_member_data(char* out, std::size_t size) {
  const la_ssize_t n = archive_read_data(archive_, out, size);
  if (n < 0 || stream_error_) {
    const char* why = archive_error_string(archive_);
    fail(std::string("damaged tar archive: ") + (why ? why : "unreadable member data"));
  }
  return static_cast<std::size_t>(n);
}

std::unique_ptr<ByteSource> ArchiveReader::open_member(const StreamOptions& options) {
  if (options.max_bytes > 0 && member_size_ > options.max_bytes)
    throw ImportError(unit_name(), {}, "member is " + std::to_string(member_size_) + " bytes, more than the limit of " +
                                           describe_bytes(options.max_bytes) + " " + limit_hint("input-size"));
  auto raw = std::make_unique<MemberSource>(*this, unit_name());
  return decode_stream(std::move(raw), options);
}

bool is_tar_archive(const std::string& path) {
  StreamOptions options;
  options.background = false;
  auto stream = open_file_stream(path, options);
  std::string head(512, '\0');
  head.resize(read_fully(*stream, head.data(), head.size()));
  return looks_like_tar(head);
}

std::unique_ptr<ArchiveReader> open_archive(const std::string& path, const StreamOptions& options) {
  StreamOptions whole = options;
  whole.max_bytes = 0;  // the limit is per member (open_member), not on the whole archive
  return std::make_unique<ArchiveReader>(open_file_stream(path, whole));
}

}  // namespace nanoscope::importers
