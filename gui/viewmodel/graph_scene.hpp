// The graph canvas as plain draw records, built from the document, the layout, the camera,
// the filters and the selection (scene_cache rebuilds them only when one of those changes). Every decision about what to draw lives here
// (filters, culling, level of detail: thinned edges, hidden labels, cheap shapes for tiny
// nodes); the ImGui panel only paints the records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/viewmodel/camera.hpp"
#include "gui/viewmodel/colours.hpp"
#include "gui/viewmodel/document.hpp"
#include "gui/viewmodel/label_placement.hpp"

namespace nanoscope::gui {

/// What node and edge colours encode (Diff: the open diff's DiffPaint, diff_view.hpp).
enum class ColourMode { Latency, Kind, Diff };

/// Colours decided elsewhere (the diff view-model), per node and per service edge of the
/// document; build_scene paints them in ColourMode::Diff (ignored when the sizes do not match).
struct DiffPaint {
  std::vector<Colour> node_fill;
  std::vector<char> node_ring;     ///< 1: ringed (a service of a knot that formed)
  std::vector<Colour> edge_colour; ///< its alpha is the edge's opacity when nothing is focused
  std::vector<float> edge_width;   ///< pixels
};

/// User filters of the graph.
struct GraphFilters {
  bool hide_infrastructure = false;  ///< databases, caches, brokers and infrastructure kinds
  std::uint64_t min_calls = 0;       ///< hide nodes with less traffic and edges with fewer calls
  std::string search;                ///< case-insensitive substring; matches are outlined, others dimmed (search_ranking orders them)
  ColourMode colour = ColourMode::Latency;
  bool operator==(const GraphFilters&) const = default;
};

/// Level-of-detail budgets.
struct DetailLimits {
  std::size_t max_edges = 6000;       ///< heaviest visible edges drawn (plus those at the selection)
  /// Screen pixels all edges may cover together (length x width, anti-aliasing fringe
  /// included): bounds the fill work per frame, which dominates under software rendering.
  float edge_pixel_budget = 3.5e5f;
  std::size_t max_antialiased_edges = 1500;  ///< more edges are drawn without anti-aliasing
  float label_font_px = 15.0f;        ///< for estimating label extents: overlapping labels are dropped
  std::size_t max_labels = 200;       ///< most important labelled nodes (label_placement)
  std::size_t always_labelled = 24;   ///< this many labels go to the most important nodes however small
  /// Smaller nodes go unlabelled (unless selected or hovered), when more nodes are on screen
  /// than `max_labels`.
  float min_label_radius_px = 6.0f;
  float min_circle_radius_px = 2.5f;  ///< smaller nodes are drawn as squares
  float min_arrow_length_px = 40.0f;  ///< shorter edges get no arrowhead
  /// Tiny plain nodes (squares) whose centre falls in a cell of this size already holding the
  /// centre of a node drawn above them, at least as big, are left out (hidden anyway); 0: off.
  float cover_cell_px = 3.0f;
  bool operator==(const DetailLimits&) const = default;
};

/// One node to paint.
struct NodeDraw {
  std::uint32_t node = 0;   ///< index into the document's service nodes
  Vec2 at;
  float radius = 1.0f;
  Colour fill = 0;
  Colour outline = 0;       ///< 0: none
  float outline_width = 0.0f;
  int segments = 0;         ///< 0: draw a square
  bool label = false;
  LabelSide label_side = LabelSide::None;
  Vec2 label_at;            ///< top-left corner of the label text (its extent was estimated)
};

/// One edge to paint (already shortened to the node rims).
struct EdgeDraw {
  std::uint32_t edge = 0;   ///< index into the document's service edges
  Vec2 from;
  Vec2 to;
  float width = 1.0f;
  Colour colour = 0;
  bool arrow = false;
};

/// Everything the canvas paints this frame, back to front.
struct GraphScene {
  std::vector<EdgeDraw> edges;
  std::vector<NodeDraw> nodes;
  std::size_t shown_nodes = 0;     ///< pass the filters
  std::size_t filtered_nodes = 0;  ///< hidden by filters
  std::size_t culled_nodes = 0;    ///< off screen
  std::size_t covered_nodes = 0;   ///< tiny nodes left out under a node drawn above them
  std::size_t shown_edges = 0;     ///< pass the filters
  std::size_t thinned_edges = 0;   ///< pass the filters but left out by the edge budget
  std::size_t search_matches = 0;
  bool antialias_edges = true;     ///< few enough edges for anti-aliased lines
  float edge_pixels = 0.0f;        ///< estimated screen pixels the edges cover
};

/// Whether node `i` passes the filters (search does not hide, it dims).
[[nodiscard]] bool passes_filters(const Document& doc, std::uint32_t i, const GraphFilters& filters);
/// Whether `name` matches the search text (case-insensitive; empty matches everything).
[[nodiscard]] bool matches_search(const std::string& name, const std::string& search);

/// Builds the frame's draw records. `positions` is indexed like the document's nodes (a
/// size mismatch draws nothing); `selected` is a per-node mask (may be empty). `focus_edges`
/// is a per-edge mask (may be empty): when set (a focused finding), those edges are the
/// highlighted ones instead of every edge at the selection. `diff` gives the colours of
/// ColourMode::Diff (without it that mode paints like Latency).
[[nodiscard]] GraphScene build_scene(const Document& doc, const std::vector<Vec2>& positions, const Camera& camera,
                                     const GraphFilters& filters, const std::vector<char>& selected, int hovered,
                                     const DetailLimits& limits = {}, const std::vector<char>& focus_edges = {},
                                     const DiffPaint* diff = nullptr);

/// The node drawn under `screen` (the topmost), if any.
[[nodiscard]] std::optional<std::uint32_t> pick_node(const GraphScene& scene, Vec2 screen);

/// The edge drawn under `screen` (within `tolerance_px` of its line), topmost first, if any.
[[nodiscard]] std::optional<std::uint32_t> pick_edge(const GraphScene& scene, Vec2 screen, float tolerance_px = 4.0f);

/// World radius of a node from its traffic share.
[[nodiscard]] float node_world_radius(const Document& doc, std::uint32_t i);

}  // namespace nanoscope::gui
