// Command line of nanoscope-gui: inputs, headless screenshot mode, frame statistics.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gui/viewmodel/app_model.hpp"

namespace nanoscope::gui {

/// Parsed command line.
struct GuiOptions {
  std::vector<std::string> inputs;  ///< files and folders to open (with --diff: the before side)
  bool diff = false;                ///< --diff BEFORE... -- AFTER...
  std::vector<std::string> diff_after;  ///< the after side of --diff
  std::string screenshot;           ///< headless: render, write this PNG, exit
  ViewKind view = ViewKind::Graph;
  int frames = 3;                   ///< frames rendered before the screenshot
  int width = 1280;
  int height = 800;
  bool frame_stats = false;         ///< print frame-time statistics of the rendered frames
  int pan_px = 0;                   ///< headless: pan the graph by +-pan_px every frame (forces rebuilds)
  bool imgui_shapes = false;        ///< paint the graph with ImGui shapes, not the scene renderer
  bool while_layout = false;        ///< headless: start rendering when the import ends, not the layout
  int focus_finding = 0;            ///< 1-based finding to focus before rendering (0: none)
  std::string select;               ///< service to select before rendering
  std::vector<std::string> merge;   ///< services to merge before rendering (one undoable step)
  bool apply_best = false;          ///< headless: sweep the chosen era and apply its best level first
  bool simulate = false;            ///< headless: run the simulation panel's comparison first
  LayoutKind layout = LayoutKind::Force;  ///< --layout force|layered
  GroupMode group = GroupMode::None;      ///< --group none|system|kind
  bool help = false;
};

/// Parses argv; returns an error message on bad usage.
[[nodiscard]] std::optional<std::string> parse_gui_options(int argc, char** argv, GuiOptions& out);
/// Usage text.
[[nodiscard]] std::string gui_usage();

}  // namespace nanoscope::gui
