// Private to sim/: the event handler behind simulate_graph. Request frames walk the call
// graph, CPU bursts queue at group stations, and every call is priced in-process or remote.
// graph_model.cpp holds frames and local behaviour, graph_model_remote.cpp the remote-call
// protocol (connections, attempts, failures, timeouts, retries, broker).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "model/call_graph.hpp"
#include "model/latency_summary.hpp"
#include "model/partition.hpp"
#include "sim/capacity_plan.hpp"
#include "sim/engine.hpp"
#include "sim/graph_simulation.hpp"
#include "sim/graph_workload.hpp"
#include "sim/network_model.hpp"
#include "sim/scenario.hpp"
#include "sim/station.hpp"
#include "sim/thread_pools.hpp"

namespace nanoscope::sim::detail {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// One invocation of one operation.
struct Frame {
  RngStream rng{0, 0};
  std::uint64_t key = 0;              // RNG key: also decides which calls run in parallel
  model::OperationId op = 0;
  std::uint32_t parent = kNone;       // waiting caller frame
  std::uint32_t parent_call = kNone;  // the caller's Call this frame answers
  std::uint32_t parent_attempt = 0;   // the caller's remote attempt this frame answers
  std::uint32_t entry = kNone;        // entry index for a request's root frame
  std::uint32_t depth = 0;
  std::uint32_t replica = Station::kAnyReplica;  // blocking: the replica whose thread it uses
  std::uint32_t cursor = 0;           // current CallSpec of the sequential walk
  std::int32_t reps_left = -1;        // calls left on the current CallSpec; -1: not drawn
  std::uint32_t pending = 0;          // synchronous calls outstanding
  bool forked = false;                // the parallel calls have been issued
  bool remote_in = false;             // called remotely: decodes the request, encodes the response
  bool inprocess_in = false;          // called in-process: its burst includes the call's cost
  bool holds_thread = false;          // blocking: took a thread of its own (released in finish)
  bool measured = false;              // its request was born after the warm-up: counters count it
  bool failed = false;                // a call ran out of retries: the frame answers with an error
  double in_request_bytes = 0.0;
  double in_response_bytes = 0.0;
  double born = 0.0;                  // arrival (root) or start of its work (callee)
  double comm = 0.0;                  // remote-communication time on this frame's critical path
};

/// One synchronous call in progress (in-process or remote), owned by its caller frame.
struct Call {
  std::uint32_t frame = kNone;        // the caller
  std::uint32_t spec = 0;             // index of its CallSpec in the caller's operation
  std::uint32_t attempt = 0;          // id of the remote attempt in progress; 0: none
  std::uint32_t tries = 0;            // attempts made
  std::uint64_t key = 0;              // RNG key of the callee
  bool remote = false;
  bool holds_slot = false;            // holds a pooled connection slot
  double started = 0.0;               // first attempt began
  double callee_life = 0.0;           // the answering callee's time from start to answer
  double callee_comm = 0.0;           // communication time on the callee's own critical path
};

/// The graph traffic model as an engine and station listener.
class GraphModel final : public EventHandler, public StationListener {
 public:
  GraphModel(Engine& engine, const model::CallGraph& graph, const model::Partition& partition,
             const Scenario& scenario);
  void start();
  void begin_measurement();
  [[nodiscard]] GraphSimulationResult result() const;

  void on_event(Engine& engine, const Event& ev) override;
  void on_departure(Engine& engine, std::uint32_t station, std::uint64_t job) override;

 private:
  enum EventKind : std::uint32_t {
    kArrival, kStartFrame, kCallReturn, kErrorReturn, kTimeout, kRetry, kBrokerIn, kZeroCost
  };
  // A station job is (attempt << 34) | (id << 2) | phase; id is a frame for kWork and
  // kBrokerOut, a Call for kSend and kReceive.
  enum Phase : std::uint64_t { kWork = 0, kSend = 1, kReceive = 2, kBrokerOut = 3 };

