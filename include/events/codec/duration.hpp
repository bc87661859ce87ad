#pragma once
/// \file Codec of std::chrono::duration: ISO 8601 as Pydantic writes a timedelta ("PT1H30M",
/// "P1DT5S", "-PT1S"); read from that, from "[-]HH:MM:SS[.ffffff]", or from a number of seconds.
/// Microsecond resolution, as Python's timedelta.
#include <events/codec/core.hpp>
#include <events/codec/number.hpp>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace events {

namespace detail {

inline void write_duration(std::string& out, std::int64_t us) {
  auto put = [&](std::uint64_t n, char unit) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
    out += unit;
  };
  out += '"';
  std::uint64_t m = us < 0 ? 0 - static_cast<std::uint64_t>(us) : static_cast<std::uint64_t>(us);
  if (us < 0) out += '-';
  out += 'P';
  const std::uint64_t day = 86'400'000'000ull;
  std::uint64_t days = m / day, rest = m % day;
  if (days >= 365) put(days / 365, 'Y');
  if (days % 365) put(days % 365, 'D');
  if (rest || m == 0) {
    out += 'T';
    std::uint64_t h = rest / 3'600'000'000ull, min = rest / 60'000'000ull % 60, s = rest / 1'000'000 % 60,
                  f = rest % 1'000'000;
    if (h) put(h, 'H');
    if (min) put(min, 'M');
    if (s || f || m == 0) {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, s);
      out.append(buf, static_cast<std::size_t>(r.ptr - buf));
      if (f) {
        char frac[7] = {};
        for (int i = 5; i >= 0; --i, f /= 10) frac[i] = static_cast<char>('0' + f % 10);
        std::size_t n = 6;
        while (frac[n - 1] == '0') --n;
        out += '.';
        out.append(frac, n);
      }
      out += 'S';
    }
  }
  out += '"';
}

// A decimal number of units at s[i...]: integer part and fraction (as a multiple of 1e-6 unit).
inline bool duration_number(std::string_view s, std::size_t& i, double& value) {
  std::size_t start = i;
  while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
  if (i == start) return false;
  auto r = std::from_chars(s.data() + start, s.data() + i, value);
  return r.ec == std::errc{} && r.ptr == s.data() + i;
}

/// ISO 8601 ("P1DT2H", "-PT1.5S") or "[-]HH:MM:SS[.f]" in microseconds; false when neither.
inline bool parse_duration(std::string_view s, std::int64_t& us) {
  bool negative = false;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  double total = 0;
  if (i < s.size() && s[i] == 'P') {
    ++i;
    bool time = false, any = false;
    while (i < s.size()) {
      if (s[i] == 'T') {
        if (time) return false;
        time = true;
        ++i;
        continue;
      }
      double v = 0;
      if (!duration_number(s, i, v) || i == s.size()) return false;
      char unit = s[i++];
      double seconds = 0;
      if (!time && unit == 'Y') seconds = 365 * 86400.0;
      else if (!time && unit == 'M') seconds = 30 * 86400.0;
      else if (!time && unit == 'W') seconds = 7 * 86400.0;
      else if (!time && unit == 'D') seconds = 86400.0;
      else if (time && unit == 'H') seconds = 3600.0;
      else if (time && unit == 'M') seconds = 60.0;
      else if (time && unit == 'S') seconds = 1.0;
      else return false;
      total += v * seconds;
      any = true;
    }
    if (!any) return false;
  } else {
    int parts = 0;
    double v[3] = {};
    while (parts < 3) {
      if (!duration_number(s, i, v[parts])) return false;
      ++parts;
      if (i == s.size()) break;
      if (s[i++] != ':') return false;
    }
    if (parts != 3 || i != s.size() || v[1] >= 60 || v[2] >= 60) return false;
    total = v[0] * 3600 + v[1] * 60 + v[2];
  }
  if (!(total < 9.2e12)) return false;
  auto m = static_cast<std::int64_t>(std::llround(total * 1e6));
  us = negative ? -m : m;
  return true;
}

}  // namespace detail

/// A duration as Pydantic writes a timedelta.
template <class Rep, class Period>
struct codec<std::chrono::duration<Rep, Period>> {
  using type = std::chrono::duration<Rep, Period>;
  static void write(std::string& out, const type& v) {
    detail::write_duration(out, std::chrono::duration_cast<std::chrono::microseconds>(v).count());
  }
  static void read(decode_context& ctx, type& out) {
    auto& r = ctx.reader;
    std::int64_t us = 0;
    if (r.peek() == detail::value_kind::number) {
      if (ctx.options.strict) return ctx.wrong_type(error_codes::time_delta_type, "Input should be a valid duration");
      std::string_view raw;
      if (!r.read_number(raw)) return;
      if (detail::beyond_int64(raw))
        return ctx.fail(error_codes::time_delta_type, "Input should be a valid duration", detail::shorten(raw));
      double d = 0;
      auto res = std::from_chars(raw.data(), raw.data() + raw.size(), d);
      if (res.ec != std::errc{} || !(std::fabs(d) < 9.2e12))
        return ctx.fail(error_codes::time_delta_parsing, "Input should be a valid duration", detail::shorten(raw));
      us = static_cast<std::int64_t>(std::llround(d * 1e6));
    } else {
      std::string_view s;
      if (!ctx.read_text(s, error_codes::time_delta_type, "Input should be a valid duration")) return;
      if (!detail::parse_duration(s, us))
        return ctx.fail(error_codes::time_delta_parsing, "Input should be a valid duration", detail::shorten(s));
    }
    out = std::chrono::duration_cast<type>(std::chrono::microseconds(us));
  }
  template <class B, class J>
  static void schema(B&, J& s) { s = {{"type", "string"}, {"format", "duration"}}; }
  template <class S>
  static void sample(type& v, S& s, std::string_view) {
    v = std::chrono::duration_cast<type>(std::chrono::seconds(static_cast<long long>(s.below(86400 * 3))));
  }
};

}  // namespace events
