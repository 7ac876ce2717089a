// GLFW + OpenGL3 + Dear ImGui set-up, the frame loop, drag-and-drop and screenshots. The
// interactive loop draws on events only: input, a resize, an expose or a drop wakes it; while
// the model is busy (a layout or a job with progress) it draws every frame; otherwise it
// sleeps in glfwWaitEventsTimeout and draws nothing (docs/performance.md, "GUI idle CPU").
#include "gui/app/window.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gui/app/scene_renderer.hpp"
#include "gui/app/screenshot.hpp"
#include "gui/panels/panels.hpp"

namespace nanoscope::gui {
namespace {

std::string g_glfw_error;  // GLFW reports errors through a C callback without user data

void on_glfw_error(int code, const char* description) {
  g_glfw_error = "GLFW error " + std::to_string(code) + ": " + (description ? description : "");
}

// What the GLFW callbacks reach through the window's user pointer.
struct WindowContext {
  AppModel* app = nullptr;
  std::uint64_t events = 0;  ///< input and window events seen: a change means "draw a frame"
};

WindowContext& context_of(GLFWwindow* window) { return *static_cast<WindowContext*>(glfwGetWindowUserPointer(window)); }

void on_drop(GLFWwindow* window, int count, const char** paths) {
  auto& context = context_of(window);
  ++context.events;
  if (!context.app) return;
  std::vector<std::string> inputs(paths, paths + count);
  // With unsaved edits nothing starts yet: the main window asks first (AppModel::pending()).
  if (!context.app->request_open(inputs) && context.app->pending() == PendingKind::None)
    context.app->add_message(true, "an import is still running; drop the files again when it ends");
}

void on_close(GLFWwindow* window) {
  auto& context = context_of(window);
  ++context.events;
  if (context.app && !context.app->request_close()) glfwSetWindowShouldClose(window, GLFW_FALSE);  // ask first
}

// Counts every event that can change what the window shows. Installed before ImGui's GLFW
// backend, which chains to them from its own callbacks.
void count_events(GLFWwindow* window) {
  glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) { ++context_of(w).events; });
  glfwSetCursorEnterCallback(window, [](GLFWwindow* w, int) { ++context_of(w).events; });
  glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int, int, int) { ++context_of(w).events; });
  glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) { ++context_of(w).events; });
  glfwSetKeyCallback(window, [](GLFWwindow* w, int, int, int, int) { ++context_of(w).events; });
  glfwSetCharCallback(window, [](GLFWwindow* w, unsigned) { ++context_of(w).events; });
  glfwSetWindowFocusCallback(window, [](GLFWwindow* w, int) { ++context_of(w).events; });
  glfwSetFramebufferSizeCallback(window, [](GLFWwindow* w, int, int) { ++context_of(w).events; });
  glfwSetWindowRefreshCallback(window, [](GLFWwindow* w) { ++context_of(w).events; });
  glfwSetDropCallback(window, on_drop);
  glfwSetWindowCloseCallback(window, on_close);
}

// Frames drawn after the last event: ImGui settles hover, popups and window sizes over the
// next frame or two.
constexpr int kSettleFrames = 3;
// Longest sleep without events: a bound on how late a change nothing signals would show.
constexpr double kIdleWaitS = 0.5;

void set_up_style() {
  ImGui::StyleColorsDark();
  auto& style = ImGui::GetStyle();
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.TabRounding = 3.0f;
  style.ItemSpacing = {8, 5};
  style.Colors[ImGuiCol_WindowBg] = ImColor(30, 32, 38);
  // Child windows are transparent: every full-size layer costs a screen of blending under
  // software rendering (Mesa llvmpipe is fill-bound).
  style.Colors[ImGuiCol_ChildBg] = ImColor(0, 0, 0, 0);
  style.Colors[ImGuiCol_MenuBarBg] = ImColor(38, 41, 48);
  auto& io = ImGui::GetIO();
  const char* font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  if (std::filesystem::exists(font)) io.Fonts->AddFontFromFileTTF(font, 15.0f);
}

