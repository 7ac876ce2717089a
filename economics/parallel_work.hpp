// Index-determined parallel work for the economics sweep: `count` units run on `threads`
// std::thread workers, each unit's work decided by its index alone and writing only its own
// result slot, so results are the same for any thread count. The first exception a unit throws
// is rethrown on the calling thread after every worker has stopped.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace nanoscope::economics {

/// Worker threads to use: `requested` when positive, else the hardware's concurrency (at least 1).
[[nodiscard]] inline unsigned worker_threads(unsigned requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? hw : 1;
}

/// Calls `work(i)` for every i in [0, count) on up to `threads` workers (the calling thread is
/// one of them; 0 threads: worker_threads(0)). Units are handed out in index order; `work` must
/// touch only state owned by its index (or guard what it shares). After a unit throws no new
/// unit starts, and the exception of the lowest failing index is rethrown.
template <class Work>
void parallel_for(std::size_t count, unsigned threads, const Work& work) {
  if (count == 0) return;
  const std::size_t n = std::min<std::size_t>(worker_threads(threads), count);
  if (n <= 1) {
    for (std::size_t i = 0; i < count; ++i) work(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::exception_ptr first_error;  // of the lowest failing index (every lower one was started)
  std::size_t first_index = count;
  auto worker = [&] {
    for (std::size_t i; !failed.load(std::memory_order_relaxed) && (i = next.fetch_add(1)) < count;) {
      try {
        work(i);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (i < first_index) {
          first_index = i;
          first_error = std::current_exception();
        }
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(n - 1);
  for (std::size_t t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace nanoscope::economics
