// Filters, culling and level of detail for the graph canvas.
#include "gui/viewmodel/graph_scene.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

namespace nanoscope::gui {

bool matches_search(const std::string& name, const std::string& search) {
  if (search.empty()) return true;
  const auto it = std::search(name.begin(), name.end(), search.begin(), search.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != name.end();
}

bool passes_filters(const Document& doc, std::uint32_t i, const GraphFilters& filters) {
  const auto& f = doc.facts()[i];
  if (filters.hide_infrastructure && f.infrastructure) return false;
  if (filters.min_calls > 0 && f.calls_in + f.calls_out < filters.min_calls) return false;
  return true;
}

float node_world_radius(const Document& doc, std::uint32_t i) {
  const double share = static_cast<double>(doc.facts()[i].traffic) / static_cast<double>(doc.max_traffic());
  return static_cast<float>(7.0 + 17.0 * std::sqrt(share));
}

GraphScene build_scene(const Document& doc, const std::vector<Vec2>& positions, const Camera& camera,
                       const GraphFilters& filters, const std::vector<char>& selected, int hovered,
                       const DetailLimits& limits) {
  GraphScene scene;
  if (doc.empty()) return scene;
  const auto& nodes = doc.report().services.nodes;
  const auto& edges = doc.report().services.edges;
  if (positions.size() != nodes.size()) return scene;
  const auto n = static_cast<std::uint32_t>(nodes.size());
  auto is_selected = [&](std::uint32_t i) { return i < selected.size() && selected[i]; };
  const bool any_selected = std::any_of(selected.begin(), selected.end(), [](char c) { return c != 0; });

  std::vector<char> visible(n, 0), on_screen(n, 0), matched(n, 0);
  std::vector<Vec2> screen(n);
  std::vector<float> radius(n);
  const float x0 = camera.origin.x, y0 = camera.origin.y;
  const float x1 = x0 + camera.size.x, y1 = y0 + camera.size.y;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!passes_filters(doc, i, filters)) {
      ++scene.filtered_nodes;
      continue;
    }
    visible[i] = 1;
    ++scene.shown_nodes;
    matched[i] = !filters.search.empty() && matches_search(nodes[i].name, filters.search);
    scene.search_matches += matched[i];
    screen[i] = camera.to_screen(positions[i]);
    radius[i] = std::max(1.5f, node_world_radius(doc, i) * camera.zoom);
    const float r = radius[i];
    on_screen[i] = screen[i].x + r >= x0 && screen[i].x - r <= x1 && screen[i].y + r >= y0 && screen[i].y - r <= y1;
    if (!on_screen[i]) ++scene.culled_nodes;
  }

