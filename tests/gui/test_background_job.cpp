// The job manager of one kind of job (gui/viewmodel/background_job.hpp): generations, results
// of discarded runs dropped, model::Cancelled told apart from errors, and the UI thread never
// waiting for a worker (discard and destruction return while the work is still stopping).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "gui/viewmodel/background_job.hpp"

using namespace nanoscope;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

/// Polls until `done()` or `timeout_ms`; false on timeout.
template <class F>
bool eventually(F done, int timeout_ms = 10000) {
  const auto start = Clock::now();
  while (!done()) {
    if (ms_since(start) > timeout_ms) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace

TEST_CASE("a finished job hands its result back once; an error is a message; Cancelled is neither") {
  gui::BackgroundJob<int> job;
  CHECK(job.generation() == 0);
  CHECK_FALSE(job.running());
  REQUIRE(job.start([](gui::JobProgress& p) { p.set(1.0); return 42; }));
  CHECK(job.generation() == 1);
  job.wait();
  CHECK(job.progress().fraction() == doctest::Approx(1.0));
  auto r = job.take_result();
  REQUIRE(r.has_value());
  CHECK(*r == 42);
  CHECK_FALSE(job.take_result().has_value());

  REQUIRE(job.start([](gui::JobProgress&) -> int { throw std::runtime_error("disk full"); }));
  job.wait();
  CHECK_FALSE(job.take_cancelled());
  CHECK(job.take_error() == "disk full");
  CHECK(job.take_error().empty());

  REQUIRE(job.start([](gui::JobProgress& p) -> int {
    p.request_cancel();
    p.cancel_token().check();
    return 1;
  }));
  job.wait();
  CHECK(job.take_error().empty());  // a cancel is not reported as an error
  CHECK_FALSE(job.take_result().has_value());
  CHECK(job.take_cancelled());
  CHECK_FALSE(job.take_cancelled());
}

TEST_CASE("a discarded run's result is dropped even when it ignores the cancel, and discard does not wait") {
  gui::BackgroundJob<int> job;
  auto release = std::make_shared<std::atomic<bool>>(false);
  // The stale run ignores its token and finishes with a value after discard() returned.
  REQUIRE(job.start([release](gui::JobProgress&) {
    while (!release->load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 1;
  }));
  const auto stale = job.generation();
  CHECK_FALSE(job.start([](gui::JobProgress&) { return 3; }));  // one current run at a time
  const auto t = Clock::now();
  job.discard();
  CHECK(ms_since(t) < 100.0);  // it did not join the worker, which is still blocked
  CHECK(job.generation() > stale);
  CHECK_FALSE(job.running());
  REQUIRE(job.start([](gui::JobProgress&) { return 2; }));  // a new run starts at once
  release->store(true);
  job.wait();
  REQUIRE(eventually([&] { job.take_error(); return job.threads() <= 1; }));  // the stale thread is reaped
  auto r = job.take_result();
  REQUIRE(r.has_value());
  CHECK(*r == 2);  // never the stale 1
  CHECK_FALSE(job.take_result().has_value());
}

TEST_CASE("cancel stops a cooperative run promptly and the UI learns it was cancelled") {
  gui::BackgroundJob<int> job;
  auto started = std::make_shared<std::atomic<bool>>(false);
  REQUIRE(job.start([started](gui::JobProgress& p) {
    started->store(true);
    for (;;) {  // long work that checks its token in its loop
      p.cancel_token().check();
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return 0;
  }));
  REQUIRE(eventually([&] { return started->load(); }));
  const auto t = Clock::now();
  job.cancel();
  REQUIRE(eventually([&] { return !job.running(); }));
  CHECK(ms_since(t) < 200.0);
  CHECK(job.take_cancelled());
}

TEST_CASE("destroying a job manager while its work runs cancels it and returns promptly") {
  auto stopped = std::make_shared<std::atomic<bool>>(false);
  auto started = std::make_shared<std::atomic<bool>>(false);
  double destroy_ms = 0.0;
  {
    auto job = std::make_unique<gui::BackgroundJob<int>>();
    REQUIRE(job->start([stopped, started](gui::JobProgress& p) {
      started->store(true);
      try {
        for (;;) {
          p.cancel_token().check();
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
      } catch (const model::Cancelled&) {
        stopped->store(true);
        throw;
      }
      return 0;
    }));
    // A discarded run still stopping is also cancelled and joined by the destructor.
    REQUIRE(eventually([&] { return started->load(); }));
    const auto t = Clock::now();
    job.reset();
    destroy_ms = ms_since(t);
  }
  CHECK(stopped->load());  // joined: the worker ended before the destructor returned
  CHECK(destroy_ms < 200.0);
}
