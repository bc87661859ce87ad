#pragma once
// The writing primitives every codec shares: escaped strings, integers, and floating-point
// numbers as Pydantic writes them. Each writes through json_out's cursor; the std::string forms
// serve callers that build text piece by piece (the CLI, json_value, the Dapr bodies).
#include <events/detail/json_out.hpp>
#include <events/detail/json_scan.hpp>
#include <events/detail/shortest_digits.hpp>
#include <events/detail/utf8.hpp>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace events::detail {

/// Copies n bytes: short runs (names, ids, words) by overlapping words, with no call.
[[gnu::always_inline]] inline void copy_bytes(char* d, const char* s, std::size_t n) noexcept {
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

/// Copies the n bytes at p to d and tells whether none needs escaping: each block is tested as it
/// is copied, over overlapping blocks that cover the text exactly (no byte past it is read or
/// written), with no loop for text up to 16 bytes. When false, what was copied is to be discarded.
[[gnu::always_inline]] inline bool copy_plain(char* d, const char* p, std::size_t n) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  auto load = [](const char* at, auto word) {
    __builtin_memcpy(&word, at, sizeof word);
    return word;
  };
  auto store = [](char* at, auto word) { __builtin_memcpy(at, &word, sizeof word); };
  std::uint64_t a = ones * ' ', b = ones * ' ';  // padding that needs no escape
  if (n >= 8 && n <= 16) {
    a = load(p, std::uint64_t{}), b = load(p + n - 8, std::uint64_t{});
    store(d, a), store(d + n - 8, b);
  } else if (n >= 4 && n < 8) {
    const auto x = load(p, std::uint32_t{}), y = load(p + n - 4, std::uint32_t{});
    store(d, x), store(d + n - 4, y);
    a = x | std::uint64_t{y} << 32;
  } else if (n > 0 && n < 4) {
    const auto x = static_cast<unsigned char>(p[0]), y = static_cast<unsigned char>(p[n / 2]),
               z = static_cast<unsigned char>(p[n - 1]);
    d[0] = static_cast<char>(x), d[n / 2] = static_cast<char>(y), d[n - 1] = static_cast<char>(z);
    a = (a & ~std::uint64_t{0xFFFFFF}) | x | std::uint64_t{y} << 8 | std::uint64_t{z} << 16;
  }
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1F);
  auto special = [&](__m128i v) {  // v <= 0x1F unsigned: the minimum of v and 0x1F is v itself
    return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                          _mm_cmpeq_epi8(_mm_min_epu8(v, control), v)));
  };
  if (n <= 16) return !special(_mm_set_epi64x(static_cast<long long>(b), static_cast<long long>(a)));
  auto block = [&](std::size_t at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d + at), v);
    return special(v);
  };
  for (std::size_t at = 0; at + 16 < n; at += 16)
    if (block(at)) return false;
  return !block(n - 16);
#else
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  auto special = [](std::uint64_t x) {  // a byte < 0x20, '"' or '\\' (a zero-byte test each)
    auto zero = [](std::uint64_t y) { return (y - ones) & ~y & highs; };
    return ((x - ones * 0x20) & ~x & highs) | zero(x ^ (ones * '"')) | zero(x ^ (ones * '\\'));
  };
  if (n <= 16) return !(special(a) | special(b));
  auto word = [&](std::size_t at) {
    const auto w = load(p + at, std::uint64_t{});
    store(d + at, w);
    return special(w);
  };
  for (std::size_t at = 0; at + 8 < n; at += 8)
    if (word(at)) return false;
  return !word(n - 8);
#endif
}

// Writes the escape of c (one that needs it) at d, returning the end.
inline char* write_escape(char* d, unsigned char c) noexcept {
  static constexpr char hex[] = "0123456789abcdef";
  d[0] = '\\';
  switch (c) {
    case '"': case '\\': d[1] = static_cast<char>(c); return d + 2;
    case '\n': d[1] = 'n'; return d + 2;
    case '\r': d[1] = 'r'; return d + 2;
    case '\t': d[1] = 't'; return d + 2;
    case '\b': d[1] = 'b'; return d + 2;
    case '\f': d[1] = 'f'; return d + 2;
    default:
      std::memcpy(d + 1, "u00", 3);
      d[4] = hex[c >> 4], d[5] = hex[c & 15];
      return d + 6;
  }
}

// What each byte is written as inside a JSON string: the low 16 bits hold its one or two bytes
// (itself, or '\\' and the escape's letter), the bits above their count; 0 there for the
// control characters written as \u00XX.
inline constexpr auto escape_text = [] {
  struct table {
    std::uint32_t at[256] = {};
  } t;
  auto two = [](char e) { return 2u << 16 | static_cast<std::uint32_t>(static_cast<unsigned char>(e)) << 8 | '\\'; };
  for (unsigned c = 0x20; c < 256; ++c) t.at[c] = 1u << 16 | c;
  t.at[static_cast<unsigned char>('"')] = two('"');
  t.at[static_cast<unsigned char>('\\')] = two('\\');
  t.at[static_cast<unsigned char>('\n')] = two('n'), t.at[static_cast<unsigned char>('\r')] = two('r');
  t.at[static_cast<unsigned char>('\t')] = two('t'), t.at[static_cast<unsigned char>('\b')] = two('b');
  t.at[static_cast<unsigned char>('\f')] = two('f');
  return t;
}();

