// The dependency structure matrix as draw records: cells binned so that a matrix of
// thousands of services still fits the panel (level of detail), knots as diagonal blocks,
// the graph selection as highlighted rows and columns, labels when cells are big enough.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/viewmodel/colours.hpp"
#include "gui/viewmodel/document.hpp"

namespace nanoscope::gui {

/// One filled bin: `row` depends on `column` (bin coordinates).
struct MatrixBinDraw {
  std::uint32_t row = 0;
  std::uint32_t column = 0;
  Colour colour = 0;
  std::uint64_t calls = 0;
};

/// A knot block on the diagonal, in bin coordinates (inclusive first, exclusive end).
struct MatrixBlockDraw {
  std::uint32_t first = 0;
  std::uint32_t end = 0;
  Colour colour = 0;
};

/// The whole matrix for one frame.
struct MatrixScene {
  std::uint32_t size = 0;           ///< services in the matrix
  std::uint32_t bins = 0;           ///< rows (= columns) drawn
  std::uint32_t per_bin = 1;        ///< services per bin
  std::vector<MatrixBinDraw> cells; ///< sorted by (row, column)
  std::vector<MatrixBlockDraw> blocks;
  std::vector<std::uint32_t> highlighted;  ///< bins holding a selected service
  std::vector<std::string> labels;  ///< per bin when per_bin == 1, else empty
};

/// A numbered axis label: the bin it stands on and its text (the 1-based position, in the
/// matrix order, of the bin's last service; rows and columns share the numbering).
struct MatrixTick {
  std::uint32_t bin = 0;
  std::string text;
};

/// Axis labels for bins `cell_px` pixels wide when a digit is `digit_px` wide: every bin if
/// its number fits, else every 2nd, 5th, 10th, 20th, ... bin (labelled 2, 4, ... or 5, 10, ...)
/// so that numbers never overlap.
/// `min_spacing_px` keeps ticks apart across lines too (e.g. the font height for row numbers).
[[nodiscard]] std::vector<MatrixTick> matrix_ticks(const MatrixScene& scene, float cell_px, float digit_px,
                                                 float min_spacing_px = 0.0f);

/// Bins the matrix into at most `max_bins` rows; colours by log of calls (declared-only
/// dependencies get a fixed grey). `selected` is a per-node mask (may be empty).
[[nodiscard]] MatrixScene build_matrix_scene(const Document& doc, std::uint32_t max_bins,
                                             const std::vector<char>& selected);

/// The services a bin stands for, in matrix order: at most `max_names` names, then
/// "and N more" (the tooltip of a binned cell names services, not row numbers).
[[nodiscard]] std::string matrix_bin_names(const Document& doc, const MatrixScene& scene, std::uint32_t bin,
                                           std::size_t max_names = 4);

/// The service node at bin (row) when bins are single services, else nullopt.
[[nodiscard]] std::optional<std::uint32_t> matrix_node_at(const Document& doc, const MatrixScene& scene,
                                                          std::uint32_t bin);

}  // namespace nanoscope::gui
