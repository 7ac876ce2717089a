// Layout of the service graph, computed on a worker thread. A force job runs a fixed, seeded
// schedule (Fruchterman-Reingold with Barnes-Hut repulsion, so one step costs
// O(n log n + edges)), publishing positions as it goes; a layered job (layered_layout.hpp)
// publishes its one result. The UI reads the latest snapshot once per frame. A job's final
// positions depend only on its input.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace nanoscope::gui {

/// A point in layout (world) units.
struct Vec2 {
  float x = 0.0f;
  float y = 0.0f;
  bool operator==(const Vec2&) const = default;
};

/// Which layout a job computes: force-directed (any graph) or layered (call chains, top to
/// bottom from the entry services; layered_layout.hpp).
enum class LayoutKind { Force, Layered };

/// What to lay out. `start` holds an initial position per node (warm start: stable across
/// edits) or is empty (cold start from a seeded spiral). Links go caller (a) -> callee (b).
struct LayoutInput {
  LayoutKind kind = LayoutKind::Force;
  std::vector<char> entries;              ///< layered: per node, where requests enter (or empty)
  std::vector<std::uint32_t> groups;      ///< layered: per node, groups kept side by side (or empty)
  std::uint32_t nodes = 0;
  std::vector<std::uint32_t> node_seeds;  ///< per node, e.g. a hash of its name: jitter and cold order
  struct Link {
    std::uint32_t a = 0, b = 0;
    float weight = 1.0f;  ///< attraction multiplier
  };
  std::vector<Link> links;
  std::vector<Vec2> start;
  std::vector<char> pinned;  ///< per node (may be empty): 1 keeps its `start` position (warm starts)
  int iterations = 0;     ///< 0: a default from the size and warm/cold start
};

/// Positions published by the worker.
struct LayoutSnapshot {
  std::uint64_t job = 0;        ///< id returned by LayoutEngine::submit
  int iteration = 0;
  int iterations = 0;
  bool settled = false;         ///< the job ran its whole schedule
  std::vector<Vec2> positions;
};

/// Ideal distance between linked nodes, in world units.
inline constexpr float kLayoutSpacing = 100.0f;

/// Runs one job's whole schedule on the calling thread (tests, headless use).
[[nodiscard]] std::vector<Vec2> run_layout(const LayoutInput& input);

/// Where a job starts (the warm start, or the seeded spiral of a cold start).
[[nodiscard]] std::vector<Vec2> initial_positions(const LayoutInput& input);

/// Stable 32-bit hash of a name (FNV-1a), for node seeds.
[[nodiscard]] std::uint32_t name_seed(const std::string& name);

/// The worker. Submitting a job abandons the running one.
class LayoutEngine {
 public:
  LayoutEngine();
  ~LayoutEngine();
  LayoutEngine(const LayoutEngine&) = delete;
  LayoutEngine& operator=(const LayoutEngine&) = delete;

  /// Starts laying out `input`; returns the job id.
  std::uint64_t submit(LayoutInput input);
  /// Copies the newest positions into `out` if they changed since `out.job/iteration`;
  /// returns whether it copied.
  bool poll(LayoutSnapshot& out) const;
  /// Blocks until job `job` settled or `timeout_ms` passed; true if settled.
  bool wait_settled(std::uint64_t job, int timeout_ms) const;

 private:
  void run();

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::optional<LayoutInput> pending_;
  std::uint64_t next_job_ = 0;
  std::uint64_t pending_job_ = 0;
  LayoutSnapshot published_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace nanoscope::gui
