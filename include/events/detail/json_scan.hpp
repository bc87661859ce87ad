#pragma once
// The scans of JSON bytes, 16 at a time with SSE2 (8 with plain integer words otherwise): where
// the reader's fast path of a string ends, where the writer must escape, and where whitespace
// (an indented document's) ends; and the compare of a few bytes (a key) with no call.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>

namespace events::detail {

/// A byte that stands for itself in a JSON string: printable ASCII but '"' and '\\'.
constexpr bool plain_ascii(unsigned char c) noexcept { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

/// Every byte of `s` is plain_ascii: text a JSON string spells as it is.
constexpr bool plain_text(std::string_view s) noexcept {
  for (char c : s)
    if (!plain_ascii(static_cast<unsigned char>(c))) return false;
  return true;
}

/// The first byte at or after p that is not printable ASCII or is '"' or '\\' (or end). Works on
/// locals only, so the loop keeps its pointer in a register.
inline const char* plain_run(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  // 16 bytes at a time: '"', '\\', and (as a signed compare) both controls and bytes >= 0x80.
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                         _mm_cmplt_epi8(v, space));
    if (const int mask = _mm_movemask_epi8(special)) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#else
  // 8 bytes at a time. (The lowest flagged byte of the SWAR test is always a true one.)
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    auto zero = [&](std::uint64_t x) { return (x - ones) & ~x & highs; };
    std::uint64_t special = (w & highs) | ((w - ones * 0x20) & ~w & highs) | zero(w ^ (ones * '"')) |
                            zero(w ^ (ones * '\\'));
    if (special) return p + __builtin_ctzll(special) / 8;
    p += 8;
  }
#endif
  for (; p != end; ++p) {
    auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;  // !plain_ascii(c) spelled out: g++ -O2 lays this loop out better so (6 instructions a decode)
  }
  return p;
}

/// plain_run where the bytes from `first` (at most p) are readable too: the last fewer than 16
/// bytes before `end` are tested in one vector ending at `end`, its bytes before p ignored.
inline const char* plain_run(const char* p, const char* end, const char* first) noexcept {
#if defined(__SSE2__)
  if (end - p < 16 && end - first >= 16) [[unlikely]] {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16));
    const __m128i special = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
        _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    // Bit k is byte end - 16 + k; p is byte 16 - (end - p).
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(special)) >> (16 - (end - p));
    return mask ? p + __builtin_ctz(mask) : end;
  }
#else
  (void)first;
#endif
  return plain_run(p, end);
}

/// Bytes a plain_prefix call copies at once: 16 with SSE2, 8 otherwise.
#if defined(__SSE2__)
inline constexpr std::size_t plain_block = 16;
#else
inline constexpr std::size_t plain_block = 8;
#endif

/// Copies plain_block bytes from p (all readable) to out (all writable) and returns how many of
/// them, from the first, are plain (plain_run's test): plain_block when all are. A copy that
/// writes first and counts after, for a loop that moves on by the count.
inline std::size_t plain_prefix(const char* p, char* out) noexcept {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), v);
  const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                       _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
  const auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
  return mask ? static_cast<std::size_t>(__builtin_ctz(mask)) : plain_block;
#else
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  std::memcpy(out, &w, 8);
  auto zero = [&](std::uint64_t x) { return (x - ones) & ~x & highs; };
  const std::uint64_t special = (w & highs) | ((w - ones * 0x20) & ~w & highs) | zero(w ^ (ones * '"')) |
                                zero(w ^ (ones * '\\'));
  return special ? static_cast<std::size_t>(__builtin_ctzll(special)) / 8 : plain_block;
#endif
}

/// The first byte at or after p that JSON must escape ('"', '\\' or a control character), or end.
/// Bytes >= 0x80 pass through as they are.
inline const char* escape_run(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1F);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // v <= 0x1F unsigned: the minimum of v and 0x1F is v itself.
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                         _mm_cmpeq_epi8(_mm_min_epu8(v, control), v));
    if (const int mask = _mm_movemask_epi8(special)) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  // 8 bytes at a time (once after the vectors): zero-byte tests, exact at the lowest flagged byte;
  // ~w keeps bytes >= 0x80 out of the control test.
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    auto zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    const std::uint64_t special = ((w - ones * 0x20) & ~w & highs) | zero(w ^ (ones * '"')) | zero(w ^ (ones * '\\'));
    if (special) return p + __builtin_ctzll(special) / 8;
    p += 8;
  }
  for (; p != end; ++p) {
    auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c == '"' || c == '\\') break;
  }
  return p;
}

/// The n bytes at a and b are equal: whole 8-byte words and one overlapping word for the rest
/// (or two overlapping smaller pieces); a few loads and compares for a field name, no call.
[[gnu::always_inline]] inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  auto word = [](const char* p, auto w) {
    __builtin_memcpy(&w, p, sizeof w);
    return w;
  };
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (word(a + i, std::uint64_t{}) != word(b + i, std::uint64_t{})) return false;
    return word(a + n - 8, std::uint64_t{}) == word(b + n - 8, std::uint64_t{});
  }
  if (n >= 4)
    return word(a, std::uint32_t{}) == word(b, std::uint32_t{}) &&
           word(a + n - 4, std::uint32_t{}) == word(b + n - 4, std::uint32_t{});
  if (n >= 2) return word(a, std::uint16_t{}) == word(b, std::uint16_t{}) && a[n - 1] == b[n - 1];
  return n == 0 || a[0] == b[0];
}

