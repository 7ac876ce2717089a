// The skim's scanning loop, written once and compiled once per instruction set: json_skim_kernel.cpp
// includes this file inside one namespace per kernel (the AVX2 one inside a target region), each
// of which first defines `Block classify(const char* p)` for 64 bytes at p. Compiler builtins
// only (no std:: templates), so nothing compiled for AVX2 here can be shared with other code.
// No include guard on purpose: included several times, never from anywhere else.

/// Bits of characters preceded by an unescaped backslash. Backslashes are rare in trace data,
/// so a plain bit walk is fast enough.
inline std::uint64_t escaped_bits(std::uint64_t backslash, bool& carry) {
  std::uint64_t escaped = 0;
  bool pending = carry;
  for (int i = 0; i < 64; ++i) {
    if (pending) {
      escaped |= std::uint64_t{1} << i;
      pending = false;
    } else if (backslash >> i & 1) {
      pending = true;
    }
  }
  carry = pending;
  return escaped;
}

/// Bit i set when an odd number of quote bits are at or below i (i.e. inside a string).
inline std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

std::size_t container_end(const char* data, std::size_t size, std::size_t open) {
  std::size_t pos = open;
  std::int64_t depth = 0;
  std::uint64_t in_string_carry = 0;  // all ones when the previous block ended inside a string
  bool escape_carry = false;          // the previous block ended with an unescaped backslash
  while (pos < size) {
    Block b = classify(data + pos);
    if (size - pos < 64) {
      const std::uint64_t valid = (std::uint64_t{1} << (size - pos)) - 1;
      b.quote &= valid;
      b.backslash &= valid;
      b.open &= valid;
      b.close &= valid;
    }
    if (b.backslash || escape_carry) b.quote &= ~escaped_bits(b.backslash, escape_carry);
    const std::uint64_t in_string = prefix_xor(b.quote) ^ in_string_carry;
    in_string_carry = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_string) >> 63);
    const std::uint64_t open_bits = b.open & ~in_string;
    const std::uint64_t close_bits = b.close & ~in_string;
    const int closes = __builtin_popcountll(close_bits);
    if (depth > closes) {
      depth += __builtin_popcountll(open_bits) - closes;
    } else {
      for (std::uint64_t bits = open_bits | close_bits; bits; bits &= bits - 1) {
        const int i = __builtin_ctzll(bits);
        if (open_bits >> i & 1) {
          ++depth;
        } else if (--depth == 0) {
          return pos + static_cast<std::size_t>(i) + 1;
        }
      }
    }
    pos += 64;
  }
  return kNotClosed;
}
