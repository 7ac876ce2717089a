// Engine and event queue: (time, sequence) order, FIFO at equal times, cancel, run-until,
// stop, and RNG stream independence and reproducibility.
#include <doctest/doctest.h>

#include <vector>

#include "sim/engine.hpp"
#include "sim/rng.hpp"

using namespace nanoscope::sim;

namespace {

struct Recorder final : EventHandler {
  std::vector<std::uint64_t> data;
  std::vector<double> times;
  void on_event(Engine& engine, const Event& event) override {
    data.push_back(event.data);
    times.push_back(engine.now());
  }
};

// Reschedules itself `remaining` times with delay 0: new equal-time events go last.
struct Chain final : EventHandler {
  HandlerId self = 0;
  std::vector<std::uint64_t> order;
  void on_event(Engine& engine, const Event& event) override {
    order.push_back(event.data);
    if (event.data < 3) engine.schedule_in(0.0, self, 0, event.data + 10);
  }
};

}  // namespace

TEST_CASE("sim engine: equal-time events run in insertion order") {
  Engine engine(1);
  Recorder rec;
  const HandlerId h = engine.add_handler(rec);
  for (std::uint64_t i = 0; i < 1000; ++i) engine.schedule_at(i % 2 ? 5.0 : 2.0, h, 0, i);
  CHECK(engine.run() == 1000);
  REQUIRE(rec.data.size() == 1000);
  for (std::size_t i = 0; i < 500; ++i) {
    CHECK(rec.data[i] == 2 * i);
    CHECK(rec.data[500 + i] == 2 * i + 1);
  }
}

TEST_CASE("sim engine: events scheduled at the current time run after those already due") {
  Engine engine(1);
  Chain chain;
  chain.self = engine.add_handler(chain);
  for (std::uint64_t i = 0; i < 3; ++i) engine.schedule_at(1.0, chain.self, 0, i);
  engine.run();
  CHECK(chain.order == std::vector<std::uint64_t>{0, 1, 2, 10, 11, 12});
}

TEST_CASE("sim engine: random times come out sorted by (time, sequence)") {
  Engine engine(7);
  Recorder rec;
  const HandlerId h = engine.add_handler(rec);
  RngStream rng(42, 0);
  std::vector<double> when(20000);
  for (std::uint64_t i = 0; i < when.size(); ++i) {
    when[i] = static_cast<double>(rng.below(500));  // many ties
    engine.schedule_at(when[i], h, 0, i);
  }
  engine.run();
  REQUIRE(rec.data.size() == when.size());
  for (std::size_t i = 1; i < rec.data.size(); ++i) {
    const auto a = rec.data[i - 1], b = rec.data[i];
    const bool ordered = when[a] < when[b] || (when[a] == when[b] && a < b);
    if (!ordered) FAIL("out of order at " << i);
  }
}

TEST_CASE("sim engine: cancel skips the event and refuses fired or repeated cancels") {
  Engine engine(1);
  Recorder rec;
  const HandlerId h = engine.add_handler(rec);
  const EventHandle a = engine.schedule_at(1.0, h, 0, 1);
  const EventHandle b = engine.schedule_at(2.0, h, 0, 2);
  const EventHandle c = engine.schedule_at(3.0, h, 0, 3);
  CHECK(engine.pending() == 3);
  CHECK(engine.cancel(b));
  CHECK_FALSE(engine.cancel(b));
  CHECK(engine.pending() == 2);
  CHECK(engine.run_until(1.5) == 1);
  CHECK_FALSE(engine.cancel(a));  // already ran
  CHECK(engine.run() == 1);
  CHECK(rec.data == std::vector<std::uint64_t>{1, 3});
  CHECK_FALSE(engine.cancel(c));
  CHECK(engine.pending() == 0);
}

TEST_CASE("sim engine: run_until stops at the horizon and advances the clock") {
  Engine engine(1);
  Recorder rec;
  const HandlerId h = engine.add_handler(rec);
  engine.schedule_at(1.0, h, 0, 1);
  engine.schedule_at(2.0, h, 0, 2);
  engine.schedule_at(2.5, h, 0, 3);
  CHECK(engine.run_until(2.0) == 2);  // the horizon is inclusive
  CHECK(engine.now() == 2.0);
  CHECK(engine.pending() == 1);
  CHECK(engine.run_until(10.0) == 1);
  CHECK(engine.now() == 10.0);
  CHECK(engine.events_processed() == 3);
  // Events in the past are clamped to now.
  engine.schedule_at(4.0, h, 0, 4);
  engine.run();
  CHECK(rec.times.back() == 10.0);
}

TEST_CASE("sim engine: stop returns from run after the current event") {
  struct Stopper final : EventHandler {
    int seen = 0;
    void on_event(Engine& engine, const Event&) override {
      if (++seen == 2) engine.stop();
    }
  } stopper;
  Engine engine(1);
  const HandlerId h = engine.add_handler(stopper);
  for (int i = 0; i < 5; ++i) engine.schedule_in(i, h);
  CHECK(engine.run() == 2);
  CHECK(engine.now() == 1.0);
  CHECK(engine.run() == 3);
}

TEST_CASE("sim rng: streams are reproducible and independent per component") {
  RngStream a(123, 5), b(123, 5), c(123, 6), d(124, 5);
  int same_c = 0, same_d = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto x = a.next();
    CHECK(x == b.next());
    same_c += x == c.next();
    same_d += x == d.next();
  }
  CHECK(same_c == 0);
  CHECK(same_d == 0);
}

TEST_CASE("sim rng: uniform and exponential moments") {
  RngStream rng(9, stream_id(StreamKind::Service, 1));
  double sum_u = 0.0, sum_e = 0.0, sum_e2 = 0.0;
  int out_of_range = 0;
  const int n = 400000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    out_of_range += !(u >= 0.0 && u < 1.0);
    sum_u += u;
    const double e = rng.exponential(4.0);
    sum_e += e;
    sum_e2 += e * e;
  }
  CHECK(out_of_range == 0);
  CHECK(sum_u / n == doctest::Approx(0.5).epsilon(0.01));
  CHECK(sum_e / n == doctest::Approx(0.25).epsilon(0.01));
  CHECK(sum_e2 / n == doctest::Approx(2.0 / 16.0).epsilon(0.02));
  std::uint64_t counts[7] = {};
  for (int i = 0; i < 70000; ++i) ++counts[rng.below(7)];
  for (auto k : counts) CHECK(static_cast<double>(k) == doctest::Approx(10000).epsilon(0.05));
}
