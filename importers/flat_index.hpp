// A flat open-addressing map from 64-bit hashes to 32-bit indices, with erase: the per-row
// lookup structure of the call-graph CSV importers (no node allocation, one probe when hot).
#pragma once

#include <cstdint>
#include <vector>

namespace nanoscope::importers::detail {

/// Hash -> index map using linear probing and backward-shift deletion. Keys are hashes
/// already, so they are used as they are; any 64-bit value is a valid key.
class FlatIndex {
 public:
  FlatIndex() : slots_(64) {}

  /// The index stored for `key`, or nullptr.
  [[nodiscard]] std::uint32_t* find(std::uint64_t key) {
    for (std::size_t i = home(key);; i = (i + 1) & mask()) {
      if (!slots_[i].used) return nullptr;
      if (slots_[i].key == key) return &slots_[i].value;
    }
  }
  /// The index stored for `key`, inserting `value` first if the key is new; the bool says
  /// whether it was inserted. The pointer is valid until the next insert or erase.
  std::pair<std::uint32_t*, bool> insert(std::uint64_t key, std::uint32_t value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    std::size_t i = home(key);
    for (; slots_[i].used; i = (i + 1) & mask())
      if (slots_[i].key == key) return {&slots_[i].value, false};
    slots_[i] = Slot{key, value, true};
    ++size_;
    return {&slots_[i].value, true};
  }
  /// Removes `key` if present.
  void erase(std::uint64_t key) {
    std::size_t i = home(key);
    for (; slots_[i].used; i = (i + 1) & mask())
      if (slots_[i].key == key) break;
    if (!slots_[i].used) return;
    // Backward shift: move later entries of the run into the hole when that keeps them
    // reachable from their home slot.
    for (std::size_t j = (i + 1) & mask(); slots_[j].used; j = (j + 1) & mask()) {
      const std::size_t h = home(slots_[j].key);
      const bool movable = i <= j ? (h <= i || h > j) : (h <= i && h > j);
      if (movable) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = Slot{};
    --size_;
  }
  /// Calls f(key, value) for every entry (in slot order: stable for a given history).
  template <class F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_)
      if (s.used) f(s.key, s.value);
  }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
    bool used = false;
  };
  [[nodiscard]] std::size_t mask() const { return slots_.size() - 1; }
  [[nodiscard]] std::size_t home(std::uint64_t key) const {
    return static_cast<std::size_t>((key ^ (key >> 29)) * 0x9E3779B97F4A7C15ull >> 20) & mask();
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_ = 0;
    for (const Slot& s : old)
      if (s.used) insert(s.key, s.value);
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace nanoscope::importers::detail
