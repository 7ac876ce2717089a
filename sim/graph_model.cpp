// The graph traffic model: frames, arrivals, CPU bursts and the walk through each operation's
// calls. A frame is one invocation of one operation. It computes (one CPU burst at its
// group's station: own work plus, when called remotely, request decoding, response encoding
// and stack work), issues the calls its trace statistics make parallel all at once and waits
// for them, then makes the others in edge order. Remote calls follow graph_model_remote.cpp.
// Workers are CPU cores. The core that finishes a burst goes on with the same request's next
// CPU step at that station (an in-process callee's work, encoding the next request) instead
// of queueing it again; a step that costs nothing never queues. Under async concurrency a
// frame waiting on a remote callee holds no core and its continuation (decoding the
// response) queues again; under blocking concurrency a root or remotely called frame first
// takes a thread of one replica and keeps it until it answers, in-process callees using
// their caller's. Each frame draws from its own RNG stream (a root's keyed by entry and
// arrival number, a callee's by a draw from its caller's), so the call tree of a request
// depends on neither the partition nor event order (failures only cut it). Counters count
// the work of requests born after the warm-up only.
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
  blocking_ = scenario.concurrency == Concurrency::Blocking;
  measure_from_ = scenario.warmup_s;
  // One station per non-empty group, sized by the capacity plan (the analytic solver's too).
  plan_ = plan_capacity(graph, partition, scenario, workload_);
  std::vector<std::string> names;
  std::vector<std::uint32_t> replicas_of;
  for (const StationPlan& p : plan_.stations) {
    StationConfig sc;
    sc.name = p.name;
    sc.replicas = p.replicas;
    sc.workers = p.workers;
    names.push_back(sc.name);
    replicas_of.push_back(sc.replicas);
    threads_.add_station(p.replicas, p.threads);
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
      frames_[f].measured = engine.now() >= measure_from_;
      start_frame(f, false);
      break;
    }
    case kStartFrame: start_frame(static_cast<std::uint32_t>(ev.data), false); break;
    case kZeroCost: on_departure(engine, 0, ev.data); break;
    case kCallReturn:  // data: attempt << 32 | call
      if (current_attempt(ev.data)) response_arrived(static_cast<std::uint32_t>(ev.data));
      break;
    case kErrorReturn:
      if (current_attempt(ev.data)) attempt_failed(static_cast<std::uint32_t>(ev.data));
      break;
    case kTimeout:
      if (current_attempt(ev.data)) {
        if (frames_[calls_[static_cast<std::uint32_t>(ev.data)].frame].measured) ++timeouts_;
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
  thread_waits_before_ = threads_.waits();
  connection_waits_before_ = pools_->waits();
  for (auto& st : stations_) st->reset_stats();
  threads_.reset_stats(engine_.now());
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
  for (std::uint32_t s = 0; s < stations_.size(); ++s) {
    const Station& st = *stations_[s];
    GroupResult g;
    g.name = st.config().name;
    g.servers = st.config().replicas * st.config().workers;
    g.utilisation = st.utilisation();
    const StationStats stats = st.stats();
    g.jobs = stats.completed;
    g.mean_in_system = engine_.now() > stats.since ? stats.area_in_system / (engine_.now() - stats.since) : 0.0;
    if (blocking_ && s < plan_.stations.size()) {
      g.threads = st.config().replicas * threads_.threads_per_replica(s);
      g.thread_utilisation = threads_.mean_busy(s, measure_from_, engine_.now()) / g.threads;
      g.mean_requests = threads_.mean_present(s, measure_from_, engine_.now());
    }
    r.groups.push_back(std::move(g));
  }
  r.requests_arrived = arrived_;
  r.requests_completed = completed_;
  r.requests_failed = failed_;
  r.requests_in_flight = arrived_ - completed_ - failed_;
  r.requests_measured = measured_;
  r.thread_waits = threads_.waits() - thread_waits_before_;
  r.remote_calls = remote_calls_;
  r.inprocess_calls = inprocess_calls_;
  r.async_calls = async_calls_;
  r.failed_attempts = failed_attempts_;
  r.retries = retries_;
  r.timeouts = timeouts_;
  r.messages_lost = messages_lost_;
  r.connection_waits = pools_->waits() - connection_waits_before_;
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

// CPU one side spends on one remote message of `bytes` (capacity_plan.hpp's rule); books each
// part in its category when the request is measured.
double GraphModel::message_cpu(double bytes, bool measured) {
  const MessageCpu m = sim::message_cpu(scenario_, bytes);
  if (measured) {
    cpu_serialization_ += m.serialization_s;
    cpu_stack_ += m.stack_s;
    cpu_sidecar_ += m.sidecar_s;
  }
  return m.total();
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

// `seconds` of CPU for station job `job`: a step that costs nothing never queues (a zero-delay
// event); with `may_continue` the core that just finished at this station goes on with it
// (the same request's next step); else it joins the line (of `replica`, when pinned).
void GraphModel::cpu(std::uint32_t station, std::uint32_t replica, std::uint64_t job, double seconds,
                     bool may_continue) {
  seconds = std::max(seconds, 0.0);
  Station& st = *stations_[station];
  if (may_continue && st.continue_with(job, seconds, replica)) return;  // keeps the core, even for 0 s
  if (seconds == 0.0) {
    engine_.schedule_in(0.0, handler_, kZeroCost, job);
    return;
  }
  if (replica == Station::kAnyReplica) st.arrive(job, seconds);
  else st.arrive_at(replica, job, seconds);
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

// A frame reaches its station: under blocking concurrency a root, remote or asynchronous
// callee first takes a thread of one replica (or waits for one); an in-process callee runs on
// its caller's.
void GraphModel::start_frame(std::uint32_t f, bool may_continue) {
  Frame& fr = frames_[f];
  if (fr.parent != kNone || fr.entry == kNone) fr.born = engine_.now();
  if (blocking_ && !(fr.inprocess_in && fr.parent != kNone)) {
    const std::uint32_t s = station_of(fr.op);
    fr.replica = stations_[s]->pick_replica();
    fr.holds_thread = true;
    if (!threads_.acquire(s, fr.replica, f, engine_.now())) return;  // begin_work when one frees
  }
  begin_work(f, may_continue);
}

void GraphModel::begin_work(std::uint32_t f, bool may_continue) {
  Frame& fr = frames_[f];
  const double work = workload_.operations[fr.op].service.sample(fr.rng);
  if (fr.measured) cpu_business_ += work;
  double cost = work + (fr.inprocess_in ? scenario_.inprocess_call_s : 0.0);
  if (fr.remote_in) {
    const bool answers = fr.parent != kNone;  // asynchronous callees send no response
    const double in_bytes = fr.in_request_bytes, out_bytes = fr.in_response_bytes;
    double comm = message_cpu(in_bytes, fr.measured);
    if (answers) comm += message_cpu(out_bytes, fr.measured);
    if (answers && handshake_cpu_s(scenario_) > 0.0) {
      comm += handshake_cpu_s(scenario_);  // the server side of a fresh TLS handshake
      if (fr.measured) cpu_stack_ += handshake_cpu_s(scenario_);
    }
    cost += comm;
    fr.comm += comm;  // its service time is communication; its queueing is shared with the work
  }
  cpu(station_of(fr.op), fr.replica, (static_cast<std::uint64_t>(f) << 2) | kWork, cost, may_continue);
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
  const bool measured = frames_[f].measured;
  const bool remote = partition_.group_of(frames_[f].op) != partition_.group_of(call.callee);
  const std::uint64_t key = frames_[f].rng.next();
  if (measured) {
    ++calls_per_edge_[call.edge];
    if (remote) ++remote_calls_;
    else ++inprocess_calls_;
  }
  const std::uint32_t depth = frames_[f].depth + 1;
  if (call.async) {
    // Fire-and-forget: the callee starts after the transfer (or, in-process, as a task of
    // its own); the caller goes on.
    if (measured) ++async_calls_;
    const std::uint32_t child = new_frame(call.callee, kNone, depth, key);  // may reallocate
    frames_[child].measured = measured;
    frames_[child].remote_in = remote;
    frames_[child].inprocess_in = !remote;
    frames_[child].in_request_bytes = call.request_bytes;
    if (remote) send_async(f, child, key, call.failure_probability);
    else start_frame(child, false);
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
  // In-process: the callee's work goes on on the caller's core (and thread), costing the call.
  const std::uint32_t child = new_frame(call.callee, f, depth, key);  // may reallocate
  frames_[child].parent_call = c;
  frames_[child].measured = measured;
  frames_[child].inprocess_in = true;
  frames_[child].replica = frames_[f].replica;
  start_frame(child, true);
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
  if (fr.holds_thread) {
    // Its thread goes to the oldest frame waiting at that replica, whose work then queues
    // for a core (it is another request: it does not take over this one's core).
    const std::uint32_t s = station_of(fr.op);
    if (const auto w = threads_.release(s, fr.replica, engine_.now()); w != ThreadPools::kNoWaiter)
      begin_work(static_cast<std::uint32_t>(w), false);
  }
  if (fr.parent == kNone) {
    if (fr.entry == kNone) return;
    const bool measured = fr.measured;
    if (measured) ++measured_;
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
