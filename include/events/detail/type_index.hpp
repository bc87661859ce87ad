#pragma once
// A perfect hash over a fixed set of names, found at compile time: a lookup is one hash of at
// most 16 bytes (the first and last 8, and the length), one table load and one string compare,
// whatever the number of names.
#include <array>
#include <bit>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace events::detail {

// Little-endian load of up to 8 bytes: byte by byte at compile time, memcpy at run time.
constexpr std::uint64_t load_bytes(const char* p, std::size_t n) noexcept {
  std::uint64_t v = 0;
  if (std::is_constant_evaluated() || n != 8) {
    for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    return v;
  }
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

constexpr std::uint64_t name_hash(std::string_view s, std::uint64_t seed) noexcept {
  const std::size_t n = s.size();
  std::uint64_t a, b;
  if (n >= 8) {
    a = load_bytes(s.data(), 8);
    b = load_bytes(s.data() + n - 8, 8);
  } else {
    a = load_bytes(s.data(), n);
    b = 0;
  }
  std::uint64_t h = (a ^ (n * 0x9E3779B97F4A7C15ull)) * (seed | 1);
  h ^= (b + seed) * 0xC2B2AE3D27D4EB4Full;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 29;
  return h;
}

constexpr std::size_t table_bits(std::size_t n) noexcept {
  std::size_t bits = 3;
  while ((std::size_t{1} << bits) < 4 * n) ++bits;
  return bits;
}

/// Perfect hash of N distinct names onto 2^bits slots, each holding a name index or `empty`.
template <std::size_t N>
struct perfect_hash {
  static constexpr std::size_t bits = table_bits(N);
  static constexpr std::size_t slots = std::size_t{1} << bits;
  static constexpr std::uint16_t empty = 0xFFFF;
  static_assert(N < empty, "events: too many names for one registry");

  std::array<std::string_view, N> names{};
  std::array<std::uint16_t, slots> slot{};
  std::uint64_t seed = 0;

  constexpr std::size_t slot_of(std::string_view s) const noexcept {
    return static_cast<std::size_t>(name_hash(s, seed) >> (64 - bits));
  }

  /// Index of `s` among the names, or N.
  constexpr std::size_t find(std::string_view s) const noexcept {
    std::uint16_t i = slot[slot_of(s)];
    if (i == empty) return N;
    std::string_view n = names[i];
    return n.size() == s.size() && n == s ? i : N;
  }
};

/// Searches seeds until every name has its own slot (with 4N slots a seed works about one time
/// in twenty, so this ends after a few dozen tries).
template <std::size_t N>
constexpr perfect_hash<N> make_perfect_hash(const std::array<std::string_view, N>& names) {
  perfect_hash<N> h;
  h.names = names;
  for (std::uint64_t seed = 0x5851F42D4C957F2Dull;; seed += 0x14057B7EF767814Full) {
    h.seed = seed;
    h.slot.fill(perfect_hash<N>::empty);
    bool ok = true;
    for (std::size_t i = 0; i < N && ok; ++i) {
      auto& s = h.slot[h.slot_of(names[i])];
      if (s != perfect_hash<N>::empty) ok = false;
      else s = static_cast<std::uint16_t>(i);
    }
    if (ok) return h;
  }
}

}  // namespace events::detail
