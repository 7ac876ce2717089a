// The platform layer: a GLFW window with an OpenGL 3.3 context, Dear ImGui's GLFW and
// OpenGL3 backends, drag-and-drop of files, the frame loop, headless screenshots.
#pragma once

#include "gui/app/gui_options.hpp"

namespace nanoscope::gui {

/// Runs the app (interactive, or headless with options.screenshot); returns the exit code.
[[nodiscard]] int run_window(const GuiOptions& options);

}  // namespace nanoscope::gui
