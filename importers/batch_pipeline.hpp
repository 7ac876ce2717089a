// A two-stage pipeline: a producer thread fills fixed-size batches that the calling thread
// consumes in order. Memory is bounded (a few batches in flight) and the result does not
// depend on timing; an exception in the producer reaches the consumer's thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace nanoscope::importers::detail {

/// Runs `produce(batch)` on a worker thread and `consume(batch)` on the calling thread.
/// `produce` appends up to `batch_size` items and returns false once the input is exhausted
/// (it may still have appended items in that call). Batches reach `consume` in order.
template <class Item>
void run_batch_pipeline(std::size_t batch_size, std::size_t batches,
                        const std::function<bool(std::vector<Item>&)>& produce,
                        const std::function<void(const std::vector<Item>&)>& consume) {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::vector<Item>> full, empty(batches);
  bool finished = false, stop = false;
  std::exception_ptr error;

  std::thread worker([&] {
    try {
      for (bool more = true; more;) {
        std::vector<Item> batch;
        {
          std::unique_lock lock(mutex);
          changed.wait(lock, [&] { return stop || !empty.empty(); });
          if (stop) return;
          batch = std::move(empty.front());
          empty.pop_front();
        }
        batch.clear();
        batch.reserve(batch_size);
        more = produce(batch);
        std::lock_guard lock(mutex);
        full.push_back(std::move(batch));
        changed.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      error = std::current_exception();
    }
    std::lock_guard lock(mutex);
    finished = true;
    changed.notify_all();
  });

  // Stops and joins the worker however the consumer leaves.
  struct Joiner {
    std::thread& worker;
    std::mutex& mutex;
    std::condition_variable& changed;
    bool& stop;
    ~Joiner() {
      {
        std::lock_guard lock(mutex);
        stop = true;
      }
      changed.notify_all();
      worker.join();
    }
  } joiner{worker, mutex, changed, stop};

  for (;;) {
    std::vector<Item> batch;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return !full.empty() || finished; });
      if (full.empty()) {
        if (error) std::rethrow_exception(error);
        return;
      }
      batch = std::move(full.front());
      full.pop_front();
    }
    consume(batch);
    std::lock_guard lock(mutex);
    empty.push_back(std::move(batch));
    changed.notify_all();
  }
}

}  // namespace nanoscope::importers::detail
