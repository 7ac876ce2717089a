// Read-ahead on a worker thread: the worker fills a few fixed-size blocks from the inner
// stream (decompressing, for a compressed input) while the caller parses the blocks before
// them. The bytes, their order and the errors are those of the inner stream; an error or a
// cancellation on the worker reaches the caller at the point in the stream where it happened.
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "importers/decoders.hpp"

namespace nanoscope::importers::detail {
namespace {

constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
constexpr std::size_t kBlocks = 4;

class BackgroundSource final : public ByteSource {
 public:
  BackgroundSource(std::unique_ptr<ByteSource> inner, model::CancelToken cancel)
      : ByteSource(inner->name()), inner_(std::move(inner)), cancel_(std::move(cancel)) {
    for (std::size_t i = 0; i < kBlocks; ++i) free_.emplace_back(kBlockBytes);
    worker_ = std::thread([this] { run(); });
  }
  ~BackgroundSource() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    worker_.join();
  }

  std::size_t read(char* out, std::size_t size) override {
    std::size_t got = 0;
    while (got < size) {
      if (pos_ == current_.size()) {
        // What this read has is handed out first: the next block may bring an error, which
        // then comes at its place in the stream.
        if (got > 0 || !next_block()) break;
        continue;
      }
      const std::size_t n = std::min(size - got, current_.size() - pos_);
      std::memcpy(out + got, current_.data() + pos_, n);
      pos_ += n;
      got += n;
    }
    return got;
  }
  [[nodiscard]] std::uint64_t raw_bytes_read() const override {
    std::lock_guard lock(mutex_);
    return raw_read_;
  }

 private:
  // Hands the block read last back to the worker and takes the next one; false at the end.
  bool next_block() {
    cancel_.check();
    std::unique_lock lock(mutex_);
    if (current_.capacity() > 0) {  // keeps its size: the worker reuses it without zeroing it
      free_.push_back(std::move(current_));
      current_ = {};
      changed_.notify_all();
    }
    pos_ = 0;
    changed_.wait(lock, [&] { return !full_.empty() || finished_; });
    if (full_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return false;
    }
    current_ = std::move(full_.front());
    full_.pop_front();
    return true;
  }

  void run() {
    std::exception_ptr failure;
    for (bool last = false; !last;) {
      std::vector<char> block;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || !free_.empty(); });
        if (stop_) break;
        block = std::move(free_.front());
        free_.pop_front();
      }
      block.resize(kBlockBytes);
      std::size_t got = 0;
      try {  // the bytes before an error still go out, then the error
        while (got < block.size()) {
          const std::size_t n = inner_->read(block.data() + got, block.size() - got);
          if (n == 0) break;
          got += n;
        }
      } catch (...) {
        failure = std::current_exception();
      }
      last = got < block.size() || failure;
      block.resize(got);
      std::lock_guard lock(mutex_);
      raw_read_ = inner_->raw_bytes_read();
      if (!block.empty()) full_.push_back(std::move(block));
      changed_.notify_all();
    }
    std::lock_guard lock(mutex_);
    error_ = failure;
    finished_ = true;
    changed_.notify_all();
  }

  std::unique_ptr<ByteSource> inner_;
  model::CancelToken cancel_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<char>> free_, full_;
  std::vector<char> current_;  // the block the caller reads from
  std::size_t pos_ = 0;
  std::uint64_t raw_read_ = 0;
  std::exception_ptr error_;
  bool stop_ = false, finished_ = false;
  std::thread worker_;
};

}  // namespace

std::unique_ptr<ByteSource> make_background_source(std::unique_ptr<ByteSource> inner, model::CancelToken cancel) {
  return std::make_unique<BackgroundSource>(std::move(inner), std::move(cancel));
}

}  // namespace nanoscope::importers::detail
