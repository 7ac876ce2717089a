// Layered (Sugiyama-style) layout of a directed graph, for call chains: cycles broken by a
// depth-first search in node order (entry nodes first) that reverses its back edges, layers by
// longest path from the sources, edges longer than one layer split by virtual nodes, crossings
// reduced by barycenter sweeps (the best order seen is kept), x by order within the layer and y
// by layer; services without any call in rows of their own below. Deterministic: node indices are the tie-breaker everywhere (the service graph's
// nodes are in name order, so ties go by name).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "gui/viewmodel/layout_engine.hpp"

namespace nanoscope::gui {

/// A directed graph to layer.
struct LayeredInput {
  std::uint32_t nodes = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;  ///< caller -> callee
  std::vector<char> entry;          ///< per node (or empty): where requests enter; searched first
  std::vector<std::uint32_t> group; ///< per node (or empty): members of a group start side by side
  int sweeps = 0;                   ///< barycenter sweep pairs; 0: a default from the size
};

/// The result.
struct LayeredLayout {
  std::vector<std::uint32_t> layer;              ///< per node
  std::vector<std::vector<std::uint32_t>> rows;  ///< per layer: its nodes (virtual ones >= nodes) in order
  std::vector<std::size_t> reversed;             ///< indices into LayeredInput::edges turned round to break cycles
  std::size_t crossings_before = 0;              ///< edge crossings of the first order
  std::size_t crossings_after = 0;               ///< of the order kept
  std::vector<Vec2> positions;                   ///< per real node
};

/// The layered view of a layout job: links as caller -> callee edges, its entries and groups.
[[nodiscard]] LayeredInput layered_input(const LayoutInput& input);

/// Lays out `input`. Self-loops are ignored; parallel edges count once per copy.
[[nodiscard]] LayeredLayout layered_layout(const LayeredInput& input);

/// Crossings between consecutive rows of `rows` for `edges` between adjacent layers, given as
/// (upper node, lower node) with the upper one in row r and the lower in row r + 1.
[[nodiscard]] std::size_t count_crossings(const std::vector<std::vector<std::uint32_t>>& rows,
                                          const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges,
                                          const std::vector<std::uint32_t>& layer_of);

/// Virtual nodes made at most (long edges beyond them are left out of crossing reduction).
inline constexpr std::size_t kMaxVirtualNodes = 100000;

/// Distance between layers and between neighbours in a layer, in world units.
inline constexpr float kLayerGap = 1.4f * kLayoutSpacing;
inline constexpr float kOrderGap = 2.2f * kLayoutSpacing;  ///< room for a name beside each node

}  // namespace nanoscope::gui
