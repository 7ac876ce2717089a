// Temporary-file-then-rename output.
#include "importers/atomic_output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "importers/interrupt_cleanup.hpp"

namespace nanoscope::importers {

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const TemporaryFileGuard on_interrupt(tmp);  // SIGINT/SIGTERM while writing removes tmp too
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
      write(out);
      out.flush();
      if (!out) throw std::runtime_error(path + ": write failed");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
      throw std::runtime_error(path + ": cannot rename into place: " + std::strerror(errno));
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

}  // namespace nanoscope::importers
