// Nodes the user dragged and pinned: where each one was put, by service name, so a pin
// survives re-analysis (merges, splits, undo) as long as the service does. The layout keeps
// pinned nodes fixed (LayoutInput::pinned) and the positions the worker publishes are
// corrected to the pins, so a dragged node stays where it was put.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gui/viewmodel/document.hpp"
#include "gui/viewmodel/layout_engine.hpp"

namespace nanoscope::gui {

class NodePins {
 public:
  /// Pins service `name` at world position `at` (moving an existing pin).
  void pin(const std::string& name, Vec2 at) { at_[name] = at; }
  /// Releases a pin; false if there was none.
  bool unpin(const std::string& name) { return at_.erase(name) > 0; }
  void clear() { at_.clear(); }
  [[nodiscard]] bool pinned(const std::string& name) const { return at_.count(name) > 0; }
  [[nodiscard]] std::size_t size() const { return at_.size(); }

  /// Per node of `doc`: 1 when pinned (for LayoutInput::pinned).
  [[nodiscard]] std::vector<char> mask(const Document& doc) const;
  /// Moves the pinned nodes of `positions` (indexed like `doc`'s nodes) to their pins;
  /// returns whether anything moved.
  bool apply(const Document& doc, std::vector<Vec2>& positions) const;

 private:
  std::map<std::string, Vec2> at_;
};

}  // namespace nanoscope::gui
