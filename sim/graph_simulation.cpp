// The graph traffic model: request frames walking the call graph, CPU bursts at group
// stations, and the in-process / remote pricing of every call.
//
// A frame is one invocation of one operation. It computes (one CPU burst at its group's
// station: own work plus, when called remotely, request decoding, response encoding and
// stack work), then makes its calls in edge order. A synchronous remote call costs the
// caller an encode burst, then propagation + transmission, the callee's frame, the way
// back, and a decode burst; an in-process call costs inprocess_call_s (an async remote call
// charges only the callee side and returns nothing). Workers are CPU
// cores: a frame waiting on a callee holds none. Each frame draws from its own RNG stream:
// a root's is keyed by (entry, arrival number), a callee's by a draw from its caller's, so
// the whole call tree of a request depends on neither the partition nor event interleaving.
#include "sim/graph_simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

#include "sim/engine.hpp"
#include "sim/graph_workload.hpp"
#include "sim/station.hpp"

namespace nanoscope::sim {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
enum EventKind : std::uint32_t { kArrival, kStartFrame, kCallReturn };
enum Phase : std::uint64_t { kWork = 0, kSend = 1, kReceive = 2 };

struct Frame {
  RngStream rng{0, 0};
  model::OperationId op = 0;
  std::uint32_t parent = kNone;  // waiting caller frame
  std::uint32_t entry = kNone;   // entry index for a request's root frame
  std::uint32_t depth = 0;
  std::uint32_t cursor = 0;      // current CallSpec
  std::int32_t reps_left = -1;   // calls left on the current CallSpec; -1: not drawn
  std::uint32_t child = kNone;   // callee frame of the call in progress
  bool remote_in = false;        // called remotely: decodes the request, encodes the response
  double in_request_bytes = 0.0;
  double in_response_bytes = 0.0;
  double in_request_bytes_of_child = 0.0;  // payload of the remote call in progress
  double born = 0.0;
};

class GraphModel final : public EventHandler, public StationListener {
 public:
  GraphModel(Engine& engine, const model::CallGraph& graph, const model::Partition& partition,
             const Scenario& scenario)
      : engine_(engine), graph_(graph), partition_(partition), scenario_(scenario),
        workload_(build_workload(graph, scenario)) {
    handler_ = engine.add_handler(*this);
    spb_ = scenario.serialization_s_per_byte();
    // One station per non-empty group; replicas from the services whose operations it holds.
    station_of_group_.assign(partition.group_count(), kNone);
    for (model::GroupId g = 0; g < partition.group_count(); ++g) {
      const auto ops = partition.operations_of(g);
      if (ops.empty()) continue;
      std::uint32_t replicas = 0;
      for (const auto op : ops) {
        const auto& dep = graph.service(graph.operation(op).service).deployment;
        if (dep.replicas && *dep.replicas > 0) replicas = std::max(replicas, static_cast<std::uint32_t>(*dep.replicas));
      }
      StationConfig sc;
      sc.name = partition.name(g);
      sc.replicas = replicas ? replicas : scenario.default_replicas;
      sc.workers = scenario.workers_per_replica;
      station_of_group_[g] = static_cast<std::uint32_t>(stations_.size());
      stations_.push_back(std::make_unique<Station>(engine, static_cast<std::uint32_t>(stations_.size()), sc, *this));
    }
    calls_per_edge_.assign(graph.edge_count(), 0);
    entry_latency_.resize(workload_.entries.size());
    entry_rng_.reserve(workload_.entries.size());
    for (std::uint32_t e = 0; e < workload_.entries.size(); ++e)
      entry_rng_.push_back(engine.make_stream(stream_id(StreamKind::Arrivals, e)));
  }

  void start() {
    for (std::uint32_t e = 0; e < workload_.entries.size(); ++e) schedule_arrival(e);
  }

  void on_event(Engine& engine, const Event& ev) override {
    switch (ev.kind) {
      case kArrival: {
        const auto e = static_cast<std::uint32_t>(ev.data);
        schedule_arrival(e);
        ++arrived_;
        const std::uint32_t f =
            new_frame(workload_.entries[e].operation, kNone, 0, (static_cast<std::uint64_t>(e) << 40) | arrived_);
        frames_[f].entry = e;
        frames_[f].born = engine.now();
        start_frame(f);
        break;
      }
      case kStartFrame: start_frame(static_cast<std::uint32_t>(ev.data)); break;
      case kCallReturn: {
        // A remote response reached the caller: decode it.
        const auto f = static_cast<std::uint32_t>(ev.data);
        const CallSpec& call = workload_.operations[frames_[f].op].calls[frames_[f].cursor];
        burst(f, kReceive, message_cpu(call.response_bytes));
        break;
      }
      default: break;
    }
  }

