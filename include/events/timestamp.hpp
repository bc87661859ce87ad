#pragma once
/// \file events::timestamp: UTC with microseconds, written exactly as Pydantic v2 writes it and
/// read as RFC 3339. Calendar arithmetic is date's; the text is parsed and written by hand
/// (date::parse and date::format cost about a microsecond a call).
#include <date/date.h>

#include <chrono>
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
inline char* put2(char* p, unsigned v) noexcept {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
  return p + 2;
}
inline bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) noexcept {
  if (at + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    unsigned d = static_cast<unsigned char>(s[i]) - static_cast<unsigned>('0');
    if (d > 9) return false;
    v = v * 10 + static_cast<int>(d);
  }
  out = v;
  return true;
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
  p = detail::put2(p, secs / 3600);
  *p++ = ':';
  p = detail::put2(p, secs / 60 % 60);
  *p++ = ':';
  p = detail::put2(p, secs % 60);
  if (us != 0) {
    *p++ = '.';
    for (int i = 5; i >= 0; --i, us /= 10) p[i] = static_cast<char>('0' + us % 10);
    p += 6;
  }
  *p++ = 'Z';
  return static_cast<std::size_t>(p - out);
}

/// The Pydantic v2 text of t.
inline std::string format_timestamp(timestamp t) {
  char buf[timestamp_max_text];
  return std::string(buf, format_timestamp(t, buf));
}

/// Reads RFC 3339: date, 'T' (or 't' or ' '), hh:mm, optionally :ss and a fraction of 1-9 digits
/// (truncated to microseconds), then 'Z'/'z' or +hh:mm/-hh:mm, converted to UTC. Without an
/// offset the time is naive: timestamp_errc::naive, unless allow_naive takes it as UTC.
inline timestamp_errc parse_timestamp(std::string_view s, timestamp& out, bool allow_naive = false) noexcept {
  using namespace std::chrono;
  int y, mo, d, h, mi, sec = 0;
  if (!detail::digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !detail::digits(s, 5, 2, mo) ||
      s[7] != '-' || !detail::digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !detail::digits(s, 11, 2, h) || s[13] != ':' || !detail::digits(s, 14, 2, mi))
    return timestamp_errc::invalid;
  std::size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    if (!detail::digits(s, 17, 2, sec)) return timestamp_errc::invalid;
    i = 19;
  }
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y == 0 || h > 23 || mi > 59 || sec > 59) return timestamp_errc::invalid;
  std::int64_t us = 0;
  if (i == 19 && i < s.size() && s[i] == '.') {
    std::size_t start = ++i;
    std::int64_t scale = 100000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (i - start < 6) us += (s[i] - '0') * scale, scale /= 10;
      ++i;
    }
    if (i == start || i - start > 9) return timestamp_errc::invalid;
  }
  minutes offset{0};
  if (i == s.size()) {
    if (!allow_naive) return timestamp_errc::naive;
  } else if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) {
  } else if ((s[i] == '+' || s[i] == '-') && i + 6 == s.size() && s[i + 3] == ':') {
    int oh, om;
    if (!detail::digits(s, i + 1, 2, oh) || !detail::digits(s, i + 4, 2, om) || oh > 23 || om > 59)
      return timestamp_errc::invalid;
    offset = hours(oh) + minutes(om);
    if (s[i] == '-') offset = -offset;
  } else {
    return timestamp_errc::invalid;
  }
  out = timestamp(date::sys_days(ymd)) + hours(h) + minutes(mi) + seconds(sec) + microseconds(us) - offset;
  auto year = date::year_month_day(floor<date::days>(out)).year();
  if (year < date::year(1) || year > date::year(9999)) return timestamp_errc::out_of_range;
  return timestamp_errc::ok;
}

/// The current time, UTC, floored to microseconds.
inline timestamp now() noexcept {
  return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace events
