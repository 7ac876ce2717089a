// Memory for large import buffers from anonymous mappings advised to use transparent huge
// pages. On the VMs nanoscope is benchmarked on a first-touch page fault costs ~25 us per
// 4 KiB page, so a 100 MB buffer touched page by page costs most of a second; with 2 MiB
// pages a few hundredths (docs/performance.md, "Jaeger import"). Small blocks use the heap.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <new>

namespace nanoscope::importers::detail {

/// Blocks at least this large are mapped (and advised to use huge pages).
inline constexpr std::size_t kHugeMapThreshold = std::size_t{4} << 20;
inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

[[nodiscard]] constexpr std::size_t round_up_to(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

/// `bytes` (>= kHugeMapThreshold) of zeroed memory starting on a huge-page boundary, or
/// nullptr when the kernel refuses the mapping. Release with unmap_huge(p, bytes).
[[nodiscard]] inline void* map_huge(std::size_t bytes) {
  const std::size_t length = round_up_to(bytes, kHugePage);
  // Over-map by one huge page, then cut the unaligned head and the tail away.
  void* base = ::mmap(nullptr, length + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return nullptr;
  const auto address = reinterpret_cast<std::uintptr_t>(base);
  const std::uintptr_t aligned = round_up_to(address, kHugePage);
  if (aligned > address) ::munmap(base, aligned - address);
  const std::uintptr_t tail = aligned + length, map_end = address + length + kHugePage;
  if (map_end > tail) ::munmap(reinterpret_cast<void*>(tail), map_end - tail);
  auto* data = reinterpret_cast<void*>(aligned);
#ifdef MADV_HUGEPAGE
  ::madvise(data, length, MADV_HUGEPAGE);  // only advice: failure is fine
#endif
  return data;
}

/// Releases memory from map_huge(bytes).
inline void unmap_huge(void* data, std::size_t bytes) { ::munmap(data, round_up_to(bytes, kHugePage)); }

/// A std::allocator replacement that maps large blocks with map_huge (for the builder's span
/// vector, which grows to tens of megabytes). Stateless: all instances are equal.
template <class T>
class HugePageAllocator {
 public:
  using value_type = T;
  HugePageAllocator() noexcept = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= kHugeMapThreshold) {
      if (void* p = map_huge(bytes)) return static_cast<T*>(p);
      throw std::bad_alloc();
    }
    return static_cast<T*>(::operator new(bytes, std::align_val_t{alignof(T)}));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= kHugeMapThreshold) {
      unmap_huge(p, bytes);
    } else {
      ::operator delete(p, std::align_val_t{alignof(T)});
    }
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace nanoscope::importers::detail
