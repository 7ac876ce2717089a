// String interning for the builder and id hashing for trace and span ids.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace nanoscope::importers {

/// Interns strings to dense ids; views returned by get() stay valid for the pool's life.
class StringPool {
 public:
  std::uint32_t intern(std::string_view text) {
    auto it = ids_.find(text);
    if (it != ids_.end()) return it->second;
    const std::string& stored = storage_.emplace_back(text);
    auto id = static_cast<std::uint32_t>(storage_.size() - 1);
    ids_.emplace(std::string_view(stored), id);
    return id;
  }
  [[nodiscard]] std::string_view get(std::uint32_t id) const { return storage_[id]; }
  [[nodiscard]] std::size_t size() const { return storage_.size(); }

 private:
  std::deque<std::string> storage_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

/// 64-bit hash of a trace or span id: case-insensitive, leading zeros ignored, so "00AB" and
/// "ab" match. Returns 0 only for an empty or all-zero id (meaning "no id").
[[nodiscard]] inline std::uint64_t hash_id(std::string_view id) {
  std::size_t i = 0;
  while (i < id.size() && id[i] == '0') ++i;
  if (i == id.size()) return 0;
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (; i < id.size(); ++i) {
    auto c = static_cast<unsigned char>(id[i]);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    h = (h ^ c) * 0x100000001b3ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h ? h : 1;
}

}  // namespace nanoscope::importers
