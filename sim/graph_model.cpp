// The graph traffic model: frames, arrivals, CPU bursts and the walk through each operation's
// calls. A frame is one invocation of one operation. It computes (one CPU burst at its
// group's station: own work plus, when called remotely, request decoding, response encoding
// and stack work), then makes its calls in edge order. An in-process call costs
// inprocess_call_s; remote calls follow graph_model_remote.cpp. Workers are CPU cores: a
// frame waiting on a callee holds none. Each frame draws from its own RNG stream (a root's
// keyed by entry and arrival number, a callee's by a draw from its caller's), so the call
// tree of a request depends on neither the partition nor event order (failures only cut it).
#include "sim/graph_model.hpp"

#include <algorithm>
#include <cmath>

namespace nanoscope::sim::detail {

GraphModel::GraphModel(Engine& engine, const model::CallGraph& graph, const model::Partition& partition,
                       const Scenario& scenario)
    : engine_(engine), graph_(graph), partition_(partition), scenario_(scenario),
      workload_(build_workload(graph, scenario)) {
  handler_ = engine.add_handler(*this);
  spb_ = scenario.serialization_s_per_byte();
  // One station per non-empty group; replicas from the services whose operations it holds.
  station_of_group_.assign(partition.group_count(), kNone);
  std::vector<std::vector<model::OperationId>> ops_of(partition.group_count());
  for (model::OperationId op = 0; op < partition.operation_count(); ++op) ops_of[partition.group_of(op)].push_back(op);
  std::vector<std::string> names;
  std::vector<std::uint32_t> replicas_of;
  std::vector<double> offered;
  if (scenario.autoscale_utilisation > 0) offered = offered_cpu_per_s(workload_, scenario.max_call_depth);
  for (model::GroupId g = 0; g < partition.group_count(); ++g) {
    if (ops_of[g].empty()) continue;
    std::uint32_t replicas = 0;
    for (const auto op : ops_of[g]) {
      const auto& dep = graph.service(graph.operation(op).service).deployment;
      if (dep.replicas && *dep.replicas > 0) replicas = std::max(replicas, static_cast<std::uint32_t>(*dep.replicas));
    }
    StationConfig sc;
    sc.name = partition.name(g);
    sc.replicas = replicas ? replicas : scenario.default_replicas;
    sc.workers = scenario.workers_per_replica;
    if (!offered.empty()) {  // size to load: the same rule for every partition
      double load = 0.0;
      for (const auto op : ops_of[g]) load += offered[op];
      const double needed = std::ceil(load / (sc.workers * scenario.autoscale_utilisation));
      if (needed > sc.replicas) sc.replicas = static_cast<std::uint32_t>(std::min(needed, 1.0e6));
    }
    station_of_group_[g] = static_cast<std::uint32_t>(stations_.size());
    names.push_back(sc.name);
    replicas_of.push_back(sc.replicas);
    stations_.push_back(std::make_unique<Station>(engine, static_cast<std::uint32_t>(stations_.size()), sc, *this));
  }
  network_ = std::make_unique<NetworkModel>(scenario, names);
  if (scenario.broker) {
    StationConfig sc;
    sc.name = "(broker)";
    sc.replicas = scenario.broker_replicas;
    sc.workers = scenario.broker_workers;
    broker_ = network_->add_station(sc.name);
    replicas_of.push_back(sc.replicas);
    stations_.push_back(std::make_unique<Station>(engine, broker_, sc, *this));
  }
  pools_ = std::make_unique<ConnectionPools>(scenario, std::move(replicas_of));
  calls_per_edge_.assign(graph.edge_count(), 0);
  entry_latency_.resize(workload_.entries.size());
  entry_failed_.assign(workload_.entries.size(), 0);
  entry_rng_.reserve(workload_.entries.size());
  for (std::uint32_t e = 0; e < workload_.entries.size(); ++e)
    entry_rng_.push_back(engine.make_stream(stream_id(StreamKind::Arrivals, e)));
}

void GraphModel::start() {
  for (std::uint32_t e = 0; e < workload_.entries.size(); ++e) schedule_arrival(e);
}

void GraphModel::on_event(Engine& engine, const Event& ev) {
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
    case kCallReturn:
      if (current_attempt(ev.data)) response_arrived(static_cast<std::uint32_t>(ev.data));
      break;
    case kErrorReturn:
      if (current_attempt(ev.data)) attempt_failed(static_cast<std::uint32_t>(ev.data));
      break;
    case kTimeout:
      if (current_attempt(ev.data)) {
        ++timeouts_;
        attempt_failed(static_cast<std::uint32_t>(ev.data));
      }
      break;
    case kRetry: start_attempt(static_cast<std::uint32_t>(ev.data)); break;
    case kBrokerIn: broker_in(static_cast<std::uint32_t>(ev.data)); break;
    default: break;
  }
}

void GraphModel::on_departure(Engine&, std::uint32_t, std::uint64_t job) {
  // job = attempt id (kSend only) << 34 | frame << 2 | phase
  const auto f = static_cast<std::uint32_t>((job >> 2) & 0xFFFFFFFFu);
  switch (job & 3) {
    case kWork:
    case kReceive: next_call(f); break;
    case kSend: request_sent(f, static_cast<std::uint32_t>(job >> 34)); break;
    case kBrokerOut: broker_out(f); break;
    default: break;
  }
}

void GraphModel::begin_measurement() {
  measure_from_ = engine_.now();
  for (auto& st : stations_) st->reset_stats();
}

