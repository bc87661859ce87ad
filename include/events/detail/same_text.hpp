#pragma once
/// \file events::detail::same_text: equality of two short texts (topic names) compared by words,
/// inline: what a producer's kept frame and a serde's last topic check on every message.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace events::detail {
/// Whether a and b hold the same text: compared by words, inline (a call to memcmp costs more
/// than a short name's compare).
inline bool same_text(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  auto word = [](const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
  };
  const std::size_t n = a.size();
  if (n < 8) {
    for (std::size_t i = 0; i < n; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
  for (std::size_t i = 0; i + 16 < n; i += 8)  // none for the usual name of 8 to 16 bytes
    if (word(a.data() + i) != word(b.data() + i)) return false;
  const std::size_t last = n - 8;  // the last 16 bytes (or all), in two words that may overlap
  return word(a.data() + (n > 16 ? last - 8 : 0)) == word(b.data() + (n > 16 ? last - 8 : 0)) &&
         word(a.data() + last) == word(b.data() + last);
}
}  // namespace events::detail
