// Bytes between MPI ranks: fixed-width little-endian fields, strings with a length, optionals
// with a flag byte. A Reader throws std::runtime_error on a message that ends too soon.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace nanoscope::importers::detail {

class Writer {
 public:
  template <class T>
  void put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const char*>(&value);
    out_.append(p, sizeof(T));
  }
  void str(std::string_view s) {
    put<std::uint64_t>(s.size());
    out_.append(s);
  }
  template <class T>
  void opt(const std::optional<T>& v) {
    put<std::uint8_t>(v ? 1 : 0);
    if (v) put<T>(*v);
  }
  template <class Set>
  void list(const Set& items) {
    put<std::uint64_t>(items.size());
    for (const auto& i : items) put(i);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <class T>
  T get() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  std::string str() {
    const auto n = get<std::uint64_t>();
    need(n);
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }
  template <class T>
  std::optional<T> opt() {
    if (!get<std::uint8_t>()) return std::nullopt;
    return get<T>();
  }
  template <class T, class Set>
  void list(Set& items) {
    const auto n = get<std::uint64_t>();
    need(n);  // at least a byte each: a corrupt count fails here, not in an allocation
    items.clear();
    for (std::uint64_t k = 0; k < n; ++k) items.push_back(get<T>());
  }
  std::uint64_t count() {
    const auto n = get<std::uint64_t>();
    need(n);
    return n;
  }
  [[nodiscard]] bool done() const { return at_ == in_.size(); }

 private:
  void need(std::uint64_t n) const {
    if (n > in_.size() - at_) throw std::runtime_error("corrupt message between ranks (truncated)");
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace nanoscope::importers::detail
