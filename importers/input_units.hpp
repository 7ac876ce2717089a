// The units of an import: a file, or one regular member of a tar archive. Listing the units
// of a set of files and opening one unit as a stream is what a caller that deals inputs out
// (to threads or MPI ranks) needs; import_inputs itself streams archives in one pass.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "importers/archive_reader.hpp"
#include "importers/byte_source.hpp"

namespace nanoscope::importers {

/// One input: a file (member empty) or a member of the tar archive `path`.
struct InputUnit {
  std::string path;                ///< the file on disk
  std::string member;              ///< the member's path inside the archive; empty for a file
  std::uint64_t member_index = 0;  ///< position among the archive's regular members (0-based)
  std::uint64_t bytes = 0;         ///< a file: its size on disk; a member: its size in the archive
  /// `path`, or `path:member`: the unit's name in summaries, diagnostics, errors and provenance.
  [[nodiscard]] std::string name() const { return member.empty() ? path : path + ":" + member; }
  friend bool operator==(const InputUnit&, const InputUnit&) = default;
};

/// The units of some files, and what their archives held that is not a regular file.
struct UnitListing {
  std::vector<InputUnit> units;
  ArchiveSkips skipped;
};

/// The units of the file `path`: each regular member of a tar archive (plain, .gz or .zst;
/// listing reads, and so decompresses, the whole archive once), else the file itself.
[[nodiscard]] UnitListing list_units(const std::string& path, const StreamOptions& options = {});
/// The units of several files, in the order given.
[[nodiscard]] UnitListing list_units(const std::vector<std::string>& paths, const StreamOptions& options = {});

/// One unit's decompressed bytes, named unit.name(). Opening a member reads its archive up
/// to it. options.max_bytes limits the unit's decompressed size.
[[nodiscard]] std::unique_ptr<ByteSource> open_unit(const InputUnit& unit, const StreamOptions& options = {});

/// A name to detect a unit's format from: the member or file name without a trailing .gz,
/// .zst or .zstd (the content decides the compression; the rest of the name still hints).
[[nodiscard]] std::string format_hint(std::string_view name);

}  // namespace nanoscope::importers
