// The remote-call protocol of the graph model. A synchronous remote call is made of attempts;
// each attempt takes a connection slot (when pooled), costs the caller an encode burst, may
// open a connection (no keep-alive), travels to the callee, and comes back as a response, an
// error, or nothing before the timeout. A failed attempt is retried after exponential
// backoff while retries last; then the caller fails and answers its own caller with an error.
// Calls of a parallel group run their attempts independently. Events about an attempt carry
// its id, so a late response to an abandoned attempt is ignored.
// Asynchronous messages go straight to the callee, or through the broker station. Whether an
// attempt is lost is a hash of (call, attempt number), independent of every other draw.
#include <cmath>

#include "sim/graph_model.hpp"

namespace nanoscope::sim::detail {

bool GraphModel::lost(std::uint64_t call_key, std::uint32_t attempt_no, double probability) const {
  // A hash of (call, attempt) rather than a draw from the caller's stream: failures then
  // leave every other random choice of the request (call counts, service times) as it was,
  // so a partition and the one-process reference still run the same call trees.
  if (!(probability > 0.0)) return false;
  std::uint64_t state = call_key ^ (0xA0761D6478BD642Full * attempt_no);
  return static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53 < probability;
}

void GraphModel::start_attempt(std::uint32_t c) {
  Call& call = calls_[c];
  const CallSpec& spec = spec_of(c);
  ++call.tries;
  if (++next_attempt_ >= kAttemptLimit) next_attempt_ = 1;  // 0 means "no attempt"
  call.attempt = next_attempt_;
  // The timeout covers the whole attempt: waiting for a connection, sending, the answer.
  const std::uint64_t data = with_attempt(c, call.attempt);
  if (spec.timeout_s > 0.0) engine_.schedule_in(spec.timeout_s, handler_, kTimeout, data);
  if (pools_->enabled()) {
    if (!pools_->acquire(station_of(frames_[call.frame].op), station_of(spec.callee), data)) return;  // waits
    calls_[c].holds_slot = true;
  }
  send_request(c);
}

void GraphModel::send_request(std::uint32_t c) {
  const CallSpec& spec = spec_of(c);
  const Frame& caller = frames_[calls_[c].frame];
  double seconds = message_cpu(spec.request_bytes, caller.measured);
  if (const double handshake = handshake_cpu_s(scenario_); handshake > 0.0) {
    seconds += handshake;  // the client side of a fresh TLS handshake
    if (caller.measured) cpu_stack_ += handshake;
  }
  // The job carries the attempt id: an attempt that times out while its request is still
  // being encoded must not be sent when the burst ends (the call may even be reused).
  // Encoding goes on on the core that just finished the caller's work, when it did.
  cpu(station_of(caller.op), caller.replica,
      (static_cast<std::uint64_t>(calls_[c].attempt) << 34) | (static_cast<std::uint64_t>(c) << 2) | kSend, seconds,
      true);
}

void GraphModel::request_sent(std::uint32_t c, std::uint32_t attempt) {
  if (calls_[c].attempt != attempt) return;  // abandoned while encoding
  const CallSpec& spec = spec_of(c);
  const std::uint32_t caller = calls_[c].frame;
  const std::uint32_t from = station_of(frames_[caller].op), to = station_of(spec.callee);
  const bool measured = frames_[caller].measured;
  if (measured) bytes_on_wire_ += spec.request_bytes;
  if (lost(calls_[c].key, calls_[c].tries, spec.failure_probability)) {
    // Lost on the way: the callee never runs. The caller notices at its timeout, or, without
    // one, when the error (a reset, a proxy's 503) comes back after a round trip.
    if (!(spec.timeout_s > 0.0))  // else the attempt's timeout is already pending
      engine_.schedule_in(network_->handshake_delay(from, to) + 2.0 * network_->wire_delay(from, to, 0.0), handler_,
                          kErrorReturn, with_attempt(c, attempt));
    return;
  }
  std::uint64_t key = calls_[c].key;
  if (calls_[c].tries > 1) {  // a retry reaches a new callee frame with its own stream
    std::uint64_t state = key + calls_[c].tries - 1;
    key = splitmix64(state);
  }
  const std::uint32_t child = new_frame(spec.callee, caller, frames_[caller].depth + 1, key);  // may reallocate
  Frame& ch = frames_[child];
  ch.measured = measured;
  ch.remote_in = true;
  ch.parent_call = c;
  ch.parent_attempt = attempt;
  ch.in_request_bytes = spec.request_bytes;
  ch.in_response_bytes = spec.response_bytes;
  engine_.schedule_in(network_->handshake_delay(from, to) + network_->wire_delay(from, to, spec.request_bytes),
                      handler_, kStartFrame, child);
}

void GraphModel::answer(const Frame& callee) {
  // The callee of a remote call sends its response (or its error) back to the caller. Only
  // the attempt the caller still waits for records the callee's times.
  const std::uint32_t c = callee.parent_call;
  if (callee.measured) bytes_on_wire_ += callee.in_response_bytes;
  if (calls_[c].attempt == callee.parent_attempt) {
    calls_[c].callee_life = engine_.now() - callee.born;
    calls_[c].callee_comm = callee.comm;
  }
  const double delay =
      network_->wire_delay(station_of(callee.op), station_of(frames_[callee.parent].op), callee.in_response_bytes);
  engine_.schedule_in(delay, handler_, callee.failed ? kErrorReturn : kCallReturn,
                      with_attempt(c, callee.parent_attempt));
}

void GraphModel::response_arrived(std::uint32_t c) {
  calls_[c].attempt = 0;
  release_connection(c);
  // Decode the response at the caller, then the call is done (kReceive -> call_done): a
  // continuation that queues for a core again (at once when decoding costs nothing).
  const Frame& caller = frames_[calls_[c].frame];
  cpu(station_of(caller.op), caller.replica, (static_cast<std::uint64_t>(c) << 2) | kReceive,
      message_cpu(spec_of(c).response_bytes, caller.measured), false);
}

void GraphModel::attempt_failed(std::uint32_t c) {
  const bool measured = frames_[calls_[c].frame].measured;
  if (measured) ++failed_attempts_;
  calls_[c].attempt = 0;  // anything still on its way for this attempt is now stale
  calls_[c].callee_life = calls_[c].callee_comm = 0.0;
  release_connection(c);
  const CallSpec& spec = spec_of(c);
  if (calls_[c].tries <= spec.retries) {
    if (measured) ++retries_;
    const double wait = scenario_.backoff_s * std::pow(scenario_.backoff_multiplier, calls_[c].tries - 1.0);
    engine_.schedule_in(wait, handler_, kRetry, c);
    return;
  }
  call_done(c, true);  // out of retries: the caller answers with an error
}

void GraphModel::release_connection(std::uint32_t c) {
  if (!calls_[c].holds_slot) return;
  calls_[c].holds_slot = false;
  const std::uint32_t from = station_of(frames_[calls_[c].frame].op), to = station_of(spec_of(c).callee);
  // Hand the slot to the oldest waiter still waiting; waiters whose attempt timed out meanwhile
  // are skipped (their ids no longer match).
  for (std::uint64_t w; (w = pools_->release(from, to)) != ConnectionPools::kNoWaiter;) {
    if (!current_attempt(w)) continue;
    const auto waiter = static_cast<std::uint32_t>(w);
    calls_[waiter].holds_slot = true;
    send_request(waiter);
    return;
  }
}

void GraphModel::send_async(std::uint32_t f, std::uint32_t child, std::uint64_t key, double failure_probability) {
  const double bytes = frames_[child].in_request_bytes;
  const std::uint32_t from = station_of(frames_[f].op);
  const bool measured = frames_[f].measured;
  if (measured) bytes_on_wire_ += bytes;
  if (lost(key, 1, failure_probability)) {
    if (measured) ++messages_lost_;  // fire-and-forget: nobody retries
    free_.push_back(child);
    return;
  }
  if (broker_ != kNone) {
    engine_.schedule_in(network_->wire_delay(from, broker_, bytes), handler_, kBrokerIn, child);
    return;
  }
  engine_.schedule_in(network_->wire_delay(from, station_of(frames_[child].op), bytes), handler_, kStartFrame, child);
}

void GraphModel::broker_in(std::uint32_t child) {
  if (frames_[child].measured) cpu_broker_ += scenario_.broker_service_s;
  cpu(broker_, Station::kAnyReplica, (static_cast<std::uint64_t>(child) << 2) | kBrokerOut,
      scenario_.broker_service_s, false);
}

void GraphModel::broker_out(std::uint32_t child) {
  const double bytes = frames_[child].in_request_bytes;
  if (frames_[child].measured) bytes_on_wire_ += bytes;
  engine_.schedule_in(network_->wire_delay(broker_, station_of(frames_[child].op), bytes), handler_, kStartFrame,
                      child);
}

}  // namespace nanoscope::sim::detail
