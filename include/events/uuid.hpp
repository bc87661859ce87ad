#pragma once
/// \file events::uuid: 16 bytes; reads what Pydantic reads, writes lowercase hyphenated;
/// generates v4 (random), v7 (time-ordered) and v5 (name-based, for idempotency ids).
#include <events/detail/random.hpp>
#include <events/detail/sha1.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <chrono>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>

namespace events {

/// A UUID (RFC 9562) as 16 bytes.
struct uuid {
  std::array<std::uint8_t, 16> bytes{};

  static constexpr std::size_t text_size = 36;

  /// The nil UUID (all zero).
  static constexpr uuid nil() noexcept { return {}; }

 private:
  // Defined ahead of parse: clang 14 will not evaluate, in a constant expression, a member
  // template that a member function used before the template's definition in the class.
  // The 32 digits at fixed offsets (a template parameter, so the loop unrolls to constant loads).
  template <bool Hyphens>
  static constexpr std::optional<uuid> from_hex(const char* p) noexcept {
    constexpr std::uint8_t at[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
    uuid u;
    int bad = 0;
    for (std::size_t i = 0; i < 16; ++i) {
      const std::size_t pos = Hyphens ? at[i] : 2 * i;
      const int hi = hex(p[pos]), lo = hex(p[pos + 1]);
      bad |= hi | lo;
      u.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    if (bad < 0) return std::nullopt;
    return u;
  }

#if defined(__SSE2__)
  // 32 hex digits (no hyphens) to 16 bytes, 16 digits per vector; false if one is not hex.
  static bool from_hex_sse2(const char* digits, uuid& u) noexcept {
    return from_hex_sse2(_mm_loadu_si128(reinterpret_cast<const __m128i*>(digits)),
                         _mm_loadu_si128(reinterpret_cast<const __m128i*>(digits + 16)), u);
  }
  // Digits 0-15 in a, 16-31 in b.
  static bool from_hex_sse2(__m128i a, __m128i b, uuid& u) noexcept {
    __m128i ok = _mm_set1_epi8(-1);
    auto nibbles = [&ok](__m128i v) {
      // Unsigned bytes: d = v - '0' is a digit's value when at most 9; e = (v | 0x20) - 'a' + 10
      // is a letter's (either case) when 10 to 15. The smaller of the two is the nibble.
      const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
      const __m128i e = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a' - 10));
      const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
      const __m128i letter = _mm_cmpeq_epi8(_mm_max_epu8(_mm_min_epu8(e, _mm_set1_epi8(15)), _mm_set1_epi8(10)), e);
      ok = _mm_and_si128(ok, _mm_or_si128(digit, letter));
      const __m128i n = _mm_min_epu8(d, e);
      // Little-endian 16-bit lanes: the low byte is the high nibble.
      return _mm_or_si128(_mm_and_si128(_mm_slli_epi16(n, 4), _mm_set1_epi16(0x00F0)), _mm_srli_epi16(n, 8));
    };
    const __m128i lo = nibbles(a), hi = nibbles(b);
    if (_mm_movemask_epi8(ok) != 0xFFFF) return false;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(u.bytes.data()), _mm_packus_epi16(lo, hi));
    return true;
  }
#endif

 public:
  /// Parses the forms Pydantic accepts: hyphenated (any case), 32 hex digits, {braced},
  /// urn:uuid: prefixed.
  static constexpr std::optional<uuid> parse(std::string_view s) noexcept {
    if (s.size() == 45 && s.substr(0, 9) == "urn:uuid:") s.remove_prefix(9);
    else if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
    if (s.size() == 36) {
      if (std::is_constant_evaluated()) {
        if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return std::nullopt;
        return from_hex<true>(s.data());
      }
      uuid u;
      if (!parse_hyphenated(s.data(), u)) return std::nullopt;
      return u;
    }
    if (s.size() == 32) {
#if defined(__SSE2__)
      if (!std::is_constant_evaluated()) {
        uuid u;
        if (!from_hex_sse2(s.data(), u)) return std::nullopt;
        return u;
      }
#endif
      return from_hex<false>(s.data());
    }
    return std::nullopt;
  }

  /// The hyphenated form only, any case: the 36 characters at p (exactly 36 are read); false,
  /// and u unspecified, when they are not one. What parse does with a 36-character string.
  static bool parse_hyphenated(const char* p, uuid& u) noexcept {
    // The four hyphens in one test (no branch per position).
    if ((p[8] ^ '-') | (p[13] ^ '-') | (p[18] ^ '-') | (p[23] ^ '-')) return false;
#if defined(__SSE2__)
    return from_hyphenated_sse2(p, u);
#else
    auto r = from_hex<true>(p);
    if (r) u = *r;
    return r.has_value();
#endif
  }

  /// Writes exactly 36 characters, lowercase and hyphenated, to out.
  constexpr void write(char* out) const noexcept {
#if defined(__SSE2__)
    if (!std::is_constant_evaluated()) {
      // Each byte's two nibbles side by side, then '0' + n, or 'a' - 10 + n above 9.
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes.data()));
      const __m128i mask = _mm_set1_epi8(0x0F);
      const __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), mask), lo = _mm_and_si128(v, mask);
      auto text = [](__m128i n) {
        const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(n, _mm_set1_epi8(9)), _mm_set1_epi8('a' - '0' - 10));
        return _mm_add_epi8(_mm_add_epi8(n, _mm_set1_epi8('0')), letter);
      };
      char hex[32];
      _mm_storeu_si128(reinterpret_cast<__m128i*>(hex), text(_mm_unpacklo_epi8(hi, lo)));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(hex + 16), text(_mm_unpackhi_epi8(hi, lo)));
      __builtin_memcpy(out, hex, 8);
      out[8] = '-';
      __builtin_memcpy(out + 9, hex + 8, 4);
      out[13] = '-';
      __builtin_memcpy(out + 14, hex + 12, 4);
      out[18] = '-';
      __builtin_memcpy(out + 19, hex + 16, 4);
      out[23] = '-';
      __builtin_memcpy(out + 24, hex + 20, 12);
      return;
    }
