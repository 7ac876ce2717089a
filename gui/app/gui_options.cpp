// Parsing nanoscope-gui's command line (small and dependency-free on purpose).
#include "gui/app/gui_options.hpp"

#include <charconv>

namespace nanoscope::gui {
namespace {

bool parse_int(const std::string& text, int low, int high, int& out) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high) return false;
  out = value;
  return true;
}

}  // namespace

std::string gui_usage() {
  return "usage: nanoscope-gui [FILE|DIR...] [--screenshot OUT.png] [--view graph|matrix|findings|economics]\n"
         "                     [--frames N] [--size WxH] [--frame-stats] [--focus-finding N] [--select SERVICE]\n"
         "                     [--merge A,B[,...]] [--apply-best] [--simulate] [--layout force|layered]\n"
         "                     [--group none|system|kind] [--diff BEFORE... -- AFTER...]\n"
         "                     [--pan PX] [--imgui-shapes] [--while-layout]\n"
         "Opens traces, metrics or manifests (any format `nanoscope import` reads). With --screenshot it renders\n"
         "N frames after the import and layout finish, writes the window as PNG and exits (needs a display;\n"
         "use xvfb-run on a headless machine). --frame-stats prints frame times; --pan PX moves the graph\n"
         "by PX pixels back and forth every frame (so every frame rebuilds the scene); --imgui-shapes paints\n"
         "the graph with ImGui's shapes instead of the canvas's own shader (for comparison); --while-layout starts the N\n"
         "frames when the import ends, while the layout still runs (the frame rate under that load);\n"
         "--apply-best sweeps the newest era first and regroups to its best level (as the Apply best level button);\n"
         "--simulate runs the simulation panel's comparison (today vs the current partition) before rendering.\n"
         "--diff opens a diff: the inputs before '--' (any `nanoscope import` reads, or saved graphs) against those\n"
         "after it, as `nanoscope diff` takes them: one graph of both sides coloured by what changed, with the\n"
         "table of changes (File > Compare with... diffs the open graph against a file).\n";
}

std::optional<std::string> parse_gui_options(int argc, char** argv, GuiOptions& out) {
  bool after_separator = false;  // past "--": the inputs are the diff's after side
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string& into) -> bool {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "-h" || arg == "--help") {
      out.help = true;
    } else if (arg == "--screenshot") {
      if (!value(out.screenshot) || out.screenshot.empty()) return "--screenshot needs a file name";
    } else if (arg == "--view") {
      if (!value(v)) return "--view needs a value";
      const auto view = parse_view(v);
      if (!view) return "unknown view '" + v + "' (graph, matrix, findings or economics)";
      out.view = *view;
    } else if (arg == "--layout") {
      if (!value(v) || (v != "force" && v != "layered")) return "--layout needs force or layered";
      out.layout = v == "layered" ? LayoutKind::Layered : LayoutKind::Force;
    } else if (arg == "--group") {
      const auto mode = value(v) ? parse_group_mode(v) : std::nullopt;
      if (!mode) return "--group needs none, system or kind";
      out.group = *mode;
    } else if (arg == "--frames") {
      if (!value(v) || !parse_int(v, 1, 100000, out.frames)) return "--frames needs a number from 1 to 100000";
    } else if (arg == "--size") {
      const auto x = value(v) ? v.find('x') : std::string::npos;
      if (x == std::string::npos || !parse_int(v.substr(0, x), 320, 8192, out.width) ||
          !parse_int(v.substr(x + 1), 240, 8192, out.height))
        return "--size needs WIDTHxHEIGHT, e.g. 1280x800";
    } else if (arg == "--frame-stats") {
      out.frame_stats = true;
    } else if (arg == "--pan") {
      if (!value(v) || !parse_int(v, 0, 1000, out.pan_px)) return "--pan needs a number of pixels from 0 to 1000";
    } else if (arg == "--while-layout") {
      out.while_layout = true;
    } else if (arg == "--imgui-shapes") {
      out.imgui_shapes = true;
    } else if (arg == "--focus-finding") {
      if (!value(v) || !parse_int(v, 1, 1000000, out.focus_finding)) return "--focus-finding needs a number from 1";
    } else if (arg == "--merge") {
      if (!value(v)) return "--merge needs service names separated by commas";
      out.merge.clear();
      for (std::size_t start = 0; start <= v.size();) {
        const auto comma = std::min(v.find(',', start), v.size());
        if (comma > start) out.merge.push_back(v.substr(start, comma - start));
        start = comma + 1;
      }
      if (out.merge.size() < 2) return "--merge needs at least two service names, e.g. --merge a,b";
    } else if (arg == "--apply-best") {
      out.apply_best = true;
    } else if (arg == "--simulate") {
      out.simulate = true;
    } else if (arg == "--select") {
      if (!value(out.select)) return "--select needs a service name";
    } else if (arg == "--diff") {
      out.diff = true;
    } else if (arg == "--") {
      if (after_separator) return "'--' may appear once (--diff BEFORE... -- AFTER...)";
      after_separator = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return "unknown option '" + arg + "'";
    } else {
      (after_separator ? out.diff_after : out.inputs).push_back(arg);
    }
  }
  if (after_separator && !out.diff) return "'--' separates the sides of --diff BEFORE... -- AFTER...";
  if (out.diff && (out.inputs.empty() || out.diff_after.empty()))
    return "--diff needs inputs on both sides: --diff BEFORE... -- AFTER...";
  return std::nullopt;
}

}  // namespace nanoscope::gui
