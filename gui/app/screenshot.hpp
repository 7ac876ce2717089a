// Reading the rendered frame back from OpenGL and writing it as a PNG (stb_image_write).
#pragma once

#include <string>

namespace nanoscope::gui {

/// Reads the back buffer (call after rendering, before swapping) and writes `path` as an
/// RGB PNG through a temporary file. Returns "" on success, else an error message.
[[nodiscard]] std::string write_framebuffer_png(const std::string& path, int width, int height);

}  // namespace nanoscope::gui
