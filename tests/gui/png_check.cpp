// Checks a screenshot of nanoscope-gui: that it loads, is not trivial (enough distinct
// colours), and holds (or lacks) enough pixels of one exact colour, e.g. the knot colour.
// Usage: nanoscope-png-check PNG [--min-colours N] [--colour RRGGBB (--min-pixels N | --max-pixels N)]
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_set>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: nanoscope-png-check PNG [--min-colours N] [--colour RRGGBB --min-pixels N|--max-pixels N]\n");
    return 2;
  }
  long min_colours = 0, min_pixels = -1, max_pixels = -1;
  unsigned long colour = 0;
  bool have_colour = false;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--min-colours") min_colours = std::strtol(argv[i + 1], nullptr, 10);
    else if (flag == "--min-pixels") min_pixels = std::strtol(argv[i + 1], nullptr, 10);
    else if (flag == "--max-pixels") max_pixels = std::strtol(argv[i + 1], nullptr, 10);
    else if (flag == "--colour") { colour = std::strtoul(argv[i + 1], nullptr, 16); have_colour = true; }
    else { std::fprintf(stderr, "nanoscope-png-check: unknown option %s\n", flag.c_str()); return 2; }
  }
  int w = 0, h = 0, channels = 0;
  unsigned char* data = stbi_load(argv[1], &w, &h, &channels, 3);
  if (!data) {
    std::fprintf(stderr, "nanoscope-png-check: cannot load %s: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  std::unordered_set<unsigned long> distinct;
  long matching = 0;
  for (long p = 0; p < static_cast<long>(w) * h; ++p) {
    const unsigned long rgb = (static_cast<unsigned long>(data[3 * p]) << 16) | (data[3 * p + 1] << 8) | data[3 * p + 2];
    distinct.insert(rgb);
    if (have_colour && rgb == colour) ++matching;
  }
  stbi_image_free(data);
  std::printf("%s: %dx%d, %zu distinct colours", argv[1], w, h, distinct.size());
  if (have_colour) std::printf(", %ld pixels of %06lx", matching, colour);
  std::printf("\n");
  bool ok = static_cast<long>(distinct.size()) >= min_colours;
  if (!ok) std::fprintf(stderr, "too few colours: %zu < %ld\n", distinct.size(), min_colours);
  if (have_colour && min_pixels >= 0 && matching < min_pixels) {
    std::fprintf(stderr, "colour %06lx: %ld pixels < %ld\n", colour, matching, min_pixels);
    ok = false;
  }
  if (have_colour && max_pixels >= 0 && matching > max_pixels) {
    std::fprintf(stderr, "colour %06lx: %ld pixels > %ld\n", colour, matching, max_pixels);
    ok = false;
  }
  return ok ? 0 : 1;
}