// Text with something to escape, and its closing quote: room for a chunk's worst case (each byte
// six), then runs and escapes written with no check each. Long runs are found by escape_run's
// vectors; the last 64 bytes or fewer go byte by byte (escapes come close together: quoted text,
// JSON inside JSON).
[[gnu::noinline]] inline void write_escaped_rest(json_out& out, const char* p, const char* end) {
  while (p != end) {
    const char* const chunk = p + std::min<std::size_t>(static_cast<std::size_t>(end - p), 1024);
    char* d = out.room(static_cast<std::size_t>(chunk - p) * 6);
    while (chunk - p > 64) {
      const char* stop = escape_run(p, chunk);
      copy_bytes(d, p, static_cast<std::size_t>(stop - p));
      d += stop - p;
      p = stop;
      if (p != chunk) d = write_escape(d, static_cast<unsigned char>(*p++));
    }
    for (; p != chunk; ++p) {  // each byte's text stored whole, 2 bytes, with no branch on it
      const auto c = static_cast<unsigned char>(*p);
      const std::uint32_t e = escape_text.at[c];
      const auto text = static_cast<std::uint16_t>(e);
      if constexpr (std::endian::native == std::endian::little) std::memcpy(d, &text, 2);
      else d[0] = static_cast<char>(text & 0xFF), d[1] = static_cast<char>(text >> 8);
      if (e >> 16 == 0) [[unlikely]] d = write_escape(d, c);
      else d += e >> 16;
    }
    out.commit(d);
  }
  out += '"';
}

/// Appends s as a JSON string literal: quotes, and escapes for '"', '\\' and control characters.
inline void write_escaped(json_out& out, std::string_view s) {
  char* d = out.room(s.size() + 2);
  *d = '"';
  if (copy_plain(d + 1, s.data(), s.size())) [[likely]] {  // nothing to escape: quotes and text in one piece
    d[s.size() + 1] = '"';
    out.commit(d + s.size() + 2);
    return;
  }
  out.commit(d + 1);
  write_escaped_rest(out, s.data(), s.data() + s.size());
}

