// Grouping the services of the graph view by the system their inputs describe
// (model::split_systems) or by kind: which group each node is in, weak links that pull a
// group's members together in the force layout, the boxes drawn behind each group and its
// legend colour. The service graph carries no Kubernetes namespace (the importer reads it to
// resolve references but the model does not keep it), so there is no namespace grouping yet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/viewmodel/colours.hpp"
#include "gui/viewmodel/layout_engine.hpp"
#include "model/call_graph.hpp"
#include "model/service_graph.hpp"

namespace nanoscope::gui {

/// How the graph view groups services.
enum class GroupMode { None, System, Kind };
/// "none", "system", "kind".
[[nodiscard]] const char* to_string(GroupMode mode);
/// Inverse of to_string; nullopt for anything else.
[[nodiscard]] std::optional<GroupMode> parse_group_mode(const std::string& text);

/// Groups of the service graph's nodes.
struct NodeGroups {
  std::vector<std::string> names;       ///< per group: a system's name or a kind's spelling
  std::vector<std::uint32_t> group_of;  ///< per node
  std::vector<std::uint32_t> sizes;     ///< per group: its nodes
};

/// Groups the nodes of `services` (derived from `graph`). System: the system holding most of
/// a node's operations (ties to the larger system, model::split_systems' order); a node
/// without operations goes by its own service. Kind: one group per kind present, in the
/// enumeration's order. None: one group of every node.
[[nodiscard]] NodeGroups group_nodes(const model::CallGraph& graph, const model::ServiceGraph& services,
                                     GroupMode mode);

/// Weak links (weight `weight`) between consecutive members of each group (in node order),
/// added to the force layout's links so a group's members gather.
[[nodiscard]] std::vector<LayoutInput::Link> group_links(const NodeGroups& groups, float weight = 0.25f);

/// The rectangle around a group's members (in world units, `margin` beyond the outermost
/// node) and their centroid.
struct GroupBox {
  std::uint32_t group = 0;
  Vec2 lo, hi, centroid;
  std::uint32_t members = 0;
};
/// One box per group with at least one member, in group order.
[[nodiscard]] std::vector<GroupBox> group_boxes(const NodeGroups& groups, const std::vector<Vec2>& positions,
                                                float margin = 0.4f * kLayoutSpacing);

/// Fill of group `index` (a fixed palette of muted hues, cycled).
[[nodiscard]] Colour group_colour(std::size_t index);

}  // namespace nanoscope::gui
