#pragma once
/// \file events::timestamp: UTC with microseconds, written exactly as Pydantic v2 writes it and
/// read as RFC 3339. Calendar arithmetic is date's; the text is parsed and written by hand
/// (date::parse and date::format cost about a microsecond a call).
#include <events/detail/usual_timestamp.hpp>

#include <date/date.h>

#include <bit>
#include <chrono>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace events {

/// A point in time, UTC, microsecond precision.
using timestamp = std::chrono::sys_time<std::chrono::microseconds>;

/// Room format_timestamp needs.
inline constexpr std::size_t timestamp_max_text = 32;

/// Why a timestamp did not parse.
enum class timestamp_errc { ok, invalid, naive, out_of_range };

namespace detail {
// "00" to "99", two characters per number.
inline constexpr char digit_pairs[201] =
    "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
    "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

inline char* put2(char* p, unsigned v) noexcept {
  p[0] = digit_pairs[2 * v];
  p[1] = digit_pairs[2 * v + 1];
  return p + 2;
}

// Non-zero when a byte of the 8-byte word w (the first byte lowest) that `at` selects is no
// digit. A digit is 0x3_ and stays 0x3_ plus 6 (a carry from a lower byte only spoils a byte that
// is wrong already).
inline constexpr std::uint64_t not_digits(std::uint64_t w, std::uint64_t at) noexcept {
  return (((w & 0xF0F0F0F0F0F0F0F0ull) | (((w + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4)) ^
          0x3333333333333333ull) & at;
}

// The microseconds of six fraction digits and the byte after them, one 8-byte load from the
// '.' before them (c); false when one of the six is no digit.
inline bool six_digits(const char* c, std::int64_t& us) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t six = 0x00FFFFFFFFFFFF00ull;
    std::uint64_t w;
    std::memcpy(&w, c, 8);
    if (not_digits(w, six)) return false;
    // Bytes 1, 3 and 5 of 10 * v + (v >> 8) are the three pairs' numbers.
    const std::uint64_t v = (w & six) - (0x3030303030303030ull & six), pairs = v * 10 + (v >> 8);
    us = static_cast<std::int64_t>((pairs >> 8 & 0xFF) * 10000 + (pairs >> 24 & 0xFF) * 100 + (pairs >> 40 & 0xFF));
    return true;
  } else {
    const unsigned a = two_digits(c, 1), b = two_digits(c, 3), e = two_digits(c, 5);
    us = a * 10000 + b * 100 + e;
    return a <= 99 && b <= 99 && e <= 99;
  }
}

// The fields of "YYYY-MM-DDTHH:MM" (16 bytes at c; 'T' may be 't' or ' '): false when a digit or
// a separator is not where it belongs. Two 8-byte words: one test for all twelve digits, one
// for the separators, and each byte pair turned into its number at once.
inline bool date_and_minute(const char* c, unsigned& y_hi, unsigned& y_lo, unsigned& mo, unsigned& d, unsigned& h,
                            unsigned& mi) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    std::uint64_t a, b;  // "YYYY-MM-" and "DDTHH:MM", the first byte lowest
    std::memcpy(&a, c, 8);
    std::memcpy(&b, c + 8, 8);
    constexpr std::uint64_t digits_a = 0x00FFFF00FFFFFFFFull, digits_b = 0xFFFF00FFFF00FFFFull;
    const std::uint64_t t = b >> 16 & 0xFF;
    if (not_digits(a, digits_a) | not_digits(b, digits_b) | ((a & ~digits_a) ^ 0x2D00002D00000000ull) |
        ((b & 0x0000FF0000000000ull) ^ 0x00003A0000000000ull) || (t != 'T' && t != 't' && t != ' '))
      return false;
    // Byte i of 10 * v + (v >> 8) is the number of digits i and i + 1.
    // (Only the digits' bytes, so that no separator below '0' borrows from its neighbour.)
    const std::uint64_t va = (a & digits_a) - (0x3030303030303030ull & digits_a), pa = va * 10 + (va >> 8);
    const std::uint64_t vb = (b & digits_b) - (0x3030303030303030ull & digits_b), pb = vb * 10 + (vb >> 8);
    y_hi = pa & 0xFF;
    y_lo = pa >> 16 & 0xFF;
    mo = pa >> 40 & 0xFF;
    d = pb & 0xFF;
    h = pb >> 24 & 0xFF;
    mi = pb >> 48 & 0xFF;
    return true;
  } else {
    y_hi = two_digits(c, 0), y_lo = two_digits(c, 2), mo = two_digits(c, 5), d = two_digits(c, 8),
    h = two_digits(c, 11), mi = two_digits(c, 14);
    return y_hi <= 99 && y_lo <= 99 && mo <= 99 && d <= 99 && h <= 99 && mi <= 99 && c[4] == '-' && c[7] == '-' &&
           (c[10] == 'T' || c[10] == 't' || c[10] == ' ') && c[13] == ':';
  }
}

}  // namespace detail