  // Edges: heaviest first within the budget; those at the selection or hover always.
  const double max_calls = static_cast<double>(doc.max_edge_calls());
  auto emit_edge = [&](std::uint32_t index) {
    const auto& e = edges[index];
    const Vec2 a = screen[e.from], b = screen[e.to];
    float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1.0f || e.from == e.to) return;
    dx /= len; dy /= len;
    const bool focus = is_selected(e.from) || is_selected(e.to) || static_cast<int>(e.from) == hovered ||
                       static_cast<int>(e.to) == hovered;
    EdgeDraw d;
    // Two-way dependencies: each direction drawn beside the other (to its right).
    const float side = doc.edge_has_reverse()[index] ? std::min(4.0f, 0.3f * std::min(radius[e.from], radius[e.to])) : 0.0f;
    d.from = {a.x + dx * radius[e.from] - dy * side, a.y + dy * radius[e.from] + dx * side};
    d.to = {b.x - dx * radius[e.to] - dy * side, b.y - dy * radius[e.to] + dx * side};
    d.width = static_cast<float>(1.0 + 4.0 * std::sqrt(static_cast<double>(e.calls) / max_calls));
    const Colour base = filters.colour == ColourMode::Latency
                            ? heat(latency_position(e.latency.mean_us()))
                            : interaction_colour(e.kind);
    d.colour = with_alpha(base, focus ? 255 : (any_selected || hovered >= 0 ? 50 : 150));
    if (focus) d.width += 1.0f;
    d.arrow = len >= limits.min_arrow_length_px;
    scene.edge_pixels += len * (d.width + 2.0f);
    scene.edges.push_back(d);
  };
  std::vector<std::uint32_t> focus_edges;
  for (auto idx : doc.edges_by_weight()) {
    const auto& e = edges[idx];
    if (!visible[e.from] || !visible[e.to] || (filters.min_calls > 0 && e.calls < filters.min_calls)) continue;
    ++scene.shown_edges;
    if (!on_screen[e.from] && !on_screen[e.to]) continue;
    const bool focus = is_selected(e.from) || is_selected(e.to) || static_cast<int>(e.from) == hovered ||
                       static_cast<int>(e.to) == hovered;
    if (focus) {
      focus_edges.push_back(idx);  // drawn last, on top
    } else if (scene.edges.size() < limits.max_edges && scene.edge_pixels < limits.edge_pixel_budget) {
      emit_edge(idx);
    } else {
      ++scene.thinned_edges;
    }
  }
  for (auto idx : focus_edges) emit_edge(idx);
  scene.antialias_edges = scene.edges.size() <= limits.max_antialiased_edges;

  // Many edges at once: fainter, so the overview shows density rather than a solid mass.
  if (scene.edges.size() > 800) {
    const auto faint = static_cast<std::uint8_t>(std::max(40.0, 150.0 * std::sqrt(800.0 / scene.edges.size())));
    for (auto& d : scene.edges)
      if (alpha(d.colour) == 150) d.colour = with_alpha(d.colour, faint);
  }

  // Labels: busiest nodes big enough on screen, within the budget, never over another
  // label (estimated extents, greedy in traffic order; forced labels placed first).
  std::vector<char> label(n, 0);  // 1: right of the node, 2: left of it
  std::size_t labels = 0;
  struct Box { float x0, y0, x1, y1; };
  std::vector<Box> placed;
  const float cell = 64.0f;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> grid;
  auto cell_key = [](int cx, int cy) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx)) << 32) | static_cast<std::uint32_t>(cy);
  };
  auto label_box = [&](std::uint32_t i, bool left) {
    const float w = 0.55f * limits.label_font_px * static_cast<float>(nodes[i].name.size());
    const float x0 = left ? screen[i].x - radius[i] - 4 - w : screen[i].x + radius[i] + 4;
    return Box{x0, screen[i].y - limits.label_font_px * 0.5f, x0 + w, screen[i].y + limits.label_font_px * 0.5f};
  };
  auto cells_of = [&](const Box& box, auto&& visit) {
    const int cx0 = static_cast<int>(std::floor(box.x0 / cell)), cx1 = static_cast<int>(std::floor(box.x1 / cell));
    const int cy0 = static_cast<int>(std::floor(box.y0 / cell)), cy1 = static_cast<int>(std::floor(box.y1 / cell));
    for (int cx = cx0; cx <= cx1; ++cx)
      for (int cy = cy0; cy <= cy1; ++cy) visit(cell_key(cx, cy));
  };
  auto free = [&](const Box& box) {
    bool clear = true;
    cells_of(box, [&](std::uint64_t key) {
      const auto it = grid.find(key);
      if (it == grid.end()) return;
      for (auto b : it->second) {
        const auto& o = placed[b];
        if (box.x0 < o.x1 && o.x0 < box.x1 && box.y0 < o.y1 && o.y0 < box.y1) clear = false;
      }
    });
    return clear;
  };
  // Right of the node, else left of it; forced labels always go right, overlapping or not.
  auto try_place = [&](std::uint32_t i, bool forced) {
    Box box = label_box(i, false);
    char side = 1;
    if (!forced && !free(box)) {
      box = label_box(i, true);
      side = 2;
      if (!free(box)) return false;
    }
    placed.push_back(box);
    cells_of(box, [&](std::uint64_t key) { grid[key].push_back(static_cast<std::uint32_t>(placed.size() - 1)); });
    label[i] = side;
    return true;
  };
  for (std::uint32_t i = 0; i < n; ++i)
    if (visible[i] && on_screen[i] && (is_selected(i) || static_cast<int>(i) == hovered || matched[i])) try_place(i, true);
  // With no more nodes on screen than labels allowed, small nodes get labels too (where they fit).
  const std::size_t on_screen_nodes = scene.shown_nodes - scene.culled_nodes;
  const float min_label_radius = on_screen_nodes <= limits.max_labels ? 0.0f : limits.min_label_radius_px;
  for (auto i : doc.nodes_by_traffic()) {
    if (labels >= limits.max_labels) break;
    if (!visible[i] || !on_screen[i] || label[i] || radius[i] < min_label_radius) continue;
    if (try_place(i, false)) ++labels;
  }

  // Nodes: plain ones first, then knots, then matched, selected and hovered on top.
  auto rank = [&](std::uint32_t i) {
    if (static_cast<int>(i) == hovered) return 4;
    if (is_selected(i)) return 3;
    if (matched[i]) return 2;
    return doc.facts()[i].knot >= 0 ? 1 : 0;
  };
  std::vector<std::uint32_t> order;
  order.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i)
    if (visible[i] && on_screen[i]) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return rank(a) < rank(b); });
  // Dense overviews (thousands of nodes a few pixels apart): walking from the top of the
  // stack down, a tiny plain node whose centre cell already holds the centre of a node drawn
  // above it, at least as big, would be all but hidden: leave it out.
  if (limits.cover_cell_px > 0.0f && order.size() > 1) {
    std::unordered_map<std::uint64_t, float> top;  // cell -> largest radius centred there so far
    std::vector<char> keep(order.size(), 1);
    for (std::size_t k = order.size(); k-- > 0;) {
      const auto i = order[k];
      const auto key = cell_key(static_cast<int>(std::floor(screen[i].x / limits.cover_cell_px)),
                                static_cast<int>(std::floor(screen[i].y / limits.cover_cell_px)));
      auto [it, fresh] = top.try_emplace(key, radius[i]);
      if (!fresh && rank(i) == 0 && !label[i] && radius[i] < limits.min_circle_radius_px && it->second >= radius[i]) {
        keep[k] = 0;
        ++scene.covered_nodes;
      } else {
        it->second = std::max(it->second, radius[i]);
      }
    }
    std::size_t w = 0;
    for (std::size_t k = 0; k < order.size(); ++k)
      if (keep[k]) order[w++] = order[k];
    order.resize(w);
  }
  scene.nodes.reserve(order.size());
  for (auto i : order) {
    const auto& f = doc.facts()[i];
    NodeDraw d;
    d.node = i;
    d.at = screen[i];
    d.radius = radius[i];
    d.segments = d.radius < limits.min_circle_radius_px ? 0 : std::clamp(static_cast<int>(d.radius * 1.5f), 10, 40);
    d.label = label[i] != 0;
    d.label_left = label[i] == 2;
    if (f.knot >= 0) {
      d.fill = knot_colour(static_cast<std::size_t>(f.knot));
      d.outline = kKnotOutline;
      d.outline_width = 2.0f;
    } else {
      d.fill = filters.colour == ColourMode::Latency ? heat(latency_position(f.latency_us)) : kind_colour(nodes[i].kind);
    }
    if (!filters.search.empty() && !matched[i]) d.fill = blend(d.fill, kDimmed, 0.75);
    if (matched[i]) { d.outline = kSearchOutline; d.outline_width = 2.5f; }
    if (is_selected(i) || static_cast<int>(i) == hovered) {
      d.outline = kSelectionOutline;
      d.outline_width = 3.0f;
    }
    scene.nodes.push_back(d);
  }
  return scene;
}

std::optional<std::uint32_t> pick_node(const GraphScene& scene, Vec2 at) {
  for (auto it = scene.nodes.rbegin(); it != scene.nodes.rend(); ++it) {
    const float dx = it->at.x - at.x, dy = it->at.y - at.y, r = it->radius + 3.0f;
    if (dx * dx + dy * dy <= r * r) return it->node;
  }
  return std::nullopt;
}

}  // namespace nanoscope::gui
