// Greedy label placement over a uniform grid of screen-space boxes.
#include "gui/viewmodel/label_placement.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace nanoscope::gui {

double label_importance(bool forced, bool search_match, double traffic_share, double degree_share) {
  const double base = std::sqrt(std::clamp(traffic_share, 0.0, 1.0)) + std::sqrt(std::clamp(degree_share, 0.0, 1.0));
  return base + (forced ? 8.0 : 0.0) + (search_match ? 4.0 : 0.0);
}

PlacedLabel label_box(const LabelCandidate& c, LabelSide side, float font_px) {
  const float gap = 4.0f, w = c.text_width, h = font_px;
  PlacedLabel p{c.node, side, 0, 0, 0, 0};
  switch (side) {
    case LabelSide::Right: p.x0 = c.at.x + c.radius + gap; p.y0 = c.at.y - h * 0.5f; break;
    case LabelSide::Left: p.x0 = c.at.x - c.radius - gap - w; p.y0 = c.at.y - h * 0.5f; break;
    case LabelSide::Above: p.x0 = c.at.x - w * 0.5f; p.y0 = c.at.y - c.radius - gap * 0.5f - h; break;
    case LabelSide::Below: p.x0 = c.at.x - w * 0.5f; p.y0 = c.at.y + c.radius + gap * 0.5f; break;
    case LabelSide::None: break;
  }
  p.x1 = p.x0 + w;
  p.y1 = p.y0 + h;
  return p;
}

std::vector<PlacedLabel> place_labels(std::vector<LabelCandidate> candidates, const LabelLimits& limits) {
  std::stable_sort(candidates.begin(), candidates.end(), [](const LabelCandidate& a, const LabelCandidate& b) {
    if (a.forced != b.forced) return a.forced;
    if (a.importance != b.importance) return a.importance > b.importance;
    return a.node < b.node;
  });
  std::vector<PlacedLabel> placed;
  const float cell = 64.0f;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> grid;
  auto key = [](int cx, int cy) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx)) << 32) | static_cast<std::uint32_t>(cy);
  };
  auto cells_of = [&](const PlacedLabel& b, auto&& visit) {
    const int cx0 = static_cast<int>(std::floor(b.x0 / cell)), cx1 = static_cast<int>(std::floor(b.x1 / cell));
    const int cy0 = static_cast<int>(std::floor(b.y0 / cell)), cy1 = static_cast<int>(std::floor(b.y1 / cell));
    for (int cx = cx0; cx <= cx1; ++cx)
      for (int cy = cy0; cy <= cy1; ++cy) visit(key(cx, cy));
  };
  auto free = [&](const PlacedLabel& b) {
    bool clear = true;
    cells_of(b, [&](std::uint64_t k) {
      const auto it = grid.find(k);
      if (it == grid.end()) return;
      for (auto i : it->second) {
        const auto& o = placed[i];
        if (b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) clear = false;
      }
    });
    return clear;
  };
  auto add = [&](const PlacedLabel& b) {
    placed.push_back(b);
    cells_of(b, [&](std::uint64_t k) { grid[k].push_back(static_cast<std::uint32_t>(placed.size() - 1)); });
  };
  // Until `always` labels are placed, small nodes count too: in a dense fitted view the very
  // busiest crowd each other out, so the next most important ones (further out) get named.
  std::size_t unforced = 0;
  for (const auto& c : candidates) {
    if (!c.forced) {
      if (unforced >= limits.max_labels) break;
      if (unforced >= limits.always && c.radius < limits.min_radius_px) continue;
    }
    bool done = false;
    for (auto side : {LabelSide::Right, LabelSide::Left, LabelSide::Above, LabelSide::Below}) {
      const auto b = label_box(c, side, limits.font_px);
      if (free(b)) {
        add(b);
        done = true;
        break;
      }
    }
    if (!done && c.forced) add(label_box(c, LabelSide::Right, limits.font_px));
    if (done && !c.forced) ++unforced;
  }
  return placed;
}

}  // namespace nanoscope::gui
