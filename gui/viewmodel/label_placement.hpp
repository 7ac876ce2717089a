// Which service names the graph canvas writes, and where: labels go to the most important
// nodes first (selection and hover, then search matches, then by traffic and degree), each
// at the first free spot of four around its node (right, left, above, below), greedily over
// screen-space boxes so no two labels overlap. The first labels (the hubs and the next most
// important nodes that fit) are placed even when the fitted view makes their nodes tiny.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gui/viewmodel/layout_engine.hpp"

namespace nanoscope::gui {

/// Where a label sits relative to its node.
enum class LabelSide : std::uint8_t { None, Right, Left, Above, Below };

/// One candidate node on screen.
struct LabelCandidate {
  std::uint32_t node = 0;
  Vec2 at;                 ///< screen centre
  float radius = 1.0f;     ///< screen radius
  float text_width = 0.0f; ///< estimated label width in pixels
  double importance = 0.0; ///< larger first (see label_importance)
  bool forced = false;     ///< selected or hovered: labelled even if it overlaps
};

/// Label budgets.
struct LabelLimits {
  float font_px = 15.0f;
  std::size_t max_labels = 200;    ///< unforced labels at most
  std::size_t always = 24;         ///< labels placed by importance before `min_radius_px` applies
  float min_radius_px = 6.0f;      ///< smaller nodes (beyond `always`) stay unlabelled
};

/// Importance of a node for labelling: `forced` (selected, hovered) above search matches
/// above the rest; within a class, traffic share and degree share (both in [0,1]) count alike.
[[nodiscard]] double label_importance(bool forced, bool search_match, double traffic_share, double degree_share);

/// A chosen label: its node, side and screen box.
struct PlacedLabel {
  std::uint32_t node = 0;
  LabelSide side = LabelSide::None;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

/// The labels to draw, most important first. Unforced labels never overlap each other or a
/// forced one; forced labels take the first free side, else the right side.
[[nodiscard]] std::vector<PlacedLabel> place_labels(std::vector<LabelCandidate> candidates, const LabelLimits& limits);

/// The box of a label of `candidate` on `side` (font height `font_px`).
[[nodiscard]] PlacedLabel label_box(const LabelCandidate& candidate, LabelSide side, float font_px);

}  // namespace nanoscope::gui