/// A key as the text spells it, '"', the name, '"' (and ':'), in 16 bytes (zeros after) with its length:
/// found at the cursor with one compare of 16 bytes. Length 0 for a name it cannot hold (longer
/// than 14 bytes, or not printable ASCII without '"' and '\\').
struct alignas(16) quoted_key {
  char bytes[16] = {};
  std::size_t size = 0;  ///< Bytes to match: the quoted name, and the ':' after it when `colon`.
  bool colon = false;    ///< A name of up to 13 bytes: the ':' that follows the key is matched too.
};

/// The quoted_keys of `names`, N of them (those past the names of size 0).
template <std::size_t N, class Names>
constexpr auto quoted_keys(const Names& names) {
  std::array<quoted_key, N> out{};
  for (std::size_t i = 0; i < N && i < std::size(names); ++i) {
    const std::string_view name = names[i];
    if (name.size() > 14 || !plain_text(name)) continue;
    out[i].bytes[0] = '"';
    for (std::size_t k = 0; k < name.size(); ++k) out[i].bytes[k + 1] = name[k];
    out[i].bytes[name.size() + 1] = '"';
    out[i].colon = name.size() <= 13;
    if (out[i].colon) out[i].bytes[name.size() + 2] = ':';
    out[i].size = name.size() + 2 + out[i].colon;
  }
  return out;
}

/// The key's bytes are at p (p to end holds at least 16 bytes).
inline bool quoted_key_at(const char* p, const quoted_key& key) noexcept {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i k = _mm_load_si128(reinterpret_cast<const __m128i*>(key.bytes));
  const auto differ = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, k))) ^ 0xFFFFu;
  return (differ & ((1u << key.size) - 1)) == 0;
#else
  return same_bytes(p, key.bytes, key.size);
#endif
}

/// A member as compact text spells it: the ',' before it (but for the first member), '"', the
/// name, '"' and ':'. Matched at the cursor with a few word compares against constants, when a
/// type's members arrive in declared order. Size 0 for a name it cannot hold (over 28 bytes, or
/// not printable ASCII without '"' and '\\').
struct alignas(16) member_key {
  char bytes[32] = {};
  char quoted[32] = {};       ///< '"', the name, '"': the key when whitespace surrounds it.
  std::size_t size = 0;       ///< Bytes to match.
  std::size_t name_size = 0;  ///< The name's: the reader's string limit applies to it.
  bool first = false;         ///< Right after the '{': no comma.
};

/// The member_keys of `names`, in declared order.
template <std::size_t N, class Names>
constexpr auto member_keys(const Names& names) {
  std::array<member_key, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    const std::string_view name = names[i];
    const std::size_t lead = i == 0 ? 0 : 1;
    if (name.size() + lead + 3 > sizeof out[i].bytes || !plain_text(name)) continue;
    std::size_t at = 0;
    if (lead) out[i].bytes[at++] = ',';
    out[i].bytes[at++] = '"';
    for (char c : name) out[i].bytes[at++] = c;
    out[i].bytes[at++] = '"';
    out[i].bytes[at++] = ':';
    out[i].size = at;
    out[i].quoted[0] = '"';
    for (std::size_t k = 0; k < name.size(); ++k) out[i].quoted[k + 1] = name[k];
    out[i].quoted[name.size() + 1] = '"';
    out[i].name_size = name.size();
    out[i].first = i == 0;
  }
  return out;
}

/// The first n bytes (at most 32) at p (32 readable) equal those of `key` (32 bytes, aligned).
inline bool same_prefix(const char* p, const char (&key)[32], std::size_t n) noexcept {
#if defined(__SSE2__)
  const __m128i lo = _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)),
                                    _mm_load_si128(reinterpret_cast<const __m128i*>(key)));
  const __m128i hi = _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)),
                                    _mm_load_si128(reinterpret_cast<const __m128i*>(key + 16)));
  const auto equal = static_cast<std::uint32_t>(_mm_movemask_epi8(lo)) |
                     static_cast<std::uint32_t>(_mm_movemask_epi8(hi)) << 16;
  const std::uint32_t wanted = n >= 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << n) - 1;
  return (~equal & wanted) == 0;
#else
  return same_bytes(p, key, n);
#endif
}

/// The first byte at or after p that is not JSON whitespace (space, tab, line feed, carriage
/// return), or end.
inline const char* space_run(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n'),
                cr = _mm_set1_epi8('\r');
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
    if (const auto other = static_cast<unsigned>(_mm_movemask_epi8(ws)) ^ 0xFFFFu)
      return p + __builtin_ctz(other);
    p += 16;
  }
#endif
  while (p != end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  return p;
}

/// space_run for the whitespace between the items of an indented document: a line feed and the
/// spaces of an indentation, 8 spaces a word (one compare, no vector constants), before the
/// general scan for whatever whitespace remains.
inline const char* indent_run(const char* p, const char* end) noexcept {
  if (p != end && *p == '\n') ++p;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (const std::uint64_t other = w ^ 0x2020202020202020ull) {
      p += (std::endian::native == std::endian::little ? std::countr_zero(other) : std::countl_zero(other)) / 8;
      break;
    }
    p += 8;
  }
  return p != end && static_cast<unsigned char>(*p) <= ' ' ? space_run(p, end) : p;
}

}  // namespace events::detail
