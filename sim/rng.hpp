// Random-number streams for the simulator: one independent xoshiro256++ stream per component,
// seeded by splitmix64 from (run seed, component id), so adding a component never shifts the
// numbers another component draws and every run with the same seed is bit-identical.
#pragma once

#include <cmath>
#include <cstdint>

namespace nanoscope::sim {

/// splitmix64 step: advances `state` and returns a well-mixed 64-bit value.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Well-known component ids for streams that are not tied to a station or operation.
enum class StreamKind : std::uint64_t {
  Arrivals = 1, Routing = 2, Service = 3, Network = 4, Failures = 5, Balancing = 6, Workload = 7
};

/// Stream id of component `index` of a given kind (kinds occupy disjoint id ranges).
[[nodiscard]] constexpr std::uint64_t stream_id(StreamKind kind, std::uint64_t index) {
  return (static_cast<std::uint64_t>(kind) << 48) ^ index;
}

/// A xoshiro256++ generator. Cheap to copy; each component owns one.
class RngStream {
 public:
  /// Stream for component `component` of a run seeded with `seed`.
  RngStream(std::uint64_t seed, std::uint64_t component) {
    std::uint64_t sm = seed ^ (component * 0xD1B54A32D192ED03ull + 0x8CB92BA72F3D8DD7ull);
    // Two rounds decorrelate nearby (seed, component) pairs before filling the state.
    (void)splitmix64(sm);
    for (auto& word : s_) word = splitmix64(sm);
  }

  /// Next raw 64-bit value.
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform in (0, 1]: safe to take the logarithm of.
  double uniform_open0() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }

  /// Exponential with the given rate (mean 1/rate); rate must be positive.
  double exponential(double rate) { return -std::log(uniform_open0()) / rate; }

  /// Uniform integer in [0, n) for n > 0 (Lemire's multiply-shift; bias below 2^-64 * n).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }

  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace nanoscope::sim
