// Fruchterman-Reingold with a uniform grid for repulsion, gravity towards the centre and a
// cooling schedule; plus the worker thread that runs it off the UI thread.
#include "gui/viewmodel/layout_engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

namespace nanoscope::gui {
namespace {

/// The state of one job between steps.
class ForceLayout {
 public:
  explicit ForceLayout(const LayoutInput& input) : in_(input), pos_(input.nodes), disp_(input.nodes) {
    const auto n = static_cast<float>(std::max<std::uint32_t>(1, in_.nodes));
    const bool warm = in_.start.size() == in_.nodes && in_.nodes > 0;
    if (warm) {
      pos_ = in_.start;
      temperature_ = kLayoutSpacing * 0.25f;
    } else {
      // Seeded phyllotaxis spiral: evenly spread, deterministic, no two nodes coincide.
      std::vector<std::uint32_t> order(in_.nodes);
      for (std::uint32_t i = 0; i < in_.nodes; ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return seed(a) < seed(b); });
      for (std::uint32_t k = 0; k < in_.nodes; ++k) {
        const float r = kLayoutSpacing * 0.8f * std::sqrt(static_cast<float>(k) + 0.5f);
        const float a = static_cast<float>(k) * 2.39996323f;
        pos_[order[k]] = {r * std::cos(a), r * std::sin(a)};
      }
      temperature_ = kLayoutSpacing * std::max(2.0f, std::sqrt(n) * 0.3f);
    }
    total_ = in_.iterations > 0 ? in_.iterations : (warm ? 120 : 300);
    cooling_ = std::pow(0.02f * kLayoutSpacing / temperature_, 1.0f / static_cast<float>(total_));
  }

  [[nodiscard]] bool done() const { return step_ >= total_; }
  [[nodiscard]] int step_count() const { return step_; }
  [[nodiscard]] int total() const { return total_; }
  [[nodiscard]] const std::vector<Vec2>& positions() const { return pos_; }

  void step() {
    const float k = kLayoutSpacing;
    const float k2 = k * k;
    std::fill(disp_.begin(), disp_.end(), Vec2{});
    repel(k2);
    for (const auto& l : in_.links) {
      if (l.a == l.b) continue;
      const float dx = pos_[l.a].x - pos_[l.b].x, dy = pos_[l.a].y - pos_[l.b].y;
      const float d = std::max(0.01f, std::sqrt(dx * dx + dy * dy));
      const float f = d / k * l.weight;  // |F| = d^2 / k, times the unit vector dx/d
      disp_[l.a].x -= dx * f; disp_[l.a].y -= dy * f;
      disp_[l.b].x += dx * f; disp_[l.b].y += dy * f;
    }
    const float gravity = 0.02f;
    for (std::uint32_t i = 0; i < in_.nodes; ++i) {
      disp_[i].x -= pos_[i].x * gravity;
      disp_[i].y -= pos_[i].y * gravity;
      const float len = std::sqrt(disp_[i].x * disp_[i].x + disp_[i].y * disp_[i].y);
      if (len > 1e-6f) {
        const float move = std::min(len, temperature_) / len;
        pos_[i].x += disp_[i].x * move;
        pos_[i].y += disp_[i].y * move;
      }
    }
    temperature_ *= cooling_;
    ++step_;
  }

 private:
  [[nodiscard]] std::uint32_t seed(std::uint32_t i) const { return i < in_.node_seeds.size() ? in_.node_seeds[i] : i; }

