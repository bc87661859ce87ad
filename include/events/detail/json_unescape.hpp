#pragma once
// JSON string escapes (RFC 8259 section 7): one backslash sequence resolved into UTF-8, with
// \u surrogate pairs joined and lone surrogates refused, as Pydantic refuses them.
#include <events/detail/utf8.hpp>

#include <cstdint>
#include <string>

namespace events::detail {

struct unescaped {
  const char* at;     ///< Past the escape; on error, where reading it stopped.
  const char* error;  ///< Null, or what is wrong with the escape.
};

// Four hex digits at p into v.
inline unescaped hex4(const char* p, const char* end, std::uint32_t& v) noexcept {
  if (end - p < 4) return {p, "unexpected end of \\u escape"};
  v = 0;
  for (int i = 0; i < 4; ++i) {
    char c = *p++;
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
    else return {p, "invalid hex digit in \\u escape"};
  }
  return {p, nullptr};
}

/// Writes through a pointer into room made beforehand: what unescape appends to when the room
/// is known to be enough.
struct char_sink {
  char* at;
  void operator+=(char c) noexcept { *at++ = c; }
};

/// Appends to `out` (a std::string or a char_sink) what the escape at p (its backslash) stands for.
template <class Out>
unescaped unescape(const char* p, const char* end, Out& out) noexcept {
  ++p;  // the backslash
  if (p == end) return {p, "unterminated string"};
  char c = *p++;
  switch (c) {
    case '"': case '\\': case '/': out += c; return {p, nullptr};
    case 'b': out += '\b'; return {p, nullptr};
    case 'f': out += '\f'; return {p, nullptr};
    case 'n': out += '\n'; return {p, nullptr};
    case 'r': out += '\r'; return {p, nullptr};
    case 't': out += '\t'; return {p, nullptr};
    case 'u': {
      std::uint32_t cp = 0;
      unescaped r = hex4(p, end, cp);
      if (r.error) return r;
      p = r.at;
      if (cp >= 0xDC00 && cp <= 0xDFFF) return {p, "lone trailing surrogate in \\u escape"};
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        std::uint32_t lo = 0;
        if (end - p < 2 || p[0] != '\\' || p[1] != 'u') return {p, "lone leading surrogate in \\u escape"};
        r = hex4(p + 2, end, lo);
        if (r.error) return r;
        p = r.at;
        if (lo < 0xDC00 || lo > 0xDFFF) return {p, "lone leading surrogate in \\u escape"};
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      }
      append_utf8(out, cp);
      return {p, nullptr};
    }
    default: return {p, "invalid escape in string"};
  }
}

}  // namespace events::detail
