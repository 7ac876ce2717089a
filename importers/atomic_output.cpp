// Output files that are never half-written: a temporary file renamed over a regular file; a
// pipe or device written in place; a symbolic link followed to the file it names.
#include "importers/atomic_output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "importers/interrupt_cleanup.hpp"

namespace nanoscope::importers {
namespace fs = std::filesystem;
namespace {

// Follows symbolic links (relative ones from their own folder) to the path that is written,
// which may not exist yet (a dangling link names the file to create).
std::string resolve_links(const std::string& path) {
  fs::path p = path;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p.string();
    const fs::path target = fs::read_symlink(p, ec);
    if (ec) throw std::runtime_error(path + ": cannot read the symbolic link: " + ec.message());
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  throw std::runtime_error(path + ": too many levels of symbolic links");
}

// A pipe, terminal or device cannot be replaced, only written: the text is built in memory
// first, so a writer that fails leaves nothing in it.
void write_in_place(const std::string& shown, const std::string& path,
                    const std::function<void(std::ostream&)>& write) {
  std::ostringstream text;
  write(text);
  std::ofstream out(path, std::ios::binary | std::ios::out);
  if (!out) throw std::runtime_error(shown + ": cannot write: " + std::strerror(errno));
  out << text.view();
  out.flush();
  if (!out) throw std::runtime_error(shown + ": write failed");
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  const std::string target = resolve_links(path);
  std::error_code ec;
  const fs::file_status status = fs::status(target, ec);
  if (fs::is_directory(status)) throw std::runtime_error(path + ": is a directory");
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    write_in_place(path, target, write);
    return;
  }
  const std::string tmp = target + ".tmp." + std::to_string(::getpid());
  const TemporaryFileGuard on_interrupt(tmp);  // SIGINT/SIGTERM while writing removes tmp too
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
      write(out);
      out.flush();
      if (!out) throw std::runtime_error(path + ": write failed");
    }
    // A replaced file keeps its permissions (the temporary file has the umask's).
    if (fs::is_regular_file(status)) fs::permissions(tmp, status.permissions(), ec);
    if (std::rename(tmp.c_str(), target.c_str()) != 0)
      throw std::runtime_error(path + ": cannot rename into place: " + std::strerror(errno));
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

}  // namespace nanoscope::importers
