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
#include "sim/engine.hpp"
#include "sim/graph_simulation.hpp"
#include "sim/graph_workload.hpp"
#include "sim/network_model.hpp"
#include "sim/scenario.hpp"
#include "sim/station.hpp"

namespace nanoscope::sim::detail {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// One invocation of one operation.
struct Frame {
  RngStream rng{0, 0};
  model::OperationId op = 0;
  std::uint32_t parent = kNone;       // waiting caller frame
  std::uint32_t parent_attempt = 0;   // the caller's remote attempt this frame answers
  std::uint32_t entry = kNone;        // entry index for a request's root frame
  std::uint32_t depth = 0;
  std::uint32_t cursor = 0;           // current CallSpec
  std::int32_t reps_left = -1;        // calls left on the current CallSpec; -1: not drawn
  std::uint32_t child = kNone;        // callee frame of the call in progress
  std::uint32_t attempt = 0;          // id of the remote attempt in progress; 0: none
  std::uint32_t tries = 0;            // attempts made of the current remote call
  std::uint64_t call_key = 0;         // RNG key of the current call's callee
  bool remote_in = false;             // called remotely: decodes the request, encodes the response
  bool failed = false;                // a call ran out of retries: the frame answers with an error
  bool holds_slot = false;            // holds a pooled connection slot for the call in progress
  double in_request_bytes = 0.0;
  double in_response_bytes = 0.0;
  double born = 0.0;
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
    kArrival, kStartFrame, kCallReturn, kErrorReturn, kTimeout, kRetry, kBrokerIn
  };
  enum Phase : std::uint64_t { kWork = 0, kSend = 1, kReceive = 2, kBrokerOut = 3 };

  // graph_model.cpp
  std::uint32_t station_of(model::OperationId op) const { return station_of_group_[partition_.group_of(op)]; }
  const CallSpec& current_call(std::uint32_t f) const {
    return workload_.operations[frames_[f].op].calls[frames_[f].cursor];
  }
  double message_cpu(double bytes);
  void schedule_arrival(std::uint32_t e);
  void burst(std::uint32_t f, Phase phase, double seconds);
  std::uint32_t new_frame(model::OperationId op, std::uint32_t parent, std::uint32_t depth, std::uint64_t key);
  void start_frame(std::uint32_t f);
  void next_call(std::uint32_t f);
  void finish(std::uint32_t f);

  // graph_model_remote.cpp
  void start_attempt(std::uint32_t f);
  void send_request(std::uint32_t f);
  void request_sent(std::uint32_t f, std::uint32_t attempt);
  void response_arrived(std::uint32_t f);
  void attempt_failed(std::uint32_t f);
  void release_connection(std::uint32_t f);
  void send_async(std::uint32_t f, std::uint32_t child, std::uint64_t key);
  bool lost(std::uint64_t call_key, std::uint32_t attempt_no) const;
  void broker_in(std::uint32_t child);
  void broker_out(std::uint32_t child);
  void answer(const Frame& callee);
  bool current_attempt(std::uint64_t data) const {
    const auto f = static_cast<std::uint32_t>(data);
    return frames_[f].attempt != 0 && frames_[f].attempt == static_cast<std::uint32_t>(data >> 32);
  }
  static constexpr std::uint32_t kAttemptLimit = 1u << 30;  // attempt ids fit a station job's top bits
  static std::uint64_t with_attempt(std::uint32_t f, std::uint32_t attempt) {
    return (static_cast<std::uint64_t>(attempt) << 32) | f;
  }

  Engine& engine_;
  const model::CallGraph& graph_;
  const model::Partition& partition_;
  const Scenario& scenario_;
  Workload workload_;
  HandlerId handler_ = 0;
  double spb_ = 0.0;
  std::vector<std::uint32_t> station_of_group_;
  std::vector<std::unique_ptr<Station>> stations_;
  std::uint32_t broker_ = kNone;      // broker station id, when scenario.broker
  std::unique_ptr<NetworkModel> network_;
  std::unique_ptr<ConnectionPools> pools_;
  std::vector<RngStream> entry_rng_;
  std::vector<Frame> frames_;
  std::vector<std::uint32_t> free_;
  std::vector<std::uint64_t> calls_per_edge_;
  std::vector<model::LatencySummary> entry_latency_;
  std::vector<std::uint64_t> entry_failed_;
  std::uint32_t next_attempt_ = 0;
  std::uint64_t arrived_ = 0, completed_ = 0, failed_ = 0;
  std::uint64_t remote_calls_ = 0, inprocess_calls_ = 0, async_calls_ = 0;
  std::uint64_t failed_attempts_ = 0, retries_ = 0, timeouts_ = 0, messages_lost_ = 0;
  double cpu_business_ = 0.0, cpu_serialization_ = 0.0, cpu_stack_ = 0.0, cpu_sidecar_ = 0.0, cpu_broker_ = 0.0;
  double bytes_on_wire_ = 0.0;
  double measure_from_ = 0.0;
};

}  // namespace nanoscope::sim::detail
