// Framebuffer read-back and PNG writing. Debian's libstb already holds stbi_write_png.
#include "gui/app/screenshot.hpp"

#include <GLFW/glfw3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace nanoscope::gui {

std::string write_framebuffer_png(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return "empty framebuffer";
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (glGetError() != GL_NO_ERROR) return "cannot read the framebuffer";
  std::vector<unsigned char> flipped(pixels.size());
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  for (int y = 0; y < height; ++y)
    std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>((height - 1 - y) * row), row,
                flipped.begin() + static_cast<std::ptrdiff_t>(y * row));
  // Write beside the target and rename, so a failed write never leaves half a PNG.
  const std::string temporary = path + ".tmp";
  if (!stbi_write_png(temporary.c_str(), width, height, 3, flipped.data(), static_cast<int>(row))) {
    std::remove(temporary.c_str());
    return "cannot write " + path;
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::remove(temporary.c_str());
    return "cannot write " + path + ": " + ec.message();
  }
  return {};
}

}  // namespace nanoscope::gui