GraphSimulationResult GraphModel::result() const {
  GraphSimulationResult r;
  for (std::uint32_t e = 0; e < workload_.entries.size(); ++e) {
    EntryResult er;
    const auto op = workload_.entries[e].operation;
    er.operation = graph_.service(graph_.operation(op).service).name + "/" + graph_.operation(op).name;
    er.rate_per_s = workload_.entries[e].rate_per_s;
    er.latency_us = entry_latency_[e];
    er.requests = er.latency_us.count();
    er.failed = entry_failed_[e];
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
  r.requests_failed = failed_;
  r.requests_in_flight = arrived_ - completed_ - failed_;
  r.remote_calls = remote_calls_;
  r.inprocess_calls = inprocess_calls_;
  r.async_calls = async_calls_;
  r.failed_attempts = failed_attempts_;
  r.retries = retries_;
  r.timeouts = timeouts_;
  r.messages_lost = messages_lost_;
  r.connection_waits = pools_->waits();
  r.calls_per_edge = calls_per_edge_;
  r.cpu_business_s = cpu_business_;
  r.cpu_serialization_s = cpu_serialization_;
  r.cpu_stack_s = cpu_stack_;
  r.cpu_sidecar_s = cpu_sidecar_;
  r.cpu_broker_s = cpu_broker_;
  r.bytes_on_wire = bytes_on_wire_;
  r.events = engine_.events_processed();
  r.simulated_s = engine_.now();
  return r;
}

// CPU one side spends on one remote message of `bytes`: encoding or decoding, the network
// stack (and TLS), and its sidecar proxy. Books each part in its category.
double GraphModel::message_cpu(double bytes) {
  const double ser = bytes * spb_;
  const double stack = scenario_.stack_cpu_s + (scenario_.tls ? bytes * scenario_.tls_s_per_byte : 0.0);
  const double sidecar = scenario_.sidecar ? scenario_.sidecar_cpu_s : 0.0;
  cpu_serialization_ += ser;
  cpu_stack_ += stack;
  cpu_sidecar_ += sidecar;
  return ser + stack + sidecar;
}

void GraphModel::schedule_arrival(std::uint32_t e) {
  const double rate = workload_.entries[e].rate_per_s;
  if (!(rate > 0.0)) return;
  const double at = engine_.now() + entry_rng_[e].exponential(rate);
  if (at < scenario_.duration_s) engine_.schedule_at(at, handler_, kArrival, e);
}

void GraphModel::burst(std::uint32_t f, Phase phase, double seconds) {
  stations_[station_of(frames_[f].op)]->arrive((static_cast<std::uint64_t>(f) << 2) | phase, seconds);
}

std::uint32_t GraphModel::new_frame(model::OperationId op, std::uint32_t parent, std::uint32_t depth,
                                    std::uint64_t key) {
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

void GraphModel::start_frame(std::uint32_t f) {
  Frame& fr = frames_[f];
  const double work = workload_.operations[fr.op].service.sample(fr.rng);
  cpu_business_ += work;
  double cost = work;
  if (fr.remote_in) {
    const bool answers = fr.parent != kNone;  // asynchronous callees send no response
    const double in_bytes = fr.in_request_bytes, out_bytes = fr.in_response_bytes;
    cost += message_cpu(in_bytes);
    if (answers) cost += message_cpu(out_bytes);
    if (answers && !scenario_.keep_alive && scenario_.tls) {
      cost += scenario_.tls_handshake_cpu_s;  // the server side of a fresh TLS handshake
      cpu_stack_ += scenario_.tls_handshake_cpu_s;
    }
  }
  burst(f, kWork, cost);
}

namespace {
std::int32_t draw_calls(double mean, RngStream& rng) {
  const double whole = std::floor(mean);
  return static_cast<std::int32_t>(whole) + (rng.uniform() < mean - whole ? 1 : 0);
}
}  // namespace

void GraphModel::next_call(std::uint32_t f) {
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
    const std::uint64_t key = fr.rng.next();
    if (remote) ++remote_calls_;
    else ++inprocess_calls_;
    if (call.async) {
      // Fire-and-forget: the callee starts after the transfer; the caller goes on.
      ++async_calls_;
      const std::uint32_t child = new_frame(call.callee, kNone, fr.depth + 1, key);  // may reallocate
      frames_[child].remote_in = remote;
      frames_[child].in_request_bytes = call.request_bytes;
      if (remote) send_async(f, child, key);
      else engine_.schedule_in(scenario_.inprocess_call_s, handler_, kStartFrame, child);
      continue;
    }
    if (remote) {
      fr.call_key = key;
      fr.tries = 0;
      start_attempt(f);
    } else {
      const std::uint32_t child = new_frame(call.callee, f, fr.depth + 1, key);  // may reallocate
      frames_[f].child = child;
      engine_.schedule_in(scenario_.inprocess_call_s, handler_, kStartFrame, child);
    }
    return;
  }
  finish(f);
}

void GraphModel::finish(std::uint32_t f) {
  const Frame fr = frames_[f];
  free_.push_back(f);
  if (fr.parent == kNone) {
    if (fr.entry == kNone) return;
    const bool measured = fr.born >= measure_from_;
    if (fr.failed) {
      ++failed_;
      if (measured) ++entry_failed_[fr.entry];
    } else {
      ++completed_;
      if (measured) entry_latency_[fr.entry].add((engine_.now() - fr.born) * 1e6);
    }
    return;
  }
  if (fr.remote_in) {
    answer(fr);
  } else if (fr.failed) {
    // An in-process callee's error propagates to its caller, which fails too.
    frames_[fr.parent].failed = true;
    finish(fr.parent);
  } else {
    next_call(fr.parent);
  }
}

}  // namespace nanoscope::sim::detail
