// nanoscope-gui: the desktop app. Parses the command line and hands over to the window.
#include <cstdio>
#include <exception>

#include "gui/app/gui_options.hpp"
#include "gui/app/window.hpp"

int main(int argc, char** argv) {
  nanoscope::gui::GuiOptions options;
  if (const auto error = nanoscope::gui::parse_gui_options(argc, argv, options)) {
    std::fprintf(stderr, "nanoscope-gui: error: %s\n%s", error->c_str(), nanoscope::gui::gui_usage().c_str());
    return 2;
  }
  if (options.help) {
    std::fputs(nanoscope::gui::gui_usage().c_str(), stdout);
    return 0;
  }
  try {
    return nanoscope::gui::run_window(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nanoscope-gui: error: %s\n", e.what());
    return 1;
  }
}
