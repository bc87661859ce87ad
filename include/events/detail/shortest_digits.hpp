#pragma once
// The shortest decimal digits that read back as a given float or double, and where the point goes:
// what Python's repr and Pydantic write, and what std::to_chars finds. A number with few digits
// (3.14, 0.1f, 4107523.517: most numbers people write) is found here with a handful of exact
// floating-point operations; any other goes to std::to_chars, several times slower.
#include <bit>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace events::detail {

// Every power of ten a double holds exactly (a float holds those up to 1e10).
inline constexpr double exact_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                         1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

inline constexpr std::uint64_t ascii_zeros = 0x3030303030303030ull;

/// The 8 decimal digits of x < 10^8 (leading zeros included) as the values 0-9, one per byte, the
/// first digit in the lowest byte: adding ascii_zeros gives the text, stored lowest byte first.
/// Divides every lane at once: 4-digit halves in 32-bit lanes, split into 2-digit pairs in 16-bit
/// lanes, then into digits; each division a multiply and shift, exact below 10^4 and 10^2.
constexpr std::uint64_t digit_bytes(std::uint32_t x) noexcept {
  std::uint64_t v = x / 10000 | std::uint64_t{x % 10000} << 32;
  const std::uint64_t hundreds = (v * 10486 >> 20) & 0x0000007F0000007Full;
  v = hundreds | (v - 100 * hundreds) << 16;
  const std::uint64_t tens = (v * 103 >> 10) & 0x000F000F000F000Full;
  return tens | (v - 10 * tens) << 8;
}

/// Stores w's bytes at d, lowest first, whatever the machine's byte order.
inline void store_low_first(char* d, std::uint64_t w) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(d, &w, 8);
  } else {
    for (int i = 0; i < 8; ++i) d[i] = static_cast<char>(w >> (8 * i) & 0xFF);
  }
}

/// The index of w's highest byte that is not zero, for w != 0: where a group's last digit is.
inline int high_byte(std::uint64_t w) noexcept { return (63 - __builtin_clzll(w)) >> 3; }

/// 16 bytes of text held in two words, the first byte lowest in `lo`: a number's digits kept in
/// registers while they are laid out (written and then read back, they would wait on the store).
/// No initializers: an array of them is scratch, and zeroing it costs a `rep stos` per call.
struct text16 {
  std::uint64_t lo, hi;
};

/// For v finite and > 0, when its shortest form has at most 15 significant digits (6 for a
/// float): sets `text` to them, padded with '0' to 16 bytes, n to their count without trailing
/// zeros and exp to the decimal exponent of the first digit, true. False when it needs more digits or its exponent is beyond the exact powers.
///
/// Why it is exact: at that width the decimals are spaced wider than v's rounding interval, so at
/// most one lies in it, and it is the integer nearest v·10^k, which one rounded product finds
/// (its error is far below one half). Whether that decimal reads back as v is one division or
/// product of exact integers and powers, correctly rounded by IEEE arithmetic: what any correct
/// parser computes (Clinger's fast path). Its trailing zeros stripped, it is the shortest form:
/// a shorter decimal in the interval, padded with zeros, would be this same one.
template <std::floating_point F>
[[gnu::always_inline]] inline bool few_digits(F v, text16& text, std::size_t& n, int& exp) noexcept {
  constexpr bool is_float = std::is_same_v<F, float>;
  static_assert(is_float || std::is_same_v<F, double>, "events: float and double only");
  constexpr int width = is_float ? 6 : 15, max_pow = is_float ? 10 : 22;
  constexpr std::int64_t low = is_float ? 100000 : 100000000000000, high = low * 10;
  // floor(log10(2^(e2-1))) from the binary exponent: within one of floor(log10 v).
  int e2 = 0;
  if constexpr (is_float) e2 = static_cast<int>(std::bit_cast<std::uint32_t>(v) >> 23 & 0xFF) - 126;
  else e2 = static_cast<int>(std::bit_cast<std::uint64_t>(v) >> 52 & 0x7FF) - 1022;
  int k = width - 1 - (((e2 - 1) * 78913) >> 18);
  std::int64_t m = 0;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (k > max_pow || k < -max_pow) return false;
    const double y = k >= 0 ? static_cast<double>(v) * exact_pow10[k] : static_cast<double>(v) / exact_pow10[-k];
    m = static_cast<std::int64_t>(y + 0.5);  // exact for every y kept (below 2^50); y < 10^16 here
    if (m >= high) --k;
    else if (m < low) ++k;
    else break;
  }
  if (m < low || m >= high) return false;
  const F p = static_cast<F>(exact_pow10[k >= 0 ? k : -k]);
  if ((k >= 0 ? static_cast<F>(m) / p : static_cast<F>(m) * p) != v) return false;
  exp = width - 1 - k;
  // m has exactly `width` digits: written as 8-digit groups, the leading zeros of the first shifted
  // out; its trailing zeros are the empty high bytes of the last group.
  if constexpr (is_float) {
    const std::uint64_t g = digit_bytes(static_cast<std::uint32_t>(m));  // "00dddddd"
    text.lo = (g + ascii_zeros) >> 16 | ascii_zeros << 48;
    text.hi = ascii_zeros;
    n = static_cast<std::size_t>(high_byte(g) - 1);
  } else {
    // Split 8 + 7: most numbers have at most 8 significant digits, and then the last 7 are zeros
    // and one group of 8 is all there is to convert.
    const auto u = static_cast<std::uint64_t>(m);
    const auto head = static_cast<std::uint32_t>(u / 10000000), tail = static_cast<std::uint32_t>(u % 10000000);
    const std::uint64_t hi = digit_bytes(head);  // "dddddddd", its first digit not zero
    text.lo = hi + ascii_zeros;
    if (tail == 0) {
      text.hi = ascii_zeros;
      n = static_cast<std::size_t>(high_byte(hi) + 1);
    } else {
      const std::uint64_t lo = digit_bytes(tail);  // "0ddddddd"
      text.hi = (lo + ascii_zeros) >> 8 | ascii_zeros << 56;
      n = static_cast<std::size_t>(high_byte(lo) + 8);
    }
  }
  return true;
}

/// few_digits, its digits written to `digits` (16 bytes, '0' after the n digits).
template <std::floating_point F>
bool few_digits(F v, char* digits, std::size_t& n, int& exp) noexcept {
  text16 t;
  if (!few_digits(v, t, n, exp)) return false;
  store_low_first(digits, t.lo);
  store_low_first(digits + 8, t.hi);
  return true;
}

/// The shortest digits of a number few_digits leaves: from to_chars' scientific form, "d[.ddd]e±XX",
/// its digits, then its exponent.
template <std::floating_point F>
void long_digits(F v, char* digits, std::size_t& n, int& exp) noexcept {
  char sci[32];
  const char* const stop = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific).ptr;
  const char* e = stop;
  while (*--e != 'e') {}
  exp = 0;
  for (const char* x = e + 2; x != stop; ++x) exp = exp * 10 + (*x - '0');
  if (e[1] == '-') exp = -exp;
  n = 1;
  digits[0] = sci[0];
  for (const char* x = sci + 2; x < e; ++x) digits[n++] = *x;
}

/// The shortest digits of v (finite, >= 0) and the decimal exponent of the first one.
template <std::floating_point F>
void shortest_digits(F v, char* digits, std::size_t& n, int& exp) noexcept {
  if (v == 0) {
    digits[0] = '0', n = 1, exp = 0;
    return;
  }
  if (!few_digits(v, digits, n, exp)) long_digits(v, digits, n, exp);
}

}  // namespace events::detail
