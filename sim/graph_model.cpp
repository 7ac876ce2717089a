// The graph traffic model: frames, arrivals, CPU bursts and the walk through each operation's
// calls. A frame is one invocation of one operation. It computes (one CPU burst at its
// group's station: own work plus, when called remotely, request decoding, response encoding
// and stack work), issues the calls its trace statistics make parallel all at once and waits
// for them, then makes the others in edge order. An in-process call costs inprocess_call_s;
// remote calls follow graph_model_remote.cpp. Workers are CPU cores: a frame waiting on a
// callee holds none. Each frame draws from its own RNG stream (a root's keyed by entry and
// arrival number, a callee's by a draw from its caller's), so the call tree of a request
// depends on neither the partition nor event order (failures only cut it).
#include "sim/graph_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nanoscope::sim::detail {

GraphModel::GraphModel(Engine& engine, const model::CallGraph& graph, const model::Partition& partition,
                       const Scenario& scenario)
    : engine_(engine), graph_(graph), partition_(partition), scenario_(scenario),
      workload_(build_workload(graph, scenario)) {
  if (scenario.arrivals == Arrivals::Replay && workload_.replayed_entries == 0 && !workload_.entries.empty())
    throw std::invalid_argument(
        "arrivals: replay needs the traces' root start times, and this graph has none (call tables, "
        "metrics and manifests carry none); use arrivals: poisson");
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
  entry_comm_.resize(workload_.entries.size());
  entry_failed_.assign(workload_.entries.size(), 0);
  entry_rng_.reserve(workload_.entries.size());
  replay_next_.assign(workload_.entries.size(), 0);
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
    case kCallReturn:  // data: attempt << 32 | call
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
  const auto id = static_cast<std::uint32_t>((job >> 2) & 0xFFFFFFFFu);
  switch (job & 3) {
    case kWork: next_call(id); break;
    case kReceive: call_done(id, false); break;
    case kSend: request_sent(id, static_cast<std::uint32_t>(job >> 34)); break;
    case kBrokerOut: broker_out(id); break;
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
    er.communication_us = entry_comm_[e];
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
  const EntrySpec& entry = workload_.entries[e];
  if (!entry.replay_s.empty()) {
    // Replay: the k-th arrival is recorded offset k mod n of cycle k / n.
    const std::uint64_t k = replay_next_[e]++, n = entry.replay_s.size();
    const double at = (static_cast<double>(k / n) * entry.replay_period_s + entry.replay_s[k % n]) / entry.replay_speed;
    if (at < scenario_.duration_s) engine_.schedule_at(at, handler_, kArrival, e);
    return;
  }
  const double rate = entry.rate_per_s;
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
  fr.key = key;
  fr.op = op;
  fr.parent = parent;
  fr.depth = depth;
  return f;
}

void GraphModel::start_frame(std::uint32_t f) {
  Frame& fr = frames_[f];
  if (fr.parent != kNone) fr.born = engine_.now();
  const double work = workload_.operations[fr.op].service.sample(fr.rng);
  cpu_business_ += work;
  double cost = work;
  if (fr.remote_in) {
    const bool answers = fr.parent != kNone;  // asynchronous callees send no response
    const double in_bytes = fr.in_request_bytes, out_bytes = fr.in_response_bytes;
    double comm = message_cpu(in_bytes);
    if (answers) comm += message_cpu(out_bytes);
    if (answers && !scenario_.keep_alive && scenario_.tls) {
      comm += scenario_.tls_handshake_cpu_s;  // the server side of a fresh TLS handshake
      cpu_stack_ += scenario_.tls_handshake_cpu_s;
    }
    cost += comm;
    fr.comm += comm;  // its service time is communication; its queueing is shared with the work
  }
  burst(f, kWork, cost);
}

namespace {
std::int32_t draw_calls(double mean, RngStream& rng) {
  const double whole = std::floor(mean);
  return static_cast<std::int32_t>(whole) + (rng.uniform() < mean - whole ? 1 : 0);
}
}  // namespace

// Whether this invocation makes spec's calls in the parallel group: a hash of (frame, spec),
// so the sequential walk finds the same answer again without storing it, and graphs without
// parallel calls draw nothing extra.
bool GraphModel::parallel(const Frame& fr, std::uint32_t spec) const {
  const CallSpec& call = workload_.operations[fr.op].calls[spec];
  if (call.async || !(call.parallel > 0.0)) return false;
  if (call.parallel >= 1.0) return true;
  std::uint64_t state = fr.key ^ (0x9E3779B97F4A7C15ull * (spec + 1));
  return static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53 < call.parallel;
}

void GraphModel::next_call(std::uint32_t f) {
  const auto& calls = workload_.operations[frames_[f].op].calls;
  if (frames_[f].depth >= scenario_.max_call_depth) return finish(f);
  if (!frames_[f].forked) {
    // Fork: every call of the parallel group at once; the walk below resumes when all are back.
    frames_[f].forked = true;
    for (std::uint32_t spec = 0; spec < calls.size(); ++spec) {
      if (!parallel(frames_[f], spec)) continue;
      for (std::int32_t n = draw_calls(calls[spec].mean_calls, frames_[f].rng); n > 0; --n) issue(f, spec);
    }
    if (frames_[f].pending > 0) return;
  }
  while (frames_[f].cursor < calls.size()) {
    Frame& fr = frames_[f];
    if (parallel(fr, fr.cursor)) {
      ++fr.cursor;
      continue;
    }
    if (fr.reps_left < 0) fr.reps_left = draw_calls(calls[fr.cursor].mean_calls, fr.rng);
    if (fr.reps_left == 0) {
      ++fr.cursor;
      fr.reps_left = -1;
      continue;
    }
    --fr.reps_left;
    const bool async = calls[fr.cursor].async;
    issue(f, fr.cursor);
    if (!async) return;  // resumes in call_done
  }
  finish(f);
}

// Makes one call of `spec` from frame f: fire-and-forget, in-process, or a remote attempt.
void GraphModel::issue(std::uint32_t f, std::uint32_t spec) {
  const CallSpec& call = workload_.operations[frames_[f].op].calls[spec];
  ++calls_per_edge_[call.edge];
  const bool remote = partition_.group_of(frames_[f].op) != partition_.group_of(call.callee);
  const std::uint64_t key = frames_[f].rng.next();
  if (remote) ++remote_calls_;
  else ++inprocess_calls_;
  const std::uint32_t depth = frames_[f].depth + 1;
  if (call.async) {
    // Fire-and-forget: the callee starts after the transfer; the caller goes on.
    ++async_calls_;
    const std::uint32_t child = new_frame(call.callee, kNone, depth, key);  // may reallocate
    frames_[child].remote_in = remote;
    frames_[child].in_request_bytes = call.request_bytes;
    if (remote) send_async(f, child, key, call.failure_probability);
    else engine_.schedule_in(scenario_.inprocess_call_s, handler_, kStartFrame, child);
    return;
  }
  std::uint32_t c;
  if (!free_calls_.empty()) {
    c = free_calls_.back();
    free_calls_.pop_back();
  } else {
    c = static_cast<std::uint32_t>(calls_.size());
    calls_.emplace_back();
  }
  calls_[c] = Call{};
  calls_[c].frame = f;
  calls_[c].spec = spec;
  calls_[c].key = key;
  calls_[c].remote = remote;
  calls_[c].started = engine_.now();
  ++frames_[f].pending;
  if (remote) return start_attempt(c);
  const std::uint32_t child = new_frame(call.callee, f, depth, key);  // may reallocate
  frames_[child].parent_call = c;
  engine_.schedule_in(scenario_.inprocess_call_s, handler_, kStartFrame, child);
}

// A synchronous call is over. The last call of a group to come back closes the join, so its
// communication time (its own beyond the callee's life, plus the callee's) is the one on the
// caller's critical path. An in-process call's own cost is not communication.
void GraphModel::call_done(std::uint32_t c, bool failed) {
  const Call call = calls_[c];
  calls_[c].attempt = 0;
  free_calls_.push_back(c);
  Frame& fr = frames_[call.frame];
  if (failed) fr.failed = true;
  if (--fr.pending > 0) return;
  const double own = call.remote ? std::max(0.0, engine_.now() - call.started - call.callee_life) : 0.0;
  fr.comm += own + call.callee_comm;
  if (fr.failed) return finish(call.frame);  // out of retries: skip the remaining calls
  next_call(call.frame);
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
      if (measured) {
        entry_latency_[fr.entry].add((engine_.now() - fr.born) * 1e6);
        entry_comm_[fr.entry].add(fr.comm * 1e6);
      }
    }
    return;
  }
  if (fr.remote_in) return answer(fr);
  calls_[fr.parent_call].callee_life = engine_.now() - fr.born;
  calls_[fr.parent_call].callee_comm = fr.comm;
  call_done(fr.parent_call, fr.failed);  // an in-process callee's error fails its caller too
}

}  // namespace nanoscope::sim::detail
