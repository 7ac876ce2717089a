// Large zero-filled byte buffers backed by anonymous memory mappings that ask for transparent
// huge pages. On the virtual machines nanoscope is benchmarked on, a first-touch page fault
// costs ~25 us per 4 KiB page: touching a 130 MB buffer page by page cost 0.6-0.9 s, with
// huge pages ~0.03 s (docs/performance.md, "Jaeger import"). Small buffers use the heap.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

namespace nanoscope::importers::detail {

/// A move-only, zero-filled buffer of a fixed size.
class LargeBuffer {
 public:
  /// Buffers at least this large are mapped (and advised to use huge pages).
  static constexpr std::size_t kMapThreshold = std::size_t{4} << 20;
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;

  LargeBuffer() = default;
  /// `bytes` zero bytes. Throws std::bad_alloc if memory cannot be had.
  explicit LargeBuffer(std::size_t bytes) : size_(bytes) {
    if (bytes >= kMapThreshold) {
      // Over-map by one huge page so the data can start on a huge-page boundary.
      const std::size_t length = round_up(bytes, kHugePage) + kHugePage;
      void* base = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (base != MAP_FAILED) {
        map_base_ = base;
        map_length_ = length;
        const auto address = reinterpret_cast<std::uintptr_t>(base);
        data_ = reinterpret_cast<char*>(round_up(address, kHugePage));
#ifdef MADV_HUGEPAGE
        ::madvise(data_, round_up(bytes, kHugePage), MADV_HUGEPAGE);  // only advice: failure is fine
#endif
        return;
      }
    }
    data_ = new char[bytes == 0 ? 1 : bytes]();
  }

  LargeBuffer(LargeBuffer&& other) noexcept { swap(other); }
  LargeBuffer& operator=(LargeBuffer&& other) noexcept {
    LargeBuffer(std::move(other)).swap(*this);
    return *this;
  }
  LargeBuffer(const LargeBuffer&) = delete;
  LargeBuffer& operator=(const LargeBuffer&) = delete;
  ~LargeBuffer() {
    if (map_base_) {
      ::munmap(map_base_, map_length_);
    } else {
      delete[] data_;
    }
  }

  [[nodiscard]] char* data() { return data_; }
  [[nodiscard]] const char* data() const { return data_; }
  [[nodiscard]] std::size_t size() const { return size_; }

  void swap(LargeBuffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(map_base_, other.map_base_);
    std::swap(map_length_, other.map_length_);
  }

 private:
  static constexpr std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

  char* data_ = nullptr;
  std::size_t size_ = 0;
  void* map_base_ = nullptr;  // set when mapped
  std::size_t map_length_ = 0;
};

}  // namespace nanoscope::importers::detail
