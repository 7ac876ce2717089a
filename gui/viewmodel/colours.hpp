// Colours of the GUI as packed RGBA words (the byte order of ImGui's IM_COL32, so panels pass
// them straight to the draw list) and the palettes: heat scale, service kinds, knots.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "analysis/finding.hpp"
#include "model/kinds.hpp"

namespace nanoscope::gui {

/// Packed colour: red in the low byte, alpha in the high byte (IM_COL32 layout).
using Colour = std::uint32_t;

/// Packs 8-bit channels.
[[nodiscard]] constexpr Colour rgba(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
  return (Colour{a} << 24) | (Colour{b} << 16) | (Colour{g} << 8) | Colour{r};
}
[[nodiscard]] constexpr std::uint8_t red(Colour c) { return static_cast<std::uint8_t>(c & 0xff); }
[[nodiscard]] constexpr std::uint8_t green(Colour c) { return static_cast<std::uint8_t>((c >> 8) & 0xff); }
[[nodiscard]] constexpr std::uint8_t blue(Colour c) { return static_cast<std::uint8_t>((c >> 16) & 0xff); }
[[nodiscard]] constexpr std::uint8_t alpha(Colour c) { return static_cast<std::uint8_t>(c >> 24); }
/// Same colour with another alpha.
[[nodiscard]] constexpr Colour with_alpha(Colour c, std::uint8_t a) { return (c & 0x00ffffffu) | (Colour{a} << 24); }

/// Linear blend of two colours, t in [0,1].
[[nodiscard]] Colour blend(Colour a, Colour b, double t);
/// Heat scale for t in [0,1]: deep blue, teal, yellow, orange, red.
[[nodiscard]] Colour heat(double t);
/// Position of `micros` on a log scale from 100 us (0) to 1 s (1), clamped.
[[nodiscard]] double latency_position(double micros);
/// Latency colour: the heat scale at latency_position(micros), or kNoData without latency
/// samples (manifest-only services and edges are not "fast").
[[nodiscard]] Colour latency_colour(bool has_latency, double micros);
/// Fill colour of a service kind.
[[nodiscard]] Colour kind_colour(model::ServiceKind kind);
/// Colour of an interaction kind (edges coloured by kind).
[[nodiscard]] Colour interaction_colour(model::InteractionKind kind);
/// Shared fill of the services of knot number `index` (cycles through a fixed palette of
/// saturated magentas and violets that the heat scale never produces).
[[nodiscard]] Colour knot_colour(std::size_t index);
/// Outline drawn around knot services.
inline constexpr Colour kKnotOutline = rgba(255, 240, 250);
/// Colour of a finding severity.
[[nodiscard]] Colour severity_colour(analysis::Severity severity);

/// Canvas and chrome colours.
inline constexpr Colour kCanvasBackground = rgba(30, 32, 38);  ///< also the window background
inline constexpr Colour kSelectionOutline = rgba(255, 214, 10);
inline constexpr Colour kSearchOutline = rgba(80, 220, 255);
inline constexpr Colour kLabelColour = rgba(230, 232, 238);
inline constexpr Colour kDimmed = rgba(70, 74, 84);
inline constexpr Colour kNoData = rgba(128, 130, 136);  ///< no latency samples (grey, off the heat scale)

/// The diff palette (ColourMode::Diff, diff_view.hpp; the canvas legend draws these).
inline constexpr Colour kDiffAdded = rgba(70, 200, 95);
inline constexpr Colour kDiffRemoved = rgba(235, 75, 75);
inline constexpr Colour kDiffGrew = rgba(255, 150, 35);    ///< changed edge: more calls, errors or latency
inline constexpr Colour kDiffShrank = rgba(70, 150, 255);  ///< changed edge: fewer calls, errors or latency
inline constexpr Colour kDiffUnchanged = rgba(118, 122, 132);
inline constexpr Colour kDiffKnotRing = rgba(235, 60, 235);  ///< ring around the services of a knot that formed

}  // namespace nanoscope::gui