  // Repulsion k^2/d from nodes in the same and neighbouring grid cells only (cell = 2k):
  // far nodes barely push, and gravity keeps the whole drawing together.
  void repel(float k2) {
    const float cell = 2.0f * kLayoutSpacing;
    auto key = [](std::int32_t cx, std::int32_t cy) {
      return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx)) << 32) | static_cast<std::uint32_t>(cy);
    };
    grid_.clear();
    cell_of_.resize(in_.nodes);
    for (std::uint32_t i = 0; i < in_.nodes; ++i) {
      const auto cx = static_cast<std::int32_t>(std::floor(pos_[i].x / cell));
      const auto cy = static_cast<std::int32_t>(std::floor(pos_[i].y / cell));
      cell_of_[i] = {cx, cy};
      grid_[key(cx, cy)].push_back(i);
    }
    for (std::uint32_t i = 0; i < in_.nodes; ++i) {
      const auto [cx, cy] = cell_of_[i];
      for (int dx = -1; dx <= 1; ++dx)
        for (int dy = -1; dy <= 1; ++dy) {
          const auto it = grid_.find(key(cx + dx, cy + dy));
          if (it == grid_.end()) continue;
          for (auto j : it->second) {
            if (j == i) continue;
            float ex = pos_[i].x - pos_[j].x, ey = pos_[i].y - pos_[j].y;
            float d2 = ex * ex + ey * ey;
            if (d2 < 1e-4f) {  // coincident: push apart along a seeded direction
              const float a = static_cast<float>((seed(i) ^ (seed(j) * 2654435761u)) % 6283u) * 0.001f;
              ex = std::cos(a) * 0.01f; ey = std::sin(a) * 0.01f;
              d2 = 1e-4f;
            }
            if (d2 > cell * cell) continue;  // isotropic cut-off: the 3x3 cells cover this disc
            const float f = k2 / d2;  // |F| = k^2/d, times the unit vector e/d
            disp_[i].x += ex * f;
            disp_[i].y += ey * f;
          }
        }
    }
  }

  const LayoutInput& in_;
  std::vector<Vec2> pos_;
  std::vector<Vec2> disp_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> grid_;
  std::vector<std::pair<std::int32_t, std::int32_t>> cell_of_;
  float temperature_ = 1.0f;
  float cooling_ = 0.98f;
  int step_ = 0;
  int total_ = 0;
};

}  // namespace

std::uint32_t name_seed(const std::string& name) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  return h;
}

std::vector<Vec2> initial_positions(const LayoutInput& input) { return ForceLayout(input).positions(); }

std::vector<Vec2> run_layout(const LayoutInput& input) {
  ForceLayout layout(input);
  while (!layout.done()) layout.step();
  return layout.positions();
}

LayoutEngine::LayoutEngine() : worker_([this] { run(); }) {}

LayoutEngine::~LayoutEngine() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

std::uint64_t LayoutEngine::submit(LayoutInput input) {
  std::lock_guard lock(mutex_);
  pending_ = std::move(input);
  pending_job_ = ++next_job_;
  changed_.notify_all();
  return pending_job_;
}

bool LayoutEngine::poll(LayoutSnapshot& out) const {
  std::lock_guard lock(mutex_);
  if (published_.job == out.job && published_.iteration == out.iteration && published_.settled == out.settled)
    return false;
  out = published_;
  return true;
}

bool LayoutEngine::wait_settled(std::uint64_t job, int timeout_ms) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                           [&] { return published_.job >= job && published_.settled; });
}

void LayoutEngine::run() {
  using Clock = std::chrono::steady_clock;
  for (;;) {
    LayoutInput input;
    std::uint64_t job = 0;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || pending_.has_value(); });
      if (stop_) return;
      input = std::move(*pending_);
      pending_.reset();
      job = pending_job_;
    }
    ForceLayout layout(input);
    auto last_publish = Clock::now() - std::chrono::seconds(1);
    bool abandoned = false;
    bool first = true;
    while ((first || !layout.done()) && !abandoned) {
      first = false;
      if (!layout.done()) layout.step();
      const auto now = Clock::now();
      // Publish about 60 times a second, and always the final state.
      if (layout.done() || now - last_publish > std::chrono::milliseconds(16)) {
        std::lock_guard lock(mutex_);
        published_.job = job;
        published_.iteration = layout.step_count();
        published_.iterations = layout.total();
        published_.settled = layout.done();
        published_.positions = layout.positions();
        last_publish = now;
        changed_.notify_all();
      }
      std::lock_guard lock(mutex_);
      abandoned = stop_ || pending_.has_value();
    }
  }
}

}  // namespace nanoscope::gui