  void on_departure(Engine& engine, std::uint32_t, std::uint64_t job) override {
    const auto f = static_cast<std::uint32_t>(job >> 2);
    switch (job & 3) {
      case kWork:
      case kReceive: next_call(f); break;
      case kSend: {
        const Frame& fr = frames_[f];
        engine.schedule_in(wire_delay(fr.in_request_bytes_of_child), handler_, kStartFrame, fr.child);
        break;
      }
      default: break;
    }
  }

  void begin_measurement() {
    measure_from_ = engine_.now();
    for (auto& st : stations_) st->reset_stats();
  }

  GraphSimulationResult result() const {
    GraphSimulationResult r;
    for (std::uint32_t e = 0; e < workload_.entries.size(); ++e) {
      EntryResult er;
      const auto op = workload_.entries[e].operation;
      er.operation = graph_.service(graph_.operation(op).service).name + "/" + graph_.operation(op).name;
      er.rate_per_s = workload_.entries[e].rate_per_s;
      er.latency_us = entry_latency_[e];
      er.requests = er.latency_us.count();
      r.entries.push_back(std::move(er));
    }
    for (const auto& st : stations_) {
      GroupResult g;
      g.name = st->config().name;
      g.servers = st->config().replicas * st->config().workers;
      g.utilisation = st->utilisation();
      g.jobs = st->stats().completed;
      r.groups.push_back(std::move(g));
    }
    r.requests_arrived = arrived_;
    r.requests_completed = completed_;
    r.requests_in_flight = arrived_ - completed_;
    r.remote_calls = remote_calls_;
    r.inprocess_calls = inprocess_calls_;
    r.async_calls = async_calls_;
    r.calls_per_edge = calls_per_edge_;
    r.cpu_business_s = cpu_business_;
    r.cpu_serialization_s = cpu_serialization_;
    r.cpu_stack_s = cpu_stack_;
    r.cpu_sidecar_s = cpu_sidecar_;
    r.bytes_on_wire = bytes_on_wire_;
    r.events = engine_.events_processed();
    r.simulated_s = engine_.now();
    return r;
  }

 private:
  std::uint32_t station_of(model::OperationId op) const {
    return station_of_group_[partition_.group_of(op)];
  }
  double wire_delay(double bytes) const {
    return scenario_.propagation_s + (scenario_.bandwidth_bytes_per_s > 0.0 ? bytes / scenario_.bandwidth_bytes_per_s : 0.0) +
           (scenario_.sidecar ? 2.0 * scenario_.sidecar_latency_s : 0.0);
  }
  // CPU one side spends on one remote message of `bytes`: encoding or decoding, the network
  // stack (and TLS), and its sidecar proxy. Books each part in its category.
  double message_cpu(double bytes) {
    const double ser = bytes * spb_;
    const double stack = scenario_.stack_cpu_s + (scenario_.tls ? bytes * scenario_.tls_s_per_byte : 0.0);
    const double sidecar = scenario_.sidecar ? scenario_.sidecar_cpu_s : 0.0;
    cpu_serialization_ += ser;
    cpu_stack_ += stack;
    cpu_sidecar_ += sidecar;
    return ser + stack + sidecar;
  }
  void schedule_arrival(std::uint32_t e) {
    const double rate = workload_.entries[e].rate_per_s;
    if (!(rate > 0.0)) return;
    const double at = engine_.now() + entry_rng_[e].exponential(rate);
    if (at < scenario_.duration_s) engine_.schedule_at(at, handler_, kArrival, e);
  }
  void burst(std::uint32_t f, Phase phase, double seconds) {
    stations_[station_of(frames_[f].op)]->arrive((static_cast<std::uint64_t>(f) << 2) | phase, seconds);
  }

  std::uint32_t new_frame(model::OperationId op, std::uint32_t parent, std::uint32_t depth, std::uint64_t key) {
    std::uint32_t f;
    if (!free_.empty()) {
      f = free_.back();
      free_.pop_back();
    } else {
      f = static_cast<std::uint32_t>(frames_.size());
      frames_.emplace_back();
    }
    Frame& fr = frames_[f];
    fr = Frame{};
    fr.rng = RngStream(engine_.seed() ^ 0x6A09E667F3BCC908ull, key);
    fr.op = op;
    fr.parent = parent;
    fr.depth = depth;
    return f;
  }

  void start_frame(std::uint32_t f) {
    Frame& fr = frames_[f];
    const double work = workload_.operations[fr.op].service.sample(fr.rng);
    cpu_business_ += work;
    double cost = work;
    if (fr.remote_in) {
      const bool answers = fr.parent != kNone;  // asynchronous callees send no response
      const double in_bytes = fr.in_request_bytes, out_bytes = fr.in_response_bytes;
      cost += message_cpu(in_bytes);
      if (answers) cost += message_cpu(out_bytes);
    }
    burst(f, kWork, cost);
  }

