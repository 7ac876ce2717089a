// Pinned node positions by service name.
#include "gui/viewmodel/node_pins.hpp"

namespace nanoscope::gui {

std::vector<char> NodePins::mask(const Document& doc) const {
  std::vector<char> out;
  if (doc.empty()) return out;
  const auto& nodes = doc.report().services.nodes;
  out.assign(nodes.size(), 0);
  for (std::size_t i = 0; i < nodes.size(); ++i) out[i] = at_.count(nodes[i].name) ? 1 : 0;
  return out;
}

bool NodePins::apply(const Document& doc, std::vector<Vec2>& positions) const {
  if (doc.empty() || at_.empty()) return false;
  const auto& nodes = doc.report().services.nodes;
  if (positions.size() != nodes.size()) return false;
  bool moved = false;
  for (const auto& [name, at] : at_) {
    const int i = doc.find_node(name);
    if (i < 0 || positions[static_cast<std::size_t>(i)] == at) continue;
    positions[static_cast<std::size_t>(i)] = at;
    moved = true;
  }
  return moved;
}

}  // namespace nanoscope::gui
