#pragma once
// A JSON number scanned once: its grammar checked (RFC 8259 section 6) and, in the same pass, its
// decimal digits gathered, so that the common numbers become a value without a second look at
// the text (an integer that fits, or a double of at most 19 digits and a power of ten up to 22).
#include <cstdint>

namespace events::detail {

/// What scan_number found: value = (negative ? -1 : 1) * mantissa * 10^scale, exactly, when
/// digits <= 19 (the mantissa cannot have wrapped around).
struct number_parts {
  std::uint64_t mantissa = 0;
  std::int64_t scale = 0;
  std::uint64_t digits = 0;  ///< Digits before and after the point, leading zeros included.
  bool negative = false;
  bool integral = true;  ///< No fraction and no exponent: a JSON integer.
};

struct scanned_number {
  const char* at;     ///< Past the number; on error, where reading it stopped.
  const char* error;  ///< Null, or what breaks the grammar.
};

/// Scans the number at p (its '-' or first digit).
[[gnu::always_inline]] inline scanned_number scan_number(const char* p, const char* end, number_parts& n) noexcept {
  auto digit = [](const char* q) { return static_cast<unsigned>(static_cast<unsigned char>(*q)) - '0'; };
  n.negative = *p == '-';
  p += n.negative;
  if (p == end || digit(p) > 9) return {p, "expected a digit"};
  std::uint64_t m = 0, digits = 0;
  if (*p == '0') {
    ++p;
    ++digits;
  } else {
    for (unsigned d; p != end && (d = digit(p)) <= 9; ++p, ++digits) m = m * 10 + d;
  }
  std::int64_t scale = 0;
  if (p != end && *p == '.') {
    ++p;
    n.integral = false;
    if (p == end || digit(p) > 9) return {p, "expected a digit after '.'"};
    const char* first = p;
    for (unsigned d; p != end && (d = digit(p)) <= 9; ++p) m = m * 10 + d;
    digits += static_cast<std::uint64_t>(p - first);
    scale = first - p;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    n.integral = false;
    const bool down = p != end && *p == '-';
    if (p != end && (*p == '+' || *p == '-')) ++p;
    if (p == end || digit(p) > 9) return {p, "expected a digit in the exponent"};
    std::int64_t e = 0;
    for (unsigned d; p != end && (d = digit(p)) <= 9; ++p)
      if (e < 1'000'000) e = e * 10 + d;  // beyond any exact power: the slow path decides
    scale += down ? -e : e;
  }
  n.mantissa = m;
  n.scale = scale;
  n.digits = digits;
  return {p, nullptr};
}

}  // namespace events::detail