/// Writes t as Pydantic v2 writes a UTC datetime: 2026-01-15T10:30:00.123456Z, with 6 fraction
/// digits when the fraction is non-zero and none when it is zero. Years 0001-9999. Returns the
/// number of characters written (at most timestamp_max_text).
inline std::size_t format_timestamp(timestamp t, char* out) noexcept {
  using namespace std::chrono;
  auto day = floor<date::days>(t);
  date::year_month_day ymd{day};
  auto tod = t - day;
  auto us = static_cast<unsigned>(tod.count() % 1000000);
  auto secs = static_cast<unsigned>(tod.count() / 1000000);
  int y = static_cast<int>(ymd.year());
  if (y < 0) y = 0;
  if (y > 9999) y = 9999;
  char* p = out;
  p = detail::put2(p, static_cast<unsigned>(y / 100));
  p = detail::put2(p, static_cast<unsigned>(y % 100));
  *p++ = '-';
  p = detail::put2(p, static_cast<unsigned>(ymd.month()));
  *p++ = '-';
  p = detail::put2(p, static_cast<unsigned>(ymd.day()));
  *p++ = 'T';
  const unsigned minutes_of_day = secs / 60;
  p = detail::put2(p, minutes_of_day / 60);
  *p++ = ':';
  p = detail::put2(p, minutes_of_day % 60);
  *p++ = ':';
  p = detail::put2(p, secs % 60);
  if (us != 0) {
    *p++ = '.';
    const unsigned hundreds = us / 100;
    p = detail::put2(p, hundreds / 100);
    p = detail::put2(p, hundreds % 100);
    p = detail::put2(p, us % 100);
  }
  *p++ = 'Z';
  return static_cast<std::size_t>(p - out);
}

/// The Pydantic v2 text of t.
inline std::string format_timestamp(timestamp t) {
  char buf[timestamp_max_text];
  return std::string(buf, format_timestamp(t, buf));
}

namespace detail {
// parse_timestamp but for its shortcut for Pydantic's two forms (usual_timestamp), which is
// tested against this.
inline timestamp_errc parse_any_timestamp(std::string_view s, timestamp& out, bool allow_naive) noexcept {
  using namespace std::chrono;
  const std::size_t n = s.size();
  if (n < 16) return timestamp_errc::invalid;
  const char* c = s.data();
  // Every field at its fixed place: YYYY-MM-DDTHH:MM
  unsigned y_hi, y_lo, mo, d, h, mi;
  if (!detail::date_and_minute(c, y_hi, y_lo, mo, d, h, mi)) return timestamp_errc::invalid;
  const int y = static_cast<int>(y_hi * 100 + y_lo);
  unsigned sec = 0;
  std::size_t i = 16;
  if (i < n && c[i] == ':') {
    if (n < 19) return timestamp_errc::invalid;
    sec = detail::two_digits(c, 17);
    i = 19;
  }
  // mo, d, h, mi and sec are above 99 when not digits, so these bounds refuse them too.
  if (mo < 1 || mo > 12 || d < 1 || y == 0 || d > detail::days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59)
    return timestamp_errc::invalid;
  std::int64_t us = 0;
  if (i == 19 && i < n && c[i] == '.') {
    const std::size_t start = ++i;
    if (n - start >= 7 && detail::six_digits(c + i - 1, us)) {  // the usual six and 'Z' or an offset after them
      i = start + 6;
    } else {
      us = 0;
      const std::size_t micro_end = n - start > 6 ? start + 6 : n;  // digits past the 6th are truncated
      for (unsigned v; i < micro_end && (v = detail::digit_at(c, i)) <= 9; ++i) us = us * 10 + v;
      for (std::size_t k = i - start; k < 6; ++k) us *= 10;
    }
    while (i < n && detail::digit_at(c, i) <= 9) ++i;
    const std::size_t count = i - start;
    if (count == 0 || count > 9) return timestamp_errc::invalid;
  }
  int offset = 0;  // minutes
  if (i == n) {
    if (!allow_naive) return timestamp_errc::naive;
  } else if ((c[i] == 'Z' || c[i] == 'z') && i + 1 == n) {
  } else if ((c[i] == '+' || c[i] == '-') && i + 6 == n && c[i + 3] == ':') {
    const unsigned oh = detail::two_digits(c, i + 1), om = detail::two_digits(c, i + 4);
    if (oh > 23 || om > 59) return timestamp_errc::invalid;
    offset = static_cast<int>(oh * 60 + om);
    if (c[i] == '-') offset = -offset;
  } else {
    return timestamp_errc::invalid;
  }
  const std::int64_t seconds_of_day = (static_cast<std::int64_t>(h) * 60 + mi - offset) * 60 + sec;
  out = timestamp(microseconds((detail::days_since_epoch(static_cast<unsigned>(y), mo, d) * 86400 + seconds_of_day) *
                                   1'000'000 + us));
  // An offset moves the time by less than a day: only the first and last years can leave the range.
  if (offset != 0 && (y == 1 || y == 9999)) {
    auto year = date::year_month_day(floor<date::days>(out)).year();
    if (year < date::year(1) || year > date::year(9999)) return timestamp_errc::out_of_range;
  }
  return timestamp_errc::ok;
}
}  // namespace detail

/// Reads RFC 3339: date, 'T' (or 't' or ' '), hh:mm, optionally :ss and a fraction of 1-9 digits
/// (truncated to microseconds), then 'Z'/'z' or +hh:mm/-hh:mm, converted to UTC. Without an
/// offset the time is naive: timestamp_errc::naive, unless allow_naive takes it as UTC.
inline timestamp_errc parse_timestamp(std::string_view s, timestamp& out, bool allow_naive = false) noexcept {
  std::int64_t us;  // Pydantic's two forms first, in one piece
  if (s.size() == 27 ? detail::usual_timestamp<27>(s.data(), us) : s.size() == 20 && detail::usual_timestamp<20>(s.data(), us)) {
    out = timestamp(std::chrono::microseconds(us));
    return timestamp_errc::ok;
  }
  return detail::parse_any_timestamp(s, out, allow_naive);
}

/// The current time, UTC, floored to microseconds.
inline timestamp now() noexcept {
  return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace events
