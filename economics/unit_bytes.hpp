// The byte form of everything a sweep's units hand between processes (unit_distributor.hpp):
// a writer and reader of fixed-width little-endian-as-in-memory values (every rank of one job
// runs the same binary on the same kind of machine), strings and vectors, and the codecs of the
// measured partition (PartitionMeasures with its groups, load curve and discrete-event check)
// and of break-even points. Doubles travel bit for bit (memcpy), so a result read back is equal
// to the one computed, +inf and NaN included. One home: any new type that crosses ranks gets
// its codec here, with a round-trip test in tests/economics/test_unit_bytes.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "economics/boundary_suggestion.hpp"
#include "economics/breakeven.hpp"
#include "economics/partition_measures.hpp"
#include "economics/sample_tables.hpp"

namespace nanoscope::economics {

/// Appends values to a byte string.
class ByteWriter {
 public:
  template <class T>
    requires std::is_arithmetic_v<T> || std::is_enum_v<T>
  void put(T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  void put(bool value) { put(static_cast<std::uint8_t>(value ? 1 : 0)); }
  void put(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    out_.append(s);
  }
  template <class T>
  void put(const std::vector<T>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    for (const auto& x : v) put(x);
  }
  /// The bytes written so far.
  [[nodiscard]] const std::string& bytes() const { return out_; }
  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

/// Reads what a ByteWriter wrote, in the same order. Reading past the end, or a length larger
/// than what is left, is a std::runtime_error (never undefined behaviour).
class ByteReader {
 public:
  explicit ByteReader(const std::string& bytes) : data_(bytes.data()), size_(bytes.size()) {}
  template <class T>
    requires std::is_arithmetic_v<T> || std::is_enum_v<T>
  [[nodiscard]] T get() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, data_ + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  template <class T>
  void get(T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      value = get<std::uint8_t>() != 0;
    } else if constexpr (std::is_same_v<T, std::string>) {
      const auto n = length(1);
      value.assign(data_ + at_, n);
      at_ += n;
    } else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
      value = get<T>();
    } else {  // std::vector<U>
      value.resize(length(1));
      for (auto& x : value) get(x);
    }
  }
  /// Bytes not read yet.
  [[nodiscard]] std::size_t left() const { return size_ - at_; }

 private:
  void need(std::size_t n) const {
    if (n > size_ - at_) throw std::runtime_error("unit bytes: truncated record");
  }
  // A count of elements of at least `min_size` bytes each, checked against what is left.
  std::size_t length(std::size_t min_size) {
    const auto n = get<std::uint64_t>();
    if (n > (size_ - at_) / min_size) throw std::runtime_error("unit bytes: length past the end");
    return static_cast<std::size_t>(n);
  }
  const char* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

void write_bytes(ByteWriter& out, const PartitionMeasures& m);
void read_bytes(ByteReader& in, PartitionMeasures& m);
void write_bytes(ByteWriter& out, const std::optional<Breakeven>& b);
void read_bytes(ByteReader& in, std::optional<Breakeven>& b);
void write_bytes(ByteWriter& out, const CommunityDetection& c);
void read_bytes(ByteReader& in, CommunityDetection& c);
void write_bytes(ByteWriter& out, const SimulationCheck& c);
void read_bytes(ByteReader& in, SimulationCheck& c);
/// Sample `s` of a level's figures (every figure) and, when given, of its per-service table.
void write_sample(ByteWriter& out, const detail::SampleTable& table, const detail::ServiceTable* services, std::size_t s);
void read_sample(ByteReader& in, detail::SampleTable& table, detail::ServiceTable* services, std::size_t s);

}  // namespace nanoscope::economics
