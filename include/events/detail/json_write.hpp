#pragma once
// The writing primitives every codec shares: escaped strings, integers, and floating-point
// numbers as Pydantic writes them. Each writes through json_out's cursor; the std::string forms
// serve callers that build text piece by piece (the CLI, json_value, the Dapr bodies).
#include <events/detail/json_out.hpp>
#include <events/detail/json_scan.hpp>
#include <events/detail/shortest_digits.hpp>
#include <events/detail/utf8.hpp>

#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace events::detail {

/// Copies n bytes: short runs (names, ids, words) by overlapping words, with no call.
inline void copy_bytes(char* d, const char* s, std::size_t n) noexcept {
  auto move = [&](std::size_t at, auto word) {
    __builtin_memcpy(&word, s + at, sizeof word);
    __builtin_memcpy(d + at, &word, sizeof word);
  };
  if (n > 32) {
    std::memcpy(d, s, n);
  } else if (n >= 16) {
    move(0, std::uint64_t{}), move(8, std::uint64_t{}), move(n - 16, std::uint64_t{}), move(n - 8, std::uint64_t{});
  } else if (n >= 8) {
    move(0, std::uint64_t{}), move(n - 8, std::uint64_t{});
  } else if (n >= 4) {
    move(0, std::uint32_t{}), move(n - 4, std::uint32_t{});
  } else if (n > 0) {
    d[0] = s[0], d[n / 2] = s[n / 2], d[n - 1] = s[n - 1];
  }
}

// What follows the first byte to escape: runs of plain bytes and escapes, then the closing quote.
template <class Out>
[[gnu::noinline]] void write_escaped_rest(Out& out, const char* p, const char* stop, const char* end) {
  static constexpr char hex[] = "0123456789abcdef";
  while (stop != end) {
    out.append(p, static_cast<std::size_t>(stop - p));
    const auto c = static_cast<unsigned char>(*stop);
    char e[6] = {'\\', static_cast<char>(c), 0, 0, 0, 0};
    std::size_t n = 2;
    switch (c) {
      case '"': case '\\': break;
      case '\n': e[1] = 'n'; break;
      case '\r': e[1] = 'r'; break;
      case '\t': e[1] = 't'; break;
      case '\b': e[1] = 'b'; break;
      case '\f': e[1] = 'f'; break;
      default:
        e[1] = 'u', e[2] = '0', e[3] = '0', e[4] = hex[c >> 4], e[5] = hex[c & 15];
        n = 6;
    }
    out.append(e, n);
    p = stop + 1;
    stop = escape_run(p, end);
  }
  out.append(p, static_cast<std::size_t>(end - p));
  out += '"';
}

/// Appends s as a JSON string literal: quotes, and escapes for '"', '\\' and control characters.
inline void write_escaped(json_out& out, std::string_view s) {
  const char* p = s.data();
  const char* end = p + s.size();
  const char* stop = escape_run(p, end);
  if (stop == end) [[likely]] {  // nothing to escape: quotes and text in one piece
    char* d = out.room(s.size() + 2);
    *d = '"';
    copy_bytes(d + 1, p, s.size());
    d[s.size() + 1] = '"';
    out.commit(d + s.size() + 2);
    return;
  }
  out += '"';
  write_escaped_rest(out, p, stop, end);
}

inline void write_escaped(std::string& out, std::string_view s) {
  out += '"';
  write_escaped_rest(out, s.data(), escape_run(s.data(), s.data() + s.size()), s.data() + s.size());
}

/// write_escaped for text that may not be valid UTF-8 (input lines, values built in code): each
/// byte that starts no valid sequence becomes U+FFFD, so the output stays valid JSON.
inline void write_escaped_repaired(std::string& out, std::string_view s) {
  if (is_valid_utf8(s)) return write_escaped(out, s);
  std::string clean;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const std::size_t n = *p < 0x80 ? 1 : utf8_sequence(p, end);
    if (n == 0) {
      clean += "\xEF\xBF\xBD";
      ++p;
    } else {
      clean.append(reinterpret_cast<const char*>(p), n);
      p += n;
    }
  }
  write_escaped(out, clean);
}

/// Bytes format_number may write.
inline constexpr std::size_t number_room = 32;

/// Writes v at d as Pydantic v2 writes a float, returning the end: the shortest digits that read
/// back as the same F (so a float 0.1f is "0.1", not its widening 0.10000000149011612); fixed
/// notation for decimal exponents in [-5, 16) with at least one fraction digit ("0.00001"),
/// otherwise scientific with a signed, unpadded exponent ("1e+16", "2.5e-8"). NaN and infinities
/// are written as null, as Pydantic does by default. Pydantic reads the text of a float as a
/// double whose own shortest form is that same text.
template <std::floating_point F>
char* format_number(char* d, F v) noexcept {
  if (!std::isfinite(v)) {
    std::memcpy(d, "null", 4);
    return d + 4;
  }
  if (std::signbit(v)) *d++ = '-', v = -v;
  char digits[number_room];  // the significant digits, no point
  std::size_t n = 0;
  int exp = 0;  // of the first digit
  shortest_digits(v, digits, n, exp);
  if (exp < -5 || exp >= 16) {
    *d++ = digits[0];
    if (n > 1) {
      *d++ = '.';
      std::memcpy(d, digits + 1, n - 1);
      d += n - 1;
    }
    *d++ = 'e';
    *d++ = exp < 0 ? '-' : '+';
    return std::to_chars(d, d + 4, exp < 0 ? -exp : exp).ptr;
  }
  if (exp >= 0) {
    const auto whole = static_cast<std::size_t>(exp) + 1;  // digits before the point
    for (std::size_t i = 0; i < whole; ++i) *d++ = i < n ? digits[i] : '0';
    *d++ = '.';
    if (n > whole) {
      std::memcpy(d, digits + whole, n - whole);
      return d + (n - whole);
    }
    *d++ = '0';
    return d;
  }
  *d++ = '0', *d++ = '.';
  for (int i = -1; i > exp; --i) *d++ = '0';
  std::memcpy(d, digits, n);
  return d + n;
}

/// A float in its own shortest digits; a double, or a long double as the double nearest it.
template <std::floating_point F>
void write_number(json_out& out, F v) {
  if constexpr (std::is_same_v<F, float>)
    out.commit(format_number(out.room(number_room), v));
  else
    out.commit(format_number(out.room(number_room), static_cast<double>(v)));
}

template <std::integral I>
void write_number(json_out& out, I v) {
  char* d = out.room(24);
  out.commit(std::to_chars(d, d + 24, v).ptr);
}

/// A double as Pydantic writes it (format_number), appended to a string.
inline void write_double(std::string& out, double d) {
  char buf[number_room];
  out.append(buf, static_cast<std::size_t>(format_number(buf, d) - buf));
}

}  // namespace events::detail