double process_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// Wall time per frame, and CPU time of the whole process per frame (the UI thread plus
// llvmpipe's rasteriser threads): on a busy machine the CPU time tells what the frame costs.
struct FrameStats {
  std::vector<double> ms;
  std::vector<double> cpu_ms;
  // What each frame asked of the rasteriser: ImGui's vertices, indices and draw lists, the
  // scene renderer's triangles, and whether the graph scene was rebuilt.
  double imgui_vertices = 0, imgui_indices = 0, imgui_lists = 0, scene_triangles = 0, rebuilds = 0, ui_ms = 0, counted = 0;
  void count(const ImDrawData* data, std::size_t triangles, bool rebuilt) {
    ++counted;
    imgui_vertices += data ? data->TotalVtxCount : 0;
    imgui_indices += data ? data->TotalIdxCount : 0;
    imgui_lists += data ? data->CmdListsCount : 0;
    scene_triangles += static_cast<double>(triangles);
    rebuilds += rebuilt ? 1 : 0;
  }
  void print(std::size_t services, std::size_t edges) const {
    if (ms.empty()) return;
    auto sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    double sum = 0;
    for (double v : sorted) sum += v;
    const double mean = sum / static_cast<double>(sorted.size());
    double cpu = 0;
    for (double v : cpu_ms) cpu += v;
    cpu /= static_cast<double>(std::max<std::size_t>(1, cpu_ms.size()));
    std::printf("frames=%zu services=%zu edges=%zu mean_ms=%.2f p50_ms=%.2f p95_ms=%.2f max_ms=%.2f fps_mean=%.1f "
                "cpu_ms_per_frame=%.2f\n",
                sorted.size(), services, edges, mean, sorted[sorted.size() / 2],
                sorted[std::min(sorted.size() - 1, sorted.size() * 95 / 100)], sorted.back(), 1000.0 / mean, cpu);
    const double frames = std::max(1.0, counted);  // these counters include the warm-up frames
    std::printf("per_frame imgui_vertices=%.0f imgui_indices=%.0f imgui_draw_lists=%.1f scene_triangles=%.0f "
                "scene_rebuilds=%.2f ui_thread_ms=%.2f\n",
                imgui_vertices / frames, imgui_indices / frames, imgui_lists / frames, scene_triangles / frames,
                rebuilds / frames, ui_ms / frames);
  }
};

}  // namespace

