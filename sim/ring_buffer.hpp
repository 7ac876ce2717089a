// A growable FIFO ring buffer of trivially copyable items: the waiting line of a station.
// Cheaper than std::deque on the hot path (one power-of-two mask, no chunk bookkeeping).
#pragma once

#include <cstddef>
#include <vector>

namespace nanoscope::sim::detail {

/// FIFO of T with amortised O(1) push/pop; grows by doubling, never shrinks.
template <typename T>
class RingBuffer {
 public:
  [[nodiscard]] bool empty() const { return head_ == tail_; }
  [[nodiscard]] std::size_t size() const { return tail_ - head_; }

  void push(const T& item) {
    if (size() == items_.size()) grow();
    items_[tail_++ & (items_.size() - 1)] = item;
  }
  /// Removes and returns the oldest item; the buffer must not be empty.
  T pop() { return items_[head_++ & (items_.size() - 1)]; }
  /// The oldest item; the buffer must not be empty.
  [[nodiscard]] const T& front() const { return items_[head_ & (items_.size() - 1)]; }

 private:
  void grow() {
    std::vector<T> bigger(items_.empty() ? 16 : items_.size() * 2);
    for (std::size_t i = 0, n = size(); i < n; ++i) bigger[i] = items_[(head_ + i) & (items_.size() - 1)];
    tail_ = size();
    head_ = 0;
    items_.swap(bigger);
  }

  std::vector<T> items_;
  std::size_t head_ = 0;  // monotone counters; masked on access
  std::size_t tail_ = 0;
};

}  // namespace nanoscope::sim::detail
