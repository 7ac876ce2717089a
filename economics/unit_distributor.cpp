// Dealing units to ranks by cost and running a batch of them here or across ranks.
#include "economics/unit_distributor.hpp"

#include <algorithm>
#include <exception>
#include <numeric>
#include <stdexcept>

#include "economics/parallel_work.hpp"
#include "economics/unit_bytes.hpp"

namespace nanoscope::economics {

std::vector<std::size_t> deal_units(const std::vector<double>& costs, std::size_t ranks) {
  ranks = std::max<std::size_t>(ranks, 1);
  std::vector<std::size_t> order(costs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return costs[a] > costs[b]; });
  std::vector<double> load(ranks, 0.0);
  std::vector<std::size_t> owner(costs.size(), 0);
  for (std::size_t u : order) {
    const auto r = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    owner[u] = r;
    load[r] += costs[u];
  }
  return owner;
}

UnitBatch concat_units(UnitBatch a, UnitBatch b) {
  const std::size_t split = a.count;
  auto cost = [split, a = a.cost, b = b.cost](std::size_t i) {
    const auto& f = i < split ? a : b;
    return f ? f(i < split ? i : i - split) : 1.0;
  };
  auto run = [split, a = a.run, b = b.run](std::size_t i) { i < split ? a(i) : b(i - split); };
  auto save = [split, a = a.save, b = b.save](std::size_t i, ByteWriter& out) {
    i < split ? a(i, out) : b(i - split, out);
  };
  auto load = [split, a = a.load, b = b.load](std::size_t i, ByteReader& in) { i < split ? a(i, in) : b(i - split, in); };
  return {a.count + b.count, cost, run, save, load, a.first_alone};
}

namespace {

// Runs `units` (indices into the batch) here, unit 0 first and alone when the batch says so.
void run_here(const UnitBatch& batch, const std::vector<std::size_t>& units, unsigned threads) {
  std::size_t from = 0;
  if (batch.first_alone && !units.empty() && units.front() == 0) {
    batch.run(0);
    from = 1;
  }
  parallel_for(units.size() - from, threads, [&](std::size_t k) { batch.run(units[from + k]); });
}

}  // namespace

UnitProgress::UnitProgress(Report report, std::string what, std::size_t total, std::size_t every)
    : report_(std::move(report)), what_(std::move(what)), total_(total), every_(std::max<std::size_t>(1, every)) {
  if (report_) report_(what_, 0, total_);
}

void UnitProgress::tick() {
  if (!report_) return;
  const std::size_t done = ++done_;
  if (done % every_ != 0 && done != total_) return;
  std::lock_guard lock(mutex_);
  if (done <= shown_) return;
  shown_ = done;
  report_(what_, done, total_);
}

void run_units(UnitDistributor* distributor, unsigned threads, const UnitBatch& batch) {
  if (!distributor || distributor->ranks() <= 1) {
    std::vector<std::size_t> all(batch.count);
    std::iota(all.begin(), all.end(), std::size_t{0});
    run_here(batch, all, threads);
    if (!distributor) return;
  }
  std::vector<double> costs(batch.count, 1.0);
  if (batch.cost)
    for (std::size_t i = 0; i < batch.count; ++i) costs[i] = batch.cost(i);
  const auto owner = deal_units(costs, distributor->ranks());
  const std::size_t self = distributor->rank();
  ByteWriter out;
  if (distributor->ranks() > 1) {
    std::vector<std::size_t> mine;
    for (std::size_t i = 0; i < batch.count; ++i)
      if (owner[i] == self) mine.push_back(i);
    // A local failure goes to every rank through fail(); every rank then throws the same error.
    std::string error;
    bool failed = false;
    try {
      run_here(batch, mine, threads);
      for (std::size_t i : mine) batch.save(i, out);
    } catch (const std::exception& e) {
      error = e.what();
      failed = true;
    } catch (...) {
      error = "unknown error";
      failed = true;
    }
    if (failed) distributor->fail(error);
  }
  // One exchange per batch, also with one rank, so every rank makes the same collective calls.
  const auto all = distributor->exchange(out.bytes());
  for (std::size_t r = 0; r < all.size(); ++r) {
    if (r == self) continue;
    ByteReader in(all[r]);
    for (std::size_t i = 0; i < batch.count; ++i)
      if (owner[i] == r) batch.load(i, in);
    if (in.left() != 0) throw std::runtime_error("unit bytes: rank sent more than its units");
  }
}

}  // namespace nanoscope::economics
