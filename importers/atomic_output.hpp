// Writing an output file without ever leaving half of it behind: write to a temporary file
// beside the target, then rename over it. An existing file is untouched on failure. Pipes,
// terminals and devices are written in place (never replaced), symbolic links are followed.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace nanoscope::importers {

/// Runs `write` on a stream to a temporary file next to `path` and renames it into place
/// (a replaced file keeps its permissions). If `write` throws or the stream fails, the
/// temporary file is removed, `path` is left as it was, and a std::runtime_error naming `path`
/// is thrown. While it is written the temporary file is registered with
/// install_interrupt_cleanup()'s handlers, so an interrupt removes it.
/// A symbolic link is followed (the file it names is replaced, the link stays). An existing
/// path that is not a regular file (a FIFO, a terminal, a device) is opened and written in
/// place, never renamed over: the text is built in memory first, so a failing `write` sends
/// nothing. A directory is an error.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace nanoscope::importers
