#pragma once
/// \file Codecs of bool, integers and floating-point numbers.
#include <events/codec/core.hpp>
#include <events/detail/json_write.hpp>
#include <events/detail/number_value.hpp>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace events {

namespace detail {
template <class T>
concept integer = std::is_integral_v<T> && !std::is_same_v<T, bool>;

/// A JSON integer literal beyond 64 bits, which Pydantic takes for no number of a time or duration.
inline bool beyond_int64(std::string_view raw) noexcept {
  if (raw.find_first_of(".eE") != std::string_view::npos) return false;
  long long v = 0;
  return std::from_chars(raw.data(), raw.data() + raw.size(), v).ec != std::errc{};
}

/// s without Python's whitespace at either end (what int("5 ") and float(" 5") strip).
inline std::string_view strip(std::string_view s) noexcept {
  constexpr std::string_view ws = " \t\n\r\f\v";
  std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

/// Python's numeric literal rules for a string: an optional sign, then digits where single
/// underscores may separate two digits. Copies the number without sign '+' and underscores to
/// `out`; false when the text breaks the rules.
inline bool python_digits(std::string_view s, std::string& out, bool allow_fraction) {
  out.clear();
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    if (s[i] == '-') out += '-';
    ++i;
  }
  bool digit_before = false, any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      out += c;
      digit_before = any = true;
    } else if (c == '_') {
      if (!digit_before || i + 1 == s.size() || s[i + 1] < '0' || s[i + 1] > '9') return false;
      digit_before = false;
    } else if (allow_fraction && (c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
      out += c;
      digit_before = false;
    } else {
      return false;
    }
  }
  return any;
}

// An integer from the number just read (raw, scanned into n) when it is no small integer: out
// of range, beyond 19 digits, or (lax) a float without fraction, as Pydantic takes 2.0.
template <class I>
[[gnu::noinline]] void integer_from_number(decode_context& ctx, std::string_view raw, const number_parts& n, I& out) {
  if (n.integral) {
    const integer_fit fit = small_integer(n, out);
    if (fit == integer_fit::out_of_range)
      return ctx.fail(error_codes::int_parsing_size, "Integer out of range", shorten(raw));
    if (fit == integer_fit::unknown) {
      const char* end = raw.data() + raw.size();
      auto res = std::from_chars(raw.data(), end, out);
      if (res.ec != std::errc{} || res.ptr != end) ctx.fail(error_codes::int_parsing_size, "Integer out of range", shorten(raw));
    }
    return;
  }
  if (ctx.options.strict) return ctx.fail(error_codes::int_type, "Input should be a valid integer", shorten(raw));
  double d = 0;
  if (!to_double(n, raw, d)) return ctx.fail(error_codes::finite_number, "Input should be a finite number", shorten(raw));
  if (d != std::trunc(d))
    return ctx.fail(error_codes::int_from_float, "Input should be a valid integer, got a number with a fractional part",
                    shorten(raw));
  if (!(d >= static_cast<double>(std::numeric_limits<I>::min()) &&
        d < 2.0 * static_cast<double>(std::numeric_limits<I>::max() / 2 + 1)))
    return ctx.fail(error_codes::int_parsing_size, "Integer out of range", shorten(raw));
  out = static_cast<I>(d);
}

template <class I>
void read_integer_any(decode_context& ctx, I& out);

// Reads an integer from a number or, in lax mode, from a string or a boolean, as Pydantic does.
// A JSON integer of at most 19 digits inline, with no frame for the rest.
template <class I>
[[gnu::noinline]] void read_integer_slow(decode_context& ctx, I& out);

template <class I>
void read_integer(decode_context& ctx, I& out) {
  number_parts n;
  const char* end = ctx.reader.number_ahead(n);
  if (end && n.integral && small_integer(n, out) == integer_fit::stored) [[likely]]
    return ctx.reader.take_number(end);
  read_integer_slow(ctx, out);
}

