// Memory that holds a whole input file: a zero-filled buffer (anonymous mapping advised to use
// huge pages when large; huge_page_allocator.hpp says why) or a read-only mapping of the file
// itself followed by zero padding.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <utility>

#include "importers/huge_page_allocator.hpp"

namespace nanoscope::importers::detail {

/// A move-only, zero-filled buffer of a fixed size.
class LargeBuffer {
 public:
  /// Buffers at least this large are mapped (and advised to use huge pages).
  static constexpr std::size_t kMapThreshold = kHugeMapThreshold;

  LargeBuffer() = default;
  /// `bytes` zero bytes. Throws std::bad_alloc if memory cannot be had.
  explicit LargeBuffer(std::size_t bytes) : size_(bytes) {
    if (bytes >= kMapThreshold) {
      if (void* p = map_huge(bytes)) {  // zero pages from the kernel: no memset here
        data_ = static_cast<char*>(p);
        mapped_ = true;
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
    if (mapped_) {
      unmap_huge(data_, size_);
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
    std::swap(mapped_, other.mapped_);
  }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;  // from map_huge, else new[]
};

/// A read-only private mapping of a whole file with at least `padding` zero bytes after its
/// end (the rest of the last page, then an anonymous page if that is not enough). Move-only.
/// The bytes come from the page cache: no zero-fill, no copy.
class FileMapping {
 public:
  FileMapping() = default;
  /// Maps `size` bytes of `fd`; data() is nullptr if the kernel refuses (read the file then).
  FileMapping(int fd, std::size_t size, std::size_t padding) {
    const std::size_t page = 4096;
    const std::size_t length = round_up_to(size + padding, page);
    void* base = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return;
    void* file = ::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0);
    if (file == MAP_FAILED) {
      ::munmap(base, length);
      return;
    }
    data_ = static_cast<const char*>(file);
    length_ = length;
  }
  FileMapping(FileMapping&& other) noexcept { swap(other); }
  FileMapping& operator=(FileMapping&& other) noexcept {
    FileMapping(std::move(other)).swap(*this);
    return *this;
  }
  FileMapping(const FileMapping&) = delete;
  FileMapping& operator=(const FileMapping&) = delete;
  ~FileMapping() {
    if (data_) ::munmap(const_cast<char*>(data_), length_);
  }

  [[nodiscard]] const char* data() const { return data_; }
  /// Mapped bytes including the padding.
  [[nodiscard]] std::size_t size() const { return length_; }

  void swap(FileMapping& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(length_, other.length_);
  }

 private:
  const char* data_ = nullptr;
  std::size_t length_ = 0;
};

}  // namespace nanoscope::importers::detail
