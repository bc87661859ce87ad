#pragma once
// RFC 4648 Base64, read (CloudEvents' data_base64).
#include <cstdint>
#include <string>
#include <string_view>

namespace events::detail {

/// RFC 4648 section 4 Base64 (padding optional, no whitespace); false on any other byte or on a
/// length no encoding has.
inline bool decode_base64(std::string_view in, std::string& out) {
  if (in.size() % 4 == 0 && in.ends_with('=')) in.remove_suffix(in.ends_with("==") ? 2 : 1);
  if (in.size() % 4 == 1) return false;  // a '=' left inside is refused below
  out.clear();
  out.reserve(in.size() / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return (acc & ((1u << bits) - 1)) == 0;  // the unused low bits of the last symbol are zero
}

}  // namespace events::detail
