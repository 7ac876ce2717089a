// Reading the rendered frame back from OpenGL and encoding it as a PNG (stb_image_write).
#pragma once

#include <ostream>
#include <vector>

namespace nanoscope::gui {

/// An RGB image, rows top to bottom.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> pixels;
};

/// Reads the back buffer (call after rendering, before swapping); empty on failure.
[[nodiscard]] RgbImage read_framebuffer(int width, int height);
/// Streams `image` as PNG to `out`; throws std::runtime_error if it cannot be encoded.
void encode_png(const RgbImage& image, std::ostream& out);

}  // namespace nanoscope::gui
