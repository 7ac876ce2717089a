// Units dealt to processes (economics/unit_distributor.hpp) without MPI: "ranks" are threads of
// this test, each with its own UnitDistributor over a shared in-memory exchange. The report built
// on 1, 2 and 3 ranks is byte-identical to the one built without a distributor; dealing is by
// cost, biggest first; a unit failing on one rank makes every rank throw that rank's error.
#include <doctest/doctest.h>

#include <barrier>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "economics/economics_test_support.hpp"
#include "economics/report.hpp"
#include "economics/report_writers.hpp"
#include "economics/unit_bytes.hpp"
#include "economics/unit_distributor.hpp"

using namespace nanoscope;

namespace {

// What the ranks of one in-memory job share: a slot per rank and a barrier.
struct Exchange {
  explicit Exchange(std::size_t ranks) : slots(ranks), failed(ranks), sync(static_cast<std::ptrdiff_t>(ranks)) {}
  std::vector<std::string> slots;
  std::vector<bool> failed;
  std::barrier<> sync;
};

class ThreadRank final : public economics::UnitDistributor {
 public:
  ThreadRank(Exchange& x, std::size_t rank) : x_(x), rank_(rank) {}
  [[nodiscard]] std::size_t rank() const override { return rank_; }
  [[nodiscard]] std::size_t ranks() const override { return x_.slots.size(); }
  [[nodiscard]] std::vector<std::string> exchange(const std::string& mine) override { return round(mine, false); }
  [[noreturn]] void fail(const std::string& message) override {
    (void)round(message, true);
    throw std::logic_error("unreachable");
  }

 private:
  // Like the MPI communicator: every rank's (status, bytes); a failure anywhere throws the
  // lowest failing rank's message on every rank.
  std::vector<std::string> round(const std::string& mine, bool failing) {
    x_.slots[rank_] = mine;
    x_.failed[rank_] = failing;
    x_.sync.arrive_and_wait();
    const auto all = x_.slots;
    const auto failed = x_.failed;
    x_.sync.arrive_and_wait();
    for (std::size_t r = 0; r < failed.size(); ++r)
      if (failed[r]) throw std::runtime_error(all[r]);
    return all;
  }
  Exchange& x_;
  std::size_t rank_;
};

// Runs `body(distributor)` on `ranks` threads; returns each rank's result or error text.
std::vector<std::string> on_ranks(std::size_t ranks, const std::function<std::string(economics::UnitDistributor&)>& body) {
  Exchange x(ranks);
  std::vector<std::string> out(ranks);
  std::vector<std::thread> threads;
  for (std::size_t r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      ThreadRank d(x, r);
      try {
        out[r] = body(d);
      } catch (const std::exception& e) {
        out[r] = std::string("error: ") + e.what();
      }
    });
  for (auto& t : threads) t.join();
  return out;
}

}  // namespace

TEST_CASE("units are dealt biggest first to the least loaded rank, the same way every time") {
  const std::vector<double> costs = {1, 5, 1, 3, 3, 1};
  const auto owner = economics::deal_units(costs, 2);
  // 5 -> rank 0; 3 -> rank 1; 3 -> rank 1 (3 < 5); the 1s: rank 0 (5 < 6), rank 0 (6 = 6: lower
  // rank), rank 1 (7 > 6): 7 and 7.
  std::vector<double> load(2);
  for (std::size_t u = 0; u < costs.size(); ++u) load[owner[u]] += costs[u];
  CHECK(owner[1] == 0);
  CHECK(owner[3] == 1);
  CHECK(owner[4] == 1);
  CHECK(load[0] == 7.0);
  CHECK(load[1] == 7.0);
  CHECK(economics::deal_units(costs, 2) == owner);
  CHECK(economics::deal_units(costs, 1) == std::vector<std::size_t>(costs.size(), 0));
  // More ranks than units: one unit each, the rest idle.
  const auto spread = economics::deal_units({2, 1}, 4);
  CHECK(spread[0] != spread[1]);
}

TEST_CASE("a report on 1, 2 and 3 ranks is byte-identical to the one without ranks") {
  const auto g = test::social_network_graph();
  const auto eras = test::quick_eras(30);
  economics::ReportOptions options;
  options.threads = 1;
  std::ostringstream alone;
  economics::write_json(alone, economics::build_report(g, eras, options));
  for (std::size_t ranks : {1, 2, 3}) {
    CAPTURE(ranks);
    const auto outs = on_ranks(ranks, [&](economics::UnitDistributor& d) {
      economics::ReportOptions o = options;
      o.distributor = &d;
      std::ostringstream s;
      economics::write_json(s, economics::build_report(g, eras, o));
      return s.str();
    });
    for (const auto& out : outs) CHECK(out == alone.str());
  }
}

TEST_CASE("a unit failing on one rank makes every rank throw that rank's error") {
  for (std::size_t ranks : {1, 2, 3}) {
    CAPTURE(ranks);
    const auto outs = on_ranks(ranks, [&](economics::UnitDistributor& d) {
      std::vector<int> slot(6, 0);
      economics::UnitBatch batch;
      batch.count = slot.size();
      batch.run = [&](std::size_t u) {
        if (u == 4) throw std::runtime_error("unit 4 failed");
        slot[u] = static_cast<int>(u) + 1;
      };
      batch.save = [&](std::size_t u, economics::ByteWriter& out) { out.put(slot[u]); };
      batch.load = [&](std::size_t u, economics::ByteReader& in) { in.get(slot[u]); };
      economics::run_units(&d, 1, batch);
      return std::string("finished");
    });
    for (const auto& out : outs) CHECK(out == "error: unit 4 failed");
  }
}

TEST_CASE("every rank holds every unit's result after a batch, and unit 0 may run alone first") {
  const auto outs = on_ranks(3, [&](economics::UnitDistributor& d) {
    std::vector<double> slot(10, 0.0);
    economics::UnitBatch batch;
    batch.count = slot.size();
    batch.cost = [](std::size_t u) { return u == 0 ? 100.0 : 1.0; };
    batch.run = [&](std::size_t u) { slot[u] = 1.0 / static_cast<double>(u + 3); };
    batch.save = [&](std::size_t u, economics::ByteWriter& out) { out.put(slot[u]); };
    batch.load = [&](std::size_t u, economics::ByteReader& in) { in.get(slot[u]); };
    batch.first_alone = true;
    economics::run_units(&d, 2, batch);
    std::ostringstream s;
    for (double v : slot) s << v << ' ';
    return s.str();
  });
  for (const auto& out : outs) CHECK(out == outs.front());
  CHECK(outs.front().find("0.333333 0.25 0.2") == 0);
}
