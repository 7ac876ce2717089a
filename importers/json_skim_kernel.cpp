// The skim's kernel (json_skim.hpp): classifies 64 bytes at a time (quotes, backslashes,
// brackets) to find the bracket closing a container. The instruction set is chosen when the
// program runs, never from the build machine: AVX2 when the CPU has it, else SSE2 (every
// x86-64), else plain code on other architectures. Each kernel is the same loop
// (json_skim_walk.hpp) compiled for its instruction set.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "importers/json_skim.hpp"

#if defined(__x86_64__) || defined(_M_X64)
#define NANOSCOPE_SKIM_X86 1
#include <immintrin.h>
#endif

namespace nanoscope::importers::detail {
namespace {

struct Block {
  std::uint64_t quote = 0, backslash = 0, open = 0, close = 0;
};

namespace portable {
inline Block classify(const char* p) {
  Block b;
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    switch (p[i]) {
      case '"': b.quote |= bit; break;
      case '\\': b.backslash |= bit; break;
      case '{':
      case '[': b.open |= bit; break;
      case '}':
      case ']': b.close |= bit; break;
      default: break;
    }
  }
  return b;
}
#include "importers/json_skim_walk.hpp"
}  // namespace portable

#ifdef NANOSCOPE_SKIM_X86
namespace sse2 {  // the x86-64 baseline: no target needed
inline std::uint64_t eq_mask(__m128i chunk, char c) {
  return static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(c))));
}
inline Block classify(const char* p) {
  Block b;
  for (int k = 0; k < 4; ++k) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const int shift = 16 * k;
    b.quote |= eq_mask(chunk, '"') << shift;
    b.backslash |= eq_mask(chunk, '\\') << shift;
    b.open |= (eq_mask(chunk, '{') | eq_mask(chunk, '[')) << shift;
    b.close |= (eq_mask(chunk, '}') | eq_mask(chunk, ']')) << shift;
  }
  return b;
}
#include "importers/json_skim_walk.hpp"
}  // namespace sse2

// Everything defined from here to the end of the region is compiled for AVX2 and only called
// after __builtin_cpu_supports("avx2") said yes.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2")
#endif
namespace avx2 {
inline std::uint64_t eq_mask(__m256i lo, __m256i hi, char c) {
  const __m256i needle = _mm256_set1_epi8(c);
  const auto low = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, needle)));
  const auto high = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, needle)));
  return std::uint64_t{low} | std::uint64_t{high} << 32;
}
inline Block classify(const char* p) {
  const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  Block b;
  b.quote = eq_mask(lo, hi, '"');
  b.backslash = eq_mask(lo, hi, '\\');
  b.open = eq_mask(lo, hi, '{') | eq_mask(lo, hi, '[');
  b.close = eq_mask(lo, hi, '}') | eq_mask(lo, hi, ']');
  return b;
}
#include "importers/json_skim_walk.hpp"
}  // namespace avx2
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif  // NANOSCOPE_SKIM_X86

std::vector<SkimKernel> available_kernels() {
  std::vector<SkimKernel> kernels;
#ifdef NANOSCOPE_SKIM_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) kernels.push_back({"avx2", avx2::container_end});
  kernels.push_back({"sse2", sse2::container_end});
#endif
  kernels.push_back({"portable", portable::container_end});
  return kernels;
}

const SkimKernel& chosen_kernel() {
  static const SkimKernel best = available_kernels().front();  // decided once per process
  return best;
}

}  // namespace

std::vector<SkimKernel> skim_kernels() { return available_kernels(); }

const char* skim_kernel_name() { return chosen_kernel().name; }

std::size_t skim_container_end(const char* data, std::size_t size, std::size_t open) {
  return chosen_kernel().container_end(data, size, open);
}

}  // namespace nanoscope::importers::detail
