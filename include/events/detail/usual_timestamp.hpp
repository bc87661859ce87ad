#pragma once
// Pydantic's two forms of a UTC datetime, 2026-01-15T10:30:00.123456Z and 2026-01-20T17:00:00Z,
// read in one piece: the layout, every digit and every field's range checked at once (16 bytes
// at a time with SSE2), no branch for what the form leaves out. Anything else (t, z, ' ', an
// offset, another fraction, years outside 1970-2100, a day past the month's end) is refused here
// and left to parse_timestamp, whose answer is the reference: what this accepts, it reads to the
// same microsecond.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <array>
#include <cstddef>
#include <cstdint>

namespace events::detail {

// The value of the digit at s[i], or something above 9 when it is no digit.
inline unsigned digit_at(const char* s, std::size_t i) noexcept {
  return static_cast<unsigned>(static_cast<unsigned char>(s[i])) - static_cast<unsigned>('0');
}

// Two digits at s[i], or a value above 99 when either is no digit.
inline unsigned two_digits(const char* s, std::size_t i) noexcept {
  const unsigned a = digit_at(s, i), b = digit_at(s, i + 1);
  return (a > 9 || b > 9) ? 100u : a * 10 + b;
}

inline constexpr bool leap_year(int y) noexcept { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

inline constexpr unsigned days_in_month(int y, unsigned m) noexcept {
  constexpr unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29u : days[m - 1];
}

// Days from March 1 to the first of each month, January and February in the next year.
inline constexpr unsigned short days_before_month[12] = {306, 337, 0, 31, 61, 92, 122, 153, 184, 214, 245, 275};

// Days from 1970-01-01 to y-m-d (a valid date, years 1-9999), inline: the year taken to start
// in March, so that a leap day is the last day of its year; then the days of the whole years
// before it (with their leap days) and of its months before m.
inline constexpr std::int64_t days_since_epoch(unsigned y, unsigned m, unsigned d) noexcept {
  const unsigned march_year = y - (m <= 2);  // at least 0
  const unsigned days =
      march_year * 365 + march_year / 4 - march_year / 100 + march_year / 400 + days_before_month[m - 1] + d - 1;
  return static_cast<std::int64_t>(days) - 719468;  // 0000-03-01 to 1970-01-01
}

// The years the usual forms are read for (the March years from 1969, so that January 1970 has one).
inline constexpr unsigned usual_first_year = 1970, usual_last_year = 2100;

// Days from 1970-01-01 to the day before March 1 of each March year 1969-2100: a load in place
// of days_since_epoch's divisions.
inline constexpr auto march_day_zero = [] {
  std::array<std::int32_t, usual_last_year - usual_first_year + 2> days{};
  for (unsigned i = 0; i < days.size(); ++i)
    days[i] = static_cast<std::int32_t>(days_since_epoch(usual_first_year - 1 + i, 3, 1) - 1);
  return days;
}();

// Microseconds since the epoch of fields already known to be in range (years 1970-2100, the day
// within its month).
inline std::int64_t usual_microseconds(unsigned y, unsigned mo, unsigned d, unsigned second_of_day, unsigned us) noexcept {
  const unsigned march_year = y - (mo <= 2);
  const std::int64_t days = std::int64_t{march_day_zero[march_year - (usual_first_year - 1)]} + days_before_month[mo - 1] + d;
  return (days * 86400 + second_of_day) * 1'000'000 + us;
}

// The usual form of n characters, '0' where a digit belongs.
template <std::size_t N>
inline constexpr const char* usual_layout = N == 20 ? "0000-00-00T00:00:00Z" : "0000-00-00T00:00:00.000000Z";

// The portable reading: each separator compared, each field from its two digits.
template <std::size_t N>
inline bool usual_timestamp_portable(const char* c, std::int64_t& out) noexcept {
  static_assert(N == 20 || N == 27, "events: Pydantic's forms have 20 or 27 characters");
  constexpr const char* layout = usual_layout<N>;
  for (std::size_t i = 0; i < N; ++i)
    if (layout[i] != '0' && c[i] != layout[i]) return false;
  const unsigned y_hi = two_digits(c, 0), y_lo = two_digits(c, 2), mo = two_digits(c, 5), d = two_digits(c, 8),
                 h = two_digits(c, 11), mi = two_digits(c, 14), s = two_digits(c, 17);
  unsigned us = 0;
  if constexpr (N == 27) {
    const unsigned a = two_digits(c, 20), b = two_digits(c, 22), e = two_digits(c, 24);
    if (a > 99 || b > 99 || e > 99) return false;
    us = (a * 100 + b) * 100 + e;
  }
  const unsigned y = y_hi * 100 + y_lo;
  // (mo, d, h, mi and s are above 99 when not digits, so their bounds refuse them too.)
  if (y_hi > 99 || y_lo > 99 || y - usual_first_year > usual_last_year - usual_first_year || mo - 1 >= 12 ||
      d - 1 >= 31 || h >= 24 || mi >= 60 || s >= 60 || (d > 28 && d > days_in_month(static_cast<int>(y), mo)))
    return false;
  out = usual_microseconds(y, mo, d, (h * 60 + mi) * 60 + s, us);
  return true;
}

#if defined(__SSE2__)
// What usual_check needs of the 16 bytes of the form from one text position:
// - layout: each byte's layout byte ('0' for a digit), subtracted first;
// - low and headroom: the pair starting at each byte, 10 * its value + the next one's, less low,
//   must be at most 127 - headroom: at a field's first digit the field's range (month 1-12, day
//   1-31, hour 0-23, minute and second 0-59); at another digit 0-99; at a separator (always
//   followed by a digit, or last) 0-9, so the separator must be itself. (The tail leaves the
//   fields of the bytes the head holds too to the head: digits 0-99 there.) Adding headroom
//   then sets a byte's high bit exactly when it is out of range;
// - first, second and weight, for _mm_madd_epi16: each field's number alone in the low byte of a
//   16-bit lane, taken from the pairs (a field at an even byte) or from the pairs moved up a byte
//   (at an odd one), with its weight. The date's 16 bytes (the head) give year (100 * first pair
//   + second), month and day in 32-bit lanes 0, 1 and 2; the time's (the tail), the seconds of the
//   day (3600 * hour + 60 * minute + second) in lanes 0 and 1 or 2 and 3, and the fraction
//   (10000 * first pair + 100 * second + third) in lanes 2 and 3.
struct usual_bytes {
  alignas(16) unsigned char layout[16], low[16], headroom[16], first[16], second[16];
  alignas(16) std::int16_t weight[8];
  bool fields_apart = true;  // no two fields in one lane
};

template <std::size_t N>
inline constexpr usual_bytes usual_bytes_at(std::size_t at, bool date) noexcept {
  usual_bytes b{};
  for (std::size_t j = 0; j < 16; ++j) {
    const std::size_t i = at + j;
    const char l = usual_layout<N>[i];
    b.layout[j] = static_cast<unsigned char>(l);
    const bool field = at == 0 || i >= 16;  // not already the head's
    b.low[j] = field && (i == 5 || i == 8) ? 1 : 0;
    const int span = !field || l == '0' ? 99 : 9;
    b.headroom[j] = static_cast<unsigned char>(
        127 - (!field ? span : i == 5 ? 11 : i == 8 ? 30 : i == 11 ? 23 : i == 14 || i == 17 ? 59 : span));
    const int weight = date ? (i == 0 ? 100 : i == 2 || i == 5 || i == 8 ? 1 : 0)
                            : (i == 11 ? 3600 : i == 14 ? 60 : i == 17 ? 1 : i == 20 ? 10000 : i == 22 ? 100 : i == 24 ? 1 : 0);
    if (weight != 0) {
      std::int16_t& lane = b.weight[(j + 1) / 2];
      b.fields_apart = b.fields_apart && lane == 0;
      lane = static_cast<std::int16_t>(weight);
      (j % 2 == 0 ? b.first : b.second)[j + j % 2] = 0xFF;
    }
  }
  return b;
}

template <std::size_t N>
inline constexpr usual_bytes usual_head = usual_bytes_at<N>(0, true);
template <std::size_t N>
inline constexpr usual_bytes usual_tail = usual_bytes_at<N>(N - 16, false);

inline __m128i usual_load(const unsigned char* p) noexcept { return _mm_load_si128(reinterpret_cast<const __m128i*>(p)); }

// The 16 bytes at c checked against `b`: bytes with the high bit set where wrong. `sums` gets the fields'
// weighted sums in 32-bit lanes (only meaningful where right).
[[gnu::always_inline]] inline __m128i usual_check(const char* c, const usual_bytes& b, __m128i& sums) noexcept {
  const __m128i digits = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(c)), usual_load(b.layout));
  // Saturated at 255, so that a byte 10 or more above its layout byte gives 100 or more.
  __m128i tens = _mm_adds_epu8(digits, digits);
  tens = _mm_adds_epu8(tens, tens);
  tens = _mm_adds_epu8(tens, digits);
  tens = _mm_adds_epu8(tens, tens);
  const __m128i pairs = _mm_adds_epu8(tens, _mm_srli_si128(digits, 1));
  const __m128i fields = _mm_or_si128(_mm_and_si128(pairs, usual_load(b.first)),
                                      _mm_and_si128(_mm_slli_si128(pairs, 1), usual_load(b.second)));
  sums = _mm_madd_epi16(fields, _mm_load_si128(reinterpret_cast<const __m128i*>(b.weight)));
  const __m128i from_low = _mm_sub_epi8(pairs, usual_load(b.low));  // a month or day 0 becomes 255
  return _mm_adds_epu8(from_low, usual_load(b.headroom));
}