// read_integer past its fast path: the value read again from the cursor, whatever it is.
template <class I>
[[gnu::noinline]] void read_integer_slow(decode_context& ctx, I& out) {
  auto& r = ctx.reader;
  if (r.peek() != value_kind::number) return read_integer_any(ctx, out);
  std::string_view raw;
  number_parts n;
  if (!r.read_number_here(raw, n)) return;
  if (n.integral && small_integer(n, out) == integer_fit::stored) [[likely]]
    return;
  integer_from_number(ctx, raw, n, out);
}

// read_integer of a string or a boolean (or what is no integer).
template <class I>
[[gnu::noinline]] void read_integer_any(decode_context& ctx, I& out) {
  auto& r = ctx.reader;
  const bool lax = !ctx.options.strict;
  std::string_view raw;
  switch (r.peek()) {
    case value_kind::number: {
      number_parts n;
      if (r.read_number(raw, n)) integer_from_number(ctx, raw, n, out);
      return;
    }
    case value_kind::string: {
      if (!lax) return ctx.wrong_type(error_codes::int_type, "Input should be a valid integer");
      std::string_view s;
      if (!r.read_string(s)) return;
      std::string digits;
      std::string_view t = strip(s);
      std::size_t dot = t.find('.');  // "5.0" and "5." are 5; "5.5" is not an integer
      bool zeros = dot == std::string_view::npos ||
                   (dot + 1 < t.size() && t.find_first_not_of('0', dot + 1) == std::string_view::npos);
      if (!zeros || !python_digits(t.substr(0, dot), digits, false) || digits == "-")
        return ctx.fail(error_codes::int_parsing, "Input should be a valid integer, unable to parse string as an integer",
                        shorten(s));
      auto res = std::from_chars(digits.data(), digits.data() + digits.size(), out);
      if (res.ec != std::errc{} || res.ptr != digits.data() + digits.size())
        ctx.fail(error_codes::int_parsing_size, "Integer out of range", shorten(s));
      return;
    }
    case value_kind::boolean:
      if (lax) {
        bool b = false;
        r.read_bool(b);
        out = b ? 1 : 0;
        return;
      }
      [[fallthrough]];
    default:
      return ctx.wrong_type(error_codes::int_type, "Input should be a valid integer");
  }
}

[[gnu::noinline, gnu::cold]] inline void not_finite(decode_context& ctx, std::string_view raw) {
  ctx.fail(error_codes::finite_number, "Input should be a finite number", shorten(raw));
}

template <class F>
void read_floating_any(decode_context& ctx, F& out);

// Reads a float from a number or, in lax mode, from a string or a boolean. Non-finite values
// are refused (Pydantic with allow_inf_nan=False). A number inline, with no frame for the rest.
template <class F>
[[gnu::noinline]] void read_floating_slow(decode_context& ctx, F& out);

template <class F>
void read_floating(decode_context& ctx, F& out) {
  number_parts n;
  // Exact as a double (to_double's first rule) and not the integer -0, which is 0: no check of
  // finiteness either, as such a value is below 2^53 * 1e22, finite as a float too.
  const char* end = ctx.reader.number_ahead(n);
  if (end && exact_double(n) && !(n.negative && n.mantissa == 0 && n.integral)) [[likely]] {
    out = static_cast<F>(exact_double_value(n));
    return ctx.reader.take_number(end);
  }
  read_floating_slow(ctx, out);
}

// read_floating past its fast path: the value read again from the cursor, whatever it is.
template <class F>
[[gnu::noinline]] void read_floating_slow(decode_context& ctx, F& out) {
  auto& r = ctx.reader;
  if (r.peek() != value_kind::number) return read_floating_any(ctx, out);
  std::string_view raw;
  number_parts n;
  double d = 0;
  if (!r.read_number_here(raw, n)) return;
  if (!to_double(n, raw, d)) d = raw.front() == '-' ? -HUGE_VAL : HUGE_VAL;
  if (d == 0 && n.integral) d = 0;  // the integer -0 is 0
  if (!std::isfinite(static_cast<F>(d))) [[unlikely]]
    return not_finite(ctx, raw);
  out = static_cast<F>(d);
}