#endif
    constexpr char digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < 16; ++i) {
      if (i == 4 || i == 6 || i == 8 || i == 10) *out++ = '-';
      *out++ = digits[bytes[i] >> 4];
      *out++ = digits[bytes[i] & 15];
    }
  }

  /// Lowercase hyphenated text.
  std::string to_string() const {
    std::string s(text_size, '\0');
    write(s.data());
    return s;
  }

  /// The version field (4 for random, 7 for time-ordered, 5 for name-based).
  constexpr int version() const noexcept { return bytes[6] >> 4; }

  /// A random UUID (version 4).
  static uuid v4() {
    auto& g = generator();
    std::uint64_t a = g(), b = g();
    uuid u = from_words(a, b);
    return u.stamp(4);
  }

  /// A time-ordered UUID (version 7): 48-bit Unix milliseconds then random bits; strictly
  /// increasing within a thread (a 12-bit counter in rand_a for ids of the same millisecond).
  static uuid v7() {
    thread_local std::uint64_t last_ms = 0;
    thread_local std::uint16_t counter = 0;
    auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
    auto& g = generator();
    if (ms > last_ms) {
      last_ms = ms;
      counter = static_cast<std::uint16_t>(g() & 0x3FF);  // leave room to count up
    } else if (++counter > 0xFFF) {
      ++last_ms;  // counter exhausted: borrow the next millisecond
      counter = 0;
    }
    return v7(std::chrono::system_clock::time_point(std::chrono::milliseconds(last_ms)), counter, g());
  }

  /// A version 7 UUID from given parts (deterministic, e.g. for tests).
  static constexpr uuid v7(std::chrono::system_clock::time_point t, std::uint16_t rand_a,
                           std::uint64_t rand_b) noexcept {
    auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
    uuid u = from_words(ms << 16 | (rand_a & 0xFFF), rand_b);
    return u.stamp(7);
  }

  /// A name-based UUID (version 5, SHA-1): the same namespace and name give the same id.
  static uuid v5(const uuid& name_space, std::string_view name) noexcept {
    detail::sha1 h;
    h.update(name_space.bytes.data(), 16);
    h.update(name.data(), name.size());
    auto digest = h.finish();
    uuid u;
    for (std::size_t i = 0; i < 16; ++i) u.bytes[i] = digest[i];
    return u.stamp(5);
  }

  /// RFC 9562 namespaces for v5.
  static constexpr uuid namespace_dns() noexcept { return *parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"); }
  static constexpr uuid namespace_url() noexcept { return *parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8"); }
  static constexpr uuid namespace_oid() noexcept { return *parse("6ba7b812-9dad-11d1-80b4-00c04fd430c8"); }
  static constexpr uuid namespace_x500() noexcept { return *parse("6ba7b814-9dad-11d1-80b4-00c04fd430c8"); }

  friend constexpr auto operator<=>(const uuid&, const uuid&) = default;
  friend constexpr bool operator==(const uuid&, const uuid&) = default;

  friend std::ostream& operator<<(std::ostream& os, const uuid& u) { return os << u.to_string(); }

 private:
  static constexpr std::array<signed char, 256> hex_table = [] {
    std::array<signed char, 256> t{};
    for (auto& v : t) v = -1;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = static_cast<signed char>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) t[static_cast<std::size_t>(c)] = static_cast<signed char>(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; ++c) t[static_cast<std::size_t>(c)] = static_cast<signed char>(c - 'A' + 10);
    return t;
  }();
  static constexpr int hex(char c) noexcept { return hex_table[static_cast<unsigned char>(c)]; }

#if defined(__SSE2__)
  // The 32 digits of the hyphenated form, hyphens left out, gathered in registers: pieces stored
  // to a buffer and loaded back as vectors would stall on store forwarding.
  static bool from_hyphenated_sse2(const char* p, uuid& u) noexcept {
    auto word = [](const char* q, auto w) {
      __builtin_memcpy(&w, q, sizeof w);
      return static_cast<std::uint64_t>(w);
    };
    auto vector = [](std::uint64_t lo, std::uint64_t hi) {
      return _mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(lo));
    };
    // Little-endian (every SSE2 machine): the first digit in the lowest byte.
    const std::uint64_t d8 = word(p + 9, std::uint32_t{}) | word(p + 14, std::uint32_t{}) << 32;
    const std::uint64_t d16 = word(p + 19, std::uint32_t{}) | word(p + 24, std::uint32_t{}) << 32;
    const __m128i a = vector(word(p, std::uint64_t{}), d8), b = vector(d16, word(p + 28, std::uint64_t{}));
    return from_hex_sse2(a, b, u);
  }
#endif

  static constexpr uuid from_words(std::uint64_t hi, std::uint64_t lo) noexcept {
    uuid u;
    for (int i = 0; i < 8; ++i) {
      u.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(hi >> (56 - 8 * i));
      u.bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(lo >> (56 - 8 * i));
    }
    return u;
  }

  constexpr uuid stamp(int version) noexcept {
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | version << 4);
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 9562 variant
    return *this;
  }

  static detail::random_bits& generator() noexcept { return detail::random_bits::local(); }
};

}  // namespace events

/// Hash for unordered containers.
template <>
struct std::hash<events::uuid> {
  std::size_t operator()(const events::uuid& u) const noexcept {
    std::uint64_t a = 0, b = 0;
    for (int i = 0; i < 8; ++i) {
      a = a << 8 | u.bytes[static_cast<std::size_t>(i)];
      b = b << 8 | u.bytes[static_cast<std::size_t>(8 + i)];
    }
    return static_cast<std::size_t>(a ^ (b * 0x9E3779B97F4A7C15ull));
  }
};
