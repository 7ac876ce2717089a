// Where the economics sweep's units of work run: on this process's worker threads (the default,
// economics/parallel_work.hpp) or dealt to several processes by a UnitDistributor (nanoscope-mpi
// implements one over MPI in session/mpi; economics knows nothing of MPI). A unit is decided by
// its index alone and writes only its own result slot; with a distributor each process runs the
// units dealt to it, then the slots travel as bytes (economics/unit_bytes.hpp) so every process
// holds every result. Results are therefore identical for any number of processes and threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace nanoscope::model {
class ByteWriter;
class ByteReader;
}  // namespace nanoscope::model

namespace nanoscope::economics {

using model::ByteReader;
using model::ByteWriter;

/// The processes a sweep's units are dealt to. Every process makes the same calls in the same
/// order (exchange and fail are collective).
class UnitDistributor {
 public:
  virtual ~UnitDistributor() = default;
  /// This process, 0 .. ranks() - 1.
  [[nodiscard]] virtual std::size_t rank() const = 0;
  [[nodiscard]] virtual std::size_t ranks() const = 0;
  /// Every process passes the bytes of its own units and gets every process's, by rank. Throws
  /// (on every process) when any process reported a failure instead.
  [[nodiscard]] virtual std::vector<std::string> exchange(const std::string& mine) = 0;
  /// Reports this process's failure in place of its next exchange; throws the agreed failure
  /// (the lowest failing rank's message) on every process.
  [[noreturn]] virtual void fail(const std::string& message) = 0;
};

/// The rank of each unit: longest first (cost descending, ties by index) to the least loaded
/// rank (ties to the lowest rank). The same on every process for the same costs.
[[nodiscard]] std::vector<std::size_t> deal_units(const std::vector<double>& costs, std::size_t ranks);

/// A batch of units: `run(i)` computes unit i into its slot; `save(i, out)` writes that slot's
/// result and `load(i, in)` reads it back on another process (exactly: doubles bit for bit).
struct UnitBatch {
  std::size_t count = 0;
  /// Estimated cost of unit i (any unit; larger runs first). Empty: all equal.
  std::function<double(std::size_t)> cost;
  std::function<void(std::size_t)> run;
  std::function<void(std::size_t, ByteWriter&)> save;
  std::function<void(std::size_t, ByteReader&)> load;
  /// Unit 0 runs alone on its process before any other unit starts there (e.g. Leiden, whose
  /// result must not depend on what other threads allocate meanwhile).
  bool first_alone = false;
};

/// `a`'s units, then `b`'s (b's unit i is unit a.count + i); first_alone is `a`'s.
[[nodiscard]] UnitBatch concat_units(UnitBatch a, UnitBatch b);

/// Runs every unit of `batch`: on `threads` workers here when `distributor` is null, else this
/// process's share on `threads` workers followed by one exchange, after which every slot is
/// filled on every process. A unit that throws: without a distributor the lowest failing index's
/// exception is rethrown; with one, every process throws the agreed failure.
void run_units(UnitDistributor* distributor, unsigned threads, const UnitBatch& batch);

/// Progress of a batch's units, (what, done, total) to `report`: counts shown in order, one
/// caller at a time, every `every` units and at the end. Tick for every unit run here and
/// every unit loaded from another process, so the count reaches the total on every process.
class UnitProgress {
 public:
  using Report = std::function<void(const std::string&, std::size_t, std::size_t)>;
  UnitProgress(Report report, std::string what, std::size_t total, std::size_t every);
  void tick();

 private:
  Report report_;
  std::string what_;
  std::size_t total_, every_, shown_ = 0;
  std::atomic<std::size_t> done_{0};
  std::mutex mutex_;
};

}  // namespace nanoscope::economics
