// The two graphs of a diff drawn side by side (for the HTML page): which services are drawn
// (all of them up to kMaxDrawnServices, else the changed ones first), one layered layout shared
// by both sides so a service sits in the same place in each, and each side as inline SVG with
// added services and edges in green, removed in red, changed edges orange (busier) or blue
// (quieter) with a width by magnitude, and knots that formed or dissolved ringed in purple.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "session/graph_diff.hpp"

namespace nanoscope::session::detail {

/// At most this many services are drawn; the page says how many were left out.
inline constexpr std::size_t kMaxDrawnServices = 120;

/// A service placed in the picture.
struct PlacedService {
  std::string name;
  double x = 0.0, y = 0.0;
  bool before = false, after = false;  ///< present on that side
  bool knot_change = false;            ///< member of a knot that formed or dissolved
};

/// The services drawn and where.
struct DiffPicture {
  std::vector<PlacedService> services;  ///< sorted by name
  std::size_t left_out = 0;             ///< services of either side not drawn
  int width = 560, height = 420;
};

/// Chooses and places the services of `diff` (deterministic: every order is by name).
[[nodiscard]] DiffPicture place_services(const DiffResult& diff);

/// One side (`after` false: before) as an <svg> element.
[[nodiscard]] std::string render_side(const DiffResult& diff, const DiffPicture& picture, bool after);

}  // namespace nanoscope::session::detail
