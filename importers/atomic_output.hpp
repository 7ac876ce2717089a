// Writing an output file without ever leaving half of it behind: write to a temporary file
// beside the target, then rename over it. An existing file is untouched on failure.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace nanoscope::importers {

/// Runs `write` on a stream to a temporary file next to `path` and renames it into place.
/// If `write` throws or the stream fails, the temporary file is removed, `path` is left as it
/// was, and a std::runtime_error naming `path` is thrown. While it is written the temporary
/// file is registered with install_interrupt_cleanup()'s handlers, so an interrupt removes it.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace nanoscope::importers
