#pragma once
// JSON Pointer (RFC 6901) tokens: '~' written as "~0" and '/' as "~1". The one escaper of the
// error paths (codec/context.hpp), the schema comparison and the tool's schema reader.
#include <string>
#include <string_view>

namespace events::detail {

/// Appends `key` to `out` as a pointer token (without the leading '/').
inline void append_pointer_token(std::string& out, std::string_view key) {
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
}

/// `key` as a pointer token.
inline std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  append_pointer_token(out, key);
  return out;
}

}  // namespace events::detail