int run_window(const GuiOptions& options) {
  const bool headless = !options.screenshot.empty() || options.frame_stats;
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "nanoscope-gui: error: cannot open a window (%s); is DISPLAY set? "
                         "For headless use run it under xvfb-run\n", g_glfw_error.c_str());
    return 3;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_RESIZABLE, headless ? GLFW_FALSE : GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "nanoscope", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "nanoscope-gui: error: cannot create an OpenGL 3.3 window (%s)\n", g_glfw_error.c_str());
    glfwTerminate();
    return 3;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(headless ? 0 : 1);
  WindowContext context;
  glfwSetWindowUserPointer(window, &context);
  count_events(window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  set_up_style();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  int exit_code = 0;
  {
    AppModel app;
    UiState ui;
    ui.shown = app.view = options.view;
    app.set_layout_kind(options.layout);
    app.set_group_mode(options.group);
    // The graph canvas's own renderer; without it the canvas paints with ImGui shapes.
    std::optional<SceneRenderer> renderer;
    if (!options.imgui_shapes) {
      renderer.emplace();
      if (renderer->ok()) ui.renderer = &*renderer;
      else std::fprintf(stderr, "nanoscope-gui: warning: %s; drawing the graph with ImGui shapes\n", renderer->error().c_str());
    }
    context.app = &app;
    // Pictures and benchmarks leave the user's recent-files list alone.
    if (!headless) app.recent = RecentFiles(RecentFiles::default_path());
    if (options.diff) app.open_diff(options.inputs, options.diff_after);
    else if (!options.inputs.empty()) app.open(options.inputs);
    if (headless) {
      // Deterministic pictures: wait for the import and for the layout to settle.
      if (!app.wait_idle(600000, !options.while_layout)) std::fprintf(stderr, "nanoscope-gui: warning: layout did not settle in time\n");
      for (const auto& m : app.messages())
        if (m.error) {
          std::fprintf(stderr, "nanoscope-gui: error: %s\n", m.text.c_str());
          exit_code = 1;
        }
      if (!options.merge.empty()) {
        for (const auto& name : options.merge)
          if (app.document().find_node(name) < 0) {
            std::fprintf(stderr, "nanoscope-gui: error: --merge: no service called '%s'\n", name.c_str());
            exit_code = 1;
          }
        app.select_names(options.merge);
        if (exit_code == 0 && !app.merge_selected()) {
          std::fprintf(stderr, "nanoscope-gui: error: --merge: these services cannot be merged\n");
          exit_code = 1;
        }
        app.wait_idle(600000);
      }
      if (!options.select.empty()) {
        const int node = app.document().find_node(options.select);
        if (node < 0) std::fprintf(stderr, "nanoscope-gui: warning: no service called '%s'\n", options.select.c_str());
        else app.select(static_cast<std::uint32_t>(node), false);
      }
      if (options.view == ViewKind::Economics || options.apply_best) {
        if (app.economics.start()) app.economics.wait();
        if (options.apply_best) {
          if (!app.apply_best_level()) {
            std::fprintf(stderr, "nanoscope-gui: error: --apply-best: no economics sweep to take the best level from%s%s\n",
                         app.economics.error().empty() ? "" : ": ", app.economics.error().c_str());
            exit_code = 1;
          }
          app.wait_idle(600000);
        }
        if (options.view == ViewKind::Economics && !app.document().empty() && !app.economics.eras().empty()) {
          app.pricing.request(app.economics.eras()[app.economics.era()], app.document().partition());
          app.pricing.wait();
        }
      }
      if (options.simulate) {
        if (!app.start_simulation()) {
          std::fprintf(stderr, "nanoscope-gui: error: --simulate: %s\n",
                       app.document().empty() ? "no graph is open" : app.simulation_controls.error().c_str());
          exit_code = 1;
        }
        while (app.simulating()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        app.tick();
      }
      if (options.focus_finding > 0) app.focus_finding(static_cast<std::size_t>(options.focus_finding - 1));
      app.view = options.view;
    }
    FrameStats stats;
    int frame = 0;
    std::uint64_t events_seen = context.events;
    int settle_frames = kSettleFrames;  // the first frames are drawn whatever happens
    bool was_busy = true;
    while (!glfwWindowShouldClose(window) && !ui.quit) {
      if (headless || was_busy || settle_frames > 0) glfwPollEvents();
      else glfwWaitEventsTimeout(kIdleWaitS);
      const auto started = std::chrono::steady_clock::now();
      const double cpu_started = process_cpu_ms();
      const auto revision = app.revision();
      app.tick();
      if (!headless) {
        // Draw when something happened or moves; the frame after the model stops being busy
        // shows its final state (a finished job's result, the settled layout).
        const bool busy = app.busy();
        const bool woke = context.events != events_seen;
        events_seen = context.events;
        if (woke) settle_frames = kSettleFrames;
        const bool draw = woke || settle_frames > 0 || busy || was_busy || app.revision() != revision;
        was_busy = busy;
        if (!draw) continue;
        if (!woke && settle_frames > 0) --settle_frames;
      }
      if (headless && options.pan_px > 0) {  // benchmark of interaction: every frame moves the view
        app.camera.pan(static_cast<float>(frame % 2 ? options.pan_px : -options.pan_px), 0.0f);
        app.user_moved_camera();
      }
      const auto builds_before = app.graph_scene_builds();
      if (ui.renderer) ui.renderer->begin_frame();
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      // Headless pictures must not depend on where the virtual pointer happens to be.
      if (headless) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      ImGui::NewFrame();
      const auto ui_started = std::chrono::steady_clock::now();
      draw_main_window(app, ui);
      ImGui::Render();
      stats.ui_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ui_started).count();
      int width = 0, height = 0;
      glfwGetFramebufferSize(window, &width, &height);
      glViewport(0, 0, width, height);
      glClearColor(30 / 255.0f, 32 / 255.0f, 38 / 255.0f, 1.0f);  // the window background (WindowBg)
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      ++frame;
      const bool last = headless && frame >= options.frames;
      if (last && !options.screenshot.empty()) ui.png_request = options.screenshot;
      if (!ui.png_request.empty()) {
        const auto image = read_framebuffer(width, height);
        if (!app.export_image(ui.png_request, [&](std::ostream& out) { encode_png(image, out); }) && headless) {
          std::fprintf(stderr, "nanoscope-gui: error: %s\n", app.messages().back().text.c_str());
          exit_code = 1;
        }
        ui.png_request.clear();
      }
      glfwSwapBuffers(window);
      if (options.frame_stats) {
        glFinish();
        stats.ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        stats.cpu_ms.push_back(process_cpu_ms() - cpu_started);
        stats.count(ImGui::GetDrawData(), ui.renderer ? ui.renderer->last_triangles() : 0,
                    app.graph_scene_builds() != builds_before);
      }
      if (last) break;
    }
    if (options.frame_stats) {
      // The first frames build font atlases and upload textures: leave them out when possible.
      if (stats.ms.size() > 10) {
        stats.ms.erase(stats.ms.begin(), stats.ms.begin() + 3);
        stats.cpu_ms.erase(stats.cpu_ms.begin(), stats.cpu_ms.begin() + 3);
      }
      stats.print(app.document().report().services.nodes.size(), app.document().report().services.edges.size());
      if (app.view == ViewKind::Graph) {
        const auto& scene = app.graph_scene();
        std::printf("graph_view nodes_drawn=%zu nodes_hidden_under_others=%zu edges_drawn=%zu edge_pixels_estimate=%.0f "
                    "labels=%zu layout_iteration=%d/%d\n", scene.nodes.size(), scene.covered_nodes,
                    scene.edges.size(), static_cast<double>(scene.edge_pixels),
                    static_cast<std::size_t>(std::count_if(scene.nodes.begin(), scene.nodes.end(), [](const auto& n) { return n.label; })),
                    app.layout().iteration, app.layout().iterations);
      }
    }
    context.app = nullptr;
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}

}  // namespace nanoscope::gui