// read_floating of any value: a number, a string or a boolean.
template <class F>
[[gnu::noinline]] void read_floating_any(decode_context& ctx, F& out) {
  auto& r = ctx.reader;
  const bool lax = !ctx.options.strict;
  std::string_view raw;
  double d = 0;
  switch (r.peek()) {
    case value_kind::number: {
      number_parts n;
      if (!r.read_number(raw, n)) return;
      if (!to_double(n, raw, d)) d = raw.front() == '-' ? -HUGE_VAL : HUGE_VAL;
      if (d == 0 && n.integral) d = 0;  // the integer -0 is 0
      break;
    }
    case value_kind::string: {
      if (!lax) return ctx.wrong_type(error_codes::float_type, "Input should be a valid number");
      if (!r.read_string(raw)) return;
      std::string_view t = strip(raw);
      std::string lower;
      for (char c : t) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      std::string_view body = lower[0] == '+' || lower[0] == '-' ? std::string_view(lower).substr(1) : lower;
      if (!lower.empty() && (body == "inf" || body == "infinity" || body == "nan"))
        return ctx.fail(error_codes::finite_number, "Input should be a finite number", shorten(raw));
      std::string digits;
      bool ok = python_digits(t, digits, true);
      if (ok) {
        auto res = std::from_chars(digits.data(), digits.data() + digits.size(), d);
        ok = res.ptr == digits.data() + digits.size() &&
             (res.ec == std::errc{} || res.ec == std::errc::result_out_of_range);
        if (ok && res.ec == std::errc::result_out_of_range && !to_double(digits, d)) d = HUGE_VAL;
      }
      if (!ok)
        return ctx.fail(error_codes::float_parsing, "Input should be a valid number, unable to parse string as a number",
                        shorten(raw));
      break;
    }
    case value_kind::boolean:
      if (lax) {
        bool b = false;
        r.read_bool(b);
        out = b ? F(1) : F(0);
        return;
      }
      [[fallthrough]];
    default:
      return ctx.wrong_type(error_codes::float_type, "Input should be a valid number");
  }
  if (!std::isfinite(static_cast<F>(d)))
    return ctx.fail(error_codes::finite_number, "Input should be a finite number", shorten(raw));
  out = static_cast<F>(d);
}

