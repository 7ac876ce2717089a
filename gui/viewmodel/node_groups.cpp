// Node groups: membership by system or kind, the force layout's group links, boxes, colours.
#include "gui/viewmodel/node_groups.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "model/systems.hpp"

namespace nanoscope::gui {

const char* to_string(GroupMode mode) {
  switch (mode) {
    case GroupMode::None:
      return "none";
    case GroupMode::System:
      return "system";
    case GroupMode::Kind:
      return "kind";
  }
  return "none";
}

std::optional<GroupMode> parse_group_mode(const std::string& text) {
  for (const auto mode : {GroupMode::None, GroupMode::System, GroupMode::Kind})
    if (text == to_string(mode)) return mode;
  return std::nullopt;
}

NodeGroups group_nodes(const model::CallGraph& graph, const model::ServiceGraph& services, GroupMode mode) {
  NodeGroups out;
  const auto n = services.nodes.size();
  out.group_of.assign(n, 0);
  if (mode == GroupMode::None) {
    out.names = {"all"};
  } else if (mode == GroupMode::Kind) {
    std::map<model::ServiceKind, std::uint32_t> index;
    for (const auto& node : services.nodes) index[node.kind] = 0;
    for (auto& [kind, i] : index) {
      i = static_cast<std::uint32_t>(out.names.size());
      out.names.emplace_back(model::to_string(kind));
    }
    for (std::size_t v = 0; v < n; ++v) out.group_of[v] = index[services.nodes[v].kind];
  } else {
    const auto systems = model::split_systems(graph);
    std::vector<std::uint32_t> system_of(graph.service_count(), 0);
    std::vector<char> assigned(graph.service_count(), 0);
    for (std::uint32_t s = 0; s < systems.size(); ++s) {
      out.names.push_back(systems[s].name);
      for (const auto id : systems[s].services)
        if (!assigned[id]) {
          assigned[id] = 1;
          system_of[id] = s;
        }
    }
    if (out.names.empty()) out.names = {"all"};
    for (std::size_t v = 0; v < n; ++v) {
      const auto& node = services.nodes[v];
      std::vector<std::uint32_t> count(out.names.size(), 0);
      for (const auto op : node.operations) ++count[system_of[graph.operation(op).service]];
      if (node.operations.empty() && node.group < graph.service_count()) ++count[system_of[node.group]];
      out.group_of[v] = static_cast<std::uint32_t>(std::max_element(count.begin(), count.end()) - count.begin());
    }
  }
  out.sizes.assign(out.names.size(), 0);
  for (const auto g : out.group_of) ++out.sizes[g];
  return out;
}

std::vector<LayoutInput::Link> group_links(const NodeGroups& groups, float weight) {
  std::vector<LayoutInput::Link> links;
  std::vector<std::int64_t> last(groups.names.size(), -1);
  for (std::uint32_t v = 0; v < groups.group_of.size(); ++v) {
    auto& previous = last[groups.group_of[v]];
    if (previous >= 0) links.push_back({static_cast<std::uint32_t>(previous), v, weight});
    previous = v;
  }
  return links;
}

std::vector<GroupBox> group_boxes(const NodeGroups& groups, const std::vector<Vec2>& positions, float margin) {
  std::vector<GroupBox> boxes(groups.names.size());
  for (std::uint32_t v = 0; v < groups.group_of.size() && v < positions.size(); ++v) {
    auto& b = boxes[groups.group_of[v]];
    const Vec2 p = positions[v];
    if (b.members == 0) {
      b.lo = b.hi = p;
    } else {
      b.lo = {std::min(b.lo.x, p.x), std::min(b.lo.y, p.y)};
      b.hi = {std::max(b.hi.x, p.x), std::max(b.hi.y, p.y)};
    }
    b.centroid.x += p.x;
    b.centroid.y += p.y;
    ++b.members;
  }
  std::vector<GroupBox> out;
  for (std::uint32_t g = 0; g < boxes.size(); ++g) {
    auto b = boxes[g];
    if (b.members == 0) continue;
    b.group = g;
    b.centroid = {b.centroid.x / static_cast<float>(b.members), b.centroid.y / static_cast<float>(b.members)};
    b.lo = {b.lo.x - margin, b.lo.y - margin};
    b.hi = {b.hi.x + margin, b.hi.y + margin};
    out.push_back(b);
  }
  return out;
}

Colour group_colour(std::size_t index) {
  static constexpr std::array<Colour, 8> kPalette{rgba(86, 140, 200), rgba(200, 140, 70), rgba(110, 180, 120),
                                                  rgba(190, 100, 110), rgba(150, 120, 200), rgba(90, 180, 180),
                                                  rgba(200, 190, 90), rgba(160, 160, 170)};
  return kPalette[index % kPalette.size()];
}

}  // namespace nanoscope::gui
