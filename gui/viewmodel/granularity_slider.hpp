// The granularity slider: its positions are the levels of the economics granularity family
// (economics/granularity.hpp), picked with the same options the economics sweep uses, and the
// sweep prices exactly these levels (the same shared vector), so every slider position is a
// priced level and the sweep's best level is a slider position. Fewest services first.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "economics/granularity.hpp"
#include "model/call_graph.hpp"
#include "model/partition.hpp"

namespace nanoscope::gui {

/// Index of the level of `levels` (fewest services first) whose business services are nearest
/// `services` (ties: the coarser); 0 when there is none. The one nearest-level rule of the
/// slider and the economics view.
[[nodiscard]] std::size_t nearest_level(const std::vector<economics::GranularityLevel>& levels, std::size_t services);

/// The family's levels of one graph as slider positions 0 .. positions() - 1.
class GranularitySlider {
 public:
  using Levels = std::shared_ptr<const std::vector<economics::GranularityLevel>>;

  /// Builds the family once (economics::GranularityFamily) and keeps the levels `options` picks.
  [[nodiscard]] static GranularitySlider build(const model::CallGraph& graph, const economics::GranularityOptions& options = {});

  /// Positions (0: no business operation, no slider).
  [[nodiscard]] std::size_t positions() const { return levels_ ? levels_->size() : 0; }
  /// The level at `position` (clamped); positions() must be > 0.
  [[nodiscard]] const economics::GranularityLevel& level(std::size_t position) const;
  /// The position of today's services.
  [[nodiscard]] std::size_t observed_position() const { return observed_; }
  /// The position whose level has exactly `services` business services, if any.
  [[nodiscard]] std::optional<std::size_t> exact_position(std::size_t services) const;
  /// The position whose level's service count is nearest `services` (ties: the coarser).
  [[nodiscard]] std::size_t nearest_position(std::size_t services) const;
  /// Whether `partition` groups every operation as the level at `position` does (names aside).
  [[nodiscard]] bool matches(std::size_t position, const model::Partition& partition) const;
  /// The position of level `index` of `priced` (a sweep's levels): `index` itself when they
  /// are the slider's own levels, else the position with the same service count, if any.
  [[nodiscard]] std::optional<std::size_t> position_of(const Levels& priced, std::size_t index) const;
  /// What the slider shows at `position`: "12 business services (observed)",
  /// "1 business service (monolith)" (service_counts.hpp).
  [[nodiscard]] std::string text(std::size_t position) const;
  /// The levels, shared with the economics sweep so it prices exactly the slider's positions.
  [[nodiscard]] const Levels& levels() const { return levels_; }
  [[nodiscard]] const economics::GranularityOptions& options() const { return options_; }

 private:
  Levels levels_;
  std::size_t observed_ = 0;
  economics::GranularityOptions options_;
};

}  // namespace nanoscope::gui
