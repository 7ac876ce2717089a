// Fruchterman-Reingold with Barnes-Hut repulsion, gravity towards the centre and a
// cooling schedule; plus the worker thread that runs it off the UI thread.
#include "gui/viewmodel/layout_engine.hpp"

#include "gui/viewmodel/barnes_hut.hpp"
#include "gui/viewmodel/layered_layout.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

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
    split_loose_nodes();
    place_loose_nodes();
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
    for (const auto i : placed_) {
      if (pinned(i)) continue;  // dragged by the user: stays where it was put
      disp_[i].x -= pos_[i].x * gravity;
      disp_[i].y -= pos_[i].y * gravity;
      const float len = std::sqrt(disp_[i].x * disp_[i].x + disp_[i].y * disp_[i].y);
      if (len > 1e-6f) {
        const float move = std::min(len, temperature_) / len;
        pos_[i].x += disp_[i].x * move;
        pos_[i].y += disp_[i].y * move;
      }
    }
    place_loose_nodes();
    temperature_ *= cooling_;
    ++step_;
  }

 private:
  [[nodiscard]] std::uint32_t seed(std::uint32_t i) const { return i < in_.node_seeds.size() ? in_.node_seeds[i] : i; }
  [[nodiscard]] bool pinned(std::uint32_t i) const {
    return i < in_.pinned.size() && in_.pinned[i] && in_.start.size() == in_.nodes;
  }

  // Services without a link to another take no part in the forces: only the whole graph's
  // push would act on them, spreading them far apart (40 manifest services without
  // dependencies ended up as unlabelled dots). They are set out in a grid instead.
  void split_loose_nodes() {
    std::vector<char> linked(in_.nodes, 0);
    for (const auto& l : in_.links)
      if (l.a != l.b && l.a < in_.nodes && l.b < in_.nodes) linked[l.a] = linked[l.b] = 1;
    for (std::uint32_t i = 0; i < in_.nodes; ++i)
      if (linked[i] || !pinned(i)) (linked[i] ? placed_ : loose_).push_back(i);  // a pinned loose node stays put
    std::stable_sort(loose_.begin(), loose_.end(), [&](auto a, auto b) { return seed(a) < seed(b); });
  }

  // The grid, in seed order: columns wide enough for a name beside each node (5 spacings),
  // rows 0.6 apart, about as wide as tall; under the drawing and at least as wide as it, or
  // centred on the origin when nothing is linked.
  void place_loose_nodes() {
    if (loose_.empty()) return;
    const float gap_x = 5.0f * kLayoutSpacing, gap_y = 0.6f * kLayoutSpacing;
    const auto m = loose_.size();
    auto columns = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::lround(std::sqrt(static_cast<float>(m) * gap_y / gap_x))));
    float x0 = 0.0f, y0 = 0.0f;
    if (placed_.empty()) {
      const std::size_t rows = (m + columns - 1) / columns;
      x0 = -0.5f * gap_x * static_cast<float>(columns - 1);
      y0 = -0.5f * gap_y * static_cast<float>(rows - 1);
    } else {
      float lo_x = pos_[placed_[0]].x, hi_x = lo_x, hi_y = pos_[placed_[0]].y;
      for (const auto i : placed_) {
        lo_x = std::min(lo_x, pos_[i].x);
        hi_x = std::max(hi_x, pos_[i].x);
        hi_y = std::max(hi_y, pos_[i].y);
      }
      columns = std::max(columns, static_cast<std::size_t>((hi_x - lo_x) / gap_x) + 1);
      x0 = lo_x;
      y0 = hi_y + 2.0f * kLayoutSpacing;
    }
    for (std::size_t r = 0; r < m; ++r)
      pos_[loose_[r]] = {x0 + gap_x * static_cast<float>(r % columns), y0 + gap_y * static_cast<float>(r / columns)};
  }

  // Repulsion k^2/d from every other node within reach, fading to nothing at twice the reach,
  // far groups summed by the Barnes-Hut tree. The reach is the drawing's median radius, so a
  // node with few or no links is not blown tens of radii away by the whole graph's push
  // (bench/layout_driver.cpp, 20k services: the farthest node sat 35 times the 99th
  // percentile distance out without a reach, 1.7 times with it); the fade keeps warm starts
  // still (a hard cut-off let nodes on its edge hop in and out).
  void repel(float k2) {
    sub_pos_.resize(placed_.size());
    radius_.resize(placed_.size());
    for (std::size_t j = 0; j < placed_.size(); ++j) {
      sub_pos_[j] = pos_[placed_[j]];
      radius_[j] = std::hypot(sub_pos_[j].x, sub_pos_[j].y);
    }
    const auto middle = radius_.begin() + static_cast<long>(radius_.size() / 2);
    if (!radius_.empty()) std::nth_element(radius_.begin(), middle, radius_.end());
    const float reach = std::max(kReachFactor * (radius_.empty() ? 0.0f : *middle), 2.0f * kLayoutSpacing);
    tree_.build(sub_pos_);
    const std::function<Vec2(std::uint32_t, std::uint32_t)> direction = [this](std::uint32_t i, std::uint32_t j) {
      const float a = static_cast<float>((seed(placed_[i]) ^ (seed(placed_[j]) * 2654435761u)) % 6283u) * 0.001f;
      return Vec2{std::cos(a), std::sin(a)};
    };
    for (const auto j : tree_.spatial_order()) tree_.repel(j, k2, theta(), reach, disp_[placed_[j]], direction);
  }

  // Open cells larger than theta times their distance. Below 5,000 nodes accuracy is cheap:
  // 0.8 keeps warm starts where they were (the coarser the approximation, the more the force
  // field shifts as the tree's cells move with the nodes). Above, ForceAtlas2's 1.2: 1.4%
  // force error on 3,000 random nodes (tests/gui/test_barnes_hut.cpp), 4.8 s instead of
  // 6.5 s at 0.9 for the 20k-service layout (bench/run_layout_bench.sh).
  [[nodiscard]] float theta() const { return in_.nodes < 5000 ? 0.8f : 1.2f; }
  static constexpr float kReachFactor = 1.0f;  // times the median distance from the centre

  const LayoutInput& in_;
  std::vector<Vec2> pos_;
  std::vector<Vec2> disp_;
  BarnesHutTree tree_;
  std::vector<float> radius_;
  std::vector<std::uint32_t> placed_;  ///< nodes with a link: laid out by the forces
  std::vector<std::uint32_t> loose_;   ///< nodes without one, in seed order: set in a grid
  std::vector<Vec2> sub_pos_;          ///< positions of `placed_`, for the tree
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
  if (input.kind == LayoutKind::Layered) return layered_layout(layered_input(input)).positions;
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
    if (input.kind == LayoutKind::Layered) {
      auto positions = layered_layout(layered_input(input)).positions;
      std::lock_guard lock(mutex_);
      published_.job = job;
      published_.iteration = published_.iterations = 1;
      published_.settled = true;
      published_.positions = std::move(positions);
      changed_.notify_all();
      continue;
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
