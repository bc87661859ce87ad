#pragma once
// The writing primitives every codec shares: escaped strings and doubles as Pydantic writes them.
#include <events/detail/json_scan.hpp>
#include <events/detail/utf8.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace events::detail {

/// Appends s as a JSON string literal: quotes, and escapes for '"', '\\' and control characters.
inline void write_escaped(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  const char* p = s.data();
  const char* end = p + s.size();
  const char* stop = escape_run(p, end);
  if (stop == end && s.size() <= 62) {  // nothing to escape, short: quotes and text in one append
    char buf[64];
    buf[0] = '"';
    std::memcpy(buf + 1, p, s.size());
    buf[s.size() + 1] = '"';
    out.append(buf, s.size() + 2);
    return;
  }
  out += '"';
  while (stop != end) {
    out.append(p, static_cast<std::size_t>(stop - p));
    const auto c = static_cast<unsigned char>(*stop);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    p = stop + 1;
    stop = escape_run(p, end);
  }
  out.append(p, static_cast<std::size_t>(end - p));
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

/// Writes a double as Pydantic v2 does: shortest round-trip digits; fixed notation for decimal
/// exponents in [-5, 16) with at least one fraction digit ("0.00001", "1e-6"), otherwise
/// scientific with a signed, unpadded exponent ("1e+16", "2.5e-8"). NaN and infinities are
/// written as null, as Pydantic does by default.
inline void write_double(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char sci[32];
  auto res = std::to_chars(sci, sci + sizeof sci, d, std::chars_format::scientific);
  std::string_view s(sci, static_cast<std::size_t>(res.ptr - sci));
  std::size_t e_pos = s.find('e');
  int exp = 0;
  std::from_chars(s.data() + e_pos + (s[e_pos + 1] == '+' ? 2 : 1), s.data() + s.size(), exp);
  if (exp < -5 || exp >= 16) {
    out += s.substr(0, e_pos + 2);  // mantissa, 'e' and the exponent's sign
    std::size_t digits = e_pos + 2;
    while (digits + 1 < s.size() && s[digits] == '0') ++digits;
    out += s.substr(digits);
    return;
  }
  std::string_view mantissa = s.substr(0, e_pos);
  if (mantissa.front() == '-') {
    out += '-';
    mantissa.remove_prefix(1);
  }
  char digits[24];
  std::size_t n = 0;
  for (char c : mantissa)
    if (c != '.') digits[n++] = c;
  if (exp >= 0) {
    auto int_len = static_cast<std::size_t>(exp) + 1;
    for (std::size_t i = 0; i < int_len; ++i) out += i < n ? digits[i] : '0';
    out += '.';
    if (n > int_len)
      out.append(digits + int_len, n - int_len);
    else
      out += '0';
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-exp - 1), '0');
    out.append(digits, n);
  }
}

}  // namespace events::detail