  // graph_model.cpp
  std::uint32_t station_of(model::OperationId op) const { return plan_.station_of_group[partition_.group_of(op)]; }
  const CallSpec& spec_of(std::uint32_t c) const {
    return workload_.operations[frames_[calls_[c].frame].op].calls[calls_[c].spec];
  }
  double message_cpu(double bytes, bool measured);
  void schedule_arrival(std::uint32_t e);
  void cpu(std::uint32_t station, std::uint32_t replica, std::uint64_t job, double seconds, bool may_continue);
  std::uint32_t new_frame(model::OperationId op, std::uint32_t parent, std::uint32_t depth, std::uint64_t key);
  void start_frame(std::uint32_t f, bool may_continue);
  void begin_work(std::uint32_t f, bool may_continue);
  void next_call(std::uint32_t f);
  bool parallel(const Frame& fr, std::uint32_t spec) const;
  void issue(std::uint32_t f, std::uint32_t spec);
  void call_done(std::uint32_t c, bool failed);
  void finish(std::uint32_t f);

  // graph_model_remote.cpp
  void start_attempt(std::uint32_t c);
  void send_request(std::uint32_t c);
  void request_sent(std::uint32_t c, std::uint32_t attempt);
  void response_arrived(std::uint32_t c);
  void attempt_failed(std::uint32_t c);
  void release_connection(std::uint32_t c);
  void send_async(std::uint32_t f, std::uint32_t child, std::uint64_t key, double failure_probability);
  bool lost(std::uint64_t call_key, std::uint32_t attempt_no, double probability) const;
  void broker_in(std::uint32_t child);
  void broker_out(std::uint32_t child);
  void answer(const Frame& callee);
  bool current_attempt(std::uint64_t data) const {
    const auto c = static_cast<std::uint32_t>(data);
    return c < calls_.size() && calls_[c].attempt != 0 && calls_[c].attempt == static_cast<std::uint32_t>(data >> 32);
  }
  static constexpr std::uint32_t kAttemptLimit = 1u << 30;  // attempt ids fit a station job's top bits
  static std::uint64_t with_attempt(std::uint32_t c, std::uint32_t attempt) {
    return (static_cast<std::uint64_t>(attempt) << 32) | c;
  }

  Engine& engine_;
  const model::CallGraph& graph_;
  const model::Partition& partition_;
  const Scenario& scenario_;
  Workload workload_;
  HandlerId handler_ = 0;
  bool blocking_ = false;
  CapacityPlan plan_;
  std::vector<std::unique_ptr<Station>> stations_;
  ThreadPools threads_;  // blocking: one pool per replica of every group station
  std::uint32_t broker_ = kNone;      // broker station id, when scenario.broker
  std::unique_ptr<NetworkModel> network_;
  std::unique_ptr<ConnectionPools> pools_;
  std::vector<RngStream> entry_rng_;
  std::vector<std::uint64_t> replay_next_;  // per entry: index of its next replayed arrival
  std::vector<Frame> frames_;
  std::vector<std::uint32_t> free_;
  std::vector<Call> calls_;
  std::vector<std::uint32_t> free_calls_;
  std::vector<std::uint64_t> calls_per_edge_;
  std::vector<model::LatencySummary> entry_latency_;
  std::vector<model::LatencySummary> entry_comm_;
  std::vector<std::uint64_t> entry_failed_;
  std::uint32_t next_attempt_ = 0;
  std::uint64_t arrived_ = 0, completed_ = 0, failed_ = 0, measured_ = 0;
  std::uint64_t remote_calls_ = 0, inprocess_calls_ = 0, async_calls_ = 0;
  std::uint64_t failed_attempts_ = 0, retries_ = 0, timeouts_ = 0, messages_lost_ = 0;
  double cpu_business_ = 0.0, cpu_serialization_ = 0.0, cpu_stack_ = 0.0, cpu_sidecar_ = 0.0, cpu_broker_ = 0.0;
  double bytes_on_wire_ = 0.0;
  double measure_from_ = 0.0;
  std::uint64_t thread_waits_before_ = 0, connection_waits_before_ = 0;  // at the end of the warm-up
};

}  // namespace nanoscope::sim::detail
