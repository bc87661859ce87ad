#pragma once
// The value of a JSON number: a double (exact at once for the common short numbers, from_chars
// for the rest, underflow to zero as Python reads it) or an integer of a C++ type.
#include <events/detail/json_number.hpp>
#include <events/detail/shortest_digits.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace events::detail {

// True when the JSON number `raw` is below 1 in magnitude, so that from_chars's
// result_out_of_range means underflow (Python reads 1e-400 as 0.0), not overflow.
inline bool below_one(std::string_view raw) noexcept {
  std::size_t e = raw.find_first_of("eE");
  std::string_view mantissa = raw.substr(0, e);
  long long exp = 0;
  if (e != std::string_view::npos) {
    std::size_t i = e + 1;
    bool negative = i < raw.size() && raw[i] == '-';
    if (i < raw.size() && (raw[i] == '-' || raw[i] == '+')) ++i;
    for (; i < raw.size(); ++i)
      if (exp < 1'000'000'000'000) exp = exp * 10 + (raw[i] - '0');
    if (negative) exp = -exp;
  }
  std::size_t dot = mantissa.find('.');
  auto int_end = static_cast<long long>(dot == std::string_view::npos ? mantissa.size() : dot);
  for (std::size_t k = 0; k < mantissa.size(); ++k) {
    if (mantissa[k] < '1' || mantissa[k] > '9') continue;
    auto at = static_cast<long long>(k);
    long long magnitude = at < int_end ? int_end - 1 - at : int_end - at;  // power of ten of that digit
    return magnitude + exp < 0;
  }
  return true;  // all zeros
}

/// The number `raw` ([-]digits[.digits][e[+-]digits]) as a double when its digits fit 2^53 and its
/// power of ten is exact (up to 1e22): one correctly rounded product or quotient of two exact
/// doubles, the value any correct parser gives (Clinger's fast path). False otherwise.
inline bool small_double(std::string_view raw, double& d) noexcept {
  const char* p = raw.data();
  const char* const end = p + raw.size();
  const bool negative = *p == '-';
  p += negative;
  std::uint64_t m = 0;
  int digits = 0, scale = 0;
  for (; p != end && *p >= '0' && *p <= '9'; ++p, ++digits) m = m * 10 + static_cast<unsigned>(*p - '0');
  if (p != end && *p == '.')
    for (++p; p != end && *p >= '0' && *p <= '9'; ++p, ++digits, --scale) m = m * 10 + static_cast<unsigned>(*p - '0');
  if (p != end) {  // the exponent
    if ((*p != 'e' && *p != 'E') || ++p == end) return false;
    const bool down = *p == '-';
    if ((*p == '-' || *p == '+') && ++p == end) return false;
    int e = 0;
    for (; p != end && *p >= '0' && *p <= '9' && e < 1000; ++p) e = e * 10 + (*p - '0');
    if (p != end) return false;
    scale += down ? -e : e;
  }
  if (digits == 0 || digits > 19 || m > (std::uint64_t{1} << 53) || scale < -22 || scale > 22) return false;
  const auto x = static_cast<double>(m);
  d = scale >= 0 ? x * exact_pow10[scale] : x / exact_pow10[-scale];
  if (negative) d = -d;
  return true;
}

// The JSON number `raw` as a double; false when it overflows. Underflow gives (signed) zero.
inline bool to_double(std::string_view raw, double& d) noexcept {
  if (small_double(raw, d)) return true;
  auto res = std::from_chars(raw.data(), raw.data() + raw.size(), d);
  if (res.ec == std::errc{}) return std::isfinite(d);
  if (res.ec != std::errc::result_out_of_range || !below_one(raw)) return false;
  d = raw.front() == '-' ? -0.0 : 0.0;
  return true;
}

// to_double out of line: the callers of the fast path below keep no frame for it.
[[gnu::noinline]] inline bool to_double_text(std::string_view raw, double& d) noexcept { return to_double(raw, d); }

/// The number scanned into `n` is exactly a double's product or quotient of two exact doubles
/// (small_double's rule).
inline bool exact_double(const number_parts& n) noexcept {
  return n.digits <= 19 && n.mantissa <= (std::uint64_t{1} << 53) && n.scale >= -22 && n.scale <= 22;
}

/// The value of a number that is exact_double.
inline double exact_double_value(const number_parts& n) noexcept {
  const auto x = static_cast<double>(n.mantissa);
  const double d = n.scale >= 0 ? x * exact_pow10[n.scale] : x / exact_pow10[-n.scale];
  return n.negative ? -d : d;
}

/// The number scanned into `n` (its text `raw`) as a double: at once when its digits are exact
/// (small_double's rule), else from the text; false when it overflows.
inline bool to_double(const number_parts& n, std::string_view raw, double& d) noexcept {
  if (exact_double(n)) [[likely]] {
    d = exact_double_value(n);
    return true;
  }
  return to_double_text(raw, d);
}

/// The JSON integer scanned into `n` as an I, decided at once when it has at most 19 digits (its
/// magnitude fits 64 bits): stored or out of range; otherwise unknown (from_chars decides).
enum class integer_fit : std::uint8_t { stored, out_of_range, unknown };

template <class I>
integer_fit small_integer(const number_parts& n, I& out) noexcept {
  if (n.digits > 19) return integer_fit::unknown;
  const std::uint64_t m = n.mantissa;
  if (!n.negative) {
    if (m > static_cast<std::uint64_t>(std::numeric_limits<I>::max())) return integer_fit::out_of_range;
    out = static_cast<I>(m);
    return integer_fit::stored;
  }
  // from_chars takes no '-' for an unsigned type, not even "-0": that path keeps its verdict.
  if constexpr (!std::is_signed_v<I>) {
    return integer_fit::unknown;
  } else {
    if (m > static_cast<std::uint64_t>(std::numeric_limits<I>::max()) + 1) return integer_fit::out_of_range;
    out = static_cast<I>(~m + 1);  // -m, modulo 2^bits
    return integer_fit::stored;
  }
}

}  // namespace events::detail
