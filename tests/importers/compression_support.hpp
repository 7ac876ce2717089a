// Test helpers that make compressed inputs in memory: gzip (zlib), zstd (libzstd) and tar
// archives (libarchive) with regular files, directories and symbolic links.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nanoscope::test {

/// One gzip member holding `text`.
inline std::string gzip_bytes(std::string_view text, int level = 6) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflate");
  std::string out(deflateBound(&zs, static_cast<uLong>(text.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int ret = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (ret != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  out.resize(zs.total_out);
  return out;
}

/// One zstd frame holding `text`.
inline std::string zstd_bytes(std::string_view text, int level = 3) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), level);
  if (ZSTD_isError(n)) throw std::runtime_error("zstd");
  out.resize(n);
  return out;
}

/// An entry of a test tar archive.
struct TarEntry {
  enum class Kind { File, Directory, Symlink };
  std::string name;
  std::string body;  ///< a file's content, a link's target
  Kind kind = Kind::File;
};

/// A ustar (pax-restricted) archive of `entries`, uncompressed.
inline std::string tar_bytes(const std::vector<TarEntry>& entries) {
  std::vector<char> buffer(1 << 16);
  std::size_t used = 0;
  std::size_t total = 64;
  for (const auto& e : entries) total += e.body.size() + 4096;
  buffer.resize(total + (1 << 16));
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_add_filter_none(a);
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open_memory(a, buffer.data(), buffer.size(), &used) != ARCHIVE_OK) throw std::runtime_error("tar");
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_mtime(entry, 1700000000, 0);
    if (e.kind == TarEntry::Kind::File) {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_perm(entry, 0644);
      archive_entry_set_size(entry, static_cast<la_int64_t>(e.body.size()));
    } else if (e.kind == TarEntry::Kind::Directory) {
      archive_entry_set_filetype(entry, AE_IFDIR);
      archive_entry_set_perm(entry, 0755);
    } else {
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_perm(entry, 0777);
      archive_entry_set_symlink(entry, e.body.c_str());
    }
    archive_write_header(a, entry);
    if (e.kind == TarEntry::Kind::File && !e.body.empty()) archive_write_data(a, e.body.data(), e.body.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return {buffer.data(), used};
}

/// Writes `bytes` to `path` (replacing it).
inline void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Every compressed form the importers read, by a short name, for round trips of one file.
enum class Packing { Gzip, Zstd, Tar, TarGz, TarZst };
inline constexpr Packing kAllPackings[] = {Packing::Gzip, Packing::Zstd, Packing::Tar, Packing::TarGz, Packing::TarZst};
inline const char* to_string(Packing p) {
  switch (p) {
    case Packing::Gzip: return "gz";
    case Packing::Zstd: return "zst";
    case Packing::Tar: return "tar";
    case Packing::TarGz: return "tar.gz";
    default: return "tar.zst";
  }
}
/// `text` packed as `p`; archives hold it as the member `member`.
inline std::string pack(Packing p, const std::string& member, std::string_view text) {
  switch (p) {
    case Packing::Gzip: return gzip_bytes(text);
    case Packing::Zstd: return zstd_bytes(text);
    case Packing::Tar: return tar_bytes({{member, std::string(text)}});
    case Packing::TarGz: return gzip_bytes(tar_bytes({{member, std::string(text)}}));
    default: return zstd_bytes(tar_bytes({{member, std::string(text)}}));
  }
}

}  // namespace nanoscope::test
