// Drawing a diff's two graphs: the services to draw (changed ones first when there are too
// many), a layered layout of their union (breadth-first layers from the services nothing calls,
// long layers wrapped into several columns), and each side as SVG with the changes coloured.
#include "session/diff_picture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>
#include <unordered_map>

#include "economics/svg_chart.hpp"

namespace nanoscope::session::detail {
namespace {

using economics::detail::html_escape;

constexpr std::size_t kPerColumn = 24;
constexpr double kMargin = 24.0;
constexpr double kRadius = 5.0;
constexpr double kEdgeOffset = 2.5;
constexpr const char* kAdded = "#2ca02c";
constexpr const char* kRemoved = "#d62728";
constexpr const char* kBusier = "#ff7f0e";
constexpr const char* kQuieter = "#1f77b4";
constexpr const char* kSame = "#9a9a9a";
constexpr const char* kKnot = "#7b2fbf";

// Every edge of either side as (from, to).
template <typename F>
void for_each_edge(const DiffResult& d, F&& f) {
  for (const auto& e : d.edges_removed) f(e.from, e.to);
  for (const auto& e : d.edges_added) f(e.from, e.to);
  for (const auto& e : d.edges_common) f(e.from, e.to);
}

// The services to draw: all when few enough, else the changed ones first.
std::set<std::string> chosen_services(const DiffResult& d, std::size_t total) {
  std::set<std::string> chosen;
  const auto add = [&](const std::string& s) {
    if (chosen.size() < kMaxDrawnServices) chosen.insert(s);
  };
  if (total <= kMaxDrawnServices) {
    for (const auto* list : {&d.services_common, &d.services_added, &d.services_removed})
      for (const auto& s : *list) add(s);
    return chosen;
  }
  for (const auto* list : {&d.findings_appeared, &d.findings_resolved})
    for (const auto& f : *list)
      if (f.finding.kind == analysis::FindingKind::Knot)
        for (const auto& s : f.finding.services) add(s);
  for (const auto& s : d.services_added) add(s);
  for (const auto& s : d.services_removed) add(s);
  for (const auto* list : {&d.edges_added, &d.edges_removed})
    for (const auto& e : *list) add(e.from), add(e.to);
  for (const auto* e : d.changed_edges()) add(e->from), add(e->to);
  // Then the busiest unchanged edges' services, for context.
  std::vector<const EdgeChange*> busiest;
  for (const auto& e : d.edges_common) busiest.push_back(&e);
  std::stable_sort(busiest.begin(), busiest.end(),
                   [](const EdgeChange* a, const EdgeChange* b) { return a->after.calls > b->after.calls; });
  for (const auto* e : busiest) add(e->from), add(e->to);
  return chosen;
}

}  // namespace

DiffPicture place_services(const DiffResult& d) {
  DiffPicture p;
  const std::size_t total = d.services_common.size() + d.services_added.size() + d.services_removed.size();
  const auto chosen = chosen_services(d, total);
  p.left_out = total - chosen.size();
  std::unordered_map<std::string, std::size_t> index;
  for (const auto& s : chosen) {
    index.emplace(s, p.services.size());
    p.services.push_back({s, 0.0, 0.0, false, false, false});
  }
  for (const auto* list : {&d.services_common, &d.services_removed})
    for (const auto& s : *list)
      if (auto it = index.find(s); it != index.end()) p.services[it->second].before = true;
  for (const auto* list : {&d.services_common, &d.services_added})
    for (const auto& s : *list)
      if (auto it = index.find(s); it != index.end()) p.services[it->second].after = true;
  for (const auto* list : {&d.findings_appeared, &d.findings_resolved})
    for (const auto& f : *list)
      if (f.finding.kind == analysis::FindingKind::Knot)
        for (const auto& s : f.finding.services)
          if (auto it = index.find(s); it != index.end()) p.services[it->second].knot_change = true;

  // Layers: breadth-first from the services nothing calls, then from each unreached one by name.
  const std::size_t n = p.services.size();
  std::vector<std::vector<std::size_t>> out(n);
  std::vector<std::size_t> in_degree(n, 0);
  for_each_edge(d, [&](const std::string& from, const std::string& to) {
    const auto a = index.find(from), b = index.find(to);
    if (a == index.end() || b == index.end() || a->second == b->second) return;
    out[a->second].push_back(b->second);
    ++in_degree[b->second];
  });
  for (auto& o : out) std::sort(o.begin(), o.end());
  std::vector<int> layer(n, -1);
  std::deque<std::size_t> queue;
  const auto walk = [&] {
    while (!queue.empty()) {
      const std::size_t v = queue.front();
      queue.pop_front();
      for (std::size_t w : out[v])
        if (layer[w] < 0) layer[w] = layer[v] + 1, queue.push_back(w);
    }
  };
  for (std::size_t v = 0; v < n; ++v)
    if (in_degree[v] == 0) layer[v] = 0, queue.push_back(v);
  walk();
  for (std::size_t v = 0; v < n; ++v)
    if (layer[v] < 0) layer[v] = 0, queue.push_back(v), walk();

  // Columns: each layer's services by name, wrapped every kPerColumn.
  std::vector<std::vector<std::size_t>> columns;
  const int layers = n ? *std::max_element(layer.begin(), layer.end()) + 1 : 0;
  for (int l = 0; l < layers; ++l) {
    std::vector<std::size_t> members;
    for (std::size_t v = 0; v < n; ++v)
      if (layer[v] == l) members.push_back(v);
    for (std::size_t k = 0; k < members.size(); k += kPerColumn)
      columns.emplace_back(members.begin() + static_cast<std::ptrdiff_t>(k),
                           members.begin() + static_cast<std::ptrdiff_t>(std::min(members.size(), k + kPerColumn)));
  }
  std::size_t rows = 1;
  for (const auto& c : columns) rows = std::max(rows, c.size());
  const double dx = columns.size() > 1 ? (p.width - 2 * kMargin - 90.0) / static_cast<double>(columns.size() - 1) : 0.0;
  const double dy = (p.height - 2 * kMargin) / static_cast<double>(rows);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const double top = kMargin + (static_cast<double>(rows - columns[c].size()) * dy) / 2.0 + dy / 2.0;
    for (std::size_t k = 0; k < columns[c].size(); ++k) {
      PlacedService& s = p.services[columns[c][k]];
      s.x = kMargin + dx * static_cast<double>(c);
      s.y = top + dy * static_cast<double>(k);
    }
  }
  return p;
}

