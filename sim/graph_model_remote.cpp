// The remote-call protocol of the graph model. A synchronous remote call is made of attempts;
// each attempt takes a connection slot (when pooled), costs the caller an encode burst, may
// open a connection (no keep-alive), travels to the callee, and comes back as a response, an
// error, or nothing before the timeout. A failed attempt is retried after exponential
// backoff while retries last; then the caller fails and answers its own caller with an error.
// Events about an attempt carry its id, so a late response to an abandoned attempt is ignored.
// Asynchronous messages go straight to the callee, or through the broker station. Whether an
// attempt is lost is a hash of (call, attempt number), independent of every other draw.
#include <cmath>

#include "sim/graph_model.hpp"

namespace nanoscope::sim::detail {

bool GraphModel::lost(std::uint64_t call_key, std::uint32_t attempt_no) const {
  // A hash of (call, attempt) rather than a draw from the caller's stream: failures then
  // leave every other random choice of the request (call counts, service times) as it was,
  // so a partition and the one-process reference still run the same call trees.
  if (!(scenario_.failure_probability > 0.0)) return false;
  std::uint64_t state = call_key ^ (0xA0761D6478BD642Full * attempt_no);
  return static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53 < scenario_.failure_probability;
}

void GraphModel::start_attempt(std::uint32_t f) {
  Frame& fr = frames_[f];
  const CallSpec& call = current_call(f);
  ++fr.tries;
  if (++next_attempt_ >= kAttemptLimit) next_attempt_ = 1;  // 0 means "no attempt"
  fr.attempt = next_attempt_;
  // The timeout covers the whole attempt: waiting for a connection, sending, the answer.
  const std::uint64_t data = with_attempt(f, fr.attempt);
  if (scenario_.timeout_s > 0.0) engine_.schedule_in(scenario_.timeout_s, handler_, kTimeout, data);
  if (pools_->enabled()) {
    if (!pools_->acquire(station_of(fr.op), station_of(call.callee), data)) return;  // waits for a slot
    fr.holds_slot = true;
  }
  send_request(f);
}

void GraphModel::send_request(std::uint32_t f) {
  const CallSpec& call = current_call(f);
  double cpu = message_cpu(call.request_bytes);
  if (!scenario_.keep_alive && scenario_.tls) {
    cpu += scenario_.tls_handshake_cpu_s;  // the client side of a fresh TLS handshake
    cpu_stack_ += scenario_.tls_handshake_cpu_s;
  }
  // The job carries the attempt id: an attempt that times out while its request is still
  // being encoded must not be sent when the burst ends (the frame may even be reused).
  stations_[station_of(frames_[f].op)]->arrive(
      (static_cast<std::uint64_t>(frames_[f].attempt) << 34) | (static_cast<std::uint64_t>(f) << 2) | kSend, cpu);
}

void GraphModel::request_sent(std::uint32_t f, std::uint32_t attempt) {
  if (frames_[f].attempt != attempt) return;  // abandoned while encoding
  const CallSpec& call = current_call(f);
  const std::uint32_t from = station_of(frames_[f].op), to = station_of(call.callee);
  bytes_on_wire_ += call.request_bytes;
  if (lost(frames_[f].call_key, frames_[f].tries)) {
    // Lost on the way: the callee never runs. The caller notices at its timeout, or, without
    // one, when the error (a reset, a proxy's 503) comes back after a round trip.
    if (!(scenario_.timeout_s > 0.0))  // else the attempt's timeout is already pending
      engine_.schedule_in(network_->handshake_delay(from, to) + 2.0 * network_->wire_delay(from, to, 0.0), handler_,
                          kErrorReturn, with_attempt(f, attempt));
    return;
  }
  std::uint64_t key = frames_[f].call_key;
  if (frames_[f].tries > 1) {  // a retry reaches a new callee frame with its own stream
    std::uint64_t state = key + frames_[f].tries - 1;
    key = splitmix64(state);
  }
  const std::uint32_t child = new_frame(call.callee, f, frames_[f].depth + 1, key);  // may reallocate
  Frame& c = frames_[child];
  c.remote_in = true;
  c.parent_attempt = attempt;
  c.in_request_bytes = call.request_bytes;
  c.in_response_bytes = call.response_bytes;
  frames_[f].child = child;
  engine_.schedule_in(network_->handshake_delay(from, to) + network_->wire_delay(from, to, call.request_bytes),
                      handler_, kStartFrame, child);
}

void GraphModel::answer(const Frame& callee) {
  // The callee of a remote call sends its response (or its error) back to the caller.
  const std::uint32_t caller = callee.parent;
  bytes_on_wire_ += callee.in_response_bytes;
  const double delay = network_->wire_delay(station_of(callee.op), station_of(frames_[caller].op), callee.in_response_bytes);
  engine_.schedule_in(delay, handler_, callee.failed ? kErrorReturn : kCallReturn,
                      with_attempt(caller, callee.parent_attempt));
}

void GraphModel::response_arrived(std::uint32_t f) {
  frames_[f].attempt = 0;
  release_connection(f);
  burst(f, kReceive, message_cpu(current_call(f).response_bytes));  // decode, then the next call
}

void GraphModel::attempt_failed(std::uint32_t f) {
  ++failed_attempts_;
  frames_[f].attempt = 0;  // anything still on its way for this attempt is now stale
  release_connection(f);
  Frame& fr = frames_[f];
  if (fr.tries <= scenario_.retries) {
    ++retries_;
    const double wait = scenario_.backoff_s * std::pow(scenario_.backoff_multiplier, fr.tries - 1.0);
    engine_.schedule_in(wait, handler_, kRetry, f);
    return;
  }
  fr.failed = true;  // out of retries: skip the remaining calls and answer with an error
  finish(f);
}

void GraphModel::release_connection(std::uint32_t f) {
  if (!frames_[f].holds_slot) return;
  frames_[f].holds_slot = false;
  const std::uint32_t from = station_of(frames_[f].op), to = station_of(current_call(f).callee);
  // Hand the slot to the oldest waiter still waiting; waiters whose attempt timed out meanwhile
  // are skipped (their ids no longer match).
  for (std::uint64_t w; (w = pools_->release(from, to)) != ConnectionPools::kNoWaiter;) {
    if (!current_attempt(w)) continue;
    const auto waiter = static_cast<std::uint32_t>(w);
    frames_[waiter].holds_slot = true;
    send_request(waiter);
    return;
  }
}

void GraphModel::send_async(std::uint32_t f, std::uint32_t child, std::uint64_t key) {
  const double bytes = frames_[child].in_request_bytes;
  const std::uint32_t from = station_of(frames_[f].op);
  bytes_on_wire_ += bytes;
  if (lost(key, 1)) {
    ++messages_lost_;  // fire-and-forget: nobody retries
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
  cpu_broker_ += scenario_.broker_service_s;
  stations_[broker_]->arrive((static_cast<std::uint64_t>(child) << 2) | kBrokerOut, scenario_.broker_service_s);
}

void GraphModel::broker_out(std::uint32_t child) {
  const double bytes = frames_[child].in_request_bytes;
  bytes_on_wire_ += bytes;
  engine_.schedule_in(network_->wire_delay(broker_, station_of(frames_[child].op), bytes), handler_, kStartFrame,
                      child);
}

}  // namespace nanoscope::sim::detail