  static std::int32_t draw_calls(double mean, RngStream& rng) {
    const double whole = std::floor(mean);
    return static_cast<std::int32_t>(whole) + (rng.uniform() < mean - whole ? 1 : 0);
  }

  void next_call(std::uint32_t f) {
    const auto& calls = workload_.operations[frames_[f].op].calls;
    const bool may_call = frames_[f].depth < scenario_.max_call_depth;
    while (may_call && frames_[f].cursor < calls.size()) {
      Frame& fr = frames_[f];
      const CallSpec& call = calls[fr.cursor];
      if (fr.reps_left < 0) fr.reps_left = draw_calls(call.mean_calls, fr.rng);
      if (fr.reps_left == 0) {
        ++fr.cursor;
        fr.reps_left = -1;
        continue;
      }
      --fr.reps_left;
      ++calls_per_edge_[call.edge];
      const bool remote = partition_.group_of(fr.op) != partition_.group_of(call.callee);
      const std::uint32_t depth = fr.depth + 1;
      const std::uint64_t key = fr.rng.next();
      const std::uint32_t child = new_frame(call.callee, call.async ? kNone : f, depth, key);  // may reallocate
      Frame& c = frames_[child];
      c.remote_in = remote;
      c.in_request_bytes = call.request_bytes;
      c.in_response_bytes = call.async ? 0.0 : call.response_bytes;
      if (remote) {
        ++remote_calls_;
        bytes_on_wire_ += call.request_bytes;
      } else {
        ++inprocess_calls_;
      }
      if (call.async) {
        // Fire-and-forget: the callee starts after the transfer; the caller goes on.
        ++async_calls_;
        engine_.schedule_in(remote ? wire_delay(call.request_bytes) : scenario_.inprocess_call_s, handler_,
                            kStartFrame, child);
        continue;
      }
      frames_[f].child = child;
      if (remote) {
        frames_[f].in_request_bytes_of_child = call.request_bytes;
        burst(f, kSend, message_cpu(call.request_bytes));
      } else {
        engine_.schedule_in(scenario_.inprocess_call_s, handler_, kStartFrame, child);
      }
      return;
    }
    finish(f);
  }

  void finish(std::uint32_t f) {
    const Frame fr = frames_[f];
    free_.push_back(f);
    if (fr.parent == kNone) {
      if (fr.entry != kNone) {
        ++completed_;
        if (fr.born >= measure_from_) entry_latency_[fr.entry].add((engine_.now() - fr.born) * 1e6);
      }
      return;
    }
    if (fr.remote_in) {
      bytes_on_wire_ += fr.in_response_bytes;
      engine_.schedule_in(wire_delay(fr.in_response_bytes), handler_, kCallReturn, fr.parent);
    } else {
      next_call(fr.parent);
    }
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
  std::vector<RngStream> entry_rng_;
  std::vector<Frame> frames_;
  std::vector<std::uint32_t> free_;
  std::vector<std::uint64_t> calls_per_edge_;
  std::vector<model::LatencySummary> entry_latency_;
  std::uint64_t arrived_ = 0, completed_ = 0;
  std::uint64_t remote_calls_ = 0, inprocess_calls_ = 0, async_calls_ = 0;
  double cpu_business_ = 0.0, cpu_serialization_ = 0.0, cpu_stack_ = 0.0, cpu_sidecar_ = 0.0, bytes_on_wire_ = 0.0;
  double measure_from_ = 0.0;
};

}  // namespace

GraphSimulationResult simulate_graph(const model::CallGraph& graph, const model::Partition& partition,
                                     const Scenario& scenario) {
  if (partition.operation_count() != graph.operation_count())
    throw std::invalid_argument("partition does not match the graph: " + std::to_string(partition.operation_count()) +
                                " operations assigned, graph has " + std::to_string(graph.operation_count()));
  const auto wall_start = std::chrono::steady_clock::now();
  Engine engine(scenario.seed);
  engine.reserve(4096);
  GraphModel model(engine, graph, partition, scenario);
  model.start();
  if (scenario.warmup_s > 0.0) engine.run_until(scenario.warmup_s);
  model.begin_measurement();
  if (scenario.drain)
    engine.run();
  else
    engine.run_until(scenario.duration_s);
  GraphSimulationResult r = model.result();
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  r.events_per_second = r.wall_seconds > 0.0 ? static_cast<double>(r.events) / r.wall_seconds : 0.0;
  return r;
}

}  // namespace nanoscope::sim