inline void write_escaped(std::string& out, std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  out += '"';
  for (;;) {
    const char* stop = escape_run(p, end);
    out.append(p, static_cast<std::size_t>(stop - p));
    if (stop == end) break;
    char e[6];
    out.append(e, static_cast<std::size_t>(write_escape(e, static_cast<unsigned char>(*stop)) - e));
    p = stop + 1;
  }
  out += '"';
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
inline constexpr std::size_t number_room = 40;

// "e+X", "e-XX", "e+XXX" after the last digit at `d` (the exponent is at most 324); returns the end.
inline char* write_exponent(char* d, int exp) noexcept {
  d[1] = 'e';
  d[2] = exp < 0 ? '-' : '+';
  const int e = exp < 0 ? -exp : exp;
  if (e >= 100) *(d += 3) = static_cast<char>('0' + e / 100);
  else d += 2;
  if (e >= 10) *++d = static_cast<char>('0' + e / 10 % 10);
  *++d = static_cast<char>('0' + e % 10);
  return d + 1;
}

// format_number's layouts of the digits few_digits found (n of them, the first at decimal exponent
// exp), stored at t: 16 bytes padded with '0', then 16 more readable bytes. Each layout is whole
// 16-byte copies, the second from inside the digits, with no bytes shifted in registers.
[[gnu::always_inline]] inline char* lay_out(char* d, const char* t, std::size_t n, int exp) noexcept {
  if (exp >= 0 && exp < 15) {  // "ddd.ddd" or "ddd000.0": after the point, the digits from `whole` on
    const auto whole = static_cast<std::size_t>(exp) + 1;
    copy_bytes(d, t, 16);
    copy_bytes(d + whole + 1, t + whole, 16);  // t[whole] is '0' when n <= whole: "ddd000.0"
    d[whole] = '.';
    return d + std::max(n, whole + 1) + 1;
  }
  if (exp < 0 && exp >= -5) {  // "0.000ddd"
    std::memcpy(d, "0.00000", 8);
    copy_bytes(d + 1 - exp, t, 16);
    return d + (1 - exp) + n;
  }
  if (exp == 15) {  // "dddddddddddddddd.0"
    copy_bytes(d, t, 16);
    std::memcpy(d + 16, ".0", 2);
    return d + 18;
  }
  copy_bytes(d + 1, t, 16);  // "d.ddde+XX": the first digit moved before the point
  d[0] = t[0];
  d[1] = '.';
  return write_exponent(d + n - (n == 1), exp);
}

/// Writes v at d as Pydantic v2 writes a float, returning the end: the shortest digits that read
/// back as the same F (so a float 0.1f is "0.1", not its widening 0.10000000149011612); fixed
/// notation for decimal exponents in [-5, 16) with at least one fraction digit ("0.00001"),
/// otherwise scientific with a signed, unpadded exponent ("1e+16", "2.5e-8"). NaN and infinities
/// are written as null, as Pydantic does by default. Pydantic reads the text of a float as a
/// double whose own shortest form is that same text.
template <std::floating_point F>
char* format_number(char* d, F v) noexcept {
  if (!std::isfinite(v)) [[unlikely]] {
    std::memcpy(d, "null", 4);
    return d + 4;
  }
  if (std::signbit(v)) *d++ = '-', v = -v;
  // The digits are written where they go, then moved right by fixed-size copies (16 bytes and
  // more: the room beyond the number is scratch) to open the point or the leading zeros.
  std::size_t n = 0;
  int exp = 0;  // of the first digit
  if (text16 t[2]; v != 0 && few_digits(v, t[0], n, exp)) [[likely]] {
    t[1] = {ascii_zeros, ascii_zeros};
    return lay_out(d, reinterpret_cast<const char*>(t), n, exp);
  }
  if (v == 0) {
    std::memcpy(d, "0.0", 3);
    return d + 3;
  }
  long_digits(v, d, n, exp);  // more digits than few_digits finds
  auto move_right = [](char* from, std::size_t by) {  // the 16 bytes at `from`
    char t[16];
    std::memcpy(t, from, 16);
    std::memcpy(from + by, t, 16);
  };
  if (exp >= 0 && exp < 16) {
    const auto whole = static_cast<std::size_t>(exp) + 1;  // digits before the point
    if (n > whole) {  // "ddd.ddd"
      move_right(d + whole, 1);
      d[whole] = '.';
      return d + n + 1;
    }
    std::memset(d + n, '0', 16);  // "ddd000.0": whole <= 16, so the zeros reach the point
    d[whole] = '.';
    d[whole + 1] = '0';
    return d + whole + 2;
  }
  if (exp < 0 && exp >= -5) {  // "0.000ddd"
    char t[24];
    std::memcpy(t, d, 24);
    std::memcpy(d, "0.00000", 8);
    d += 1 - exp;
    std::memcpy(d, t, 24);
    return d + n;
  }
  if (n > 1) {  // "d.ddde+XX"
    move_right(d + 1, 1);
    d[1] = '.';
    d += n;
  }
  return write_exponent(d, exp);
}

/// format_number over up to 16 numbers, each followed by ','. Their digits are all found first:
/// independent work the processor overlaps. Then each is laid out after the one before, so its
/// place waits on that one's length only, not on the whole computation of its digits.
template <std::floating_point F>
char* format_numbers(char* d, const F* v, std::size_t count) noexcept {
  using G = std::conditional_t<std::is_same_v<F, float>, float, double>;  // long double as double
  constexpr std::size_t most = 16;
  text16 text[most + 1];  // one more: lay_out reads up to 15 bytes past a number's 16
  std::size_t n[most];
  int exp[most];
  bool found[most];
  count = std::min(count, most);
  for (std::size_t i = 0; i < count; ++i) {
    const auto x = std::fabs(static_cast<G>(v[i]));
    found[i] = std::isfinite(x) && x != 0 && few_digits(x, text[i], n[i], exp[i]);
    if (!found[i]) text[i] = {ascii_zeros, ascii_zeros};  // read past by the one before
  }
  text[count] = {ascii_zeros, ascii_zeros};
  for (std::size_t i = 0; i < count; ++i) {
    if (found[i]) {
      if (std::signbit(v[i])) *d++ = '-';
      d = lay_out(d, reinterpret_cast<const char*>(&text[i]), n[i], exp[i]);
    } else {
      d = format_number(d, static_cast<G>(v[i]));
    }
    *d++ = ',';
  }
  return d;
}

/// Bytes format_integer may write.
inline constexpr std::size_t integer_room = 24;

/// Writes v at d in decimal, returning the end; a single digit (counts, small ids) without a call.
template <std::integral I>
char* format_integer(char* d, I v) noexcept {
  if (static_cast<std::make_unsigned_t<I>>(v) < 10) {  // a negative v is far above
    *d = static_cast<char>('0' + v);
    return d + 1;
  }
  return std::to_chars(d, d + integer_room, v).ptr;
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
  out.commit(format_integer(out.room(integer_room), v));
}

/// A double as Pydantic writes it (format_number), appended to a string.
inline void write_double(std::string& out, double d) {
  char buf[number_room] = {};
  out.append(buf, static_cast<std::size_t>(format_number(buf, d) - buf));
}

}  // namespace events::detail