template <std::size_t N>
[[gnu::always_inline]] inline bool usual_timestamp_sse2(const char* c, std::int64_t& out) noexcept {
  static_assert(N == 20 || N == 27, "events: Pydantic's forms have 20 or 27 characters");
  static_assert(usual_head<N>.fields_apart && usual_tail<N>.fields_apart, "events: two fields in one 16-bit lane");
  __m128i date, time;  // year, month, day; the time's sums
  if (_mm_movemask_epi8(_mm_or_si128(usual_check(c, usual_head<N>, date), usual_check(c + N - 16, usual_tail<N>, time))))
    return false;
  const auto year_month = static_cast<std::uint64_t>(_mm_cvtsi128_si64(date));
  const unsigned y = static_cast<unsigned>(year_month), mo = static_cast<unsigned>(year_month >> 32),
                 d = static_cast<unsigned>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(date, date)));
  if (y - usual_first_year > usual_last_year - usual_first_year || (d > 28 && d > days_in_month(static_cast<int>(y), mo)))
    return false;
  time = _mm_add_epi32(time, _mm_srli_epi64(time, 32));  // 32-bit lanes 0 and 2: the sums of each two
  unsigned second_of_day, us = 0;
  if constexpr (N == 20) {
    second_of_day = static_cast<unsigned>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(time, time)));
  } else {
    second_of_day = static_cast<unsigned>(_mm_cvtsi128_si32(time));
    us = static_cast<unsigned>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(time, time)));
  }
  out = usual_microseconds(y, mo, d, second_of_day, us);
  return true;
}
#endif

/// Reads Pydantic's form of N (20 or 27) characters at c into microseconds since the epoch; false
/// for any other text, even one parse_timestamp takes.
template <std::size_t N>
[[gnu::always_inline]] inline bool usual_timestamp(const char* c, std::int64_t& out) noexcept {
#if defined(__SSE2__)
  return usual_timestamp_sse2<N>(c, out);
#else
  return usual_timestamp_portable<N>(c, out);
#endif
}

}  // namespace events::detail