std::string render_side(const DiffResult& d, const DiffPicture& p, bool after) {
  std::unordered_map<std::string_view, const PlacedService*> at;
  for (const auto& s : p.services) at.emplace(s.name, &s);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"9\"><rect width=\"{0}\" height=\"{1}\" fill=\"#fff\" stroke=\"#ddd\"/>"
      "<text x=\"8\" y=\"14\" font-size=\"12\" font-weight=\"bold\">{2}</text><defs>",
      p.width, p.height, after ? "after" : "before");
  for (const char* c : {kAdded, kRemoved, kBusier, kQuieter, kSame})
    svg += fmt::format("<marker id=\"a{0}{1}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" "
                       "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"{2}\"/></marker>",
                       after ? "b" : "a", c + 1, c);
  svg += "</defs>";
  const auto edge = [&](const std::string& from, const std::string& to, const char* colour, double width,
                        const std::string& tip) {
    const auto a = at.find(from), b = at.find(to);
    if (a == at.end() || b == at.end() || a->second == b->second) return;
    const double x1 = a->second->x, y1 = a->second->y, x2 = b->second->x, y2 = b->second->y;
    const double len = std::hypot(x2 - x1, y2 - y1);
    if (len < 2.5 * kRadius) return;
    const double ux = (x2 - x1) / len, uy = (y2 - y1) / len;
    // Shifted a little to the left of its direction, so a -> b and b -> a are two lines.
    const double ox = uy * kEdgeOffset, oy = -ux * kEdgeOffset;
    svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
                       "stroke-width=\"{:.1f}\" stroke-opacity=\"0.8\" marker-end=\"url(#a{}{})\"><title>{}</title></line>",
                       x1 + ux * kRadius + ox, y1 + uy * kRadius + oy, x2 - ux * (kRadius + 1) + ox,
                       y2 - uy * (kRadius + 1) + oy, colour,
                       width, after ? "b" : "a", colour + 1, html_escape(from + " -> " + to + tip));
  };
  for (const auto& e : d.edges_common) {
    const char* colour = !e.changed() ? kSame : e.rate_significant && e.rate_ratio < 1.0 ? kQuieter : kBusier;
    const double width = e.changed() ? 1.0 + std::min(3.0, std::max(1.0, e.magnitude())) : 0.8;
    edge(e.from, e.to, colour, width, e.changed() ? ": changed" : "");
  }
  for (const auto& e : after ? d.edges_added : d.edges_removed)
    edge(e.from, e.to, after ? kAdded : kRemoved, 2.0, after ? ": added" : ": removed");
  for (const auto& s : p.services) {
    if (!(after ? s.after : s.before)) continue;
    const bool only_here = after ? !s.before : !s.after;
    const char* fill = only_here ? (after ? kAdded : kRemoved) : "#777";
    if (s.knot_change)
      svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"none\" stroke=\"{}\" "
                         "stroke-width=\"2.5\"/>",
                         s.x, s.y, kRadius + 3, kKnot);
    const std::string label = s.name.size() > 22 ? s.name.substr(0, 21) + "~" : s.name;
    svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\"><title>{}</title></circle>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>",
                       s.x, s.y, kRadius, fill, html_escape(s.name), s.x + kRadius + 2, s.y + 3, html_escape(label));
  }
  return svg + "</svg>";
}

}  // namespace nanoscope::session::detail