// Reads a boolean; in lax mode also 0 and 1 and the words Pydantic knows ("yes", "off", ...).
inline void read_boolean(decode_context& ctx, bool& out) {
  auto& r = ctx.reader;
  const auto kind = r.peek();
  if (kind == value_kind::boolean) {
    r.read_bool(out);
    return;
  }
  if (ctx.options.strict || (kind != value_kind::number && kind != value_kind::string))
    return ctx.wrong_type(error_codes::bool_type, "Input should be a valid boolean");
  std::string_view s;
  if (kind == value_kind::number) {
    if (!r.read_number(s)) return;
    // Pydantic reads the number as an integer first: 0 and 1 are booleans, other integers fail
    // to parse as one, and what is no 64-bit integer is no boolean at all.
    double d = 0;
    if (beyond_int64(s) || !to_double(s, d) || d != std::trunc(d) ||
        !(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
      return ctx.fail(error_codes::bool_type, "Input should be a valid boolean", shorten(s));
    if (d == 0 || d == 1) {
      out = d == 1;
      return;
    }
  } else {
    if (!r.read_string(s)) return;
    std::string w;
    for (char c : s) w += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (w == "1" || w == "on" || w == "t" || w == "true" || w == "y" || w == "yes") {
      out = true;
      return;
    }
    if (w == "0" || w == "off" || w == "f" || w == "false" || w == "n" || w == "no") {
      out = false;
      return;
    }
  }
  ctx.fail(error_codes::bool_parsing, "Input should be a valid boolean, unable to interpret input", shorten(s));
}

}  // namespace detail

/// true / false.
template <>
struct codec<bool> {
  static void write(detail::json_out& out, bool v) { out += v ? std::string_view("true") : std::string_view("false"); }
  static constexpr std::size_t max_size = 5;
  static char* format(char* d, bool v) noexcept {
    std::memcpy(d, v ? "true" : "false", 5);  // "true" and the NUL after it
    return d + (v ? 4 : 5);
  }
  static void write(std::string& out, bool v) { out += v ? "true" : "false"; }
  static void read(decode_context& ctx, bool& out) { detail::read_boolean(ctx, out); }
  template <class B, class J>
  static void schema(B&, J& s) { s = {{"type", "boolean"}}; }
  template <class S>
  static void sample(bool& v, S& s, std::string_view) { v = s.chance(50); }
};

/// Integers: a JSON integer, or a number without fraction (2.0), within the C++ type's range.
template <detail::integer I>
struct codec<I> {
  static void write(detail::json_out& out, I v) { detail::write_number(out, v); }
  static constexpr std::size_t max_size = detail::integer_room;
  static char* format(char* d, I v) noexcept { return detail::format_integer(d, v); }
  static void write(std::string& out, I v) { detail::write_through(out, v); }

  static void read(decode_context& ctx, I& out) { detail::read_integer(ctx, out); }

  // The decoder refuses what does not fit the C++ type; the schema says so (64-bit signed is
  // left open, as Pydantic's int is).
  template <class B, class J>
  static void schema(B&, J& s) {
    s = {{"type", "integer"}};
    if constexpr (!std::is_signed_v<I>) s["minimum"] = 0;
    if constexpr (sizeof(I) < 8) {
      if constexpr (std::is_signed_v<I>) s["minimum"] = std::numeric_limits<I>::min();
      s["maximum"] = std::numeric_limits<I>::max();
    } else if constexpr (!std::is_signed_v<I>) {
      s["maximum"] = std::numeric_limits<I>::max();
    }
  }

  template <class S>
  static void sample(I& v, S& s, std::string_view) {
    v = static_cast<I>(s.below(1000) + (std::is_signed_v<I> ? 1 : 0));
  }

  template <class W>
  static constexpr bool reads() {
    if constexpr (detail::integer<W>)
      return std::numeric_limits<I>::min() <= std::numeric_limits<W>::min() &&
             std::numeric_limits<I>::max() >= std::numeric_limits<W>::max() &&
             (std::is_signed_v<I> || !std::is_signed_v<W>);
    else
      return false;
  }
};

/// float and double: any JSON number within range; written in the fewest digits that read back as
/// the same F (a float 0.1f as 0.1); non-finite values are written as null.
template <std::floating_point F>
struct codec<F> {
  static void write(detail::json_out& out, F v) { detail::write_number(out, v); }
  static constexpr std::size_t max_size = detail::number_room;
  static char* format(char* d, F v) noexcept {
    if constexpr (std::is_same_v<F, float>)
      return detail::format_number(d, v);
    else
      return detail::format_number(d, static_cast<double>(v));
  }
  /// Up to 16 values, each followed by ',' (format_numbers: faster than one by one).
  static char* format_run(char* d, const F* v, std::size_t n) noexcept { return detail::format_numbers(d, v, n); }
  static void write(std::string& out, F v) { detail::write_through(out, v); }

  static void read(decode_context& ctx, F& out) { detail::read_floating(ctx, out); }

  template <class B, class J>
  static void schema(B&, J& s) { s = {{"type", "number"}}; }

  template <class S>
  static void sample(F& v, S& s, std::string_view) { v = static_cast<F>(s.below(100000)) / 100; }

  template <class W>
  static constexpr bool reads() {
    if constexpr (std::is_arithmetic_v<W> && !std::is_same_v<W, bool>)
      return !std::is_floating_point_v<W> || sizeof(F) >= sizeof(W);
    else
      return false;
  }
};

}  // namespace events
