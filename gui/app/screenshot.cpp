// Framebuffer read-back and PNG encoding. Debian's libstb already holds stbi_write_png.
#include "gui/app/screenshot.hpp"

#include <GLFW/glfw3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <stdexcept>

namespace nanoscope::gui {

RgbImage read_framebuffer(int width, int height) {
  RgbImage image;
  if (width <= 0 || height <= 0) return image;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (glGetError() != GL_NO_ERROR) return image;
  image.width = width;
  image.height = height;
  image.pixels.resize(pixels.size());
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  for (int y = 0; y < height; ++y)  // OpenGL's rows run bottom to top
    std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>((height - 1 - y) * row), row,
                image.pixels.begin() + static_cast<std::ptrdiff_t>(y * row));
  return image;
}

void encode_png(const RgbImage& image, std::ostream& out) {
  if (image.width <= 0 || image.height <= 0) throw std::runtime_error("cannot read the framebuffer");
  auto write = [](void* context, void* data, int size) {
    static_cast<std::ostream*>(context)->write(static_cast<const char*>(data), size);
  };
  if (!stbi_write_png_to_func(write, &out, image.width, image.height, 3, image.pixels.data(), image.width * 3))
    throw std::runtime_error("cannot encode the PNG");
}

}  // namespace nanoscope::gui
