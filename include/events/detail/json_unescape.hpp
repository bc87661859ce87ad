#pragma once
// JSON string escapes (RFC 8259 section 7): one backslash sequence resolved into UTF-8, with
// \u surrogate pairs joined and lone surrogates refused, as Pydantic refuses them.
#include <events/detail/json_scan.hpp>
#include <events/detail/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
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

/// The content of the string that starts at `start` into `out`, unescaped, from p (its first
/// backslash; the bytes before it are plain) to past its closing '"'. Blocks of plain bytes are
/// copied at once (written first, counted after, so room for a block and the longest escape is
/// kept ahead); UTF-8 is checked. On error, `at` is where it was found.
inline unescaped unescape_string(const char* start, const char* p, const char* end, std::string& out) noexcept {
  auto size = static_cast<std::size_t>(p - start);
  if (out.size() < size + 64) out.resize(size + 64);
  std::memcpy(out.data(), start, size);
  char_sink to{out.data() + size};
  for (;;) {
    if (static_cast<std::size_t>(out.data() + out.size() - to.at) < plain_block + 4) [[unlikely]] {
      size = static_cast<std::size_t>(to.at - out.data());
      out.resize(2 * out.size());
      to.at = out.data() + size;
    }
    if (static_cast<std::size_t>(end - p) >= plain_block) [[likely]] {
      const std::size_t k = plain_prefix(p, to.at);
      p += k;
      to.at += k;
      if (k == plain_block) continue;
    } else if (p == end) {
      return {p, "unterminated string"};
    }
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"') {
      out.resize(static_cast<std::size_t>(to.at - out.data()));
      return {p + 1, nullptr};
    }
    if (c == '\\') {
      const unescaped r = unescape(p, end, to);
      if (r.error) return r;
      p = r.at;
      continue;
    }
    if (c < 0x20) return {p, "control character in string"};
    std::size_t n = 1;
    if (c >= 0x80) {
      n = utf8_sequence(reinterpret_cast<const unsigned char*>(p), reinterpret_cast<const unsigned char*>(end));
      if (n == 0) return {p, "invalid UTF-8 in string"};
    }
    for (; n != 0; --n) *to.at++ = *p++;
  }
}

}  // namespace events::detail
