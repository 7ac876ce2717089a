// Bytes between processes of one job (MPI ranks): a writer and a reader of fixed-width values
// as they lie in memory (every rank runs the same binary on the same kind of machine), strings
// and vectors with a 64-bit length, optionals with a flag byte. Doubles travel bit for bit
// (memcpy), so a value read back equals the one written, +inf and NaN included. The one home of
// the byte form: the sweep's unit results (economics/unit_bytes.hpp) and the partial imports
// (importers/partial_codec.cpp) both write with it. Reading past the end, or a length larger
// than what is left, is a std::runtime_error, never undefined behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace nanoscope::model {

/// Appends values to a byte string.
class ByteWriter {
 public:
  template <class T>
    requires(std::is_trivially_copyable_v<T> && !std::is_pointer_v<T> && !std::is_same_v<T, std::string_view>)
  void put(T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  void put(bool value) { put(static_cast<std::uint8_t>(value ? 1 : 0)); }
  void put(const std::string& s) { str(s); }
  template <class T>
  void put(const std::vector<T>& v) {
    list(v);
  }
  /// A string: its length, then its bytes.
  void str(std::string_view s) {
    put(static_cast<std::uint64_t>(s.size()));
    out_.append(s);
  }
  /// A flag byte, then the value when there is one.
  template <class T>
  void opt(const std::optional<T>& v) {
    put<std::uint8_t>(v ? 1 : 0);
    if (v) put(*v);
  }
  /// Any sized range: its size, then each item.
  template <class Range>
  void list(const Range& items) {
    put(static_cast<std::uint64_t>(items.size()));
    for (const auto& item : items) put(item);
  }
  /// The bytes written so far.
  [[nodiscard]] const std::string& bytes() const { return out_; }
  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

/// Reads what a ByteWriter wrote, in the same order. `bytes` must outlive the reader.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : in_(bytes) {}
  template <class T>
    requires std::is_trivially_copyable_v<T>
  [[nodiscard]] T get() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  /// Reads into `value`: a bool, a string, a trivially copyable value or a vector of them.
  template <class T>
  void get(T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      value = get<std::uint8_t>() != 0;
    } else if constexpr (std::is_same_v<T, std::string>) {
      value = str();
    } else if constexpr (std::is_trivially_copyable_v<T>) {
      value = get<T>();
    } else {  // std::vector<U>
      value.resize(count());
      for (auto& x : value) get(x);
    }
  }
  [[nodiscard]] std::string str() {
    const auto n = get<std::uint64_t>();
    need(n);
    std::string s(in_.substr(at_, static_cast<std::size_t>(n)));
    at_ += static_cast<std::size_t>(n);
    return s;
  }
  template <class T>
  [[nodiscard]] std::optional<T> opt() {
    if (!get<std::uint8_t>()) return std::nullopt;
    return get<T>();
  }
  /// Replaces `items` with a list of T that ByteWriter::list wrote.
  template <class T, class Container>
  void list(Container& items) {
    const auto n = count();
    items.clear();
    for (std::size_t k = 0; k < n; ++k) items.push_back(get<T>());
  }
  /// A count of items of at least one byte each, checked against what is left, so a corrupt
  /// count fails here rather than in an allocation.
  [[nodiscard]] std::size_t count() {
    const auto n = get<std::uint64_t>();
    need(n);
    return static_cast<std::size_t>(n);
  }
  /// Bytes not read yet.
  [[nodiscard]] std::size_t left() const { return in_.size() - at_; }
  [[nodiscard]] bool done() const { return at_ == in_.size(); }

 private:
  void need(std::uint64_t n) const {
    if (n > in_.size() - at_) throw std::runtime_error("corrupt bytes between processes (truncated)");
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace nanoscope::model
