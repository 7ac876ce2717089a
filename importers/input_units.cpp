// Listing the units (files and archive members) of input files, and opening one as a stream.
#include "importers/input_units.hpp"

#include <sys/stat.h>

#include "importers/import_error.hpp"

namespace nanoscope::importers {
namespace {

/// A member's stream that owns the archive reader it reads from (declared first, so the
/// member's stream ends before it).
class OwnedMemberSource final : public ByteSource {
 public:
  OwnedMemberSource(std::unique_ptr<ArchiveReader> reader, const StreamOptions& options)
      : ByteSource(reader->unit_name()), reader_(std::move(reader)), member_(reader_->open_member(options)) {}
  std::size_t read(char* out, std::size_t size) override { return member_->read(out, size); }
  [[nodiscard]] std::uint64_t raw_bytes_read() const override { return member_->raw_bytes_read(); }

 private:
  std::unique_ptr<ArchiveReader> reader_;
  std::unique_ptr<ByteSource> member_;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

UnitListing list_units(const std::string& path, const StreamOptions& options) {
  UnitListing out;
  if (!is_tar_archive(path)) {
    struct stat st {};
    const std::uint64_t size = ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
    out.units.push_back({path, {}, 0, size});
    return out;
  }
  auto reader = open_archive(path, options);
  for (std::uint64_t index = 0; reader->next_member(); ++index)
    out.units.push_back({path, reader->member_name(), index, reader->member_size()});
  out.skipped = reader->skipped();
  return out;
}

UnitListing list_units(const std::vector<std::string>& paths, const StreamOptions& options) {
  UnitListing out;
  for (const auto& path : paths) {
    UnitListing one = list_units(path, options);
    out.units.insert(out.units.end(), one.units.begin(), one.units.end());
    out.skipped.directories += one.skipped.directories;
    out.skipped.links += one.skipped.links;
    out.skipped.other += one.skipped.other;
  }
  return out;
}

std::unique_ptr<ByteSource> open_unit(const InputUnit& unit, const StreamOptions& options) {
  if (unit.member.empty()) return open_file_stream(unit.path, options);
  auto reader = open_archive(unit.path, options);
  for (std::uint64_t index = 0; reader->next_member(); ++index)
    if (index == unit.member_index) {
      if (reader->member_name() != unit.member)
        throw ImportError(unit.name(), {}, "the archive changed: member " + std::to_string(index) + " is now " +
                                               reader->member_name());
      return std::make_unique<OwnedMemberSource>(std::move(reader), options);
    }
  throw ImportError(unit.name(), {}, "no such member in the archive");
}

std::string format_hint(std::string_view name) {
  for (std::string_view suffix : {".gz", ".zst", ".zstd", ".GZ", ".ZST"})
    if (ends_with(name, suffix)) return std::string(name.substr(0, name.size() - suffix.size()));
  return std::string(name);
}

}  // namespace nanoscope::importers
