// Filters, culling and level of detail for the graph canvas.
#include "gui/viewmodel/graph_scene.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "gui/viewmodel/table_rows.hpp"

namespace nanoscope::gui {

bool matches_search(const std::string& name, const std::string& search) { return contains_nocase(name, search); }

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
                       const DetailLimits& limits, const std::vector<char>& focus_edges, const DiffPaint* diff) {
  GraphScene scene;
  if (doc.empty()) return scene;
  const auto& nodes = doc.report().services.nodes;
  const auto& edges = doc.report().services.edges;
  if (positions.size() != nodes.size()) return scene;
  // The diff's colours, when they were made for this document.
  const DiffPaint* paint = filters.colour == ColourMode::Diff && diff && diff->node_fill.size() == nodes.size() &&
                                   diff->node_ring.size() == nodes.size() && diff->edge_colour.size() == edges.size() &&
                                   diff->edge_width.size() == edges.size()
                               ? diff
                               : nullptr;
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
  // A focused finding highlights its own edges; otherwise every edge at the selection or hover.
  const bool edge_focus = focus_edges.size() == edges.size() &&
                          std::any_of(focus_edges.begin(), focus_edges.end(), [](char c) { return c != 0; });
  auto is_focus = [&](std::uint32_t index) {
    const auto& e = edges[index];
    if (static_cast<int>(e.from) == hovered || static_cast<int>(e.to) == hovered) return true;
    return edge_focus ? focus_edges[index] != 0 : is_selected(e.from) || is_selected(e.to);
  };
  auto emit_edge = [&](std::uint32_t index) {
    const auto& e = edges[index];
    const Vec2 a = screen[e.from], b = screen[e.to];
    float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1.0f || e.from == e.to) return;
    dx /= len; dy /= len;
    const bool focus = is_focus(index);
    EdgeDraw d;
    d.edge = index;
    // Two-way dependencies: each direction drawn beside the other (to its right).
    const float side = doc.edge_has_reverse()[index] ? std::min(4.0f, 0.3f * std::min(radius[e.from], radius[e.to])) : 0.0f;
    d.from = {a.x + dx * radius[e.from] - dy * side, a.y + dy * radius[e.from] + dx * side};
    d.to = {b.x - dx * radius[e.to] - dy * side, b.y - dy * radius[e.to] + dx * side};
    d.width = static_cast<float>(1.0 + 4.0 * std::sqrt(static_cast<double>(e.calls) / max_calls));
    if (paint) {
      // The diff's opacity: unchanged edges fade behind the changes.
      d.width = paint->edge_width[index];
      const Colour base = paint->edge_colour[index];
      d.colour = with_alpha(base, focus ? 255 : (any_selected || hovered >= 0 ? 50 : std::min<std::uint8_t>(alpha(base), 150)));
    } else {
      const Colour base = filters.colour == ColourMode::Kind ? interaction_colour(e.kind)
                                                             : latency_colour(!e.latency.empty(), e.latency.mean_us());
      d.colour = with_alpha(base, focus ? 255 : (any_selected || hovered >= 0 ? 50 : 150));
    }
    if (focus) d.width += 1.0f;
    d.arrow = len >= limits.min_arrow_length_px;
    scene.edge_pixels += len * (d.width + 2.0f);
    scene.edges.push_back(d);
  };
  std::vector<std::uint32_t> on_top;
  for (auto idx : doc.edges_by_weight()) {
    const auto& e = edges[idx];
    if (!visible[e.from] || !visible[e.to] || (filters.min_calls > 0 && e.calls < filters.min_calls)) continue;
    ++scene.shown_edges;
    if (!on_screen[e.from] && !on_screen[e.to]) continue;
    if (is_focus(idx)) {
      on_top.push_back(idx);  // drawn last, on top
    } else if (scene.edges.size() < limits.max_edges && scene.edge_pixels < limits.edge_pixel_budget) {
      emit_edge(idx);
    } else {
      ++scene.thinned_edges;
    }
  }
  for (auto idx : on_top) emit_edge(idx);
  scene.antialias_edges = scene.edges.size() <= limits.max_antialiased_edges;

  // Many edges at once: fainter, so the overview shows density rather than a solid mass.
  if (scene.edges.size() > 800) {
    const auto faint = static_cast<std::uint8_t>(std::max(40.0, 150.0 * std::sqrt(800.0 / scene.edges.size())));
    for (auto& d : scene.edges)
      if (alpha(d.colour) == 150) d.colour = with_alpha(d.colour, faint);
  }

  // Labels: by importance (hover and selection, search matches, traffic and degree), greedy
  // over screen boxes so none overlap; the few most important are labelled however small.
  // With no more nodes on screen than labels allowed, small nodes get labels too (where they fit).
  std::vector<LabelCandidate> candidates;
  const auto& metrics = doc.report().metrics;
  std::uint32_t max_degree = 1;
  for (std::uint32_t i = 0; i < n; ++i) max_degree = std::max(max_degree, metrics[i].fan_in + metrics[i].fan_out);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!visible[i] || !on_screen[i]) continue;
    const bool forced = is_selected(i) || static_cast<int>(i) == hovered;
    const double traffic = static_cast<double>(doc.facts()[i].traffic) / static_cast<double>(doc.max_traffic());
    const double degree = static_cast<double>(metrics[i].fan_in + metrics[i].fan_out) / max_degree;
    candidates.push_back({i, screen[i], radius[i], 0.55f * limits.label_font_px * static_cast<float>(nodes[i].name.size()),
                          label_importance(forced, matched[i] != 0, traffic, degree), forced});
  }
  const std::size_t on_screen_nodes = scene.shown_nodes - scene.culled_nodes;
  LabelLimits label_limits;
  label_limits.font_px = limits.label_font_px;
  label_limits.max_labels = limits.max_labels;
  label_limits.always = limits.always_labelled;
  label_limits.min_radius_px = on_screen_nodes <= limits.max_labels ? 0.0f : limits.min_label_radius_px;
  std::vector<const PlacedLabel*> label(n, nullptr);
  const auto placed = place_labels(std::move(candidates), label_limits);
  for (const auto& p : placed) label[p.node] = &p;

  auto cell_key = [](int cx, int cy) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx)) << 32) | static_cast<std::uint32_t>(cy);
  };
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
    if (label[i]) {
      d.label = true;
      d.label_side = label[i]->side;
      d.label_at = {label[i]->x0, label[i]->y0};
    }
    if (paint) {
      d.fill = paint->node_fill[i];
      if (paint->node_ring[i]) {
        d.outline = kDiffKnotRing;
        d.outline_width = 3.0f;
      }
    } else if (f.knot >= 0) {
      d.fill = knot_colour(static_cast<std::size_t>(f.knot));
      d.outline = kKnotOutline;
      d.outline_width = 2.0f;
    } else {
      d.fill = filters.colour == ColourMode::Kind ? kind_colour(nodes[i].kind) : latency_colour(f.has_latency, f.latency_us);
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

std::optional<std::uint32_t> pick_edge(const GraphScene& scene, Vec2 at, float tolerance_px) {
  for (auto it = scene.edges.rbegin(); it != scene.edges.rend(); ++it) {
    const float dx = it->to.x - it->from.x, dy = it->to.y - it->from.y;
    const float len2 = dx * dx + dy * dy;
    if (len2 <= 0.0f) continue;
    const float t = std::clamp(((at.x - it->from.x) * dx + (at.y - it->from.y) * dy) / len2, 0.0f, 1.0f);
    const float px = it->from.x + t * dx - at.x, py = it->from.y + t * dy - at.y;
    const float r = tolerance_px + it->width * 0.5f;
    if (px * px + py * py <= r * r) return it->edge;
  }
  return std::nullopt;
}

}  // namespace nanoscope::gui
